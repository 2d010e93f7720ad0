from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.personas import participant_fields
from tiltas.access import policy
from tiltas.audit.models import CaseEvent
from tiltas.casework import services
from tiltas.casework.models import Case
from tiltas.people.services import participant_register

pytestmark = pytest.mark.django_db


def new_person(personas, actor):
    return participant_register(
        actor=actor,
        organisation=personas.ngo,
        fields=participant_fields(
            first_name="Rimas",
            last_name="Paulauskas",
            gender="man",
            personal_code=None,
            birth_date=date(1979, 4, 4),
            single_parent=False,
        ),
        consents=["service_delivery"],
    )


def test_intake_worker_sees_the_person_until_a_case_goes_to_a_colleague(personas):
    person = new_person(personas, personas.jonas)
    assert policy.can_view_participant(personas.jonas, person)
    assert not policy.can_view_participant(personas.ruta, person)
    services.case_open(
        actor=personas.jonas,
        participant=person,
        case_manager=personas.ruta,
        opened_on=date(2025, 11, 3),
    )
    assert policy.can_view_participant(personas.ruta, person)
    assert not policy.can_view_participant(personas.jonas, person)


def test_opening_writes_the_case_and_its_timeline_event(personas):
    person = new_person(personas, personas.ruta)
    case = services.case_open(actor=personas.ruta, participant=person, case_manager=personas.ruta)
    assert case.organisation == personas.ngo and case.status == Case.Status.OPEN
    event = CaseEvent.objects.get(participant=person, type="case_opened")
    assert event.case == case and event.payload["case_manager"] == "Rūta Kazlauskienė"


def test_second_open_case_is_refused(personas):
    with pytest.raises(ValidationError):
        services.case_open(
            actor=personas.ruta, participant=personas.ona_record, case_manager=personas.ruta
        )
    assert Case.objects.filter(participant=personas.ona_record).count() == 1


def test_case_manager_must_be_a_case_manager_of_the_organisation(personas):
    person = new_person(personas, personas.ruta)
    with pytest.raises(ValidationError) as caught:
        services.case_open(actor=personas.ruta, participant=person, case_manager=personas.tomas)
    assert "case_manager" in caught.value.error_dict
    assert not Case.objects.filter(participant=person).exists()


def test_closing_before_opening_is_refused(personas):
    case = Case.objects.get(participant=personas.ona_record)
    with pytest.raises(ValidationError) as caught:
        services.case_close(actor=personas.ruta, case=case, closed_on=date(2025, 1, 1))
    assert "closed_on" in caught.value.error_dict
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_closed_case_reopens_as_the_same_case(personas):
    case = Case.objects.get(participant=personas.ona_record)
    services.case_close(actor=personas.ruta, case=case, closed_on=date(2025, 12, 1))
    reopened = services.case_open(
        actor=personas.ruta, participant=personas.ona_record, case_manager=personas.ruta
    )
    assert reopened.pk == case.pk and reopened.status == Case.Status.OPEN
    assert CaseEvent.objects.filter(case=case, type="case_reopened").exists()


def test_only_staff_of_the_organisation_or_its_partners_join_the_team(personas):
    case = Case.objects.get(participant=personas.ona_record)
    with pytest.raises(ValidationError):
        services.team_member_add(
            actor=personas.ruta, case=case, user=personas.tomas, specialty="social_worker"
        )
    with pytest.raises(ValidationError):
        services.team_member_add(
            actor=personas.ruta, case=case, user=personas.aiste, specialty="psychologist"
        )  # already on the team


def test_team_member_cannot_manage_the_case(personas):
    case = Case.objects.get(participant=personas.ona_record)
    with pytest.raises(PermissionDenied):
        services.case_close(actor=personas.aiste, case=case, closed_on=date(2025, 12, 1))


def test_removed_team_member_loses_access(personas):
    case = Case.objects.get(participant=personas.ona_record)
    member = case.team.get(user=personas.aiste)
    services.team_member_remove(actor=personas.ruta, member=member)
    assert not policy.can_view_participant(personas.aiste, personas.ona_record)
    assert CaseEvent.objects.filter(case=case, type="team_member_removed").exists()


def test_changing_the_case_manager_moves_access(personas):
    case = Case.objects.get(participant=personas.ona_record)
    services.case_change_manager(actor=personas.ruta, case=case, case_manager=personas.jonas)
    assert policy.can_view_participant(personas.jonas, personas.ona_record)
    assert not policy.can_view_participant(personas.ruta, personas.ona_record)


def test_partner_specialist_needs_the_persons_consent_to_sharing(personas):
    person = new_person(personas, personas.ruta)
    case = services.case_open(actor=personas.ruta, participant=person, case_manager=personas.ruta)
    with pytest.raises(ValidationError) as caught:
        services.team_member_add(
            actor=personas.ruta, case=case, user=personas.aiste, specialty="psychologist"
        )
    assert "user" in caught.value.error_dict
    assert not case.team.exists()
    from tiltas.people.services import consent_give

    consent_give(actor=personas.ruta, participant=person, purpose="partner_sharing")
    services.team_member_add(
        actor=personas.ruta, case=case, user=personas.aiste, specialty="psychologist"
    )
    assert case.team.filter(user=personas.aiste).exists()
