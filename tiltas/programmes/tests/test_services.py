from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from tests.personas import participant_fields
from tiltas.audit.models import AuditEntry, CaseEvent
from tiltas.people import services as people_services
from tiltas.programmes import services
from tiltas.programmes.models import BudgetLine, Cohort, Enrolment, Programme, Target
from tiltas.reference.models import ExitReason, LabourMarketStatus, TargetGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    # Messages are compared with their English source text.
    with translation.override("en"):
        yield


def make_person(personas, first_name: str, **overrides):
    """A person registered by Rūta at the NGO (an open intake she keeps)."""
    fields = participant_fields(first_name=first_name, personal_code=None, **overrides)
    return people_services.participant_register(
        actor=personas.ruta,
        organisation=personas.ngo,
        fields=fields,
        consents=["service_delivery"],
        confirmed_new_person=True,
    )


def make_programme(personas, code="11-415-K-0099", **overrides):
    values = {
        "code": code,
        "title": "Kelias į darbą",
        "start_date": date(2025, 1, 1),
        "end_date": date(2027, 12, 31),
        "lead_organisation": personas.ngo,
    }
    values.update(overrides)
    programme = Programme.objects.create(**values)
    programme.coordinators.add(personas.laura)
    return programme


def messages_of(error: ValidationError, field: str) -> list[str]:
    return [str(m) for m in error.value.message_dict[field]]


def counts() -> tuple[int, int, int]:
    return Enrolment.objects.count(), CaseEvent.objects.count(), AuditEntry.objects.count()


# --- enrolment ---------------------------------------------------------------------------------


def test_enrolment_keeps_entry_characteristics_with_age_and_long_term_unemployment(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record, programme=personas.programme)
    chars = enrolment.entry_characteristics
    # Ona: born 1985-01-01, unemployed since 2024-03-01, entered on 2025-10-06.
    assert chars["age"] == 40
    assert chars["long_term_unemployed"] is True
    assert chars["labour_market"] == "unemployed"
    assert chars["municipality"] == "LT-15"
    assert chars["children"] == 2
    assert chars["single_parent"] is True
    # Special-category data stay in the sensitive section, never in the enrolment.
    assert "disability" not in chars and "minority" not in chars
    assert enrolment.enrolled_by == personas.ruta
    assert CaseEvent.objects.filter(
        participant=personas.ona_record,
        type=CaseEvent.Type.ENROLLED,
        occurred_on=date(2025, 10, 6),
    ).exists()


def test_under_25_is_long_term_unemployed_after_six_months_only(personas):
    programme = make_programme(personas)
    young_long = make_person(
        personas, "Gabija", birth_date=date(2003, 6, 1), unemployed_since=date(2025, 1, 1)
    )
    young_short = make_person(
        personas, "Austėja", birth_date=date(2003, 6, 1), unemployed_since=date(2025, 6, 1)
    )
    on = date(2025, 10, 6)
    long_enrolment = services.enrolment_create(
        actor=personas.ruta, participant=young_long, programme=programme, entry_date=on
    )
    short_enrolment = services.enrolment_create(
        actor=personas.ruta, participant=young_short, programme=programme, entry_date=on
    )
    assert long_enrolment.entry_characteristics["age"] == 22
    assert long_enrolment.entry_characteristics["long_term_unemployed"] is True
    assert short_enrolment.entry_characteristics["long_term_unemployed"] is False


def test_second_enrolment_in_the_same_programme_is_refused_and_writes_nothing(personas):
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=personas.programme,
            entry_date=date(2026, 1, 5),
        )
    assert messages_of(error, "programme") == ["This person is already enrolled in this programme."]
    assert counts() == before
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    assert enrolment.entry_date == date(2025, 10, 6)


