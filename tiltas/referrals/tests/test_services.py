from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests.personas import participant_fields
from tiltas.audit.models import AuditEntry, CaseEvent
from tiltas.people import services as people_services
from tiltas.people.models import Consent, Participant
from tiltas.people.services import PossibleDuplicates
from tiltas.programmes.models import Cohort, Enrolment, Programme
from tiltas.reference.models import ReferralSource
from tiltas.referrals import services
from tiltas.referrals.models import Referral


@pytest.fixture(autouse=True)
def _messages_in_english():
    # These tests read the services' messages in English; the Lithuanian ones are checked in
    # the view tests.
    with translation.override("en"):
        yield


TODAY = date(2026, 3, 16)
#: A valid personal code of a man born 1990-05-12.
PETRAS_CODE = "39005121237"


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 3, 16, 10, 0, tzinfo=UTC), tick=True):
        yield


def source(code: str = "employment-service") -> ReferralSource:
    return ReferralSource.objects.get(code=code)


def new_referral(personas, **overrides) -> Referral:
    data = {
        "organisation": personas.ngo,
        "programme": personas.programme,
        "source": source(),
        "received_on": TODAY - timedelta(days=9),
        "reason": "Ilgalaikis bedarbis, reikia pagalbos grįžti į darbo rinką.",
        "referrer_organisation": "Užimtumo tarnyba, Vilniaus klientų aptarnavimo departamentas",
        "referrer_name": "Inga Mockienė",
        "referrer_contact": "+37061111111",
        "first_name": "Petras",
        "last_name": "Jonaitis",
        "birth_date": date(1990, 5, 12),
        "gender": "man",
        "personal_code": PETRAS_CODE,
        "phone": "+37062222222",
        "email": "petras@example.lt",
    }
    data.update(overrides)
    return Referral(**data)


def make_referral(personas, actor=None, **overrides) -> Referral:
    return services.referral_create(
        actor=actor or personas.ruta, referral=new_referral(personas, **overrides)
    )


def petras_fields(**overrides) -> dict:
    fields = participant_fields(
        first_name="Petras",
        last_name="Jonaitis",
        personal_code=PETRAS_CODE,
        birth_date=date(1990, 5, 12),
        gender="man",
        children_count=0,
        single_parent=False,
        unemployed_since=date(2024, 9, 1),
    )
    fields.update(overrides)
    return fields


def accept(personas, referral, actor=None, **overrides):
    kwargs = {
        "actor": actor or personas.ruta,
        "referral": referral,
        "programme": personas.programme,
        "entry_date": TODAY,
        "participant_fields": petras_fields(),
        "consents": ["service_delivery"],
        "sensitive": {"disability": "no", "minority": "undisclosed"},
    }
    kwargs.update(overrides)
    return services.referral_accept(**kwargs)


def counts() -> dict:
    return {
        "participants": Participant.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "consents": Consent.objects.count(),
        "events": CaseEvent.objects.count(),
    }


# --- recording ------------------------------------------------------------------------------


def test_ruta_records_a_referral_to_her_organisation(personas):
    referral = make_referral(
        personas,
        first_name="Žydrūnė",
        last_name="Šukienė",
        birth_date=None,
        gender="woman",
        personal_code="",
    )

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Referral.Status.RECEIVED
    assert stored.created_by == personas.ruta
    assert stored.organisation == personas.ngo
    assert stored.search_name == "zydrune sukiene"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_pk=str(referral.pk), actor=personas.ruta
    ).exists()


def test_tomas_cannot_record_a_referral_to_the_ngo(personas):
    with pytest.raises(PermissionDenied):
        make_referral(personas, actor=personas.tomas)
    assert not Referral.objects.exists()


def test_a_personal_code_with_a_wrong_check_digit_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, personal_code="39005121238")
    assert "personal_code" in caught.value.message_dict
    assert "check digit" in caught.value.message_dict["personal_code"][0]
    assert not Referral.objects.exists()


def test_a_birth_date_in_the_future_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, personal_code="", birth_date=TODAY + timedelta(days=1))
    assert caught.value.message_dict["birth_date"] == ["The birth date cannot be in the future."]
    assert not Referral.objects.exists()


def test_a_received_date_in_the_future_is_refused(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, received_on=TODAY + timedelta(days=1))
    assert caught.value.message_dict["received_on"] == [
        "The date received cannot be in the future."
    ]
    assert not Referral.objects.exists()


def test_the_personal_code_and_the_birth_date_must_agree(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, birth_date=date(1990, 5, 13))
    assert caught.value.message_dict["birth_date"] == [
        "The birth date does not match the personal code (1990-05-12)."
    ]
    assert not Referral.objects.exists()


def test_the_personal_code_and_the_gender_must_agree(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, gender="woman")
    assert "gender" in caught.value.message_dict
    assert not Referral.objects.exists()


