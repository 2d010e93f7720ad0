"""The platform administrator's screens: organisations, accounts and roles. Participants' data
are deliberately not registered here: personal data are reached only through the roles."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tiltas.accounts.models import Membership, Organisation, User

# The platform admin signs in through allauth, so two-factor authentication applies here too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # allauth's documented wrapper; stubs type login as a method


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "company_code")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class TiltasUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "email", "first_name", "last_name", "is_active")
