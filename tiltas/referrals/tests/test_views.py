from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tiltas.accounts.models import Membership, Role
from tiltas.audit.models import AuditEntry, CaseEvent
from tiltas.people import services as people_services
from tiltas.people.models import Participant
from tiltas.programmes.models import Cohort, Enrolment, Programme
from tiltas.reference.models import LabourMarketStatus, Municipality
from tiltas.referrals import services
from tiltas.referrals.models import Referral
from tiltas.referrals.tests.test_services import (  # noqa: F401 (frozen_today is a fixture)
    PETRAS_CODE,
    TODAY,
    counts,
    frozen_today,
    make_referral,
    petras_fields,
    source,
)


@pytest.fixture
def as_user(login):
    """The persona's client, asking for English pages (the msgids) whatever is translated."""

    def _as(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _as


def accept_post(personas, programme=None, **overrides) -> dict:
    unemployed = LabourMarketStatus.objects.get(code="unemployed-registered")
    data = {
        "programme": (programme or personas.programme).pk,
        "cohort": "",
        "entry_date": TODAY.isoformat(),
        "person-first_name": "Petras",
        "person-last_name": "Jonaitis",
        "person-personal_code": PETRAS_CODE,
        "person-birth_date": "1990-05-12",
        "person-gender": "man",
        "person-email": "petras@example.lt",
        "person-phone": "+37062222222",
        "person-address": "Gedimino pr. 1",
        "person-postal_code": "LT-01103",
        "person-municipality": Municipality.objects.get(code="LT-57").pk,
        "person-eldership": "",
        "person-citizenship": "eu",
        "person-isced_level": "",
        "person-labour_market_status": unemployed.pk,
        "person-unemployed_since": "2024-09-01",
        "person-children_count": "0",
        "person-consents": ["service_delivery"],
        "person-disability": "undisclosed",
        "person-disability_notes": "",
        "person-minority": "undisclosed",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def second_programme(personas) -> Programme:
    return Programme.objects.create(
        code="11-415-K-0007",
        title="Darbo link",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
        lead_organisation=personas.ngo,
    )


# --- the queue ------------------------------------------------------------------------------


def test_the_queue_shows_pending_referrals_oldest_first(personas, as_user):
    make_referral(
        personas,
        first_name="Naujas",
        last_name="Siuntimas",
        personal_code="",
        received_on=TODAY - timedelta(days=2),
    )
    make_referral(
        personas,
        first_name="Senas",
        last_name="Siuntimas",
        personal_code="",
        received_on=TODAY - timedelta(days=30),
    )
    waiting = make_referral(
        personas,
        first_name="Laukiantis",
        last_name="Eilėje",
        personal_code="",
        received_on=TODAY - timedelta(days=10),
    )
    services.referral_waitlist(actor=personas.ruta, referral=waiting)
    declined = make_referral(
        personas, first_name="Atmestas", last_name="Siuntimas", personal_code=""
    )
    services.referral_decline(actor=personas.ruta, referral=declined, reason="Netinka.")

    response = as_user(personas.ruta).get(reverse("referrals:list"))

    assert response.status_code == 200
    html = response.text
    assert (
        html.index("Siuntimas, Senas")
        < html.index("Eilėje, Laukiantis")
        < html.index("Siuntimas, Naujas")
    )
    assert "Atmestas" not in html
    assert "Waiting list" in html
    assert "Record a referral" in html
    rows = list(response.context["page"].object_list)
    assert [r.days_waiting for r in rows] == [30, 10, 2]
    assert "2026-02-14" in html  # received date of the oldest one, as Y-m-d


def test_the_status_filter_shows_decided_referrals(personas, as_user):
    declined = make_referral(
        personas, first_name="Atmestas", last_name="Siuntimas", personal_code=""
    )
    services.referral_decline(actor=personas.ruta, referral=declined, reason="Netinka.")
    make_referral(personas, first_name="Laukia", last_name="Sprendimo", personal_code="")
    client = as_user(personas.ruta)

    only_declined = client.get(reverse("referrals:list"), {"status": "declined"}).text
    everything = client.get(reverse("referrals:list"), {"status": "all"}).text

    assert "Siuntimas, Atmestas" in only_declined
    assert "Sprendimo" not in only_declined
    assert "Siuntimas, Atmestas" in everything and "Sprendimo, Laukia" in everything


def test_the_search_ignores_diacritics(personas, as_user):
    make_referral(
        personas,
        first_name="Ona",
        last_name="Žukauskienė",
        personal_code="",
        birth_date=None,
        gender="woman",
    )
    make_referral(personas, first_name="Petras", last_name="Jonaitis", personal_code="")

    response = as_user(personas.ruta).get(reverse("referrals:list"), {"q": "zukauskiene"})

    assert "Žukauskienė, Ona" in response.text
    assert "Jonaitis" not in response.text


def test_an_htmx_request_gets_only_the_results(personas, as_user):
    make_referral(personas)

    response = as_user(personas.ruta).get(
        reverse("referrals:list"), {"q": "jon"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Jonaitis, Petras" in response.text
    assert "<html" not in response.text


def test_an_unknown_status_falls_back_to_a_clear_page(personas, as_user):
    make_referral(personas)

    response = as_user(personas.ruta).get(reverse("referrals:list"), {"status": "bogus"})

    assert response.status_code == 200
    assert "Jonaitis, Petras" in response.text


def test_the_queue_is_paginated(personas, as_user, settings):
    settings.PAGE_SIZE = 2
    for name in ("Aldona", "Birutė", "Česlovas"):
        make_referral(
            personas,
            first_name=name,
            last_name="Testas",
            personal_code="",
            birth_date=None,
            gender="",
        )

    first = as_user(personas.ruta).get(reverse("referrals:list"))
    second = as_user(personas.ruta).get(reverse("referrals:list"), {"page": 2})

    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["page"].object_list) == 2
    assert len(second.context["page"].object_list) == 1


# --- recording ------------------------------------------------------------------------------


def create_post(personas, **overrides) -> dict:
    data = {
        "programme": personas.programme.pk,
        "source": source().pk,
        "received_on": (TODAY - timedelta(days=1)).isoformat(),
        "reason": "Reikia pagalbos ieškant darbo.",
        "referrer_organisation": "Užimtumo tarnyba",
        "referrer_name": "Inga Mockienė",
        "referrer_contact": "inga@uzt.lt",
        "first_name": "Petras",
        "last_name": "Jonaitis",
        "birth_date": "1990-05-12",
        "gender": "man",
        "personal_code": PETRAS_CODE,
        "phone": "+37062222222",
        "email": "petras@example.lt",
    }
    data.update(overrides)
    return data


def test_ruta_records_a_referral(personas, as_user):
    client = as_user(personas.ruta)

    page = client.get(reverse("referrals:create"))
    response = client.post(reverse("referrals:create"), create_post(personas))

    # One organisation to receive referrals: no select to choose it.
    assert '<select name="organisation"' not in page.text
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert referral.organisation == personas.ngo
    assert referral.created_by == personas.ruta
    assert (referral.first_name, referral.personal_code) == ("Petras", PETRAS_CODE)
    assert referral.status == Referral.Status.RECEIVED


def test_a_worker_of_two_organisations_chooses_where_the_referral_goes(personas, as_user):
    Membership.objects.create(
        user=personas.ruta, organisation=personas.municipality, role=Role.CASE_MANAGER
    )
    client = as_user(personas.ruta)

    page = client.get(reverse("referrals:create"))
    response = client.post(
        reverse("referrals:create"),
        create_post(
            personas,
            organisation=personas.municipality.pk,
            programme="",
        ),
    )

    assert '<select name="organisation"' in page.text
    assert response.status_code == 302
    assert Referral.objects.get().organisation == personas.municipality


def test_a_worker_cannot_record_a_referral_for_an_organisation_not_theirs(personas, as_user):
    Membership.objects.create(
        user=personas.ruta, organisation=personas.municipality, role=Role.CASE_MANAGER
    )

    response = as_user(personas.ruta).post(
        reverse("referrals:create"),
        create_post(
            personas,
            organisation=personas.provider.pk,
        ),
    )

    assert response.status_code == 200
    assert "Choose one of your organisations." in response.text
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"received_on": (TODAY + timedelta(days=1)).isoformat()},
            "The date received cannot be in the future.",
        ),
        (
            {"birth_date": (TODAY + timedelta(days=1)).isoformat(), "personal_code": ""},
            "The birth date cannot be in the future.",
        ),
        ({"personal_code": "39005121238"}, "check digit is wrong"),
        (
            {"birth_date": "1990-05-13"},
            "The birth date does not match the personal code (1990-05-12).",
        ),
        ({"first_name": "<script>"}, "A name may contain only letters"),
        ({"reason": ""}, "This field is required."),
    ],
)
def test_bad_input_gets_a_clear_message_and_records_nothing(personas, as_user, overrides, message):
    response = as_user(personas.ruta).post(
        reverse("referrals:create"), create_post(personas, **overrides)
    )

    assert response.status_code == 200
    assert message in response.text
    assert not Referral.objects.exists()


