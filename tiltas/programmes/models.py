from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A funded project (operation) with a lead organisation, partners and targets."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    measure = models.CharField(_("measure"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    lead_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_programmes",
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        blank=True,
        related_name="coordinated_programmes",
    )
    target_groups = models.ManyToManyField(
        "reference.TargetGroup", verbose_name=_("target groups"), blank=True
    )
    is_sensitive = models.BooleanField(
        _("sensitive programme"),
        default=False,
        help_text=_(
            "Membership itself is sensitive (e.g. people released from prison): never shown "
            "to employers or the community."
        ),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return f"{self.code} · {self.title}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class BudgetLine(models.Model):
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    title = models.CharField(_("budget line"), max_length=200)
    amount = models.DecimalField(
        _("amount, EUR"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A programme target; progress is computed from the records for the metrics we count."""

    class Metric(models.TextChoices):
        PARTICIPANTS = "participants", _("Participants enrolled")
        ACTIVE_PARTICIPANTS = "active_participants", _("Participants currently taking part")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    value = models.PositiveIntegerField(_("target"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["metric"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "metric"], name="target_unique_metric")
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.value}"


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="cohorts"
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start date"))

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Enrolment(models.Model):
    """One participation record per person per programme; re-entry keeps the first entry date."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Taking part")
        SUSPENDED = "suspended", _("Suspended")
        EXITED = "exited", _("Left")

    participant = models.ForeignKey(
        "people.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), null=True, blank=True, on_delete=models.SET_NULL
    )
    target_group = models.ForeignKey(
        "reference.TargetGroup",
        verbose_name=_("target group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    entry_date = models.DateField(_("entry date"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_reason = models.ForeignKey(
        "reference.ExitReason",
        verbose_name=_("exit reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    # ESF+ entry characteristics as they were on the entry date (kept on re-entry).
    entry_characteristics = models.JSONField(default=dict, editable=False)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-entry_date"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], name="enrolment_one_per_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True)
                | models.Q(exit_date__gte=models.F("entry_date")),
                name="enrolment_exit_after_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} · {self.programme.code}"

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}