def test_several_mistakes_are_reported_together(personas):
    with pytest.raises(ValidationError) as caught:
        make_referral(
            personas, received_on=TODAY + timedelta(days=3), first_name="P3tras", phone="8612"
        )
    assert {"received_on", "first_name", "phone"} <= set(caught.value.message_dict)


def test_a_programme_of_another_organisation_is_refused(personas):
    other = Programme.objects.create(
        code="TRAKAI-1",
        title="Trakų programa",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.municipality,
    )
    with pytest.raises(ValidationError) as caught:
        make_referral(personas, programme=other)
    assert "programme" in caught.value.message_dict
    assert not Referral.objects.exists()


# --- accepting ------------------------------------------------------------------------------


def test_accepting_registers_the_person_and_enrols_them(personas):
    referral = make_referral(personas)

    accept(personas, referral)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decided_by == personas.ruta
    assert referral.decided_at is not None
    person = referral.participant
    assert (person.first_name, person.last_name, person.organisation) == (
        "Petras",
        "Jonaitis",
        personas.ngo,
    )
    assert person.intake_by == personas.ruta
    enrolment = Enrolment.objects.get(participant=person)
    assert enrolment.programme == personas.programme
    assert enrolment.entry_date == TODAY
    types = set(CaseEvent.objects.filter(participant=person).values_list("type", flat=True))
    assert {"participant_registered", "referral_accepted", "enrolled", "consent_given"} <= types
    accepted_event = CaseEvent.objects.get(participant=person, type="referral_accepted")
    assert accepted_event.payload == {"referral": referral.pk, "source": "employment-service"}
    registered = CaseEvent.objects.get(participant=person, type="participant_registered")
    assert registered.payload["referral"] == referral.pk
    consent = Consent.objects.get(participant=person)
    assert consent.purpose == "service_delivery"
    assert consent.withdrawn_at is None


def test_accepting_into_a_cohort_of_the_programme(personas):
    cohort = Cohort.objects.create(
        programme=personas.programme, name="2026 pavasaris", start_date=date(2026, 3, 1)
    )
    referral = make_referral(personas)

    accept(personas, referral, cohort=cohort)

    assert Enrolment.objects.get(participant__referrals=referral).cohort == cohort


def test_a_cohort_of_another_programme_is_refused_and_nothing_is_written(personas):
    other = Programme.objects.create(
        code="NGO-2",
        title="Antra programa",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.ngo,
    )
    cohort = Cohort.objects.create(programme=other, name="A", start_date=date(2026, 1, 1))
    referral = make_referral(personas)
    before = counts()

    with pytest.raises(ValidationError) as caught:
        accept(personas, referral, cohort=cohort)

    assert "cohort" in caught.value.message_dict
    assert counts() == before


def test_accepting_can_link_an_existing_person_the_worker_sees(personas):
    petras = people_services.participant_register(
        actor=personas.ruta,
        organisation=personas.ngo,
        fields=petras_fields(),
        consents=["service_delivery"],
    )
    referral = make_referral(personas)
    before = counts()

    accept(personas, referral, existing_participant=petras, participant_fields=None, consents=None)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.participant == petras
    assert Participant.objects.count() == before["participants"]
    assert Enrolment.objects.filter(participant=petras, programme=personas.programme).exists()
    assert CaseEvent.objects.filter(participant=petras, type="referral_accepted").exists()
    assert not CaseEvent.objects.filter(
        participant=petras, type="participant_registered", payload__referral=referral.pk
    ).exists()


def test_jonas_cannot_link_a_referral_to_a_person_he_may_not_see(personas):
    referral = make_referral(
        personas,
        first_name="Ona",
        last_name="Žukauskienė",
        personal_code="",
        birth_date=date(1985, 1, 1),
        gender="woman",
    )
    before = counts()

    with pytest.raises(PermissionDenied):
        accept(personas, referral, actor=personas.jonas, existing_participant=personas.ona_record)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED
    assert referral.participant is None
    assert counts() == before


def test_a_possible_duplicate_stops_the_accept_until_the_worker_confirms(personas):
    referral = make_referral(
        personas,
        first_name="Ona",
        last_name="Zukauskiene",
        personal_code="",
        birth_date=date(1985, 1, 1),
        gender="woman",
    )
    ona_like = participant_fields(personal_code=None)
    before = counts()

    with pytest.raises(PossibleDuplicates) as caught:
        accept(personas, referral, participant_fields=ona_like)

    assert [m.pk for m in caught.value.matches] == [personas.ona_record.pk]
    assert caught.value.matches[0].visible
    assert counts() == before
    referral.refresh_from_db()
    assert referral.status == Referral.Status.RECEIVED

    accept(personas, referral, participant_fields=ona_like, confirmed_new_person=True)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.participant != personas.ona_record
    assert Participant.objects.count() == before["participants"] + 1


