"""Writes of participants, their sensitive section and consents."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.audit import events
from tiltas.audit.context import acting_as
from tiltas.people.consents import CONSENT_TEXT_VERSION, REQUIRED_PURPOSES
from tiltas.people.models import Consent, Participant, SensitiveProfile
from tiltas.people.selectors import DuplicateMatch, find_duplicates

CORE_FIELDS = (
    "first_name",
    "last_name",
    "personal_code",
    "birth_date",
    "gender",
    "email",
    "phone",
    "address",
    "postal_code",
    "municipality",
    "eldership",
    "citizenship",
    "foreign_background",
    "isced_level",
    "labour_market_status",
    "unemployed_since",
    "children_count",
    "single_parent",
    "homeless_or_housing_exclusion",
    "rural_residence",
)
SENSITIVE_FIELDS = ("disability", "disability_notes", "minority")


@dataclass
class PossibleDuplicates(Exception):
    """Raised instead of creating when the person may already be registered."""

    matches: list[DuplicateMatch]


def participant_register(
    *,
    actor,
    organisation,
    fields: dict,
    consents: list[str],
    sensitive: dict | None = None,
    confirmed_new_person: bool = False,
    referral=None,
    intake_date: date | None = None,
) -> Participant:
    """Register a person in ``organisation`` after the duplicate check, with their consents.

    The same personal code twice in one organisation is refused. A similar name with the same
    birth date raises PossibleDuplicates, unless the worker has confirmed it is a new person.
    ``intake_date`` is the day of the intake interview when it is recorded later (from paper):
    the consents and the timeline carry that day.
    """
    if organisation.pk not in policy.registration_orgs(actor):
        raise PermissionDenied
    missing = [p for p in REQUIRED_PURPOSES if p not in consents]
    if missing:
        raise ValidationError(
            {"consents": _("The consent to service delivery is required to register a person.")}
        )
    participant = Participant(
        organisation=organisation, intake_by=actor, **_only(fields, CORE_FIELDS)
    )
    participant.full_clean(exclude=["search_name"], validate_constraints=False)
    today = timezone.localdate()
    intake_date = intake_date or today
    if intake_date > today or intake_date < participant.birth_date:
        raise ValidationError(
            {"intake_date": _("The intake date must be between the birth date and today.")}
        )
    matches = find_duplicates(
        actor,
        organisation_id=organisation.pk,
        first_name=participant.first_name,
        last_name=participant.last_name,
        birth_date=participant.birth_date,
        personal_code=participant.personal_code or "",
    )
    if any(m.same_personal_code for m in matches):
        raise ValidationError(
            {
                "personal_code": _(
                    "A person with this personal code is already registered in your organisation."
                )
            }
        )
    if matches and not confirmed_new_person:
        raise PossibleDuplicates(matches)
    with acting_as(actor), transaction.atomic():
        try:
            participant.save()
        except IntegrityError:
            raise ValidationError(
                {
                    "personal_code": _(
                        "A person with this personal code is already registered "
                        "in your organisation."
                    )
                }
            ) from None
        profile = SensitiveProfile(
            participant=participant, updated_by=actor, **_only(sensitive or {}, SENSITIVE_FIELDS)
        )
        profile.full_clean(exclude=["participant"])
        profile.save()
        events.participant_registered(
            participant, actor, referral_id=referral.pk if referral else None, on=intake_date
        )
        now = timezone.now()
        if intake_date != today:
            now = timezone.make_aware(datetime.combine(intake_date, time(12, 0)))
        for purpose in dict.fromkeys(consents):
            consent = Consent.objects.create(
                participant=participant,
                purpose=purpose,
                text_version=CONSENT_TEXT_VERSION,
                given_at=now,
                recorded_by=actor,
            )
            events.consent_given(consent, actor, on=intake_date)
    return participant


def participant_update(*, actor, participant: Participant, fields: dict) -> Participant:
    if not policy.can_edit_participant(actor, participant):
        raise PermissionDenied
    changed = [
        name
        for name, value in _only(fields, CORE_FIELDS).items()
        if getattr(participant, name) != value
    ]
    for name in changed:
        setattr(participant, name, fields[name])
    participant.full_clean(exclude=["search_name"], validate_constraints=False)
    if participant.personal_code:
        clash = Participant.objects.filter(
            organisation=participant.organisation, personal_code=participant.personal_code
        ).exclude(pk=participant.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "personal_code": _(
                        "A person with this personal code is already registered "
                        "in your organisation."
                    )
                }
            )
    if not changed:
        return participant
    with acting_as(actor), transaction.atomic():
        participant.save()
        events.participant_updated(participant, actor, fields=changed)
    return participant


def sensitive_update(*, actor, participant: Participant, fields: dict) -> SensitiveProfile:
    if not policy.can_edit_sensitive(actor, participant):
        raise PermissionDenied
    values = _only(fields, SENSITIVE_FIELDS)
    # Checked on an unsaved copy first: bad input must not leave an empty section behind.
    checked = SensitiveProfile.objects.filter(participant=participant).first() or (
        SensitiveProfile(participant=participant)
    )
    for name, value in values.items():
        setattr(checked, name, value)
    checked.updated_by = actor
    checked.full_clean(exclude=["participant"])
    with acting_as(actor), transaction.atomic():
        # update_or_create locks the row, or creates it (a concurrent first save becomes an
        # update rather than a unique-constraint error).
        profile, _created = SensitiveProfile.objects.update_or_create(
            participant=participant, defaults={**values, "updated_by": actor}
        )
        events.sensitive_updated(participant, actor)
    return profile


def consent_give(
    *, actor, participant: Participant, purpose: str, given_on: date | None = None
) -> Consent:
    if not policy.can_edit_participant(actor, participant):
        raise PermissionDenied
    if purpose not in Consent.Purpose.values:
        raise ValidationError({"purpose": _("Choose a purpose from the list.")})
    already = ValidationError({"purpose": _("This consent is already in force.")})
    if _consent_in_force(participant, purpose):
        raise already
    with acting_as(actor), transaction.atomic():
        try:
            # A savepoint: a second request for the same consent (a double click) that passed
            # the check above meets the one-in-force constraint, and gets the same answer
            # instead of a server error, with the surrounding transaction still usable.
            with transaction.atomic():
                consent = Consent.objects.create(
                    participant=participant,
                    purpose=purpose,
                    text_version=CONSENT_TEXT_VERSION,
                    given_at=timezone.now(),
                    recorded_by=actor,
                )
        except IntegrityError:
            raise already from None
        events.consent_given(consent, actor)
    return consent


def _consent_in_force(participant: Participant, purpose: str) -> bool:
    return participant.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_withdraw(*, actor, consent: Consent) -> Consent:
    if not policy.can_edit_participant(actor, consent.participant):
        raise PermissionDenied
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    with acting_as(actor), transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawal_recorded_by = actor
        consent.save(update_fields=["withdrawn_at", "withdrawal_recorded_by"])
        events.consent_withdrawn(consent, actor)
    return consent


def _only(data: dict, names: tuple[str, ...]) -> dict:
    return {k: v for k, v in data.items() if k in names}
