"""The one access policy (DESIGN §1, §5): who may see and do what with a person's data.

Every view, endpoint, export, import, report and command that touches a person's data asks
here: the scoped querysets say what a user may list, the predicates what they may do with one
record. Superusers get no personal data from being superusers: only the roles below open it.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tiltas.accounts.models import PERSONAL_DATA_ROLES, Role, Specialty

#: Case-team specialties whose work needs the sensitive section (health, disability, minority).
SENSITIVE_SPECIALTIES = frozenset(
    {Specialty.SOCIAL_WORKER, Specialty.PSYCHOLOGIST, Specialty.HEALTH}
)
#: Specialties on a case team that may keep the person's core record up to date.
EDITING_SPECIALTIES = frozenset({Specialty.SOCIAL_WORKER})


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    role: str
    specialty: str


def grants(user) -> tuple[Grant, ...]:
    """The user's active roles, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, "_tiltas_grants", None)
    if cached is None:
        cached = tuple(
            Grant(m.organisation_id, m.role, m.specialty)
            for m in user.memberships.filter(is_active=True, organisation__is_active=True)
        )
        user._tiltas_grants = cached
    return cached


def forget_grants(user) -> None:
    for cached in ("_tiltas_grants", "_tiltas_partner_case_orgs"):
        if hasattr(user, cached):
            delattr(user, cached)


def org_ids(user, *roles: str) -> set[int]:
    wanted = set(roles) if roles else None
    return {g.organisation_id for g in grants(user) if wanted is None or g.role in wanted}


def has_role(user, *roles: str) -> bool:
    return any(g.role in roles for g in grants(user))


def is_staff_user(user) -> bool:
    """Works in the staff screens (case manager, specialist, coordinator, administrator)."""
    return any(g.role in PERSONAL_DATA_ROLES for g in grants(user))


def needs_mfa(user) -> bool:
    """Anyone whose account can reach personal data or the platform's administration."""
    return is_staff_user(user) or bool(user.is_superuser or user.is_staff)


# --- participants -----------------------------------------------------------------------------


def _partner_consent():
    """The person's consent to sharing with partners is in force (correlated on the person)."""
    from tiltas.people.models import Consent

    return Exists(
        Consent.objects.filter(
            participant=OuterRef("pk"),
            purpose=Consent.Purpose.PARTNER_SHARING,
            withdrawn_at__isnull=True,
        )
    )


def _team_role_orgs(user) -> set[int]:
    """Organisations where the user currently holds a role that works on case teams."""
    return org_ids(user, Role.CASE_MANAGER, Role.SPECIALIST)


def _partner_case_orgs(user) -> set[int]:
    """Organisations whose cases the user may sit on as a partner: those that run a programme
    together with an organisation where the user holds a team role now."""
    cached = getattr(user, "_tiltas_partner_case_orgs", None)
    if cached is None:
        cached = set()
        for org in _team_role_orgs(user):
            cached |= _team_orgs(org)
        user._tiltas_partner_case_orgs = cached
    return cached


def _case_condition(user) -> Q:
    """On the person's case, by the role the user holds now: as its case manager while a case
    manager of the case's organisation; on its team while a case manager or specialist of that
    organisation, or of a partner organisation (then only while the person's consent to
    sharing with partners is in force). A role ended or changed ends the access it gave."""
    from tiltas.casework.models import Case, CaseTeamMember

    managing = Case.objects.filter(
        participant=OuterRef("pk"),
        case_manager=user,
        organisation__in=org_ids(user, Role.CASE_MANAGER),
    )
    own_team = CaseTeamMember.objects.filter(
        case__participant=OuterRef("pk"), user=user, case__organisation__in=_team_role_orgs(user)
    )
    partner_team = CaseTeamMember.objects.filter(
        case__participant=OuterRef("pk"),
        user=user,
        case__organisation__in=_partner_case_orgs(user),
    )
    return (
        Q(Exists(managing))
        | Q(Exists(own_team))
        | (Q(Exists(partner_team)) & Q(_partner_consent()))
    )


