"""The holes a review found, each closed and kept closed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.personas import participant_fields
from tiltas.access import policy
from tiltas.access.services import break_glass_open
from tiltas.accounts.models import Membership, Role
from tiltas.accounts.services import membership_add
from tiltas.casework.models import Case
from tiltas.casework.services import case_open, team_member_add
from tiltas.people.services import consent_withdraw, participant_register
from tiltas.programmes.models import Programme
from tiltas.programmes.services import enrolment_create

pytestmark = pytest.mark.django_db


def onas_case(personas) -> Case:
    return Case.objects.get(participant=personas.ona_record)


def outsider(personas, actor=None):
    """Someone of the NGO that Laura does not coordinate and nobody but Jonas works with."""
    actor = actor or personas.jonas
    person = participant_register(
        actor=actor,
        organisation=personas.ngo,
        fields=participant_fields(
            first_name="Gintarė",
            last_name="Ramanauskienė",
            personal_code=None,
            birth_date=date(1982, 2, 2),
        ),
        consents=["service_delivery"],
    )
    case_open(actor=actor, participant=person, case_manager=actor)
    return person


def test_coordinator_cannot_seat_herself_on_a_team(personas):
    with pytest.raises(ValidationError):
        team_member_add(
            actor=personas.laura,
            case=onas_case(personas),
            user=personas.laura,
            specialty="social_worker",
        )
    assert not policy.team_member_choices(personas.ngo.pk).filter(pk=personas.laura.pk).exists()
    assert not policy.can_view_sensitive(personas.laura, personas.ona_record)


def test_team_specialty_must_be_the_members_own(personas):
    case = onas_case(personas)
    with pytest.raises(ValidationError) as caught:
        team_member_add(
            actor=personas.ruta, case=case, user=personas.jonas, specialty="psychologist"
        )
    assert "specialty" in caught.value.error_dict
    assert not policy.can_view_participant(personas.jonas, personas.ona_record)
    team_member_add(actor=personas.ruta, case=case, user=personas.jonas, specialty="social_worker")
    assert policy.can_view_participant(personas.jonas, personas.ona_record)


def test_break_glass_reads_but_cannot_enrol_or_open_a_case(personas):
    person = outsider(personas)
    assert not policy.can_view_participant(personas.laura, person)
    break_glass_open(
        actor=personas.laura,
        participant=person,
        reason="Skubi situacija: asmuo neatsiliepia, vadybininkas atostogauja.",
    )
    assert policy.can_view_participant(personas.laura, person)
    assert not policy.in_normal_scope(personas.laura, person)
    assert not policy.can_enrol(personas.laura, person, personas.programme)
    with pytest.raises(PermissionDenied):
        enrolment_create(
            actor=personas.laura,
            participant=person,
            programme=personas.programme,
            entry_date=date(2025, 11, 3),
        )
    assert not policy.can_manage_case(personas.laura, Case.objects.get(participant=person))
    assert not policy.can_view_sensitive(personas.laura, person)


def test_coordinator_does_not_enrol_another_organisations_person(personas):
    other = Programme.objects.create(
        code="KITA-1",
        title="Kita programa",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.municipality,
    )
    other.coordinators.add(personas.laura)
    Membership.objects.create(
        user=personas.laura, organisation=personas.municipality, role=Role.COORDINATOR
    )
    policy.forget_grants(personas.laura)
    assert not policy.can_enrol(personas.laura, personas.ona_record, other)
    assert policy.can_enrol(personas.laura, personas.ona_record, personas.programme)


def test_withdrawing_partner_consent_closes_the_partners_view(personas):
    assert policy.can_view_participant(personas.aiste, personas.ona_record)
    assert policy.can_view_sensitive(personas.aiste, personas.ona_record)
    consent = personas.ona_record.consents.get(purpose="partner_sharing")
    consent_withdraw(actor=personas.ruta, consent=consent)
    assert not policy.can_view_participant(personas.aiste, personas.ona_record)
    assert not policy.can_view_sensitive(personas.aiste, personas.ona_record)


def test_case_manager_who_left_the_organisation_loses_the_cases(personas):
    membership = personas.ruta.memberships.get(organisation=personas.ngo)
    membership.is_active = False
    membership.save()
    Membership.objects.create(
        user=personas.ruta, organisation=personas.municipality, role=Role.CASE_MANAGER
    )
    policy.forget_grants(personas.ruta)
    assert policy.is_staff_user(personas.ruta)
    assert not policy.can_view_participant(personas.ruta, personas.ona_record)
    assert not policy.can_edit_participant(personas.ruta, personas.ona_record)
    assert not policy.can_manage_case(personas.ruta, onas_case(personas))


def test_administrator_cannot_give_herself_a_personal_data_role(personas):
    with pytest.raises(ValidationError):
        membership_add(
            actor=personas.admin,
            user=personas.admin,
            organisation=personas.ngo,
            role=Role.COORDINATOR,
        )
    assert not personas.admin.memberships.filter(role=Role.COORDINATOR).exists()


def test_audit_review_stays_within_the_administrators_organisation(personas, client):
    from django.urls import reverse

    from tiltas.audit.models import AuditEntry

    partner_admin = Membership.objects.create(
        user=personas.jonas, organisation=personas.provider, role=Role.ORG_ADMIN
    ).user
    policy.forget_grants(partner_admin)
    client.force_login(
        personas.aiste, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
    client.get(reverse("people:detail", args=[personas.ona_record.pk]))
    assert AuditEntry.objects.filter(
        actor=personas.aiste, participant_id=personas.ona_record.pk
    ).exists()
    # Aistė works for the provider, but Ona belongs to the NGO: the provider's administrator
    # does not see entries about her; the NGO's does.
    assert (
        not policy.audit_entries_visible_to(partner_admin)
        .filter(participant_id=personas.ona_record.pk)
        .exists()
    )
    assert (
        policy.audit_entries_visible_to(personas.admin)
        .filter(participant_id=personas.ona_record.pk, actor=personas.aiste)
        .exists()
    )


def end_role(user, organisation, role):
    membership = user.memberships.get(organisation=organisation, role=role)
    membership.is_active = False
    membership.save()
    policy.forget_grants(user)


def test_case_manager_made_coordinator_in_the_same_organisation_loses_the_case(personas):
    end_role(personas.ruta, personas.ngo, Role.CASE_MANAGER)
    Membership.objects.create(user=personas.ruta, organisation=personas.ngo, role=Role.COORDINATOR)
    policy.forget_grants(personas.ruta)
    assert not policy.can_view_sensitive(personas.ruta, personas.ona_record)
    assert not policy.can_manage_case(personas.ruta, onas_case(personas))
    assert not policy.can_edit_participant(personas.ruta, personas.ona_record)


def test_partner_member_who_left_the_partner_loses_the_seat(personas):
    end_role(personas.aiste, personas.provider, Role.SPECIALIST)
    Membership.objects.create(
        user=personas.aiste, organisation=personas.municipality, role=Role.CASE_MANAGER
    )
    policy.forget_grants(personas.aiste)
    assert not policy.can_view_participant(personas.aiste, personas.ona_record)


def test_a_seat_label_counts_only_while_the_member_works_in_that_specialty(personas):
    membership = personas.aiste.memberships.get(organisation=personas.provider)
    membership.specialty = "lawyer"
    membership.save()
    policy.forget_grants(personas.aiste)
    assert policy.can_view_participant(personas.aiste, personas.ona_record)
    assert not policy.can_view_sensitive(personas.aiste, personas.ona_record)


def test_coordinator_who_left_the_lead_organisation_loses_its_programme(personas):
    assert policy.can_view_participant(personas.laura, personas.ona_record)
    end_role(personas.laura, personas.ngo, Role.COORDINATOR)
    Membership.objects.create(
        user=personas.laura, organisation=personas.municipality, role=Role.COORDINATOR
    )
    policy.forget_grants(personas.laura)
    assert not policy.can_view_participant(personas.laura, personas.ona_record)
    assert not policy.can_enrol(personas.laura, personas.ona_record, personas.programme)


def test_coordinator_registering_someone_does_not_see_their_sensitive_section(personas):
    person = participant_register(
        actor=personas.laura,
        organisation=personas.ngo,
        fields=participant_fields(
            first_name="Dovilė",
            last_name="Kairytė",
            personal_code=None,
            birth_date=date(1995, 5, 5),
        ),
        consents=["service_delivery"],
    )
    assert policy.can_view_participant(personas.laura, person)
    assert not policy.can_view_sensitive(personas.laura, person)
