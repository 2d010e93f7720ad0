"""The personas of DESIGN §10, built the way the app builds them: through the services.

Rūta owns Ona's case; Jonas is a case manager of the same organisation, not on the team; Aistė
is the psychologist on the team, from a partner organisation; Tomas is a case manager of another
organisation; Eglė is an auditor; Darius an employer contact; Ona the participant herself; Vida
the organisation administrator; Laura the programme coordinator.
"""

from dataclasses import dataclass
from datetime import date

from django.core.management import call_command

from tiltas.accounts.models import Membership, Organisation, Role, Specialty, User
from tiltas.casework import services as case_services
from tiltas.people import services as people_services
from tiltas.people.models import Participant
from tiltas.programmes import services as programme_services
from tiltas.programmes.models import Programme, Target
from tiltas.reference.models import LabourMarketStatus, Municipality

PASSWORD = "Persona-pass-2026!"


@dataclass
class Personas:
    ngo: Organisation
    municipality: Organisation
    provider: Organisation
    employer: Organisation
    funder: Organisation
    programme: Programme
    ruta: User
    jonas: User
    aiste: User
    tomas: User
    egle: User
    darius: User
    ona: User
    admin: User
    laura: User
    ona_record: Participant

    def all(self) -> dict[str, User]:
        return {
            "ruta": self.ruta,
            "jonas": self.jonas,
            "aiste": self.aiste,
            "tomas": self.tomas,
            "egle": self.egle,
            "darius": self.darius,
            "ona": self.ona,
            "admin": self.admin,
            "laura": self.laura,
        }


def make_user(
    username: str, first: str, last: str, org: Organisation, role: str, specialty: str = ""
) -> User:
    user = User.objects.create_user(
        username=username,
        email=f"{username}@test.tiltas.lt",
        password=PASSWORD,
        first_name=first,
        last_name=last,
    )
    Membership.objects.create(user=user, organisation=org, role=role, specialty=specialty)
    return user


def ensure_reference() -> None:
    if not Municipality.objects.exists():
        call_command("load_reference", verbosity=0)


def participant_fields(**overrides) -> dict:
    fields = {
        "first_name": "Ona",
        "last_name": "Žukauskienė",
        "personal_code": "48501011610",
        "birth_date": date(1985, 1, 1),
        "gender": "woman",
        "municipality": Municipality.objects.get(code="LT-15"),
        "citizenship": "eu",
        "labour_market_status": LabourMarketStatus.objects.filter(
            esf_category="unemployed"
        ).first(),
        "unemployed_since": date(2024, 3, 1),
        "children_count": 2,
        "single_parent": True,
    }
    fields.update(overrides)
    return fields


def build() -> Personas:
    ensure_reference()
    ngo = Organisation.objects.create(name="VšĮ Šeimų centras „Būkime kartu“", kind="ngo")
    municipality = Organisation.objects.create(
        name="Trakų r. sav. Socialinės paramos skyrius", kind="municipality"
    )
    provider = Organisation.objects.create(
        name="VšĮ Psichologinės pagalbos centras", kind="service_provider"
    )
    employer = Organisation.objects.create(name="UAB Medžio dirbtuvė", kind="employer")
    funder = Organisation.objects.create(name="ESF agentūra", kind="funder")

    ruta = make_user("ruta", "Rūta", "Kazlauskienė", ngo, Role.CASE_MANAGER)
    jonas = make_user("jonas", "Jonas", "Petraitis", ngo, Role.CASE_MANAGER)
    aiste = make_user(
        "aiste", "Aistė", "Jankauskaitė", provider, Role.SPECIALIST, Specialty.PSYCHOLOGIST
    )
    tomas = make_user("tomas", "Tomas", "Vasiliauskas", municipality, Role.CASE_MANAGER)
    egle = make_user("egle", "Eglė", "Butkutė", funder, Role.AUDITOR)
    darius = make_user("darius", "Darius", "Stankevičius", employer, Role.EMPLOYER_CONTACT)
    admin = make_user("admin", "Vida", "Balčiūnienė", ngo, Role.ORG_ADMIN)
    laura = make_user("laura", "Laura", "Paulauskienė", ngo, Role.COORDINATOR)
    ona = make_user("ona", "Ona", "Žukauskienė", ngo, Role.PARTICIPANT)

    programme = Programme.objects.create(
        code="11-415-K-0003",
        title="Pažangos stebėsena",
        start_date=date(2025, 9, 29),
        end_date=date(2027, 12, 31),
        lead_organisation=ngo,
    )
    programme.partners.add(provider)
    programme.coordinators.add(laura)
    Target.objects.create(programme=programme, metric=Target.Metric.PARTICIPANTS, value=48)

    record = people_services.participant_register(
        actor=ruta,
        organisation=ngo,
        fields=participant_fields(),
        consents=["service_delivery", "partner_sharing"],
        sensitive={"disability": "yes", "disability_notes": "Reikia pritaikytos darbo vietos."},
    )
    record.user = ona
    record.save(update_fields=["user"])
    programme_services.enrolment_create(
        actor=ruta, participant=record, programme=programme, entry_date=date(2025, 10, 6)
    )
    case = case_services.case_open(
        actor=ruta, participant=record, case_manager=ruta, opened_on=date(2025, 10, 6)
    )
    case_services.team_member_add(
        actor=ruta, case=case, user=aiste, specialty=Specialty.PSYCHOLOGIST
    )
    for user in (ruta, jonas, aiste, tomas, egle, darius, ona, admin, laura):
        user.refresh_from_db()
    return Personas(
        ngo,
        municipality,
        provider,
        employer,
        funder,
        programme,
        ruta,
        jonas,
        aiste,
        tomas,
        egle,
        darius,
        ona,
        admin,
        laura,
        record,
    )
