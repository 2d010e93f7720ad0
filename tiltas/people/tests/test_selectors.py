from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.personas import participant_fields
from tiltas.casework.services import case_open
from tiltas.people.services import participant_register
from tiltas.programmes.services import enrolment_create

pytestmark = pytest.mark.django_db


def add_people(personas, count, start):
    for i in range(start, start + count):
        person = participant_register(
            actor=personas.ruta,
            organisation=personas.ngo,
            fields=participant_fields(
                first_name="Asta",
                last_name=f"Petrauskienė{chr(97 + i % 26)}{chr(97 + i // 26)}",
                personal_code=None,
                birth_date=date(1980, 1, 1 + i % 28),
            ),
            consents=["service_delivery"],
            confirmed_new_person=True,
        )
        enrolment_create(
            actor=personas.ruta,
            participant=person,
            programme=personas.programme,
            entry_date=date(2025, 11, 3),
        )
        case_open(actor=personas.ruta, participant=person, case_manager=personas.ruta)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("route", ["people:list", "home"])
def test_page_queries_do_not_grow_with_the_number_of_people(client, personas, route):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    add_people(personas, 2, 0)
    few = queries_for(client, reverse(route))
    add_people(personas, 20, 2)
    many = queries_for(client, reverse(route))
    assert many == few


def test_timeline_and_detail_queries_do_not_grow_with_events(client, personas):
    from tiltas.people.services import consent_give, consent_withdraw

    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
    url = reverse("people:detail", args=[personas.ona_record.pk])
    few = queries_for(client, url)
    for _ in range(10):
        consent = consent_give(
            actor=personas.ruta, participant=personas.ona_record, purpose="employer_contact"
        )
        consent_withdraw(actor=personas.ruta, consent=consent)
    many = queries_for(client, url)
    assert many == few
