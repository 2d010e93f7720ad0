from django.contrib import admin

from tiltas.activities.models import ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "spis_code", "name_lt", "group", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "name_lt", "name_en")