def test_entry_date_outside_the_programme_period_or_before_birth_is_refused(personas):
    programme = make_programme(personas, start_date=date(1980, 1, 1))
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=programme,
            entry_date=date(1984, 5, 1),
        )
    assert "The entry date cannot be before the birth date." in messages_of(error, "entry_date")
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=programme,
            entry_date=date(2028, 1, 1),
        )
    assert messages_of(error, "entry_date") == [
        "The entry date must fall within the programme period (1980-01-01 – 2027-12-31)."
    ]
    assert counts() == before


def test_cohort_of_another_programme_and_foreign_target_group_are_refused(personas):
    programme = make_programme(personas)
    other_cohort = Cohort.objects.create(
        programme=personas.programme, name="Ruduo", start_date=date(2025, 10, 1)
    )
    group = TargetGroup.objects.get(code="unemployed")
    person = make_person(personas, "Gabija")
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=person,
            programme=programme,
            entry_date=date(2025, 10, 6),
            cohort=other_cohort,
            target_group=group,
        )
    assert messages_of(error, "cohort") == ["This cohort belongs to another programme."]
    assert messages_of(error, "target_group") == [
        "This programme does not serve that target group."
    ]
    assert not Enrolment.objects.filter(participant=person).exists()


def test_case_manager_cannot_enrol_in_a_programme_her_organisation_does_not_run(personas):
    foreign = Programme.objects.create(
        code="TRK-1",
        title="Trakai",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.municipality,
    )
    with pytest.raises(PermissionDenied):
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=foreign,
            entry_date=date(2025, 10, 6),
        )
    assert not Enrolment.objects.filter(programme=foreign).exists()


