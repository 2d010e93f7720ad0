from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tiltas.accounts.models import User
from tiltas.casework.models import Case
from tiltas.people.demo import (
    FEMALE_SURNAME_ENDINGS,
    SURNAMES_MALE,
    demo_faker,
    female_surname,
    make_personal_code,
)
from tiltas.people.models import Gender, Participant
from tiltas.people.personal_code import parse_personal_code
from tiltas.programmes.models import Enrolment
from tiltas.referrals.models import Referral

PERSONA_USERNAMES = (
    "ruta",
    "jonas",
    "aiste",
    "tomas",
    "egle",
    "darius",
    "ona",
    "admin",
    "koordinatorius",
)


def seed() -> str:
    out = StringIO()
    call_command("load_reference", stdout=StringIO())
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.delenv("TILTAS_DEMO_SUPERUSER", raising=False)
    return seed()


def test_seed_demo_registers_at_least_55_participants_in_both_staff_organisations(demo):
    assert Participant.objects.count() >= 55
    assert Participant.objects.filter(organisation__kind="ngo").count() > (
        Participant.objects.filter(organisation__kind="municipality").count()
    )
    assert Participant.objects.filter(organisation__kind="municipality").exists()


def test_every_demo_personal_code_is_valid_and_matches_birth_date_and_gender(demo):
    with_code = Participant.objects.exclude(personal_code=None)
    assert with_code.count() >= 50
    for person in with_code:
        parsed = parse_personal_code(person.personal_code)
        assert parsed.birth_date == person.birth_date, person
        assert parsed.is_male == (person.gender == Gender.MAN), person
    assert Participant.objects.filter(personal_code=None).exists()


def test_demo_women_have_female_surname_forms(demo):
    women = Participant.objects.filter(gender=Gender.WOMAN)
    assert women.count() >= 20
    for woman in women:
        assert woman.last_name.endswith(FEMALE_SURNAME_ENDINGS), woman.last_name
    for referral in Referral.objects.filter(gender=Gender.WOMAN):
        assert referral.last_name.endswith(FEMALE_SURNAME_ENDINGS), referral.last_name


def test_running_seed_demo_again_changes_nothing(demo):
    before = (
        Participant.objects.count(),
        User.objects.count(),
        Referral.objects.count(),
        Enrolment.objects.count(),
        Case.objects.count(),
    )
    output = seed()
    assert "demo data already present" in output
    assert (
        Participant.objects.count(),
        User.objects.count(),
        Referral.objects.count(),
        Enrolment.objects.count(),
        Case.objects.count(),
    ) == before


def test_onas_case_is_managed_by_ruta_with_aiste_on_the_team(demo):
    ona = Participant.objects.get(first_name="Ona", last_name="Žukauskienė")
    assert ona.organisation.name == "VšĮ Šeimų centras „Būkime kartu“"
    assert ona.user.username == "ona"
    case = ona.cases.get()
    assert case.status == Case.Status.OPEN
    assert case.case_manager.username == "ruta"
    team = {(m.user.username, m.specialty) for m in case.team.all()}
    assert team == {("aiste", "psychologist")}
    assert ona.enrolments.get().programme.code == "11-415-K-0003"


def test_demo_users_sign_in_with_the_demo_password_and_none_is_superuser(demo):
    users = User.objects.filter(username__in=PERSONA_USERNAMES)
    assert users.count() == len(PERSONA_USERNAMES)
    for user in users:
        assert user.email == f"{user.username}@demo.tiltas.lt"
        assert user.check_password("demo-Tiltas-2026")
        assert not user.is_superuser
    assert not User.objects.filter(username="platforma").exists()
    assert "koordinatorius" in demo and "demo-Tiltas-2026" in demo


def test_demo_superuser_is_created_only_when_asked(db, monkeypatch):
    monkeypatch.setenv("TILTAS_DEMO_SUPERUSER", "1")
    seed()
    assert User.objects.get(username="platforma").is_superuser


def test_demo_dates_respect_the_programme_periods_and_the_journey_order(demo):
    for enrolment in Enrolment.objects.select_related("programme", "participant"):
        programme = enrolment.programme
        assert programme.start_date <= enrolment.entry_date <= programme.end_date
        assert enrolment.entry_date >= enrolment.participant.birth_date
        if enrolment.exit_date:
            assert enrolment.entry_date <= enrolment.exit_date <= programme.end_date
    current = Enrolment.objects.filter(
        programme__code__in=["11-415-K-0003", "07-018-P-0001"], entry_date__year__gte=2025
    )
    assert current.count() > Participant.objects.count() / 2


def test_demo_referrals_cover_every_status(demo):
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"received", "waitlisted", "declined", "accepted"}
    declined = Referral.objects.get(status="declined")
    assert declined.decision_reason
    assert all(r.participant_id for r in Referral.objects.filter(status="accepted"))


@pytest.mark.parametrize(
    ("male", "married", "unmarried"),
    [
        ("Kazlauskas", "Kazlauskienė", "Kazlauskaitė"),
        ("Petraitis", "Petraitienė", "Petraitytė"),
        ("Žukauskas", "Žukauskienė", "Žukauskaitė"),
        ("Butkus", "Butkienė", "Butkutė"),
        ("Stankevičius", "Stankevičienė", "Stankevičiūtė"),
        ("Balčiūnas", "Balčiūnienė", "Balčiūnaitė"),
        ("Kairys", "Kairienė", "Kairytė"),
        ("Noreika", "Noreikienė", "Noreikaitė"),
    ],
)
def test_female_surname_forms(male, married, unmarried):
    assert female_surname(male, married=True) == married
    assert female_surname(male, married=False) == unmarried


def test_every_male_surname_of_the_provider_has_female_forms():
    for male in SURNAMES_MALE:
        for married in (True, False):
            assert female_surname(male, married=married).endswith(FEMALE_SURNAME_ENDINGS)


def test_generated_personal_codes_pass_the_checker():
    fake = demo_faker(7)
    for _ in range(200):
        born = fake.date_between_dates(date_start=date(1930, 1, 1), date_end=date(2009, 12, 31))
        is_male = fake.boolean()
        parsed = parse_personal_code(fake.personal_code_lt(born, is_male))
        assert (parsed.birth_date, parsed.is_male) == (born, is_male)
    # The example of the reference notes: a man born 1933-09-24.
    assert make_personal_code(date(1933, 9, 24), is_male=True, serial=6) == "33309240064"


def test_demo_faker_is_deterministic():
    first, second = demo_faker(42), demo_faker(42)
    assert [first.phone_lt() for _ in range(5)] == [second.phone_lt() for _ in range(5)]
    assert all(
        phone.startswith("+3706") and len(phone) == 12
        for phone in (first.phone_lt() for _ in range(20))
    )
    address, postal_code = first.address_lt("LT-52", "Lentvario seniūnija")
    assert address.endswith(", Lentvaris")
    assert postal_code.startswith("LT-") and len(postal_code) == 8


def test_seed_demo_refuses_a_database_where_a_demo_username_is_taken(db):
    User.objects.create_user("admin", "someone@example.com", "x-Password-2026")
    with pytest.raises(CommandError, match="admin"):
        seed()
    assert not Participant.objects.exists()


def test_partner_specialists_are_only_on_teams_of_people_who_consented_to_sharing(demo):
    for case in Case.objects.filter(team__user__username="aiste"):
        assert case.participant.consents.filter(
            purpose="partner_sharing", withdrawn_at=None
        ).exists(), case.participant
    assert Case.objects.filter(team__user__username="aiste").count() >= 5
