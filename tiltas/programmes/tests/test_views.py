from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tiltas.audit.models import CaseEvent
from tiltas.programmes.models import BudgetLine, Cohort, Enrolment, Programme
from tiltas.programmes.tests.test_services import make_person, make_programme
from tiltas.reference.models import ExitReason, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(login):
    """Sign a persona in, reading the pages in English (the source language of the texts)."""

    def _as(user):
        client = login(user)
        client.cookies["django_language"] = "en"
        return client

    return _as


def page(response) -> str:
    return response.content.decode()


# --- list and detail ---------------------------------------------------------------------------


def test_programme_list_shows_codes_counts_and_the_sensitive_badge(personas, as_user):
    make_programme(personas, code="11-415-K-0077", is_sensitive=True, title="Grįžimas")
    response = as_user(personas.laura).get(reverse("programmes:list"))
    html = page(response)
    assert response.status_code == 200
    assert "11-415-K-0003" in html and "11-415-K-0077" in html
    assert 'Grįžimas <span class="badge warn">sensitive</span>' in html
    assert reverse("programmes:create") in html
    assert "<td>1</td>" in html  # Ona enrolled and taking part


def test_programme_list_has_no_new_programme_button_for_a_case_manager(personas, as_user):
    html = page(as_user(personas.ruta).get(reverse("programmes:list")))
    assert "11-415-K-0003" in html
    assert reverse("programmes:create") not in html


def test_programme_detail_shows_budget_total_targets_cohorts_and_enrolments(personas, as_user):
    programme = personas.programme
    BudgetLine.objects.create(programme=programme, title="Personnel", amount=Decimal("1000.25"))
    BudgetLine.objects.create(programme=programme, title="Premises", amount=Decimal("234.25"))
    Cohort.objects.create(programme=programme, name="Ruduo 2025", start_date=date(2025, 10, 1))
    response = as_user(personas.laura).get(reverse("programmes:detail", args=[programme.pk]))
    html = page(response)
    assert response.status_code == 200
    assert "1,234.50 EUR" in html
    assert '<progress id="target-' in html and 'value="1" max="48"' in html
    assert "1 of 48 (2%)" in html
    assert "Ruduo 2025" in html and "2025-10-01" in html
    onas_link = reverse("people:detail", args=[personas.ona_record.pk])
    assert f'<a href="{onas_link}">Žukauskienė, Ona</a>' in html
    assert "2025-10-06" in html
    # The CSP forbids inline styles.
    assert "style=" not in html
    assert reverse("programmes:edit", args=[programme.pk]) in html
    assert "sensitive: never shown to employers" not in html


def test_sensitive_programme_detail_says_so(personas, as_user):
    Programme.objects.filter(pk=personas.programme.pk).update(is_sensitive=True)
    html = page(
        as_user(personas.ruta).get(reverse("programmes:detail", args=[personas.programme.pk]))
    )
    assert "sensitive: never shown to employers" in html


def test_jonas_sees_the_programme_but_not_onas_enrolment(personas, as_user):
    html = page(
        as_user(personas.jonas).get(reverse("programmes:detail", args=[personas.programme.pk]))
    )
    assert "11-415-K-0003" in html
    assert "Žukauskienė" not in html
    assert "None of the people you may see take part in this programme." in html
    assert reverse("programmes:edit", args=[personas.programme.pk]) not in html


def test_programme_detail_htmx_request_gets_only_the_enrolments_fragment(personas, as_user):
    response = as_user(personas.laura).get(
        reverse("programmes:detail", args=[personas.programme.pk]), headers={"HX-Request": "true"}
    )
    html = page(response)
    assert "Žukauskienė, Ona" in html
    assert "<h1>" not in html and "<html" not in html


# --- create and edit ---------------------------------------------------------------------------


def programme_post(personas, **overrides) -> dict:
    data = {
        "code": "11-415-K-0200",
        "title": "Bendruomenės tiltai",
        "funder": "ESF+",
        "measure": "11-415-K",
        "description": "",
        "start_date": "2026-01-01",
        "end_date": "2027-06-30",
        "lead_organisation": personas.ngo.pk,
        "partners": [personas.provider.pk],
        "coordinators": [personas.laura.pk],
        "target_groups": [TargetGroup.objects.get(code="unemployed").pk],
        "target_participants": "60",
        "target_active_participants": "",
        "budget-TOTAL_FORMS": "2",
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
        "budget-0-title": "Personnel",
        "budget-0-amount": "12000.50",
        "budget-1-title": "",
        "budget-1-amount": "",
        "cohorts-TOTAL_FORMS": "1",
        "cohorts-INITIAL_FORMS": "0",
        "cohorts-MIN_NUM_FORMS": "0",
        "cohorts-MAX_NUM_FORMS": "1000",
        "cohorts-0-name": "Spring 2026",
        "cohorts-0-start_date": "2026-03-01",
    }
    data.update(overrides)
    return data


