"""Registering and editing through the screens, with bad input answered in the user's
language and nothing written."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tiltas.people.demo import make_personal_code
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
        "first_name": "Kotryna",
        "last_name": "Šimkūnaitė",
        "personal_code": "",
        "birth_date": "1992-05-17",
        "gender": "woman",
        "municipality": Municipality.objects.get(code="LT-15").pk,
        "citizenship": "eu",
        "labour_market_status": LabourMarketStatus.objects.filter(esf_category="unemployed")
        .first()
        .pk,
        "unemployed_since": "2024-01-10",
        "children_count": "0",
        "consents": ["service_delivery"],
        "disability": "undisclosed",
        "minority": "undisclosed",
    }
    data.update(overrides)
    return data


def signed_in(client, personas, language="lt"):
    client.force_login(personas.ruta, backend="allauth.account.auth_backends.AuthenticationBackend")
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
def test_bad_input_is_explained_in_the_users_language(client, personas, overrides, key, language):
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
    data = form_data(
        first_name="Ona",
        last_name="Zukauskiene",
        birth_date="1985-01-01",
        unemployed_since="2024-03-01",
    )
    first = client.post(reverse("people:create"), data)
    body = first.content.decode()
    assert ENGLISH["duplicate"] in body
    assert reverse("people:detail", args=[personas.ona_record.pk]) in body
    assert Participant.objects.filter(search_name="ona zukauskiene").count() == 1
    confirmed = client.post(reverse("people:create"), {**data, "confirm_new_person": "on"})
    assert confirmed.status_code == 302
    assert Participant.objects.filter(search_name="ona zukauskiene").count() == 2


def test_colleague_sees_a_possible_match_without_its_content(client, personas):
    client.force_login(
        personas.jonas, backend="allauth.account.auth_backends.AuthenticationBackend"
    )
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
    data = form_data(
        first_name="Ona",
        last_name="Žukauskienė",
        birth_date="1985-01-01",
        personal_code="48501011610",
        unemployed_since="2024-03-01",
        children_count="2",
        single_parent="on",
        phone="+37069999999",
    )
    response = client.post(url, data)
    assert response.status_code == 302
    personas.ona_record.refresh_from_db()
    assert personas.ona_record.phone == "+37069999999"
    assert personas.ona_record.events.filter(type="participant_updated").exists()


# --- the personal code on the edit form ---------------------------------------------------------


def ona_edit_data(**overrides):
    data = form_data(
        first_name="Ona",
        last_name="Žukauskienė",
        birth_date="1985-01-01",
        personal_code="",
        unemployed_since="2024-03-01",
        children_count="2",
        single_parent="on",
    )
    data.update(overrides)
    return data


def test_edit_form_shows_the_code_masked_and_never_in_full(client, personas):
    code = personas.ona_record.personal_code
    body = (
        signed_in(client, personas, "en")
        .get(reverse("people:edit", args=[personas.ona_record.pk]))
        .content.decode()
    )
    assert code not in body
    assert f"Now: {code[:7]}••••. Leave empty to keep it; type a new one to change it." in body
    field = body[body.index('name="personal_code"') :]
    field = field[: field.index(">")]
    assert 'value="' not in field or 'value=""' in field


def test_edit_with_the_code_left_empty_keeps_it(client, personas):
    code = personas.ona_record.personal_code
    url = reverse("people:edit", args=[personas.ona_record.pk])
    response = signed_in(client, personas).post(url, ona_edit_data(phone="+37069999999"))
    assert response.status_code == 302
    personas.ona_record.refresh_from_db()
    assert personas.ona_record.personal_code == code
    assert personas.ona_record.phone == "+37069999999"
    event = personas.ona_record.events.get(type="participant_updated")
    assert "personal_code" not in str(event.payload)


def test_edit_with_a_new_valid_code_changes_it(client, personas):
    new_code = make_personal_code(date(1985, 1, 1), is_male=False, serial=377)
    assert new_code != personas.ona_record.personal_code
    url = reverse("people:edit", args=[personas.ona_record.pk])
    response = signed_in(client, personas).post(url, ona_edit_data(personal_code=new_code))
    assert response.status_code == 302
    personas.ona_record.refresh_from_db()
    assert personas.ona_record.personal_code == new_code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("48501011619", ENGLISH["code"]),
        ("4850101161", "A personal code has exactly 11 digits."),
        # A real code, but of a man born on another day: it does not fit Ona's record.
        (
            make_personal_code(date(1990, 5, 12), is_male=True, serial=123),
            "The birth date does not match the personal code (1990-05-12).",
        ),
    ],
)
def test_edit_with_an_invalid_code_is_refused_and_changes_nothing(client, personas, code, message):
    ona = personas.ona_record
    stored = ona.personal_code
    url = reverse("people:edit", args=[ona.pk])
    response = signed_in(client, personas, "en").post(
        url, ona_edit_data(personal_code=code, phone="+37069999999")
    )
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in response.content.decode()
    ona.refresh_from_db()
    assert ona.personal_code == stored and ona.phone != "+37069999999"
    assert not ona.events.filter(type="participant_updated").exists()


def test_registration_form_still_asks_for_the_code_plainly(client, personas):
    body = signed_in(client, personas, "en").get(reverse("people:create")).content.decode()
    assert "Optional. 11 digits; checked against the birth date and gender." in body
    assert "Leave empty to keep it" not in body


def test_our_catalogue_marks_djangos_blank_choice_label_exactly():
    # Django's Lithuanian catalogue lacks this label; tiltas.common.i18n keeps it in ours, which
    # only works while the msgid is exactly the one Django looks up.
    from django.db.models.fields import BLANK_CHOICE_LABEL

    from tiltas.common.i18n import BLANK_CHOICE_LABEL as OURS

    with translation.override("en"):
        assert str(BLANK_CHOICE_LABEL) == OURS


# --- consents and the sensitive section: bad input and double clicks change nothing -------------


def test_a_double_click_on_a_consent_gets_already_in_force_not_an_error(
    client, personas, monkeypatch
):
    from tiltas.people import services

    ona = personas.ona_record
    url = reverse("people:consent_add", args=[ona.pk])
    client = signed_in(client, personas, "en")
    assert client.post(url, {"purpose": "exchange_profile"}).status_code == 302
    given = ona.events.filter(type="consent_given").count()
    # The second click's check ran before the first click's row was committed: the database's
    # one-in-force constraint is what stops it.
    monkeypatch.setattr(services, "_consent_in_force", lambda participant, purpose: False)
    response = client.post(url, {"purpose": "exchange_profile"})
    assert response.status_code == 200
    assert "This consent is already in force." in response.content.decode()
    assert ona.consents.filter(purpose="exchange_profile").count() == 1
    assert ona.events.filter(type="consent_given").count() == given


def test_bad_sensitive_input_leaves_no_empty_section_behind(personas):
    from django.core.exceptions import ValidationError

    from tiltas.people import services
    from tiltas.people.models import SensitiveProfile

    ona = personas.ona_record
    SensitiveProfile.objects.filter(participant=ona).delete()
    with pytest.raises(ValidationError) as error:
        services.sensitive_update(
            actor=personas.ruta, participant=ona, fields={"disability": "perhaps", "minority": "no"}
        )
    assert "disability" in error.value.message_dict
    assert not SensitiveProfile.objects.filter(participant=ona).exists()
    assert not ona.events.filter(type="sensitive_updated").exists()
    services.sensitive_update(
        actor=personas.ruta, participant=ona, fields={"disability": "no", "minority": "no"}
    )
    profile = SensitiveProfile.objects.get(participant=ona)
    assert (profile.disability, profile.minority, profile.updated_by) == ("no", "no", personas.ruta)
    services.sensitive_update(
        actor=personas.ruta,
        participant=ona,
        fields={"disability": "yes", "disability_notes": "Ramp."},
    )
    profile.refresh_from_db()
    assert (profile.disability, profile.disability_notes, profile.minority) == (
        "yes",
        "Ramp.",
        "no",
    )
    assert SensitiveProfile.objects.filter(participant=ona).count() == 1
