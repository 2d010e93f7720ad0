from datetime import date

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiltas.audit.models import AuditEntry
from tiltas.programmes import selectors, services
from tiltas.programmes.models import Enrolment, Target
from tiltas.programmes.tests.test_services import make_person, make_programme
from tiltas.reference.models import ExitReason

pytestmark = pytest.mark.django_db


def enrol_people(personas, programme, how_many: int, *, start: int = 0):
    people = []
    for i in range(start, start + how_many):
        person = make_person(personas, "Asmuo", last_name=f"Bandomoji{'a' * (i + 1)}")
        services.enrolment_create(
            actor=personas.ruta,
            participant=person,
            programme=programme,
            entry_date=date(2025, 10, 6),
        )
        people.append(person)
    return people


def test_target_progress_counts_enrolled_and_active_people(personas):
    programme = make_programme(personas)
    Target.objects.create(programme=programme, metric=Target.Metric.PARTICIPANTS, value=4)
    Target.objects.create(programme=programme, metric=Target.Metric.ACTIVE_PARTICIPANTS, value=2)
    people = enrol_people(personas, programme, 3)
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=Enrolment.objects.get(participant=people[0]),
        exit_date=date(2025, 11, 1),
        exit_reason=ExitReason.objects.get(code="found-job"),
    )
    progress = {p.target.metric: p for p in selectors.target_progress(programme)}
    assert progress["participants"].achieved == 3
    assert progress["participants"].percent == 75
    assert progress["active_participants"].achieved == 2
    assert progress["active_participants"].percent == 100


def test_target_progress_percent_is_capped_at_100(personas):
    programme = make_programme(personas)
    Target.objects.create(programme=programme, metric=Target.Metric.PARTICIPANTS, value=1)
    enrol_people(personas, programme, 2)
    [progress] = selectors.target_progress(programme)
    assert (progress.achieved, progress.percent) == (2, 100)


@pytest.mark.parametrize(
    ("persona", "sees_ona"),
    [
        ("ruta", True),
        ("aiste", True),
        ("laura", True),
        ("jonas", False),
        ("tomas", False),
        ("admin", False),
        ("egle", False),
        ("darius", False),
        ("ona", False),
    ],
)
def test_enrolments_visible_lists_only_people_the_user_may_see(personas, persona, sees_ona):
    user = personas.all()[persona]
    shown = list(selectors.enrolments_visible(user, personas.programme))
    assert [e.participant for e in shown] == ([personas.ona_record] if sees_ona else [])


def test_jonas_sees_none_of_onas_programme_enrolments_but_laura_the_coordinator_does(personas):
    # Rūta enrols a second person she registered herself; Laura coordinates the programme.
    [other] = enrol_people(personas, personas.programme, 1)
    assert list(selectors.enrolments_visible(personas.jonas, personas.programme)) == []
    laura_sees = {
        e.participant for e in selectors.enrolments_visible(personas.laura, personas.programme)
    }
    assert laura_sees == {personas.ona_record, other}


def test_programme_list_counts_enrolled_and_active_and_is_scoped(personas):
    programme = make_programme(personas)
    people = enrol_people(personas, programme, 2)
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=Enrolment.objects.get(participant=people[0]),
        exit_date=date(2025, 11, 1),
        exit_reason=ExitReason.objects.get(code="found-job"),
    )
    rows = {p.code: (p.enrolled, p.active) for p in selectors.programme_list(personas.jonas)}
    assert rows == {"11-415-K-0003": (1, 1), "11-415-K-0099": (2, 1)}
    # Aistė's organisation is a partner of the persona programme only.
    assert [p.code for p in selectors.programme_list(personas.aiste)] == ["11-415-K-0003"]
    assert list(selectors.programme_list(personas.tomas)) == []
    assert list(selectors.programme_list(personas.darius)) == []


def test_programme_get_for_answers_404_outside_the_users_organisations(personas):
    assert selectors.programme_get_for(personas.jonas, personas.programme.pk) == personas.programme
    with pytest.raises(Http404):
        selectors.programme_get_for(personas.tomas, personas.programme.pk)
    with pytest.raises(Http404):
        selectors.programme_get_for(personas.jonas, "x")


def test_enrolment_get_for_records_the_read_and_hides_other_peoples_enrolments(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    assert selectors.enrolment_get_for(personas.ruta, enrolment.pk) == enrolment
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS,
        actor=personas.ruta,
        participant_id=personas.ona_record.pk,
    ).exists()
    before = AuditEntry.objects.count()
    with pytest.raises(Http404):
        selectors.enrolment_get_for(personas.jonas, enrolment.pk)
    assert AuditEntry.objects.count() == before


def test_programmes_for_enrolment_leaves_out_ongoing_and_unrelated_programmes(personas):
    other = make_programme(personas)
    ona = personas.ona_record
    assert list(selectors.programmes_for_enrolment(personas.ruta, ona)) == [other]
    assert set(selectors.programmes_for_enrolment(personas.ruta, ona, include_ongoing=True)) == {
        other,
        personas.programme,
    }
    # Aistė is on the team but does not keep the record and coordinates nothing.
    assert not selectors.programmes_for_enrolment(
        personas.aiste, ona, include_ongoing=True
    ).exists()
    # Laura enrols only in the programmes she coordinates.
    assert set(selectors.programmes_for_enrolment(personas.laura, ona, include_ongoing=True)) == {
        other,
        personas.programme,
    }


def test_coordinator_choices_list_active_coordinators_only(personas):
    assert list(selectors.coordinator_choices()) == [personas.laura]
    [laura] = selectors.coordinator_choices()
    assert [m.organisation for m in laura.coordinator_roles] == [personas.ngo]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_and_detail_queries_do_not_grow_with_the_number_of_enrolments(personas, login):
    client = login(personas.laura)
    programme = make_programme(personas)
    enrol_people(personas, programme, 2)
    detail = reverse("programmes:detail", args=[programme.pk])
    listing = reverse("programmes:list")
    few = _queries(client, detail), _queries(client, listing)
    enrol_people(personas, programme, 18, start=2)
    response = client.get(detail)
    assert response.content.decode().count("Bandomoji") == 20
    many = _queries(client, detail), _queries(client, listing)
    assert many == few
