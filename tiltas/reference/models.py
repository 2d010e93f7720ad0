"""Reference catalogues: data loaded from fixtures and editable by administrators, never code."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualNamed(models.Model):
    """A catalogue row named in Lithuanian and English; shows the name in the active language."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "name_lt"]

    @property
    def name(self) -> str:
        language = (get_language() or "lt").split("-")[0]
        return self.name_en if language == "en" and self.name_en else self.name_lt

    def __str__(self) -> str:
        return self.name


class Municipality(BilingualNamed):
    """One of the 60 municipalities; code is the ISO 3166-2 code (LT-01 … LT-60)."""

    county = models.CharField(_("county"), max_length=100)

    class Meta(BilingualNamed.Meta):
        ordering = ["name_lt"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Eldership(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="elderships",
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["municipality__name_lt", "name"]
        verbose_name = _("eldership")
        verbose_name_plural = _("elderships")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="eldership_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ReferralSource(BilingualNamed):
    class Meta(BilingualNamed.Meta):
        verbose_name = _("referral source")
        verbose_name_plural = _("referral sources")


class TargetGroup(BilingualNamed):
    class Meta(BilingualNamed.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class IscedLevel(BilingualNamed):
    """ISCED 2011 level; code is the level digit, esf_indicator the ESF+ education indicator."""

    esf_indicator = models.CharField(_("ESF+ indicator"), max_length=10)

    class Meta(BilingualNamed.Meta):
        ordering = ["code"]
        verbose_name = _("ISCED level")
        verbose_name_plural = _("ISCED levels")


class LabourMarketStatus(BilingualNamed):
    """A labour-market status at entry; each maps to exactly one ESF+ category."""

    class EsfCategory(models.TextChoices):
        UNEMPLOYED = "unemployed", _("Unemployed")
        INACTIVE = "inactive", _("Inactive")
        EMPLOYED = "employed", _("Employed, including self-employed")

    esf_category = models.CharField(_("ESF+ category"), max_length=16, choices=EsfCategory.choices)

    class Meta(BilingualNamed.Meta):
        verbose_name = _("labour-market status")
        verbose_name_plural = _("labour-market statuses")


class ExitReason(BilingualNamed):
    class Meta(BilingualNamed.Meta):
        verbose_name = _("exit reason")
        verbose_name_plural = _("exit reasons")