def test_a_failed_accept_writes_nothing(personas):
    referral = make_referral(personas)
    before = counts()
    audit_before = AuditEntry.objects.exclude(action=AuditEntry.Action.ACCESS).count()

    # The person registers fine, then the enrolment fails: the registration must not stay.
    with pytest.raises(ValidationError) as caught:
        accept(personas, referral, entry_date=date(2025, 9, 1))

    assert "entry_date" in caught.value.message_dict
    assert counts() == before
    assert not Participant.objects.filter(personal_code=PETRAS_CODE).exists()
    assert AuditEntry.objects.exclude(action=AuditEntry.Action.ACCESS).count() == audit_before
    # The caller's object is not left claiming a decision that was rolled back.
    assert referral.status == Referral.Status.RECEIVED
    assert referral.participant is None
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.participant_id, stored.decided_at) == (
        Referral.Status.RECEIVED,
        None,
        None,
    )


def test_accepting_without_the_required_consent_is_refused(personas):
    referral = make_referral(personas)
    before = counts()

    with pytest.raises(ValidationError) as caught:
        accept(personas, referral, consents=[])

    assert "consents" in caught.value.message_dict
    assert counts() == before


def test_tomas_cannot_accept_the_ngos_referral(personas):
    referral = make_referral(personas)
    before = counts()

    with pytest.raises(PermissionDenied):
        accept(personas, referral, actor=personas.tomas)

    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_laura_the_coordinator_accepts_a_referral(personas):
    referral = make_referral(personas)

    accept(personas, referral, actor=personas.laura)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.participant.intake_by == personas.laura


# --- declining and the waiting list ----------------------------------------------------------


def test_declining_needs_a_reason(personas):
    referral = make_referral(personas)

    with pytest.raises(ValidationError) as caught:
        services.referral_decline(actor=personas.ruta, referral=referral, reason="   ")

    assert caught.value.message_dict == {"reason": ["Say why the referral is declined."]}
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decided_at) == (Referral.Status.RECEIVED, None)


def test_declining_records_the_reason_and_who_decided(personas):
    referral = make_referral(personas)

    services.referral_decline(
        actor=personas.jonas, referral=referral, reason="  Gyvena kitoje savivaldybėje.  "
    )

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Referral.Status.DECLINED
    assert stored.decision_reason == "Gyvena kitoje savivaldybėje."
    assert stored.decided_by == personas.jonas
    assert stored.participant is None
    assert not Participant.objects.filter(personal_code=PETRAS_CODE).exists()


def test_waitlisting_keeps_the_referral_pending_with_its_note(personas):
    referral = make_referral(personas)

    services.referral_waitlist(
        actor=personas.ruta, referral=referral, reason="Grupė pilna iki balandžio."
    )

    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == Referral.Status.WAITLISTED
    assert stored.decision_reason == "Grupė pilna iki balandžio."
    assert stored.decided_by == personas.ruta


def test_a_referral_on_the_waiting_list_cannot_be_waitlisted_again(personas):
    referral = make_referral(personas)
    services.referral_waitlist(actor=personas.ruta, referral=referral)

    with pytest.raises(ValidationError):
        services.referral_waitlist(actor=personas.ruta, referral=referral, reason="vėl")

    assert Referral.objects.get(pk=referral.pk).decision_reason == ""


def test_a_waitlisted_referral_can_still_be_accepted(personas):
    referral = make_referral(personas)
    services.referral_waitlist(actor=personas.ruta, referral=referral, reason="Laukia vietos.")

    accept(personas, referral)

    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.ACCEPTED


@pytest.mark.parametrize("decision", ["accept", "decline", "waitlist"])
def test_an_already_decided_referral_cannot_be_decided_again(personas, decision):
    referral = make_referral(personas)
    services.referral_decline(actor=personas.ruta, referral=referral, reason="Netinka.")
    before = counts()

    with pytest.raises(ValidationError) as caught:
        if decision == "accept":
            accept(personas, referral)
        elif decision == "decline":
            services.referral_decline(actor=personas.ruta, referral=referral, reason="Kita.")
        else:
            services.referral_waitlist(actor=personas.ruta, referral=referral)

    assert caught.value.messages == ["This referral has already been decided."]
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decision_reason) == (Referral.Status.DECLINED, "Netinka.")
    assert counts() == before


def test_a_decision_taken_meanwhile_by_a_colleague_wins(personas):
    referral = make_referral(personas)
    stale = Referral.objects.get(pk=referral.pk)
    services.referral_decline(actor=personas.jonas, referral=referral, reason="Netinka.")
    before = counts()

    with pytest.raises(ValidationError):
        accept(personas, stale)

    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.DECLINED
