"""Reads of participants. Lists are scoped by the access policy and fetch what they show in a
fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from tiltas.access import policy
from tiltas.access.selectors import participant_get_for
from tiltas.audit.models import CaseEvent
from tiltas.audit.services import record_access
from tiltas.common.text import fold
from tiltas.people.models import Participant, SensitiveProfile

__all__ = [
    "DuplicateMatch",
    "find_duplicates",
    "participant_by_code",
    "participant_get_for",
    "participant_list",
    "sensitive_get_for",
    "timeline_for",
    "enrolments_of",
    "consents_of",
]


@dataclass(frozen=True)
class DuplicateMatch:
    """A possible duplicate, shown with only what the worker may see."""

    pk: int
    visible: bool
    same_personal_code: bool
    initials: str
    birth_year: int
    case_manager: str


def find_duplicates(
    user,
    *,
    organisation_id: int,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    personal_code: str = "",
    exclude_pk: int | None = None,
) -> list[DuplicateMatch]:
    """Same personal code, or a similar name (diacritics-insensitive) with the same birth date,
    among the participants of the organisation."""
    scope = Participant.objects.filter(organisation_id=organisation_id)
    if exclude_pk:
        scope = scope.exclude(pk=exclude_pk)
    condition = Q()
    if personal_code:
        condition |= Q(personal_code=personal_code)
    if birth_date:
        folded_last = fold(last_name)
        folded_first = fold(first_name)
        # Surname stems: Lithuanian female surnames change ending (Žukauskas/Žukauskienė), so
        # compare the first five letters of the surname together with the first name.
        condition |= Q(birth_date=birth_date) & (
            Q(search_name=f"{folded_first} {folded_last}")
            | (
                Q(search_name__startswith=folded_first[:3])
                & Q(search_name__contains=f" {folded_last[:5]}")
            )
        )
    if not condition:
        return []
    candidates = list(scope.filter(condition).prefetch_related("cases__case_manager")[:10])
    visible = set(
        policy.participants_visible_to(user)
        .filter(pk__in=[c.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    matches = []
    for c in candidates:
        managers = ", ".join(case.case_manager.get_full_name() for case in c.cases.all())
        matches.append(
            DuplicateMatch(
                pk=c.pk,
                visible=c.pk in visible,
                same_personal_code=bool(personal_code) and c.personal_code == personal_code,
                initials=f"{c.first_name[:1]}. {c.last_name[:1]}.",
                birth_year=c.birth_date.year,
                case_manager=managers,
            )
        )
    return matches


def participant_list(
    user,
    *,
    query: str = "",
    programme_id: int | None = None,
    municipality_id: int | None = None,
    case_status: str = "",
) -> QuerySet:
    """The participants the user may see, searched and filtered, ready for a page of rows."""
    from tiltas.casework.models import Case
    from tiltas.programmes.models import Enrolment

    qs = policy.participants_visible_to(user)
    query = (query or "").strip()
    if query:
        if query.isdigit() and len(query) == 11:
            # Exact look-up by personal code; the code itself is never shown in the list.
            qs = qs.filter(personal_code=query)
        else:
            for word in fold(query).split():
                qs = qs.filter(search_name__contains=word)
    if programme_id:
        qs = qs.filter(enrolments__programme_id=programme_id)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    if case_status == "none":
        qs = qs.exclude(cases__isnull=False)
    elif case_status in (Case.Status.OPEN, Case.Status.CLOSED):
        qs = qs.filter(cases__status=case_status)
    return (
        qs.distinct()
        .select_related("municipality")
        .prefetch_related(
            Prefetch("cases", queryset=Case.objects.select_related("case_manager")),
            Prefetch("enrolments", queryset=Enrolment.objects.select_related("programme")),
        )
        .order_by("last_name", "first_name", "pk")
    )


def participant_by_code(user, code: str) -> Participant | None:
    """The person with exactly this personal code among those the user may see, or None.

    Nothing tells whether the code belongs to someone outside the user's scope. A hit is a read
    of the person's record (who holds this code), so it is recorded in the audit log.
    """
    code = (code or "").strip()
    if not code:
        return None
    # The code is unique per organisation only; one human may be known to two organisations
    # the user works in: the oldest record is the one opened.
    participant = (
        policy.participants_visible_to(user).filter(personal_code=code).order_by("pk").first()
    )
    if participant is not None:
        record_access(
            actor=user, instance=participant, participant_id=participant.pk, what="find_by_code"
        )
    return participant


def sensitive_get_for(user, participant: Participant) -> SensitiveProfile:
    """The sensitive section, for those whose role needs it; the read is recorded."""
    if not policy.can_view_sensitive(user, participant):
        raise Http404
    profile = SensitiveProfile.objects.filter(participant=participant).first()
    record_access(
        actor=user, instance=profile or participant, participant_id=participant.pk, what="sensitive"
    )
    return profile or SensitiveProfile(participant=participant)


def timeline_for(participant: Participant, limit: int = 200) -> list[CaseEvent]:
    return list(
        CaseEvent.objects.filter(participant=participant)
        .select_related("actor")
        .order_by("-occurred_on", "-id")[:limit]
    )


def enrolments_of(participant: Participant) -> QuerySet:
    return participant.enrolments.select_related(
        "programme", "cohort", "exit_reason", "target_group"
    ).order_by("-entry_date")


def consents_of(participant: Participant) -> QuerySet:
    return participant.consents.select_related("recorded_by").order_by("purpose", "-given_at")


def intake_waiting(user) -> QuerySet:
    """People the user registered who have no case yet in their organisation."""
    from tiltas.casework.models import Case

    return (
        policy.participants_visible_to(user)
        .filter(intake_by=user)
        .exclude(
            Exists(
                Case.objects.filter(
                    participant=OuterRef("pk"), organisation=OuterRef("organisation")
                )
            )
        )
        .select_related("municipality")
        .order_by("-created_at")[:20]
    )
