"""Typed constructors of timeline events, so every step writes its event the same way."""

from datetime import date

from django.utils import timezone

from tiltas.audit.models import CaseEvent

T = CaseEvent.Type


def record(
    *, participant, type: str, actor, case=None, on: date | None = None, **payload
) -> CaseEvent:
    if case is None:
        case = _current_case(participant, actor)
    return CaseEvent.objects.create(
        participant=participant,
        case=case,
        type=type,
        occurred_on=on or timezone.localdate(),
        payload=payload,
        actor=actor,
    )


def _current_case(participant, actor):
    # The participant's case in their organisation, if one is open or was opened.
    from tiltas.casework.models import Case

    return Case.objects.filter(
        participant=participant, organisation_id=participant.organisation_id
    ).first()


def participant_registered(participant, actor, *, referral_id=None, on: date | None = None):
    return record(
        participant=participant,
        type=T.PARTICIPANT_REGISTERED,
        actor=actor,
        on=on,
        referral=referral_id,
    )


def participant_updated(participant, actor, *, fields: list[str]):
    return record(participant=participant, type=T.PARTICIPANT_UPDATED, actor=actor, fields=fields)


def sensitive_updated(participant, actor):
    # Only that it changed: the values stay in the fenced section.
    return record(participant=participant, type=T.SENSITIVE_UPDATED, actor=actor)


def referral_accepted(participant, actor, *, referral):
    return record(
        participant=participant,
        type=T.REFERRAL_ACCEPTED,
        actor=actor,
        referral=referral.pk,
        source=referral.source.code,
    )


def enrolled(enrolment, actor):
    return record(
        participant=enrolment.participant,
        type=T.ENROLLED,
        actor=actor,
        on=enrolment.entry_date,
        programme=enrolment.programme.code,
        enrolment=enrolment.pk,
    )


def re_entered(enrolment, actor, *, on: date):
    return record(
        participant=enrolment.participant,
        type=T.RE_ENTERED,
        actor=actor,
        on=on,
        programme=enrolment.programme.code,
        enrolment=enrolment.pk,
    )


def exited(enrolment, actor):
    return record(
        participant=enrolment.participant,
        type=T.EXITED,
        actor=actor,
        on=enrolment.exit_date,
        programme=enrolment.programme.code,
        enrolment=enrolment.pk,
        reason=enrolment.exit_reason.code if enrolment.exit_reason else "",
    )


def enrolment_suspended(enrolment, actor, *, reason: str = ""):
    return record(
        participant=enrolment.participant,
        type=T.ENROLMENT_SUSPENDED,
        actor=actor,
        programme=enrolment.programme.code,
        enrolment=enrolment.pk,
        note=reason,
    )


def enrolment_resumed(enrolment, actor):
    return record(
        participant=enrolment.participant,
        type=T.ENROLMENT_RESUMED,
        actor=actor,
        programme=enrolment.programme.code,
        enrolment=enrolment.pk,
    )


def case_opened(case, actor):
    return record(
        participant=case.participant,
        case=case,
        type=T.CASE_OPENED,
        actor=actor,
        on=case.opened_on,
        case_manager=case.case_manager.get_full_name(),
    )


def case_closed(case, actor):
    return record(
        participant=case.participant, case=case, type=T.CASE_CLOSED, actor=actor, on=case.closed_on
    )


def case_reopened(case, actor, *, on: date | None = None):
    return record(participant=case.participant, case=case, type=T.CASE_REOPENED, actor=actor, on=on)


def case_manager_changed(case, actor, *, previous):
    return record(
        participant=case.participant,
        case=case,
        type=T.CASE_MANAGER_CHANGED,
        actor=actor,
        previous=previous.get_full_name(),
        case_manager=case.case_manager.get_full_name(),
    )


def team_member_added(member, actor):
    return record(
        participant=member.case.participant,
        case=member.case,
        type=T.TEAM_MEMBER_ADDED,
        actor=actor,
        member=member.user.get_full_name(),
        specialty=member.specialty,
    )


def team_member_removed(member, actor):
    return record(
        participant=member.case.participant,
        case=member.case,
        type=T.TEAM_MEMBER_REMOVED,
        actor=actor,
        member=member.user.get_full_name(),
        specialty=member.specialty,
    )


def consent_given(consent, actor, *, on: date | None = None):
    return record(
        participant=consent.participant,
        type=T.CONSENT_GIVEN,
        actor=actor,
        on=on,
        purpose=consent.purpose,
        version=consent.text_version,
    )


def consent_withdrawn(consent, actor):
    return record(
        participant=consent.participant,
        type=T.CONSENT_WITHDRAWN,
        actor=actor,
        purpose=consent.purpose,
    )