def test_the_form_offers_only_active_sources_and_visible_programmes(personas, as_user):
    retired = source("other")
    retired.is_active = False
    retired.save()
    Programme.objects.create(
        code="TRAKAI-1",
        title="Trakų programa",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.municipality,
    )

    form = as_user(personas.ruta).get(reverse("referrals:create")).context["form"]

    assert retired not in form.fields["source"].queryset
    assert list(form.fields["programme"].queryset) == [personas.programme]


# --- detail ---------------------------------------------------------------------------------


def test_the_detail_shows_the_referral_and_its_decisions(personas, as_user):
    referral = make_referral(personas)
    services.referral_waitlist(
        actor=personas.ruta, referral=referral, reason="Grupė pilna iki balandžio."
    )

    response = as_user(personas.jonas).get(reverse("referrals:detail", args=[referral.pk]))

    html = response.text
    assert response.status_code == 200
    assert "Petras Jonaitis" in html
    assert "Inga Mockienė" in html
    assert "3900512••••" in html and PETRAS_CODE not in html
    assert "Grupė pilna iki balandžio." in html
    assert "Decision history" in html and "Received" in html and "Waiting list" in html
    assert reverse("referrals:accept", args=[referral.pk]) in html
    assert reverse("referrals:decline", args=[referral.pk]) in html
    # Already on the waiting list: that action is not offered again.
    assert reverse("referrals:waitlist", args=[referral.pk]) not in html
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.jonas, object_pk=str(referral.pk)
    ).exists()


