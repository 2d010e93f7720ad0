from django.db import models
from django.utils.translation import gettext_lazy as _

from tiltas.reference.models import BilingualNamed


class ServiceType(BilingualNamed):
    """A service type of the Lithuanian social services catalogue (reference data)."""

    class Group(models.TextChoices):
        PREVENTIVE = "preventive", _("Preventive services")
        GENERAL = "general", _("General social services")
        SOCIAL_SUPERVISION = "social_supervision", _("Social supervision")
        SOCIAL_CARE = "social_care", _("Social care")

    spis_code = models.CharField(_("SPIS code"), max_length=10, blank=True)
    group = models.CharField(_("group"), max_length=32, choices=Group.choices)

    class Meta(BilingualNamed.Meta):
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