def test_laura_creates_a_programme_with_a_budget_line_a_cohort_and_a_target(personas, as_user):
    client = as_user(personas.laura)
    assert client.get(reverse("programmes:create")).status_code == 200
    response = client.post(reverse("programmes:create"), programme_post(personas))
    programme = Programme.objects.get(code="11-415-K-0200")
    assert response.status_code == 302
    assert response.url == reverse("programmes:detail", args=[programme.pk])
    assert list(programme.budget_lines.values_list("title", "amount")) == [
        ("Personnel", Decimal("12000.50"))
    ]
    assert list(programme.cohorts.values_list("name", "start_date")) == [
        ("Spring 2026", date(2026, 3, 1))
    ]
    assert dict(programme.targets.values_list("metric", "value")) == {"participants": 60}
    assert list(programme.partners.all()) == [personas.provider]
    html = page(client.get(response.url))
    assert "The programme 11-415-K-0200 is created." in html
    assert "12,000.50 EUR" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": "2025-12-31"}, "The end date cannot be before the start date."),
        (
            {"cohorts-0-start_date": "2025-12-01"},
            "Cohort “Spring 2026”: the start date must fall within the programme period "
            "(2026-01-01 – 2027-06-30).",
        ),
        ({"budget-0-amount": "-5"}, "Ensure this value is greater than or equal to 0."),
        ({"target_participants": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"code": "11-415-K-0003"}, "Programme with this Code already exists."),
        ({"partners": ["ngo"]}, "The lead organisation cannot also be a partner."),
        ({"lead_organisation": "municipality"}, "Select a valid choice."),
    ],
)
def test_bad_programme_input_shows_the_message_and_writes_nothing(
    personas, as_user, overrides, message
):
    orgs = {"ngo": personas.ngo.pk, "municipality": personas.municipality.pk}

    def resolve(value):
        if isinstance(value, list):
            return [orgs.get(v, v) for v in value]
        return orgs.get(value, value)

    overrides = {key: resolve(value) for key, value in overrides.items()}
    before = Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()
    response = as_user(personas.laura).post(
        reverse("programmes:create"), programme_post(personas, **overrides)
    )
    assert response.status_code == 200
    assert message in page(response)
    assert (Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()) == before


def test_laura_edits_a_programme_changing_the_title_and_removing_a_budget_line(personas, as_user):
    programme = personas.programme
    line = BudgetLine.objects.create(programme=programme, title="Old", amount=Decimal("10"))
    client = as_user(personas.laura)
    html = page(client.get(reverse("programmes:edit", args=[programme.pk])))
    assert 'value="48"' in html  # the participants target is filled in
    data = programme_post(
        personas,
        code=programme.code,
        title="Pažangos stebėsena II",
        start_date="2025-09-29",
        end_date="2027-12-31",
        target_participants="50",
        **{
            "budget-TOTAL_FORMS": "2",
            "budget-INITIAL_FORMS": "1",
            "budget-0-id": line.pk,
            "budget-0-programme": programme.pk,
            "budget-0-title": "Old",
            "budget-0-amount": "10",
            "budget-0-DELETE": "on",
            "budget-1-title": "New",
            "budget-1-amount": "20",
            "cohorts-TOTAL_FORMS": "1",
            "cohorts-0-name": "",
            "cohorts-0-start_date": "",
        },
    )
    response = client.post(reverse("programmes:edit", args=[programme.pk]), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.title == "Pažangos stebėsena II"
    assert list(programme.budget_lines.values_list("title", flat=True)) == ["New"]
    assert not programme.cohorts.exists()
    assert dict(programme.targets.values_list("metric", "value")) == {"participants": 50}


def test_edit_with_bad_input_keeps_the_saved_programme(personas, as_user):
    programme = personas.programme
    data = programme_post(
        personas,
        code=programme.code,
        title="Changed",
        start_date="2025-09-29",
        end_date="2025-01-01",
    )
    response = as_user(personas.admin).post(reverse("programmes:edit", args=[programme.pk]), data)
    html = page(response)
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in html
    assert "11-415-K-0003 · Pažangos stebėsena: edit programme" in html
    programme.refresh_from_db()
    assert programme.title == "Pažangos stebėsena"
    assert programme.end_date == date(2027, 12, 31)


# --- enrol -------------------------------------------------------------------------------------


def test_ruta_enrols_a_person_with_cohort_and_target_group(personas, as_user):
    programme = personas.programme
    group = TargetGroup.objects.get(code="unemployed")
    programme.target_groups.add(group)
    cohort = Cohort.objects.create(programme=programme, name="Ruduo", start_date=date(2025, 10, 1))
    person = make_person(personas, "Gabija")
    client = as_user(personas.ruta)
    url = reverse("programmes:enrol", args=[person.pk])
    html = page(client.get(url))
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # entry date defaults to today
    response = client.post(
        url,
        {
            "programme": programme.pk,
            "cohort": cohort.pk,
            "target_group": group.pk,
            "entry_date": "2025-11-03",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    enrolment = Enrolment.objects.get(participant=person)
    assert (
        enrolment.programme,
        enrolment.cohort,
        enrolment.target_group,
        enrolment.entry_date,
    ) == (programme, cohort, group, date(2025, 11, 3))
    assert enrolment.entry_characteristics["age"] == 40
    assert CaseEvent.objects.filter(participant=person, type=CaseEvent.Type.ENROLLED).exists()


def test_enrol_offers_no_programme_the_person_already_takes_part_in(personas, as_user):
    other = make_programme(personas)
    client = as_user(personas.ruta)
    url = reverse("programmes:enrol", args=[personas.ona_record.pk])
    html = page(client.get(url))
    programme_select = html[html.index('<select name="programme"') :]
    programme_select = programme_select[: programme_select.index("</select>")]
    assert f'<option value="{other.pk}">' in programme_select
    assert f'<option value="{personas.programme.pk}">' not in programme_select
    response = client.post(url, {"programme": personas.programme.pk, "entry_date": "2026-01-05"})
    assert response.status_code == 200
    assert "Choose a programme from the list." in page(response)
    assert Enrolment.objects.filter(participant=personas.ona_record).count() == 1


def test_enrol_page_says_when_there_is_nothing_left_to_enrol_in(personas, as_user):
    html = page(
        as_user(personas.ruta).get(reverse("programmes:enrol", args=[personas.ona_record.pk]))
    )
    assert "There is no programme you can enrol this person in" in html
    assert '<form method="post" class="stack"' not in html


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"entry_date": "2024-01-01"},
            "The entry date must fall within the programme period (2025-09-29 – 2027-12-31).",
        ),
        ({"entry_date": "not a date"}, "Enter a valid date."),
        ({"cohort": "other"}, "This cohort belongs to another programme."),
        ({"target_group": "unemployed"}, "This programme does not serve that target group."),
    ],
)
def test_bad_enrolment_input_shows_the_message_and_writes_nothing(personas, as_user, post, message):
    other = make_programme(personas)
    other_cohort = Cohort.objects.create(programme=other, name="Kita", start_date=date(2025, 2, 1))
    person = make_person(personas, "Gabija")
    data = {"programme": personas.programme.pk, "entry_date": "2025-11-03"}
    data.update(post)
    if data.get("cohort") == "other":
        data["cohort"] = other_cohort.pk
    if data.get("target_group") == "unemployed":
        data["target_group"] = TargetGroup.objects.get(code="unemployed").pk
    events = CaseEvent.objects.count()
    response = as_user(personas.ruta).post(reverse("programmes:enrol", args=[person.pk]), data)
    assert response.status_code == 200
    assert message in page(response)
    assert not Enrolment.objects.filter(participant=person).exists()
    assert CaseEvent.objects.count() == events