def participants_visible_to(user, *, include_break_glass: bool = True) -> QuerySet:
    """Participants whose record the user may open.

    Break-glass grants open a record for reading only: every predicate that lets the user
    change something asks with include_break_glass=False, so emergency access can never be
    turned into a lasting role (enrolling the person, opening or joining their case).
    """
    from tiltas.access.models import BreakGlassGrant
    from tiltas.casework.models import Case
    from tiltas.people.models import Participant
    from tiltas.programmes.models import Enrolment

    if not is_staff_user(user):
        return Participant.objects.none()
    any_case_in_org = Case.objects.filter(
        participant=OuterRef("pk"), organisation=OuterRef("organisation")
    )
    condition = _case_condition(user)
    intake_orgs = org_ids(user, Role.CASE_MANAGER, Role.COORDINATOR)
    if intake_orgs:
        # Registered by this user and waiting for a case to be opened.
        condition |= Q(intake_by=user, organisation__in=intake_orgs) & ~Q(Exists(any_case_in_org))
    coordinating = org_ids(user, Role.COORDINATOR)
    if coordinating:
        # The programmes they coordinate while a coordinator of its lead or a partner.
        coordinated = Enrolment.objects.filter(
            participant=OuterRef("pk"), programme__coordinators=user
        ).filter(
            Q(programme__lead_organisation__in=coordinating)
            | Q(programme__partners__in=coordinating)
        )
        condition |= Q(Exists(coordinated))
    if include_break_glass:
        glass = BreakGlassGrant.objects.filter(
            participant=OuterRef("pk"), user=user, expires_at__gt=timezone.now()
        )
        condition |= Q(Exists(glass))
    return Participant.objects.filter(condition)


def can_view_participant(user, participant, *, include_break_glass: bool = True) -> bool:
    return (
        participants_visible_to(user, include_break_glass=include_break_glass)
        .filter(pk=participant.pk)
        .exists()
    )


def in_normal_scope(user, participant) -> bool:
    """Visible through the user's own work, not through an emergency (break-glass) grant."""
    return can_view_participant(user, participant, include_break_glass=False)


def _case_roles(user, participant) -> tuple[bool, set[str]]:
    """(is case manager of the person's case, specialties the user holds on its team), under
    the same conditions as _case_condition."""
    from tiltas.casework.models import CaseTeamMember
    from tiltas.people.models import Participant

    on_case = Participant.objects.filter(pk=participant.pk)
    is_manager = participant.cases.filter(
        case_manager=user, organisation__in=org_ids(user, Role.CASE_MANAGER)
    ).exists()
    allowed_orgs = set(_team_role_orgs(user))
    if on_case.filter(_partner_consent()).exists():
        allowed_orgs |= _partner_case_orgs(user)
    specialties: set[str] = set()
    for case_org, specialty in CaseTeamMember.objects.filter(
        case__participant=participant, user=user, case__organisation__in=allowed_orgs
    ).values_list("case__organisation_id", "specialty"):
        # A seat's label counts only while the member still works in that specialty.
        if specialty in team_specialties_of(user, case_org):
            specialties.add(specialty)
    return is_manager, specialties


def _is_open_intake(user, participant, roles=(Role.CASE_MANAGER, Role.COORDINATOR)) -> bool:
    from tiltas.casework.models import Case

    return (
        participant.intake_by_id == user.pk
        and participant.organisation_id in org_ids(user, *roles)
        and not Case.objects.filter(
            participant=participant, organisation_id=participant.organisation_id
        ).exists()
    )


def can_edit_participant(user, participant) -> bool:
    if not is_staff_user(user):
        return False
    is_manager, specialties = _case_roles(user, participant)
    return (
        is_manager or bool(specialties & EDITING_SPECIALTIES) or _is_open_intake(user, participant)
    )


def can_view_sensitive(user, participant) -> bool:
    """Special-category data: the case manager, team members whose specialty needs it, and the
    worker doing the intake before a case is opened. Coordinators and break-glass do not."""
    if not is_staff_user(user):
        return False
    is_manager, specialties = _case_roles(user, participant)
    return (
        is_manager
        or bool(specialties & SENSITIVE_SPECIALTIES)
        # Before a case exists, the case manager doing the intake records the sensitive
        # section; a coordinator who registers someone does not see it.
        or _is_open_intake(user, participant, roles=(Role.CASE_MANAGER,))
    )


