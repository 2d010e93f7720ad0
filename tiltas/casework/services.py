"""Writes of cases and case teams."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tiltas.access import policy
from tiltas.audit import events
from tiltas.audit.context import acting_as
from tiltas.casework.models import Case, CaseTeamMember
from tiltas.people.models import Consent


def case_open(*, actor, participant, case_manager, opened_on: date | None = None) -> Case:
    """Open the person's case in their organisation, or reopen the closed one."""
    if not policy.can_open_case(actor, participant):
        raise PermissionDenied
    opened_on = opened_on or timezone.localdate()
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("A case cannot be opened in the future.")})
    if not policy.case_manager_choices(participant.organisation_id).filter(
        pk=case_manager.pk
    ).exists():
        raise ValidationError(
            {"case_manager": _("The case manager must be a case manager of the organisation.")}
        )
    existing = Case.objects.filter(
        participant=participant, organisation_id=participant.organisation_id
    ).first()
    with acting_as(actor), transaction.atomic():
        if existing is not None:
            if existing.status == Case.Status.OPEN:
                raise ValidationError(_("This person already has an open case."))
            existing.status = Case.Status.OPEN
            existing.closed_on = None
            existing.case_manager = case_manager
            existing.save()
            events.case_reopened(existing, actor)
            return existing
        case = Case.objects.create(
            participant=participant, organisation_id=participant.organisation_id,
            case_manager=case_manager, opened_on=opened_on,
        )
        events.case_opened(case, actor)
    return case


def case_close(*, actor, case: Case, closed_on: date, note: str = "") -> Case:
    if not policy.can_manage_case(actor, case):
        raise PermissionDenied
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if closed_on < case.opened_on:
        raise ValidationError(
            {"closed_on": _("A case cannot close before it opened (%(date)s).")
             % {"date": case.opened_on}}
        )
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("A case cannot be closed in the future.")})
    with acting_as(actor), transaction.atomic():
        case.status = Case.Status.CLOSED
        case.closed_on = closed_on
        case.closing_note = (note or "").strip()
        case.save(update_fields=["status", "closed_on", "closing_note"])
        events.case_closed(case, actor)
    return case


def case_change_manager(*, actor, case: Case, case_manager) -> Case:
    if not policy.can_manage_case(actor, case):
        raise PermissionDenied
    if case_manager.pk == case.case_manager_id:
        return case
    if not policy.case_manager_choices(case.organisation_id).filter(pk=case_manager.pk).exists():
        raise ValidationError(
            {"case_manager": _("The case manager must be a case manager of the organisation.")}
        )
    previous = case.case_manager
    with acting_as(actor), transaction.atomic():
        case.case_manager = case_manager
        case.save(update_fields=["case_manager"])
        events.case_manager_changed(case, actor, previous=previous)
    return case


def team_member_add(*, actor, case: Case, user, specialty: str) -> CaseTeamMember:
    if not policy.can_manage_case(actor, case):
        raise PermissionDenied
    if not policy.team_member_choices(case.organisation_id).filter(pk=user.pk).exists():
        raise ValidationError(
            {"user": _("Only staff of the organisation or of its programme partners can join "
                       "the case team.")}
        )
    if case.team.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already on the case team.")})
    from_partner = not user.memberships.filter(
        organisation_id=case.organisation_id, is_active=True
    ).exists()
    if from_partner and not case.participant.consents.filter(
        purpose=Consent.Purpose.PARTNER_SHARING, withdrawn_at__isnull=True
    ).exists():
        # GDPR: a partner organisation's specialist sees the record only with the person's
        # consent to sharing with partners.
        raise ValidationError(
            {"user": _("A specialist from a partner organisation can join the team only when "
                       "the person has consented to sharing with partners.")}
        )
    with acting_as(actor), transaction.atomic():
        member = CaseTeamMember.objects.create(case=case, user=user, specialty=specialty)
        events.team_member_added(member, actor)
    return member


def team_member_remove(*, actor, member: CaseTeamMember) -> None:
    if not policy.can_manage_case(actor, member.case):
        raise PermissionDenied
    with acting_as(actor), transaction.atomic():
        events.team_member_removed(member, actor)
        member.delete()
