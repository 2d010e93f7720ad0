from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tiltas.common.text import fold
from tiltas.common.validators import validate_person_name, validate_phone
from tiltas.people.models import Gender
from tiltas.people.personal_code import validate_personal_code


class Referral(models.Model):
    """A person referred to an organisation, from intake to a decision."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WAITLISTED = "waitlisted", _("Waiting list")

    PENDING = (Status.RECEIVED, Status.WAITLISTED)

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals_in",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    source = models.ForeignKey(
        "reference.ReferralSource", verbose_name=_("source"), on_delete=models.PROTECT
    )
    referrer_organisation = models.CharField(
        _("referring organisation"), max_length=200, blank=True
    )
    referrer_name = models.CharField(_("referring person"), max_length=200, blank=True)
    referrer_contact = models.CharField(_("referrer's contact"), max_length=200, blank=True)
    received_on = models.DateField(_("date received"))
    reason = models.TextField(_("reason for referral"), max_length=4000)

    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_person_name]
    )
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_person_name])
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    personal_code = models.CharField(
        _("personal code"), max_length=11, blank=True, validators=[validate_personal_code]
    )
    phone = models.CharField(_("phone"), max_length=12, blank=True, validators=[validate_phone])
    email = models.EmailField(_("e-mail"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participant = models.ForeignKey(
        "people.Participant",
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} · {self.received_on:%Y-%m-%d}"

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.full_name)
        super().save(*args, **kwargs)
