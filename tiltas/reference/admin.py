from django.contrib import admin

from tiltas.reference import models


@admin.register(
    models.ReferralSource,
    models.TargetGroup,
    models.ExitReason,
    models.LabourMarketStatus,
    models.IscedLevel,
    models.Municipality,
)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ("code", "name_lt", "name_en", "is_active", "order")
    list_editable = ("is_active", "order")
    search_fields = ("code", "name_lt", "name_en")


@admin.register(models.Eldership)
class EldershipAdmin(admin.ModelAdmin):
    list_display = ("name", "municipality", "is_active")
    list_filter = ("municipality",)
    search_fields = ("name",)
