"""Writes of referrals in: recording, and the decision (accept, decline, waiting list)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.audit import events
from tiltas.audit.context import acting_as
from tiltas.people.models import Gender
from tiltas.people.personal_code import parse_personal_code
from tiltas.people.services import participant_register
from tiltas.programmes.services import enrolment_create
from tiltas.referrals.models import Referral


def _add(errors: dict, field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def _person_errors(referral: Referral, today: date) -> dict:
    """Dates and personal code of the referred person: each one checked, all reported at once."""
    errors: dict[str, list] = {}
    if referral.received_on and referral.received_on > today:
        _add(errors, "received_on", _("The date received cannot be in the future."))
    if referral.birth_date and referral.birth_date > today:
        _add(errors, "birth_date", _("The birth date cannot be in the future."))
    if referral.personal_code:
        try:
            parsed = parse_personal_code(referral.personal_code)
        except ValidationError:
            parsed = None  # the field validator reports what is wrong with the code itself
        if parsed and referral.birth_date and parsed.birth_date != referral.birth_date:
            _add(
                errors,
                "birth_date",
                _("The birth date does not match the personal code (%(date)s).")
                % {"date": parsed.birth_date.isoformat()},
            )
        if (
            parsed
            and referral.gender in (Gender.WOMAN, Gender.MAN)
            and (referral.gender == Gender.MAN) != parsed.is_male
        ):
            _add(errors, "gender", _("The gender does not match the personal code."))
    return errors


def referral_create(*, actor, referral: Referral) -> Referral:
    if referral.organisation_id not in policy.referral_orgs(actor):
        raise PermissionDenied
    referral.personal_code = (referral.personal_code or "").strip()
    errors = _person_errors(referral, timezone.localdate())
    if referral.source_id and not referral.source.is_active:
        _add(errors, "source", _("Choose a source from the list."))
    if (
        referral.programme_id
        and not policy.programmes_visible_to(actor).filter(pk=referral.programme_id).exists()
    ):
        _add(errors, "programme", _("Choose a programme of your organisation."))
    try:
        # search_name is derived on save; the creator and status are set below.
        referral.full_clean(exclude=["search_name", "created_by", "status"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor), transaction.atomic():
        referral.status = Referral.Status.RECEIVED
        referral.created_by = actor
        referral.save()
    return referral


def _check_decidable(actor, referral: Referral) -> None:
    if referral.organisation_id not in policy.referral_orgs(actor):
        raise PermissionDenied
    if referral.status not in Referral.PENDING:
        raise ValidationError(_("This referral has already been decided."))
    if not policy.can_decide_referral(actor, referral):
        raise PermissionDenied


def _lock_pending(referral: Referral) -> None:
    """Inside the transaction: re-read the row locked, so two workers deciding the same
    referral at once cannot both succeed (the second sees the first one's decision)."""
    current = Referral.objects.select_for_update().only("status").get(pk=referral.pk)
    if current.status not in Referral.PENDING:
        raise ValidationError(_("This referral has already been decided."))
    referral.status = current.status


def _decide(referral: Referral, actor, status: str, reason: str) -> None:
    referral.status = status
    referral.decision_reason = (reason or "").strip()
    referral.decided_at = timezone.now()
    referral.decided_by = actor


def referral_decline(*, actor, referral: Referral, reason: str) -> Referral:
    _check_decidable(actor, referral)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    if len(reason.strip()) > 2000:
        raise ValidationError({"reason": _("Keep the reason under 2000 characters.")})
    with acting_as(actor), transaction.atomic():
        _lock_pending(referral)
        _decide(referral, actor, Referral.Status.DECLINED, reason)
        referral.save()
    return referral


def referral_waitlist(*, actor, referral: Referral, reason: str = "") -> Referral:
    _check_decidable(actor, referral)
    if referral.status == Referral.Status.WAITLISTED:
        raise ValidationError(_("The referral is already on the waiting list."))
    if len((reason or "").strip()) > 2000:
        raise ValidationError({"reason": _("Keep the note under 2000 characters.")})
    with acting_as(actor), transaction.atomic():
        _lock_pending(referral)
        if referral.status == Referral.Status.WAITLISTED:
            raise ValidationError(_("The referral is already on the waiting list."))
        _decide(referral, actor, Referral.Status.WAITLISTED, reason)
        referral.save()
    return referral


def referral_accept(
    *,
    actor,
    referral: Referral,
    programme,
    entry_date: date,
    existing_participant=None,
    participant_fields: dict | None = None,
    consents: list[str] | None = None,
    sensitive: dict | None = None,
    confirmed_new_person: bool = False,
    cohort=None,
) -> Referral:
    """Accept: link the referral to a person already registered (one the worker may see) or
    register them, and enrol them in the programme. All or nothing: if any step fails, no
    person, enrolment, consent, event or status change is left behind."""
    _check_decidable(actor, referral)
    if programme is None:
        raise ValidationError({"programme": _("Choose the programme the person enters.")})
    if not policy.programmes_visible_to(actor).filter(pk=programme.pk).exists():
        raise ValidationError({"programme": _("Choose a programme of your organisation.")})
    if entry_date is None:
        raise ValidationError({"entry_date": _("Give the date the person enters the programme.")})
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError({"cohort": _("This cohort belongs to another programme.")})
    if existing_participant is not None and (
        # Linking a referral is lasting work on the person: never through a break-glass grant.
        not policy.in_normal_scope(actor, existing_participant)
        or existing_participant.organisation_id != referral.organisation_id
    ):
        raise PermissionDenied
    before = {name: getattr(referral, name) for name in _DECISION_FIELDS}
    try:
        return _accept(
            actor=actor,
            referral=referral,
            programme=programme,
            entry_date=entry_date,
            cohort=cohort,
            existing_participant=existing_participant,
            participant_fields=participant_fields,
            consents=consents,
            sensitive=sensitive,
            confirmed_new_person=confirmed_new_person,
        )
    except BaseException:
        # The transaction rolled back; the caller's object must not claim otherwise.
        for name, value in before.items():
            setattr(referral, name, value)
        raise


_DECISION_FIELDS = (
    "status",
    "decision_reason",
    "decided_at",
    "decided_by",
    "participant",
    "programme",
)


def _accept(
    *,
    actor,
    referral,
    programme,
    entry_date,
    cohort,
    existing_participant,
    participant_fields,
    consents,
    sensitive,
    confirmed_new_person,
) -> Referral:
    with acting_as(actor), transaction.atomic():
        _lock_pending(referral)
        if existing_participant is not None:
            participant = existing_participant
        else:
            participant = participant_register(
                actor=actor,
                organisation=referral.organisation,
                fields=participant_fields or {},
                consents=consents or [],
                sensitive=sensitive,
                confirmed_new_person=confirmed_new_person,
                referral=referral,
            )
        enrolment_create(
            actor=actor,
            participant=participant,
            programme=programme,
            entry_date=entry_date,
            cohort=cohort,
        )
        _decide(referral, actor, Referral.Status.ACCEPTED, "")
        referral.participant = participant
        referral.programme = programme
        referral.save()
        events.referral_accepted(participant, actor, referral=referral)
    return referral