def test_exit_before_entry_is_refused_and_changes_nothing(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    reason = ExitReason.objects.get(code="found-job")
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(
            actor=personas.ruta,
            enrolment=enrolment,
            exit_date=date(2025, 10, 1),
            exit_reason=reason,
        )
    assert messages_of(error, "exit_date") == [
        "The exit date cannot be before the entry date (2025-10-06)."
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    assert enrolment.exit_date is None
    assert not CaseEvent.objects.filter(type=CaseEvent.Type.EXITED).exists()


def test_exit_records_the_date_reason_and_event(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    reason = ExitReason.objects.get(code="found-job")
    services.enrolment_exit(
        actor=personas.ruta, enrolment=enrolment, exit_date=date(2026, 3, 2), exit_reason=reason
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date, enrolment.exit_reason) == (
        Enrolment.Status.EXITED,
        date(2026, 3, 2),
        reason,
    )
    event = CaseEvent.objects.get(type=CaseEvent.Type.EXITED)
    assert event.payload["reason"] == "found-job"
    assert event.occurred_on == date(2026, 3, 2)


def test_re_entry_keeps_the_first_entry_date_and_characteristics_and_records_re_entered(
    personas,
):
    ona = personas.ona_record
    enrolment = Enrolment.objects.get(participant=ona)
    first_characteristics = dict(enrolment.entry_characteristics)
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=enrolment,
        exit_date=date(2025, 12, 1),
        exit_reason=ExitReason.objects.get(code="found-job"),
    )
    # She found a job meanwhile: her situation now differs from the one at first entry.
    ona.labour_market_status = LabourMarketStatus.objects.filter(esf_category="employed").first()
    ona.unemployed_since = None
    ona.save()
    again = services.enrolment_create(
        actor=personas.ruta,
        participant=ona,
        programme=personas.programme,
        entry_date=date(2026, 2, 2),
    )
    assert again.pk == enrolment.pk
    assert Enrolment.objects.filter(participant=ona).count() == 1
    again.refresh_from_db()
    assert again.entry_date == date(2025, 10, 6)
    assert again.entry_characteristics == first_characteristics
    assert again.entry_characteristics["long_term_unemployed"] is True
    assert (again.status, again.exit_date, again.exit_reason) == (
        Enrolment.Status.ACTIVE,
        None,
        None,
    )
    assert CaseEvent.objects.filter(
        participant=ona, type=CaseEvent.Type.RE_ENTERED, occurred_on=date(2026, 2, 2)
    ).exists()


def test_re_entry_before_the_previous_exit_is_refused(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=enrolment,
        exit_date=date(2025, 12, 1),
        exit_reason=ExitReason.objects.get(code="found-job"),
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=personas.programme,
            entry_date=date(2025, 11, 1),
        )
    assert messages_of(error, "entry_date") == [
        "A re-entry cannot be before the previous exit (2025-12-01)."
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.EXITED


def test_exit_in_the_future_is_refused_and_changes_nothing(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(
            actor=personas.ruta,
            enrolment=enrolment,
            exit_date=timezone.localdate() + timedelta(days=1),
            exit_reason=ExitReason.objects.get(code="found-job"),
        )
    assert messages_of(error, "exit_date") == ["The exit date cannot be in the future."]
    assert counts() == before
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.exit_date, enrolment.exit_reason) == (
        Enrolment.Status.ACTIVE,
        None,
        None,
    )


def test_exit_after_the_programme_ended_is_refused_and_changes_nothing(personas):
    programme = make_programme(personas, end_date=date(2026, 6, 30))
    person = make_person(personas, "Gabija")
    enrolment = services.enrolment_create(
        actor=personas.ruta, participant=person, programme=programme, entry_date=date(2026, 1, 5)
    )
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(
            actor=personas.ruta,
            enrolment=enrolment,
            exit_date=date(2026, 7, 1),
            exit_reason=ExitReason.objects.get(code="completed"),
        )
    assert messages_of(error, "exit_date") == [
        "The exit date cannot be after the programme ended (2026-06-30)."
    ]
    assert counts() == before
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.exit_date is None
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=enrolment,
        exit_date=date(2026, 6, 30),
        exit_reason=ExitReason.objects.get(code="completed"),
    )
    enrolment.refresh_from_db()
    assert enrolment.exit_date == date(2026, 6, 30)


WITHDRAWN = (
    "The person's consent to service delivery has been withdrawn: record it again "
    "before enrolling them."
)


def withdraw_service_consent(personas, person):
    consent = person.consents.get(purpose="service_delivery", withdrawn_at__isnull=True)
    people_services.consent_withdraw(actor=personas.ruta, consent=consent)


def test_enrolment_is_refused_after_the_consent_to_service_delivery_is_withdrawn(personas):
    programme = make_programme(personas)
    person = make_person(personas, "Gabija")
    withdraw_service_consent(personas, person)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=person,
            programme=programme,
            entry_date=date(2026, 1, 5),
        )
    assert messages_of(error, "__all__") == [WITHDRAWN]
    assert counts() == before
    people_services.consent_give(
        actor=personas.ruta, participant=person, purpose="service_delivery"
    )
    enrolment = services.enrolment_create(
        actor=personas.ruta, participant=person, programme=programme, entry_date=date(2026, 1, 5)
    )
    assert enrolment.status == Enrolment.Status.ACTIVE


def test_re_entry_is_refused_after_the_consent_to_service_delivery_is_withdrawn(personas):
    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    services.enrolment_exit(
        actor=personas.ruta,
        enrolment=enrolment,
        exit_date=date(2025, 12, 1),
        exit_reason=ExitReason.objects.get(code="found-job"),
    )
    withdraw_service_consent(personas, personas.ona_record)
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.enrolment_create(
            actor=personas.ruta,
            participant=personas.ona_record,
            programme=personas.programme,
            entry_date=date(2026, 2, 2),
        )
    assert messages_of(error, "__all__") == [WITHDRAWN]
    assert counts() == before
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.EXITED


# --- programme_save ----------------------------------------------------------------------------


def new_programme(personas, **overrides) -> Programme:
    values = {
        "code": "11-415-K-0100",
        "title": "Bendruomenės tiltai",
        "funder": "ESF+",
        "start_date": date(2026, 1, 1),
        "end_date": date(2027, 6, 30),
        "lead_organisation": personas.ngo,
    }
    values.update(overrides)
    return Programme(**values)


def save(personas, programme, actor=None, **overrides):
    arguments = {
        "actor": actor or personas.laura,
        "programme": programme,
        "partners": [personas.provider],
        "coordinators": [personas.laura],
        "target_groups": [TargetGroup.objects.get(code="unemployed")],
        "targets": {"participants": 60, "active_participants": 20},
        "budget_lines": [
            {"title": "Personnel", "amount": Decimal("12000.50")},
            {"title": "Premises", "amount": Decimal("3000")},
        ],
        "cohorts": [{"name": "Spring 2026", "start_date": date(2026, 3, 1)}],
    }
    arguments.update(overrides)
    return services.programme_save(**arguments)


def test_programme_save_writes_the_programme_with_lines_cohorts_and_targets(personas):
    programme = save(personas, new_programme(personas))
    programme = Programme.objects.get(pk=programme.pk)
    assert list(programme.partners.all()) == [personas.provider]
    assert list(programme.coordinators.all()) == [personas.laura]
    assert sorted(programme.budget_lines.values_list("title", "amount")) == [
        ("Personnel", Decimal("12000.50")),
        ("Premises", Decimal("3000.00")),
    ]
    assert list(programme.cohorts.values_list("name", "start_date")) == [
        ("Spring 2026", date(2026, 3, 1))
    ]
    assert dict(programme.targets.values_list("metric", "value")) == {
        "participants": 60,
        "active_participants": 20,
    }


def test_programme_save_changes_adds_and_removes_rows(personas):
    programme = save(personas, new_programme(personas))
    personnel = programme.budget_lines.get(title="Personnel")
    spring = programme.cohorts.get()
    save(
        personas,
        programme,
        targets={"participants": 70, "active_participants": None},
        budget_lines=[
            {"id": personnel.pk, "title": "Personnel", "amount": Decimal("15000")},
            {"title": "Travel", "amount": Decimal("500")},
        ],
        cohorts=[
            {"id": spring.pk, "name": "Spring", "start_date": date(2026, 4, 1)},
            {"name": "Autumn", "start_date": date(2026, 9, 1)},
        ],
    )
    assert sorted(
        BudgetLine.objects.filter(programme=programme).values_list("title", "amount")
    ) == [("Personnel", Decimal("15000.00")), ("Travel", Decimal("500.00"))]
    assert BudgetLine.objects.get(title="Personnel").pk == personnel.pk
    assert list(Cohort.objects.filter(programme=programme).values_list("pk", "name")) == [
        (spring.pk, "Spring"),
        (Cohort.objects.get(name="Autumn").pk, "Autumn"),
    ]
    assert dict(Target.objects.filter(programme=programme).values_list("metric", "value")) == {
        "participants": 70
    }


def test_programme_save_refuses_end_before_start_and_writes_nothing(personas):
    before = Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()
    with pytest.raises(ValidationError) as error:
        save(personas, new_programme(personas, end_date=date(2025, 12, 31)))
    assert messages_of(error, "end_date") == ["The end date cannot be before the start date."]
    assert (Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()) == before


def test_programme_save_refuses_a_cohort_outside_the_period_and_a_negative_amount(personas):
    before = Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()
    with pytest.raises(ValidationError) as error:
        save(
            personas,
            new_programme(personas),
            budget_lines=[{"title": "Personnel", "amount": Decimal("-1")}],
            cohorts=[{"name": "Early", "start_date": date(2025, 12, 1)}],
        )
    assert messages_of(error, "cohorts") == [
        "Cohort “Early”: the start date must fall within the programme period "
        "(2026-01-01 – 2027-06-30)."
    ]
    assert messages_of(error, "budget_lines") == [
        "Budget line “Personnel”: the amount cannot be negative."
    ]
    assert (Programme.objects.count(), BudgetLine.objects.count(), Cohort.objects.count()) == before


def test_programme_save_refuses_a_zero_target_and_two_cohorts_with_one_name(personas):
    with pytest.raises(ValidationError) as error:
        save(
            personas,
            new_programme(personas),
            targets={"participants": 0, "active_participants": None},
            cohorts=[
                {"name": "Spring", "start_date": date(2026, 3, 1)},
                {"name": "spring", "start_date": date(2026, 4, 1)},
            ],
        )
    assert messages_of(error, "target_participants") == [
        "A target must be a whole number greater than zero."
    ]
    assert messages_of(error, "cohorts") == ["There are two cohorts named “spring”."]
    assert not Programme.objects.filter(code="11-415-K-0100").exists()


def test_programme_save_refuses_removing_a_cohort_people_are_enrolled_in(personas):
    programme = personas.programme
    cohort = Cohort.objects.create(programme=programme, name="Ruduo", start_date=date(2025, 10, 1))
    Enrolment.objects.filter(participant=personas.ona_record).update(cohort=cohort)
    with pytest.raises(ValidationError) as error:
        save(personas, programme, cohorts=[], partners=[personas.provider])
    assert messages_of(error, "cohorts") == [
        "Cohort “Ruduo” has enrolled people and cannot be removed."
    ]
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_programme_period_must_include_every_entry_date(personas):
    programme = personas.programme
    programme.start_date = date(2026, 1, 1)
    with pytest.raises(ValidationError) as error:
        save(personas, programme, cohorts=None, budget_lines=None)
    assert messages_of(error, "start_date") == [
        "Some people entered the programme outside this period; the period must include "
        "every entry date."
    ]
    assert Programme.objects.get(pk=programme.pk).start_date == date(2025, 9, 29)


def test_programme_save_refuses_a_coordinator_outside_the_lead_and_partners(personas):
    from tests.personas import make_user
    from tiltas.accounts.models import Role

    outsider = make_user("rimas", "Rimas", "Jonaitis", personas.municipality, Role.COORDINATOR)
    with pytest.raises(ValidationError) as error:
        save(personas, new_programme(personas), coordinators=[personas.laura, outsider])
    assert messages_of(error, "coordinators") == [
        "Only coordinators of the lead or a partner organisation can coordinate the "
        "programme: Rimas Jonaitis."
    ]
    assert not Programme.objects.filter(code="11-415-K-0100").exists()


def test_case_manager_cannot_create_a_programme(personas):
    with pytest.raises(PermissionDenied):
        save(personas, new_programme(personas), actor=personas.ruta)
    assert not Programme.objects.filter(code="11-415-K-0100").exists()


def test_coordinator_cannot_take_over_a_programme_of_another_organisation(personas):
    foreign = Programme.objects.create(
        code="TRK-1",
        title="Trakai",
        start_date=date(2025, 1, 1),
        end_date=date(2027, 1, 1),
        lead_organisation=personas.municipality,
    )
    # Laura puts her own organisation as lead: the stored lead still decides.
    foreign.lead_organisation = personas.ngo
    with pytest.raises(PermissionDenied):
        save(personas, foreign, partners=[], budget_lines=None, cohorts=None)
    assert Programme.objects.get(pk=foreign.pk).lead_organisation == personas.municipality


def test_suspending_pauses_and_resuming_restores_without_ending(personas):
    from tiltas.programmes.services import enrolment_resume, enrolment_suspend

    enrolment = Enrolment.objects.get(participant=personas.ona_record)
    enrolment_suspend(actor=personas.ruta, enrolment=enrolment, reason="Gydosi ligoninėje.")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.SUSPENDED and enrolment.exit_date is None
    with pytest.raises(ValidationError):
        enrolment_suspend(actor=personas.ruta, enrolment=enrolment)
    enrolment_resume(actor=personas.ruta, enrolment=enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE
    with pytest.raises(ValidationError):
        enrolment_resume(actor=personas.ruta, enrolment=enrolment)
    event = personas.ona_record.events.get(type="enrolment_suspended")
    assert event.payload["note"] == "Gydosi ligoninėje."
