import calendar
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiltas.common.text import fold
from tiltas.common.validators import validate_person_name, validate_phone, validate_postal_code
from tiltas.people.personal_code import parse_personal_code, validate_personal_code


def add_months(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")


class Citizenship(models.TextChoices):
    EU = "eu", _("EU citizen")
    NON_EU = "non_eu", _("Third-country national")
    STATELESS = "stateless", _("Stateless")


class Participant(models.Model):
    """A person supported by an organisation. The record belongs to that organisation.

    The same human known to two organisations is two records, linked by referrals; each
    organisation sees only what its own work touches.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    first_name = models.CharField(
        _("first name"), max_length=100, validators=[validate_person_name]
    )
    last_name = models.CharField(_("last name"), max_length=100, validators=[validate_person_name])
    personal_code = models.CharField(
        _("personal code"),
        max_length=11,
        null=True,
        blank=True,
        validators=[validate_personal_code],
    )
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=12, blank=True, validators=[validate_phone])
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=8, blank=True, validators=[validate_postal_code]
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT
    )
    eldership = models.ForeignKey(
        "reference.Eldership",
        verbose_name=_("eldership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    citizenship = models.CharField(_("citizenship"), max_length=16, choices=Citizenship.choices)
    foreign_background = models.BooleanField(_("foreign background"), default=False)
    isced_level = models.ForeignKey(
        "reference.IscedLevel",
        verbose_name=_("education (ISCED)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    labour_market_status = models.ForeignKey(
        "reference.LabourMarketStatus",
        verbose_name=_("labour-market status"),
        on_delete=models.PROTECT,
    )
    unemployed_since = models.DateField(
        _("unemployed since"),
        null=True,
        blank=True,
        help_text=_("For unemployed people: the date since which they have been out of work."),
    )
    children_count = models.PositiveSmallIntegerField(_("children cared for"), default=0)
    single_parent = models.BooleanField(_("single parent"), default=False)
    homeless_or_housing_exclusion = models.BooleanField(
        _("homeless or affected by housing exclusion"), default=False
    )
    rural_residence = models.BooleanField(_("lives in a rural area"), default=False)

    search_name = models.CharField(max_length=210, editable=False, db_index=True)
    intake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant",
        verbose_name=_("sign-in account"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "personal_code"], name="participant_unique_code_per_org"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "birth_date"])]

    def __str__(self) -> str:
        return self.full_name

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("people:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_personal_code(self) -> str:
        return f"{self.personal_code[:7]}••••" if self.personal_code else ""

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_long_term_unemployed(self, on: date) -> bool:
        """ESF+ rule: unemployed more than 6 months if under 25, more than 12 months if 25+."""
        status = self.labour_market_status
        if status.esf_category != status.EsfCategory.UNEMPLOYED or not self.unemployed_since:
            return False
        limit = 6 if self.age_on(on) < 25 else 12
        return on > add_months(self.unemployed_since, limit)

    def clean(self) -> None:
        errors: dict[str, list] = {}
        today = timezone.localdate()
        if self.birth_date and self.birth_date > today:
            errors.setdefault("birth_date", []).append(_("The birth date cannot be in the future."))
        if self.personal_code:
            try:
                parsed = parse_personal_code(self.personal_code)
            except ValidationError:
                parsed = None  # the field validator reports it
            if parsed and self.birth_date and parsed.birth_date != self.birth_date:
                errors.setdefault("birth_date", []).append(
                    _("The birth date does not match the personal code (%(date)s).")
                    % {"date": parsed.birth_date.isoformat()}
                )
            binary = self.gender in (Gender.WOMAN, Gender.MAN)
            if parsed and binary and (self.gender == Gender.MAN) != parsed.is_male:
                errors.setdefault("gender", []).append(
                    _("The gender does not match the personal code.")
                )
        if (
            self.eldership_id
            and self.municipality_id
            and self.eldership is not None
            and self.eldership.municipality_id != self.municipality_id
        ):
            errors.setdefault("eldership", []).append(
                _("This eldership belongs to another municipality.")
            )
        status = self.labour_market_status if self.labour_market_status_id else None
        if status and status.esf_category == status.EsfCategory.UNEMPLOYED:
            if not self.unemployed_since:
                errors.setdefault("unemployed_since", []).append(
                    _(
                        "For an unemployed person, give the date since which they have been "
                        "out of work."
                    )
                )
            since = self.unemployed_since
            if since and self.birth_date and since < self.birth_date:
                errors.setdefault("unemployed_since", []).append(
                    _("The unemployment start cannot be before the birth date.")
                )
            if self.unemployed_since and self.unemployed_since > today:
                errors.setdefault("unemployed_since", []).append(
                    _("The unemployment start cannot be in the future.")
                )
        elif self.unemployed_since:
            errors.setdefault("unemployed_since", []).append(
                _("Give an unemployment start only for an unemployed person.")
            )
        if self.single_parent and not self.children_count:
            errors.setdefault("children_count", []).append(
                _("A single parent cares for at least one child.")
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Derived search key, kept with the row so lists search with one indexed query.
        self.search_name = fold(f"{self.first_name} {self.last_name}")
        if self.personal_code == "":
            self.personal_code = None
        super().save(*args, **kwargs)


class SensitiveProfile(models.Model):
    """Special-category data (GDPR Art. 9), kept apart and shown only to whose role needs it.

    No offence data (Art. 10) is stored anywhere: no offence type, date or sentence.
    """

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="sensitive_profile"
    )
    disability = models.CharField(
        _("disability"), max_length=16, choices=Answer.choices, default=Answer.UNDISCLOSED
    )
    disability_notes = models.TextField(
        _("disability: support needed"),
        blank=True,
        max_length=2000,
        help_text=_("Only what the work needs: adjustments, support, working capacity."),
    )
    minority = models.CharField(
        _("belongs to a minority"),
        max_length=16,
        choices=Answer.choices,
        default=Answer.UNDISCLOSED,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sensitive section")
        verbose_name_plural = _("sensitive sections")

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}

    def __str__(self) -> str:
        return str(_("Sensitive section"))


class Consent(models.Model):
    class Purpose(models.TextChoices):
        SERVICE_DELIVERY = "service_delivery", _("Service delivery")
        PARTNER_SHARING = "partner_sharing", _("Sharing with partners")
        EXCHANGE_PROFILE = "exchange_profile", _("Exchange profile")
        EMPLOYER_CONTACT = "employer_contact", _("Contact by employers")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    text_version = models.CharField(_("consent text version"), max_length=40)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["purpose", "-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            # At most one consent in force per purpose; a withdrawn one stays as history.
            models.UniqueConstraint(
                fields=["participant", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def get_additional_data(self) -> dict:
        # Names the person this row is about, so the audit log can list every access to them.
        return {"participant_id": self.participant_id}

    def __str__(self) -> str:
        return self.get_purpose_display()

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
