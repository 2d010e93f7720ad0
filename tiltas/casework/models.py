from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tiltas.accounts.models import Specialty


class Case(models.Model):
    """Case management of one participant in one organisation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    participant = models.ForeignKey(
        "people.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="cases",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="managed_cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "organisation"], name="case_one_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Case of %(name)s") % {"name": self.participant})

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}

    def clean(self) -> None:
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("A case cannot close before it opened.")})


class CaseTeamMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team member"),
        on_delete=models.PROTECT,
        related_name="case_teams",
    )
    specialty = models.CharField(_("specialty"), max_length=32, choices=Specialty.choices)
    added_on = models.DateField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["specialty", "user__last_name"]
        verbose_name = _("case team member")
        verbose_name_plural = _("case team")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="team_member_once")]

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.case.participant_id}

    def __str__(self) -> str:
        return f"{self.user} ({self.get_specialty_display()})"