def test_an_accepted_referral_links_to_the_participant_and_offers_no_decision(personas, as_user):
    referral = make_referral(personas)
    client = as_user(personas.ruta)
    client.post(reverse("referrals:accept", args=[referral.pk]), accept_post(personas))
    referral.refresh_from_db()

    html = client.get(reverse("referrals:detail", args=[referral.pk])).text

    assert reverse("people:detail", args=[referral.participant_id]) in html
    assert reverse("referrals:accept", args=[referral.pk]) not in html
    assert reverse("referrals:decline", args=[referral.pk]) not in html
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.ACCESS, actor=personas.ruta, object_pk=str(referral.pk)
    ).latest("id")
    assert entry.participant_id == referral.participant_id


def test_the_coordinator_sees_the_accepted_referral_without_a_link_she_cannot_use(
    personas, as_user
):
    # Laura coordinates personas.programme, so she sees the person once enrolled there; in a
    # programme she does not coordinate the accepted referral is hidden from her.
    other = second_programme(personas)
    referral = make_referral(personas, programme=other)
    as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]), accept_post(personas, programme=other)
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED

    response = as_user(personas.laura).get(reverse("referrals:detail", args=[referral.pk]))

    assert response.status_code == 404


# --- accepting ------------------------------------------------------------------------------


def test_the_accept_form_starts_from_what_the_referral_says(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.ruta).get(reverse("referrals:accept", args=[referral.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["first_name"].value() == "Petras"
    assert form["personal_code"].value() == PETRAS_CODE
    assert 'name="person-last_name"' in response.text and 'value="Jonaitis"' in response.text
    accept_form = response.context["accept_form"]
    assert accept_form["programme"].value() == personas.programme.pk
    assert accept_form["entry_date"].value() == TODAY


def test_accepting_through_the_page_registers_enrols_and_goes_to_the_person(personas, as_user):
    cohort = Cohort.objects.create(
        programme=personas.programme, name="Pavasaris", start_date=date(2026, 3, 1)
    )
    referral = make_referral(personas)

    response = as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, cohort=cohort.pk),
    )

    referral.refresh_from_db()
    person = Participant.objects.get(personal_code=PETRAS_CODE)
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    assert referral.status == Referral.Status.ACCEPTED and referral.participant == person
    enrolment = Enrolment.objects.get(participant=person)
    assert (enrolment.programme, enrolment.cohort) == (personas.programme, cohort)
    assert set(CaseEvent.objects.filter(participant=person).values_list("type", flat=True)) >= {
        "referral_accepted",
        "enrolled",
        "participant_registered",
        "consent_given",
    }


def test_accepting_without_the_consent_is_refused_and_writes_nothing(personas, as_user):
    referral = make_referral(personas)
    before = counts()

    response = as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, **{"person-consents": None}),
    )

    assert response.status_code == 200
    assert "The consent to service delivery is required" in response.text
    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_an_entry_date_outside_the_programme_writes_nothing(personas, as_user):
    referral = make_referral(personas)
    before = counts()

    response = as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, entry_date="2025-09-01"),
    )

    assert response.status_code == 200
    assert "The entry date must fall within the programme period" in response.text
    assert counts() == before
    assert not Participant.objects.filter(personal_code=PETRAS_CODE).exists()
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_a_cohort_of_another_programme_is_refused_on_the_page(personas, as_user):
    other = second_programme(personas)
    cohort = Cohort.objects.create(programme=other, name="Ruduo", start_date=date(2026, 9, 1))
    referral = make_referral(personas)
    before = counts()

    response = as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, cohort=cohort.pk),
    )

    assert "This cohort belongs to another programme." in response.text
    assert counts() == before


