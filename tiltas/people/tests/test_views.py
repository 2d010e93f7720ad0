"""Registering and editing through the screens, with bad input answered in the user's
language and nothing written."""

import pytest
from django.urls import reverse
from django.utils import translation

from tiltas.people.models import Participant
from tiltas.reference.models import LabourMarketStatus, Municipality

pytestmark = pytest.mark.django_db

ENGLISH = {
    "code": "The personal code's check digit is wrong; please check for a typing error.",
    "consent": "The consent to service delivery is required to register a person.",
    "municipality": "Choose a municipality from the list.",
    "name": "A name may contain only letters, spaces, hyphens and apostrophes.",
    "duplicate": "This person may already be registered.",
}


def form_data(**overrides):
    data = {
        "first_name": "Kotryna", "last_name": "Šimkūnaitė", "personal_code": "",
        "birth_date": "1992-05-17", "gender": "woman",
        "municipality": Municipality.objects.get(code="LT-15").pk, "citizenship": "eu",
        "labour_market_status": LabourMarketStatus.objects.filter(
            esf_category="unemployed").first().pk,
        "unemployed_since": "2024-01-10", "children_count": "0", "consents": ["service_delivery"],
        "disability": "undisclosed", "minority": "undisclosed",
    }
    data.update(overrides)
    return data


def signed_in(client, personas, language="lt"):
    client.force_login(personas.ruta,
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    client.cookies["django_language"] = language
    return client


def test_registration_creates_the_person_and_opens_their_page(client, personas):
    response = signed_in(client, personas).post(reverse("people:create"), form_data())
    person = Participant.objects.get(last_name="Šimkūnaitė")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.organisation == personas.ngo and person.intake_by == personas.ruta
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"personal_code": "49205170001"}, "code"),
        ({"consents": []}, "consent"),
        ({"municipality": "999999"}, "municipality"),
        ({"first_name": "<script>alert(1)</script>"}, "name"),
    ],
)
@pytest.mark.parametrize("language", ["lt", "en"])
def test_bad_input_is_explained_in_the_users_language(client, personas, overrides, key,
                                                      language):
    before = Participant.objects.count()
    response = signed_in(client, personas, language).post(
        reverse("people:create"), form_data(**overrides)
    )
    assert response.status_code == 200
    with translation.override(language):
        message = str(translation.gettext(ENGLISH[key]))
    if language == "lt":
        assert message != ENGLISH[key], "the message has no Lithuanian translation"
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert Participant.objects.count() == before


def test_possible_duplicate_is_shown_and_confirmation_registers(client, personas):
    client = signed_in(client, personas, "en")
    data = form_data(first_name="Ona", last_name="Zukauskiene", birth_date="1985-01-01",
                     unemployed_since="2024-03-01")
    first = client.post(reverse("people:create"), data)
    body = first.content.decode()
    assert ENGLISH["duplicate"] in body
    assert reverse("people:detail", args=[personas.ona_record.pk]) in body
    assert Participant.objects.filter(search_name="ona zukauskiene").count() == 1
    confirmed = client.post(reverse("people:create"), {**data, "confirm_new_person": "on"})
    assert confirmed.status_code == 302
    assert Participant.objects.filter(search_name="ona zukauskiene").count() == 2


def test_colleague_sees_a_possible_match_without_its_content(client, personas):
    client.force_login(personas.jonas,
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    client.cookies["django_language"] = "en"
    data = form_data(first_name="Ona", last_name="Žukauskienė", birth_date="1985-01-01")
    body = client.post(reverse("people:create"), data).content.decode()
    assert "O. Ž." in body
    assert reverse("people:detail", args=[personas.ona_record.pk]) not in body
    assert personas.ona_record.phone not in body or not personas.ona_record.phone


def test_edit_saves_and_records_the_change(client, personas):
    client = signed_in(client, personas)
    url = reverse("people:edit", args=[personas.ona_record.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(first_name="Ona", last_name="Žukauskienė", birth_date="1985-01-01",
                     personal_code="48501011610", unemployed_since="2024-03-01",
                     children_count="2", single_parent="on", phone="+37069999999")
    response = client.post(url, data)
    assert response.status_code == 302
    personas.ona_record.refresh_from_db()
    assert personas.ona_record.phone == "+37069999999"
    assert personas.ona_record.events.filter(type="participant_updated").exists()