can_edit_sensitive = can_view_sensitive


def can_register_participant(user) -> bool:
    return bool(org_ids(user, Role.CASE_MANAGER, Role.COORDINATOR))


def registration_orgs(user) -> set[int]:
    return org_ids(user, Role.CASE_MANAGER, Role.COORDINATOR)


def duplicate_candidates_scope(user) -> QuerySet:
    """Where the duplicate check looks: every participant of the user's registering
    organisations, including ones the user may not open (they are shown without content)."""
    from tiltas.people.models import Participant

    return Participant.objects.filter(organisation__in=registration_orgs(user))


# --- programmes and enrolments ----------------------------------------------------------------


def programmes_visible_to(user) -> QuerySet:
    from tiltas.programmes.models import Programme

    if not is_staff_user(user):
        return Programme.objects.none()
    orgs = org_ids(user)
    return Programme.objects.filter(
        Q(lead_organisation__in=orgs) | Q(partners__in=orgs) | Q(coordinators=user)
    ).distinct()


def can_manage_programme(user, programme=None) -> bool:
    """Create or edit a programme: administrators and coordinators of the lead organisation."""
    managing = org_ids(user, Role.ORG_ADMIN, Role.COORDINATOR)
    if programme is None:
        return bool(managing)
    return programme.lead_organisation_id in managing


def can_enrol(user, participant, programme) -> bool:
    """Enrol a person whose record the user keeps, in a programme the person's organisation
    runs (as lead or partner); a coordinator of that programme may too. Never through a
    break-glass grant, never into another organisation's programme."""
    if not in_normal_scope(user, participant):
        return False
    runs_it = programme.lead_organisation_id == participant.organisation_id or (
        programme.partners.filter(pk=participant.organisation_id).exists()
    )
    if not runs_it:
        return False
    coordinating = org_ids(user, Role.COORDINATOR)
    coordinates = programme.coordinators.filter(pk=user.pk).exists() and (
        programme.lead_organisation_id in coordinating
        or programme.partners.filter(pk__in=coordinating).exists()
    )
    return can_edit_participant(user, participant) or coordinates


def programmes_enrollable_by(user, participant) -> QuerySet:
    """The programmes ``can_enrol`` allows for this person, as one query: those the user
    coordinates, and, if they keep the person's record, those the person's organisation runs."""
    from tiltas.programmes.models import Programme

    if not in_normal_scope(user, participant):
        return Programme.objects.none()
    runs_it = Q(lead_organisation_id=participant.organisation_id) | Q(
        partners=participant.organisation_id
    )
    condition = (
        runs_it
        if can_edit_participant(user, participant)
        else (
            runs_it
            & Q(coordinators=user)
            & (
                Q(lead_organisation__in=org_ids(user, Role.COORDINATOR))
                | Q(partners__in=org_ids(user, Role.COORDINATOR))
            )
        )
    )
    return Programme.objects.filter(
        pk__in=programmes_visible_to(user).filter(condition).values("pk")
    )


def can_manage_enrolment(user, enrolment) -> bool:
    return can_enrol(user, enrolment.participant, enrolment.programme)


# --- cases ------------------------------------------------------------------------------------


def can_open_case(user, participant) -> bool:
    return participant.organisation_id in org_ids(
        user, Role.CASE_MANAGER, Role.COORDINATOR
    ) and in_normal_scope(user, participant)


def can_manage_case(user, case) -> bool:
    """Change the team, the case manager, close or reopen: the case manager, or a coordinator
    of the case's organisation who can see the person."""
    if case.case_manager_id == user.pk and case.organisation_id in org_ids(user, Role.CASE_MANAGER):
        return True
    return case.organisation_id in org_ids(user, Role.COORDINATOR) and in_normal_scope(
        user, case.participant
    )


def case_manager_choices(organisation_id: int) -> QuerySet:
    from tiltas.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation_id=organisation_id,
        memberships__role=Role.CASE_MANAGER,
        memberships__is_active=True,
    ).distinct()