def test_laura_re_enrols_ona_after_she_left(personas, as_user):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    client = as_user(personas.laura)
    client.post(
        reverse("programmes:exit", args=[enrolment.pk]),
        {"exit_date": "2025-12-01", "exit_reason": ExitReason.objects.get(code="moved-away").pk},
    )
    response = client.post(
        reverse("programmes:enrol", args=[personas.ona_record.pk]),
        {"programme": personas.programme.pk, "entry_date": "2026-02-02"},
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.entry_date) == (Enrolment.Status.ACTIVE, date(2025, 10, 6))
    assert CaseEvent.objects.filter(
        type=CaseEvent.Type.RE_ENTERED, occurred_on=date(2026, 2, 2)
    ).exists()


# --- exit --------------------------------------------------------------------------------------


def test_ruta_records_onas_exit(personas, as_user):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    reason = ExitReason.objects.get(code="found-job")
    client = as_user(personas.ruta)
    url = reverse("programmes:exit", args=[enrolment.pk])
    html = page(client.get(url))
    assert "2025-10-06" in html and "11-415-K-0003" in html
    response = client.post(url, {"exit_date": "2026-03-02", "exit_reason": reason.pk})
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[personas.ona_record.pk])
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date, enrolment.exit_reason) == (
        Enrolment.Status.EXITED,
        date(2026, 3, 2),
        reason,
    )


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"exit_date": "2025-10-01"},
            "The exit date cannot be before the entry date (2025-10-06).",
        ),
        ({"exit_reason": ""}, "This field is required."),
        ({"exit_reason": "999999"}, "Select a valid choice."),
        ({"exit_date": ""}, "This field is required."),
    ],
)
def test_bad_exit_input_shows_the_message_and_changes_nothing(personas, as_user, post, message):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    data = {"exit_date": "2026-03-02", "exit_reason": ExitReason.objects.get(code="found-job").pk}
    data.update(post)
    response = as_user(personas.ruta).post(reverse("programmes:exit", args=[enrolment.pk]), data)
    assert response.status_code == 200
    assert message in page(response)
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date) == (Enrolment.Status.ACTIVE, None)
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.EXITED).exists()


def test_a_second_exit_is_refused_with_a_message(personas, as_user):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    reason = ExitReason.objects.get(code="found-job")
    client = as_user(personas.ruta)
    url = reverse("programmes:exit", args=[enrolment.pk])
    client.post(url, {"exit_date": "2026-03-02", "exit_reason": reason.pk})
    response = client.post(url, {"exit_date": "2026-04-02", "exit_reason": reason.pk})
    assert "This person has already left the programme." in page(response)
    enrolment.refresh_from_db()
    assert enrolment.exit_date == date(2026, 3, 2)