def ona_referral(personas) -> Referral:
    return make_referral(
        personas,
        first_name="Ona",
        last_name="Žukauskienė",
        personal_code="",
        birth_date=date(1985, 1, 1),
        gender="woman",
    )


def ona_post(personas, programme=None, **overrides) -> dict:
    return accept_post(
        personas,
        programme=programme,
        **{
            "person-first_name": "Ona",
            "person-last_name": "Žukauskienė",
            "person-personal_code": "",
            "person-birth_date": "1985-01-01",
            "person-gender": "woman",
            **overrides,
        },
    )


def test_a_possible_duplicate_is_shown_with_a_way_to_link_the_same_person(personas, as_user):
    other = second_programme(personas)
    referral = ona_referral(personas)
    client = as_user(personas.ruta)
    before = counts()

    shown = client.post(
        reverse("referrals:accept", args=[referral.pk]), ona_post(personas, programme=other)
    )

    assert shown.status_code == 200
    assert "Possible matches" in shown.text
    assert f'name="link_participant" value="{personas.ona_record.pk}"' in shown.text
    assert "this is a different person" in shown.text
    assert counts() == before

    linked = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        ona_post(personas, programme=other, link_participant=personas.ona_record.pk),
    )

    assert linked.status_code == 302
    assert linked.url == reverse("people:detail", args=[personas.ona_record.pk])
    referral.refresh_from_db()
    assert referral.participant == personas.ona_record
    assert referral.status == Referral.Status.ACCEPTED
    assert Participant.objects.count() == before["participants"]
    assert Enrolment.objects.filter(participant=personas.ona_record, programme=other).exists()


def test_linking_to_a_person_already_in_the_programme_says_so(personas, as_user):
    referral = ona_referral(personas)
    before = counts()

    response = as_user(personas.ruta).post(
        reverse("referrals:accept", args=[referral.pk]),
        ona_post(personas, link_participant=personas.ona_record.pk),
    )

    assert response.status_code == 200
    assert "already enrolled in this programme" in response.text
    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_confirming_a_different_person_registers_them(personas, as_user):
    referral = ona_referral(personas)
    client = as_user(personas.ruta)
    before = counts()

    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        ona_post(personas, **{"person-confirm_new_person": "on"}),
    )

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.participant not in (None, personas.ona_record)
    assert Participant.objects.count() == before["participants"] + 1
    assert response.url == reverse("people:detail", args=[referral.participant_id])


def test_jonas_sees_a_match_he_may_not_open_without_a_link(personas, as_user):
    referral = ona_referral(personas)

    response = as_user(personas.jonas).post(
        reverse("referrals:accept", args=[referral.pk]), ona_post(personas)
    )

    assert "Possible matches" in response.text
    assert "O. Ž." in response.text
    assert 'name="link_participant"' not in response.text
    assert reverse("people:detail", args=[personas.ona_record.pk]) not in response.text


def test_jonas_cannot_link_a_referral_to_ona_by_forging_the_form(personas, as_user):
    other = second_programme(personas)
    referral = ona_referral(personas)
    before = counts()

    response = as_user(personas.jonas).post(
        reverse("referrals:accept", args=[referral.pk]),
        ona_post(personas, programme=other, link_participant=personas.ona_record.pk),
    )

    assert response.status_code == 404
    assert counts() == before
    assert Referral.objects.get(pk=referral.pk).participant is None


def test_the_same_personal_code_offers_the_registered_person(personas, as_user):
    other = second_programme(personas)
    referral = make_referral(
        personas,
        first_name="Ona",
        last_name="Žukauskienė",
        personal_code="48501011610",
        birth_date=date(1985, 1, 1),
        gender="woman",
    )
    client = as_user(personas.ruta)

    response = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        ona_post(personas, programme=other, **{"person-personal_code": "48501011610"}),
    )

    assert "already registered in your organisation" in response.text
    assert f'name="link_participant" value="{personas.ona_record.pk}"' in response.text


# --- waiting list and declining -------------------------------------------------------------