def _team_orgs(organisation_id: int) -> set[int]:
    """The case's organisation and the organisations it runs programmes with."""
    from tiltas.programmes.models import Programme

    partner_orgs = set(
        Programme.objects.filter(
            Q(lead_organisation_id=organisation_id) | Q(partners=organisation_id)
        ).values_list("partners", flat=True)
    ) | set(
        Programme.objects.filter(partners=organisation_id).values_list(
            "lead_organisation_id", flat=True
        )
    )
    return ({organisation_id} | partner_orgs) - {None}


#: Roles whose holders work on case teams. Coordinators oversee cases but do not join teams:
#: a seat on the team would give them the sensitive section their role does not need.
TEAM_ROLES = (Role.CASE_MANAGER, Role.SPECIALIST)


def team_member_choices(organisation_id: int) -> QuerySet:
    """Case managers and specialists of the case's organisation and its programme partners."""
    from tiltas.accounts.models import User

    return User.objects.filter(
        is_active=True,
        memberships__organisation__in=_team_orgs(organisation_id),
        memberships__role__in=TEAM_ROLES,
        memberships__is_active=True,
    ).distinct()


def team_specialties_of(member, organisation_id: int) -> set[str]:
    """What the person may be on a team as: a specialist as the specialty of their role, a
    case manager as a social worker. The label decides who sees the sensitive section, so it
    comes from the person's role, never from a free choice."""
    from tiltas.accounts.models import Membership

    result: set[str] = set()
    for role, specialty in Membership.objects.filter(
        user=member,
        is_active=True,
        organisation__in=_team_orgs(organisation_id),
        role__in=TEAM_ROLES,
    ).values_list("role", "specialty"):
        if role == Role.CASE_MANAGER:
            result.add(Specialty.SOCIAL_WORKER)
        else:
            result.add(specialty or Specialty.OTHER)
    return result


# --- referrals --------------------------------------------------------------------------------


def referrals_visible_to(user) -> QuerySet:
    """The intake queue of the user's organisations; once accepted, a referral is as visible
    as the person it became."""
    from tiltas.referrals.models import Referral

    orgs = org_ids(user, Role.CASE_MANAGER, Role.COORDINATOR)
    if not orgs:
        return Referral.objects.none()
    return Referral.objects.filter(organisation__in=orgs).filter(
        ~Q(status=Referral.Status.ACCEPTED)
        | Q(participant__in=participants_visible_to(user).values("pk"))
    )


def can_decide_referral(user, referral) -> bool:
    from tiltas.referrals.models import Referral

    return referral.status in Referral.PENDING and referral.organisation_id in org_ids(
        user, Role.CASE_MANAGER, Role.COORDINATOR
    )


def referral_orgs(user) -> set[int]:
    return org_ids(user, Role.CASE_MANAGER, Role.COORDINATOR)


# --- administration and break-glass -----------------------------------------------------------


def admin_orgs(user) -> set[int]:
    return org_ids(user, Role.ORG_ADMIN)


def can_break_glass(user, participant) -> bool:
    """A coordinator or administrator may open a record of their own organisation outside
    their normal scope, stating a reason."""
    return participant.organisation_id in org_ids(user, Role.COORDINATOR, Role.ORG_ADMIN)


def break_glass_candidates(user) -> QuerySet:
    from tiltas.people.models import Participant

    return Participant.objects.filter(
        organisation__in=org_ids(user, Role.COORDINATOR, Role.ORG_ADMIN)
    )


def audit_entries_visible_to(user) -> QuerySet:
    """Administrators review the entries about their organisations' people, and the entries
    about no person (accounts, roles, programmes) that their own staff wrote. Entries about
    another organisation's people stay with that organisation, whoever wrote them."""
    from tiltas.accounts.models import Membership
    from tiltas.audit.models import AuditEntry
    from tiltas.people.models import Participant

    orgs = admin_orgs(user)
    if not orgs:
        return AuditEntry.objects.none()
    staff = Membership.objects.filter(organisation__in=orgs, is_active=True).values("user_id")
    people = Participant.objects.filter(organisation__in=orgs).values("pk")
    return AuditEntry.objects.filter(
        Q(participant_id__in=people) | Q(participant_id__isnull=True, actor__in=staff)
    )
