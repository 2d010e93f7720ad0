"""Reads of programmes: lists, and one programme with its enrolments against targets."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tiltas.access import policy
from tiltas.access.selectors import get_visible_or_404
from tiltas.accounts.models import Membership, Organisation, Role, User
from tiltas.programmes.models import Cohort, Enrolment, Programme, Target


def programme_list(user) -> QuerySet:
    return (
        policy.programmes_visible_to(user)
        .select_related("lead_organisation")
        .annotate(
            enrolled=Count("enrolments", distinct=True),
            active=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE), distinct=True
            ),
        )
        .order_by("-start_date", "code")
    )


def programme_get_for(user, pk) -> Programme:
    try:
        return (
            policy.programmes_visible_to(user)
            .select_related("lead_organisation")
            .prefetch_related(
                "partners", "coordinators", "target_groups", "budget_lines", "cohorts", "targets"
            )
            .get(pk=pk)
        )
    except (Programme.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass
class TargetProgress:
    target: Target
    achieved: int

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.achieved / self.target.value)) if self.target.value else 0


def target_progress(programme: Programme) -> list[TargetProgress]:
    counts = programme.enrolments.aggregate(
        enrolled=Count("participant", distinct=True),
        active=Count("participant", filter=Q(status=Enrolment.Status.ACTIVE), distinct=True),
    )
    by_metric: dict[str, int] = {
        Target.Metric.PARTICIPANTS: counts["enrolled"],
        Target.Metric.ACTIVE_PARTICIPANTS: counts["active"],
    }
    return [TargetProgress(t, by_metric.get(t.metric, 0)) for t in programme.targets.all()]


def enrolments_visible(user, programme: Programme) -> QuerySet:
    """The programme's enrolments of the people the user may see."""
    visible = policy.participants_visible_to(user).values("pk")
    return (
        programme.enrolments.filter(participant__in=visible)
        .select_related("participant", "cohort", "exit_reason")
        .order_by("participant__last_name", "participant__first_name")
    )


def enrolment_get_for(user, pk) -> Enrolment:
    """One enrolment of a person the user may see (404 otherwise); the read is recorded."""
    visible = policy.participants_visible_to(user).values("pk")
    return get_visible_or_404(
        Enrolment.objects.filter(participant__in=visible).select_related(
            "participant", "programme", "cohort", "exit_reason", "target_group"
        ),
        pk,
        user=user,
        participant_of=lambda enrolment: enrolment.participant_id,
        what="enrolment",
    )


def budget_total(programme: Programme) -> Decimal:
    """The sum of the budget lines (prefetched by programme_get_for, so no query)."""
    return sum((line.amount for line in programme.budget_lines.all()), Decimal("0"))


# --- choices for the forms ---------------------------------------------------------------------


def lead_organisation_choices(user) -> QuerySet:
    """Organisations where the user may run a programme: administrator or coordinator."""
    return Organisation.objects.filter(
        pk__in=policy.org_ids(user, Role.ORG_ADMIN, Role.COORDINATOR), is_active=True
    )


def partner_choices(programme: Programme | None = None) -> QuerySet:
    """Any active organisation, plus the programme's present partners (even if inactive)."""
    condition = Q(is_active=True)
    if programme is not None and programme.pk:
        condition |= Q(partner_programmes=programme)
    return Organisation.objects.filter(condition).distinct()


def coordinator_choices() -> QuerySet:
    """Users with an active coordinator role; programme_save checks that each one coordinates
    in the lead or a partner organisation. Their organisations are fetched for the labels."""
    roles = Membership.objects.filter(
        role=Role.COORDINATOR, is_active=True, organisation__is_active=True
    ).select_related("organisation")
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=roles, to_attr="coordinator_roles"))
        .order_by("last_name", "first_name", "pk")
    )


def programmes_for_enrolment(user, participant, *, include_ongoing: bool = False) -> QuerySet:
    """Programmes the user may enrol the person in, as policy.can_enrol decides for one: those
    they coordinate, and, if they keep the person's record, those the person's organisation
    runs. Without include_ongoing, programmes the person is taking part in are left out."""
    qs = policy.programmes_enrollable_by(user, participant)
    if not include_ongoing:
        ongoing = Enrolment.objects.filter(participant=participant).exclude(
            status=Enrolment.Status.EXITED
        )
        qs = qs.exclude(pk__in=ongoing.values("programme_id"))
    return qs.select_related("lead_organisation").order_by("-start_date", "code")


def cohort_choices(programmes: QuerySet) -> QuerySet:
    return (
        Cohort.objects.filter(programme__in=programmes)
        .select_related("programme")
        .order_by("programme__code", "start_date")
    )
