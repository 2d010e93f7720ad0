"""Writes of cases and case teams."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
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
    if opened_on < participant.birth_date:
        raise ValidationError(
            {"opened_on": _("A case cannot be opened before the person was born.")}
        )
    if (
        not policy.case_manager_choices(participant.organisation_id)
        .filter(pk=case_manager.pk)
        .exists()
    ):
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
            if existing.closed_on and opened_on < existing.closed_on:
                raise ValidationError(
                    {
                        "opened_on": _("A case cannot be reopened before it was closed (%(date)s).")
                        % {"date": existing.closed_on}
                    }
                )
            # The first opening date stays; the reopening is dated on the timeline.
            previous = existing.case_manager
            existing.status = Case.Status.OPEN
            existing.closed_on = None
            existing.case_manager = case_manager
            existing.save()
            events.case_reopened(existing, actor, on=opened_on)
            if previous.pk != case_manager.pk:
                events.case_manager_changed(existing, actor, previous=previous)
            return existing
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    participant=participant,
                    organisation_id=participant.organisation_id,
                    case_manager=case_manager,
                    opened_on=opened_on,
                )
        except IntegrityError:
            raise ValidationError(_("This person already has an open case.")) from None
        events.case_opened(case, actor)
    return case


def case_close(*, actor, case: Case, closed_on: date, note: str = "") -> Case:
    if not policy.can_manage_case(actor, case):
        raise PermissionDenied
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if closed_on < case.opened_on:
        raise ValidationError(
            {
                "closed_on": _("A case cannot close before it opened (%(date)s).")
                % {"date": case.opened_on}
            }
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
            {
                "user": _(
                    "Only staff of the organisation or of its programme partners can join "
                    "the case team."
                )
            }
        )
    if user.pk in (actor.pk, case.case_manager_id):
        # Nobody seats themselves on a team (a second person decides), and the case manager
        # leads the case rather than sitting on its team.
        raise ValidationError(
            {"user": _("Choose someone else: you cannot add yourself or the case manager.")}
        )
    if specialty not in policy.team_specialties_of(user, case.organisation_id):
        raise ValidationError(
            {
                "specialty": _(
                    "Choose the specialty this person works in: it decides what they may see."
                )
            }
        )
    if case.team.filter(user=user).exists():
        raise ValidationError({"user": _("This person is already on the case team.")})
    from_partner = not user.memberships.filter(
        organisation_id=case.organisation_id, is_active=True
    ).exists()
    if (
        from_partner
        and not case.participant.consents.filter(
            purpose=Consent.Purpose.PARTNER_SHARING, withdrawn_at__isnull=True
        ).exists()
    ):
        # GDPR: a partner organisation's specialist sees the record only with the person's
        # consent to sharing with partners.
        raise ValidationError(
            {
                "user": _(
                    "A specialist from a partner organisation can join the team only when "
                    "the person has consented to sharing with partners."
                )
            }
        )
    try:
        with acting_as(actor), transaction.atomic():
            member = CaseTeamMember.objects.create(case=case, user=user, specialty=specialty)
            events.team_member_added(member, actor)
    except IntegrityError:
        # The same member added twice at once (a double click): the first one stands.
        raise ValidationError({"user": _("This person is already on the case team.")}) from None
    return member


def team_member_remove(*, actor, member: CaseTeamMember) -> None:
    if not policy.can_manage_case(actor, member.case):
        raise PermissionDenied
    with acting_as(actor), transaction.atomic():
        events.team_member_removed(member, actor)
        member.delete()