def test_declining_without_a_reason_is_refused(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.ruta).post(
        reverse("referrals:decline", args=[referral.pk]), {"reason": "  "}
    )

    assert response.status_code == 200
    assert "Say why the referral is declined." in response.text
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.RECEIVED


def test_declining_with_a_reason(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.ruta).post(
        reverse("referrals:decline", args=[referral.pk]), {"reason": "Gyvena kitoje savivaldybėje."}
    )

    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decision_reason, stored.decided_by) == (
        Referral.Status.DECLINED,
        "Gyvena kitoje savivaldybėje.",
        personas.ruta,
    )


def test_the_decline_page_asks_for_the_reason(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.ruta).get(reverse("referrals:decline", args=[referral.pk]))

    assert response.status_code == 200
    assert "Reason for declining" in response.text


def test_waitlisting_with_a_note(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.laura).post(
        reverse("referrals:waitlist", args=[referral.pk]), {"reason": "Vietų nėra iki gegužės."}
    )

    assert response.status_code == 302
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decision_reason) == (
        Referral.Status.WAITLISTED,
        "Vietų nėra iki gegužės.",
    )


def test_waitlisting_without_a_note(personas, as_user):
    referral = make_referral(personas)

    response = as_user(personas.ruta).post(
        reverse("referrals:waitlist", args=[referral.pk]), {"reason": ""}
    )

    assert response.status_code == 302
    assert Referral.objects.get(pk=referral.pk).status == Referral.Status.WAITLISTED


@pytest.mark.parametrize("action", ["accept", "decline", "waitlist"])
def test_a_decided_referral_cannot_be_decided_again_through_the_pages(personas, as_user, action):
    referral = make_referral(personas)
    services.referral_decline(actor=personas.ruta, referral=referral, reason="Netinka.")
    client = as_user(personas.ruta)
    before = counts()
    data = accept_post(personas) if action == "accept" else {"reason": "Kita."}

    response = client.post(reverse(f"referrals:{action}", args=[referral.pk]), data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("referrals:detail", args=[referral.pk])
    assert "This referral has already been decided." in response.text
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decision_reason) == (Referral.Status.DECLINED, "Netinka.")
    assert counts() == before


def test_a_referral_already_on_the_waiting_list_is_not_waitlisted_again(personas, as_user):
    referral = make_referral(personas)
    services.referral_waitlist(actor=personas.ruta, referral=referral, reason="Pirmas.")

    response = as_user(personas.ruta).post(
        reverse("referrals:waitlist", args=[referral.pk]), {"reason": "Antras."}, follow=True
    )

    assert "The referral is already on the waiting list." in response.text
    assert Referral.objects.get(pk=referral.pk).decision_reason == "Pirmas."


def test_an_existing_person_registered_by_ruta_can_be_linked_from_the_page(personas, as_user):
    petras = people_services.participant_register(
        actor=personas.ruta,
        organisation=personas.ngo,
        fields=petras_fields(personal_code=None),
        consents=["service_delivery"],
    )
    referral = make_referral(personas, personal_code="")
    client = as_user(personas.ruta)

    shown = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, **{"person-personal_code": ""}),
    )
    linked = client.post(
        reverse("referrals:accept", args=[referral.pk]),
        accept_post(personas, link_participant=petras.pk),
    )

    assert f'name="link_participant" value="{petras.pk}"' in shown.text
    assert linked.status_code == 302
    assert Referral.objects.get(pk=referral.pk).participant == petras
    assert Participant.objects.filter(first_name="Petras").count() == 1


def test_the_queue_reads_a_fixed_number_of_queries_whatever_its_length(personas, as_user):
    client = as_user(personas.ruta)
    make_referral(personas, personal_code="")
    client.get(reverse("referrals:list"))  # warm the session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("referrals:list"))
    for name in ("Aldona", "Birutė", "Česlovas", "Dalia", "Eglė"):
        make_referral(
            personas,
            first_name=name,
            last_name="Testas",
            personal_code="",
            birth_date=None,
            gender="",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("referrals:list"))

    assert len(response.context["page"].object_list) == 6
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_personal_code_typed_into_the_referral_search_never_stays_in_the_address(personas, login):
    client = login(personas.ruta)
    response = client.get(reverse("referrals:list"), {"q": "Petras 38501011610"})
    assert response.status_code == 302
    assert "38501011610" not in response["Location"] and "Petras" in response["Location"]
    live = client.get(reverse("referrals:list"), {"q": "38501011610"}, HTTP_HX_REQUEST="true")
    assert live.status_code == 200
    assert "38501011610" not in live["HX-Push-Url"]
    assert "38501011610" not in live.content.decode()
