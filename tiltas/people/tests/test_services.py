from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.personas import participant_fields
from tiltas.audit.models import CaseEvent
from tiltas.people import services
from tiltas.people.models import Consent, Participant, SensitiveProfile
from tiltas.people.selectors import find_duplicates

pytestmark = pytest.mark.django_db


def register(personas, actor=None, confirmed=False, consents=("service_delivery",), **fields):
    return services.participant_register(
        actor=actor or personas.ruta,
        organisation=personas.ngo,
        fields=participant_fields(**fields),
        consents=list(consents),
        confirmed_new_person=confirmed,
    )


def test_registration_writes_person_sensitive_section_consent_and_timeline(personas):
    person = register(
        personas,
        first_name="Aldona",
        last_name="Jankauskienė",
        personal_code=None,
        birth_date=date(1960, 2, 2),
    )
    assert person.search_name == "aldona jankauskiene"
    assert person.intake_by == personas.ruta
    assert SensitiveProfile.objects.filter(participant=person).exists()
    consent = Consent.objects.get(participant=person)
    assert consent.purpose == "service_delivery" and consent.recorded_by == personas.ruta
    types = set(CaseEvent.objects.filter(participant=person).values_list("type", flat=True))
    assert types == {"participant_registered", "consent_given"}


def test_missing_service_consent_is_refused_and_nothing_written(personas):
    before = Participant.objects.count()
    with pytest.raises(ValidationError) as caught:
        register(
            personas,
            consents=(),
            first_name="Petras",
            last_name="Petrauskas",
            personal_code=None,
            gender="man",
        )
    assert "consents" in caught.value.error_dict
    assert Participant.objects.count() == before


def test_same_personal_code_in_the_organisation_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        register(personas, first_name="Ona", last_name="Kita", confirmed=True)
    assert "personal_code" in caught.value.error_dict


@pytest.mark.parametrize(
    ("first", "last"),
    [("Ona", "Zukauskiene"), ("ona", "ŽUKAUSKIENĖ"), ("Ona", "Žukauskaitė")],
)
def test_similar_name_with_same_birth_date_is_a_possible_duplicate(personas, first, last):
    with pytest.raises(services.PossibleDuplicates) as caught:
        register(personas, first_name=first, last_name=last, personal_code=None)
    match = caught.value.matches[0]
    assert match.pk == personas.ona_record.pk
    assert match.visible is True  # Rūta manages Ona's case


def test_duplicate_shown_to_a_colleague_without_content(personas):
    matches = find_duplicates(
        personas.jonas,
        organisation_id=personas.ngo.pk,
        first_name="Ona",
        last_name="Zukauskiene",
        birth_date=date(1985, 1, 1),
    )
    assert len(matches) == 1
    assert matches[0].visible is False
    assert matches[0].initials == "O. Ž."
    assert not hasattr(matches[0], "personal_code")


def test_confirmed_new_person_with_similar_name_is_registered(personas):
    person = register(
        personas, first_name="Ona", last_name="Žukauskaitė", personal_code=None, confirmed=True
    )
    assert person.pk != personas.ona_record.pk


def test_other_birth_date_is_not_a_duplicate(personas):
    person = register(
        personas,
        first_name="Ona",
        last_name="Žukauskienė",
        personal_code=None,
        birth_date=date(1970, 5, 5),
    )
    assert person.pk


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"personal_code": "48501011611"}, "personal_code"),
        ({"personal_code": "38501011610"}, "gender"),  # a man's code for a woman
        ({"personal_code": "48501011610", "birth_date": date(1985, 1, 2)}, "birth_date"),
        ({"birth_date": date(2090, 1, 1), "personal_code": None}, "birth_date"),
        ({"first_name": "<script>alert(1)</script>"}, "first_name"),
        ({"last_name": "X" * 101}, "last_name"),
        ({"unemployed_since": None}, "unemployed_since"),
        ({"single_parent": True, "children_count": 0}, "children_count"),
        ({"phone": "861234567"}, "phone"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_nothing_written(personas, fields, field):
    before = Participant.objects.count()
    fields.setdefault("first_name", "Rasa")
    with pytest.raises(ValidationError) as caught:
        register(personas, **fields)
    assert field in caught.value.error_dict
    assert Participant.objects.count() == before


def test_colleague_not_on_the_case_cannot_edit(personas):
    with pytest.raises(PermissionDenied):
        services.participant_update(
            actor=personas.jonas, participant=personas.ona_record, fields={"phone": "+37061234567"}
        )


def test_update_records_changed_fields_on_the_timeline(personas):
    services.participant_update(
        actor=personas.ruta, participant=personas.ona_record, fields={"phone": "+37061234567"}
    )
    event = CaseEvent.objects.filter(
        participant=personas.ona_record, type="participant_updated"
    ).get()
    assert event.payload == {"fields": ["phone"]}


def test_consent_withdrawal_keeps_history_and_allows_giving_again(personas):
    consent = personas.ona_record.consents.get(purpose="service_delivery")
    services.consent_withdraw(actor=personas.ruta, consent=consent)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=personas.ruta, consent=consent)
    again = services.consent_give(
        actor=personas.ruta, participant=personas.ona_record, purpose="service_delivery"
    )
    assert again.pk != consent.pk
    assert personas.ona_record.consents.filter(purpose="service_delivery").count() == 2


def test_long_term_unemployment_follows_the_age_rule(personas):
    ona = personas.ona_record  # born 1985, unemployed since 2024-03-01
    assert ona.is_long_term_unemployed(date(2025, 3, 1)) is False
    assert ona.is_long_term_unemployed(date(2025, 3, 2)) is True
    young = register(
        personas,
        first_name="Gabija",
        last_name="Petraitytė",
        personal_code=None,
        birth_date=date(2003, 6, 1),
        unemployed_since=date(2024, 1, 15),
    )
    assert young.is_long_term_unemployed(date(2024, 7, 15)) is False
    assert young.is_long_term_unemployed(date(2024, 7, 16)) is True


def test_intake_recorded_later_carries_the_interview_date(personas):
    person = register(
        personas,
        first_name="Rima",
        last_name="Kairienė",
        personal_code=None,
        birth_date=date(1990, 3, 3),
    )
    assert set(person.events.values_list("occurred_on", flat=True)) == {timezone.localdate()}
    later = services.participant_register(
        actor=personas.ruta,
        organisation=personas.ngo,
        fields=participant_fields(
            first_name="Rūta",
            last_name="Vaitkienė",
            personal_code=None,
            birth_date=date(1991, 4, 4),
        ),
        consents=["service_delivery"],
        intake_date=date(2025, 12, 1),
    )
    assert set(later.events.values_list("occurred_on", flat=True)) == {date(2025, 12, 1)}
    assert later.consents.get().given_at.date() == date(2025, 12, 1)


def test_intake_date_in_the_future_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        services.participant_register(
            actor=personas.ruta,
            organisation=personas.ngo,
            fields=participant_fields(first_name="Rima", last_name="Kairienė", personal_code=None),
            consents=["service_delivery"],
            intake_date=date(2099, 1, 1),
        )
    assert "intake_date" in caught.value.error_dict
