"""The demo data set's content: organisations, personas, programmes of the source documents,
how each group of synthetic people tends to look, and the referrals. The seed_demo command turns
it into records through the services; keeping the content here keeps that command about how.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NotRequired, TypedDict

from tiltas.accounts.models import Organisation, Role, Specialty
from tiltas.people.models import Gender

NGO = "VšĮ Šeimų centras „Būkime kartu“"
MUNICIPAL = "Trakų rajono savivaldybės administracijos Socialinės paramos skyrius"
EMPLOYER = "UAB „Medžio dirbtuvė“"
PROVIDER = "VšĮ „Psichologinės pagalbos centras“"
FUNDER = "Europos socialinio fondo agentūra"

ORGANISATIONS = (
    # name, short name, kind, municipality
    (NGO, "Būkime kartu", Organisation.Kind.NGO, "LT-15"),
    (MUNICIPAL, "Trakų r. Socialinės paramos skyrius", Organisation.Kind.MUNICIPALITY, "LT-52"),
    (EMPLOYER, "Medžio dirbtuvė", Organisation.Kind.EMPLOYER, "LT-15"),
    (PROVIDER, "Psichologinės pagalbos centras", Organisation.Kind.SERVICE_PROVIDER, "LT-15"),
    (FUNDER, "ESFA", Organisation.Kind.FUNDER, "LT-57"),
)

PERSONAS = (
    # username, first name, last name, organisation, role, specialty, what the persona is for
    ("ruta", "Rūta", "Kazlauskienė", NGO, Role.CASE_MANAGER, "", "case manager; owns Ona's case"),
    (
        "jonas",
        "Jonas",
        "Petraitis",
        NGO,
        Role.CASE_MANAGER,
        "",
        "case manager in the same organisation, not on Ona's team",
    ),
    (
        "aiste",
        "Aistė",
        "Jankauskaitė",
        PROVIDER,
        Role.SPECIALIST,
        Specialty.PSYCHOLOGIST,
        "partner psychologist on Ona's case team",
    ),
    (
        "tomas",
        "Tomas",
        "Vasiliauskas",
        MUNICIPAL,
        Role.CASE_MANAGER,
        "",
        "case manager of another organisation",
    ),
    (
        "koordinatorius",
        "Laura",
        "Paulauskienė",
        NGO,
        Role.COORDINATOR,
        "",
        "coordinates 11-415-K-0003 and 08.3.1-ESFA-V-419-01-0001",
    ),
    (
        "admin",
        "Vida",
        "Balčiūnienė",
        NGO,
        Role.ORG_ADMIN,
        "",
        "administers the NGO: users and roles, audit log, break-glass reviews",
    ),
    (
        "rasa",
        "Rasa",
        "Mockienė",
        MUNICIPAL,
        Role.ORG_ADMIN,
        "",
        "administers the municipal division and its programmes",
    ),
    (
        "egle",
        "Eglė",
        "Butkutė",
        FUNDER,
        Role.AUDITOR,
        "",
        "funder's auditor: sees no personal data",
    ),
    (
        "darius",
        "Darius",
        "Stankevičius",
        EMPLOYER,
        Role.EMPLOYER_CONTACT,
        "",
        "partner employer contact: sees no personal data",
    ),
    (
        "ona",
        "Ona",
        "Žukauskienė",
        NGO,
        Role.PARTICIPANT,
        "",
        "the participant herself: her own portal",
    ),
)


class ProgrammeSpec(TypedDict):
    """One demo programme: organisations and people by the names and usernames above."""

    code: str
    title: str
    measure: str
    funder: str
    start: date
    end: date
    lead: str
    admin: str
    target: int  # participants to enrol
    groups: tuple[str, ...]  # target group codes
    partners: NotRequired[tuple[str, ...]]
    coordinators: NotRequired[tuple[str, ...]]
    sensitive: NotRequired[bool]
    cohorts: NotRequired[tuple[tuple[str, date], ...]]  # name, start date
    budget: NotRequired[tuple[tuple[str, Decimal], ...]]  # title, amount


#: The programmes of the source documents (shared/seeds). Their real implementers are not in the
#: demo, so the NGO stands in for the SDMC project and the Trakai division for Joniškis.
PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    {
        "code": "08.3.1-ESFA-V-419-01-0001",
        "title": "Dainavos seniūnijos socialiai pažeidžiamų asmenų integracija į bendruomenę "
        "ir darbo rinką",
        "measure": "Projektas „Alternatyvių investicijų detektorius (AID)“",
        "funder": FUNDER,
        "start": date(2021, 4, 1),
        "end": date(2023, 9, 30),
        "lead": NGO,
        "admin": "admin",
        "partners": (PROVIDER,),
        "coordinators": ("koordinatorius",),
        "target": 75,
        "groups": ("families-at-risk", "socially-vulnerable", "unemployed", "long-term-unemployed"),
        "cohorts": (("1 grupė", date(2021, 4, 1)), ("2 grupė", date(2022, 3, 1))),
    },
    {
        "code": "VP1-1.3-SADM-02-K-01-002",
        "title": "Palaipsnės praktinės socialinės integracijos modelio sukūrimas ir įgyvendinimas",
        "measure": "VP1-1.3-SADM-02-K „Socialinės rizikos ir socialinę atskirtį patiriančių "
        "asmenų integracija į darbo rinką“",
        "funder": "Europos socialinis fondas",
        "start": date(2009, 3, 6),
        "end": date(2011, 2, 6),
        "lead": NGO,
        "admin": "admin",
        "target": 150,
        "groups": ("released-from-prison",),
        "sensitive": True,
    },
    {
        "code": "TRAKAI-AV-2024",
        "title": "Užimtumo skatinimo ir motyvavimo paslaugų nedirbantiems asmenims "
        "organizavimo priemonė",
        "measure": "Atvejo vadyba užimtumo skatinimo srityje",
        "funder": "Trakų rajono savivaldybė",
        "start": date(2024, 1, 1),
        "end": date(2024, 12, 31),
        "lead": MUNICIPAL,
        "admin": "rasa",
        "target": 100,
        "groups": ("unemployed", "long-term-unemployed", "addiction", "socially-vulnerable"),
    },
    {
        "code": "11-415-K-0003",
        "title": "Sistemine pažangos stebėsena grįstos socialinės atskirties mažinimo ir "
        "užimtumo didinimo paslaugos Šiaulių mieste",
        "measure": "Pažangos priemonė Nr. 01-004-08-04-01 „Didinti visuomenės įsitraukimą į "
        "vietos problemų sprendimą“",
        "funder": "2021–2027 m. ES fondų ir Lietuvos Respublikos valstybės biudžeto lėšos",
        "start": date(2025, 9, 29),
        "end": date(2027, 12, 31),
        "lead": NGO,
        "admin": "admin",
        "partners": (PROVIDER,),
        "coordinators": ("koordinatorius",),
        "target": 48,
        "groups": ("unemployed", "long-term-unemployed", "socially-vulnerable", "neet"),
    },
    {
        "code": "07-018-P-0001",
        "title": "Perėjimas nuo institucinės globos prie bendruomeninių paslaugų Sostinės "
        "regione, Vidurio ir vakarų Lietuvos regione",
        "measure": "Socialinės dirbtuvės ir atvejo vadyba Joniškio rajone",
        "funder": "Europos Sąjungos ir Joniškio rajono savivaldybės biudžeto lėšos",
        "start": date(2024, 3, 1),
        "end": date(2029, 12, 31),
        "lead": MUNICIPAL,
        "admin": "rasa",
        "target": 10,
        "groups": ("intellectual-disability", "psychosocial-disability"),
        "budget": (
            ("Socialinės dirbtuvės", Decimal("301700.00")),
            ("Atvejo vadyba", Decimal("183900.00")),
        ),
    },
)

# Only what the work needs (GDPR Art. 9 minimisation): adjustments, never a diagnosis.
SUPPORT_NOTES = (
    "Reikia aiškių, trumpų nurodymų ir pertraukos kas valandą.",
    "Darbo vieta be laiptų; gali dirbti iki 4 valandų per dieną.",
    "Padeda vaizdinė dienotvarkė; naujoje vietoje pirmą kartą reikia palydėti.",
    "Dokumentus geriau paaiškinti žodžiu ir paprasta kalba.",
    "Geriausiai sekasi mažoje grupėje, ramioje aplinkoje.",
)


@dataclass(frozen=True)
class Profile:
    """How the people of one demo group tend to look at entry."""

    women: float
    ages: tuple[int, int]
    statuses: tuple[tuple[str, int], ...]
    parent: float = 0.3
    homeless: float = 0.03


PROFILES = {
    "general": Profile(
        0.55,
        (18, 60),
        (
            ("unemployed-registered", 6),
            ("unemployed-unregistered", 2),
            ("caring-for-family", 1),
            ("inactive-other", 1),
            ("employed", 1),
        ),
    ),
    "parent": Profile(
        0.85,
        (22, 45),
        (("unemployed-registered", 5), ("caring-for-family", 3), ("unemployed-unregistered", 1)),
        parent=1.0,
    ),
    "released": Profile(
        0.15, (21, 50), (("unemployed-registered", 3), ("unemployed-unregistered", 2)), homeless=0.3
    ),
    "trakai": Profile(
        0.5,
        (20, 60),
        (("unemployed-registered", 5), ("unemployed-unregistered", 2), ("inactive-other", 1)),
    ),
    "disability": Profile(
        0.5, (20, 55), (("unable-to-work", 4), ("unemployed-registered", 2)), parent=0.05
    ),
}

_CURRENT, _JONISKIS = "11-415-K-0003", "07-018-P-0001"
_UZT_SIAULIAI = "Užimtumo tarnybos Šiaulių klientų aptarnavimo departamentas"
_WOMAN, _MAN = Gender.WOMAN, Gender.MAN

ReferralPerson = tuple[str, Gender, dict[str, object]]
ReferralRow = tuple[str, str, str, str, str | None, int, str, ReferralPerson, str]

#: organisation, actor, source, referrer, programme, days ago, outcome, the person
#: (municipality, gender, anything fixed), reason for referral
REFERRALS: tuple[ReferralRow, ...] = (
    (
        NGO,
        "ruta",
        "employment-service",
        _UZT_SIAULIAI,
        _CURRENT,
        3,
        "received",
        ("LT-43", _MAN, {}),
        "Registruotas Užimtumo tarnyboje ilgiau nei metus; reikia "
        "pagalbos ieškant darbo ir stiprinant motyvaciją.",
    ),
    (
        NGO,
        "jonas",
        "eldership",
        "Dainavos seniūnija",
        None,
        6,
        "received",
        ("LT-15", _MAN, {"children_count": 3}),
        "Seniūnijos socialinė darbuotoja "
        "pastebėjo, kad šeimai reikia pagalbos: tėvas neturi darbo, auga trys vaikai.",
    ),
    (
        NGO,
        "koordinatorius",
        "self-referral",
        "",
        _CURRENT,
        9,
        "received",
        ("LT-43", _WOMAN, {"children_count": 1}),
        "Kreipėsi pati: po vaiko priežiūros atostogų nori grįžti į darbo rinką.",
    ),
    (
        NGO,
        "ruta",
        "ngo",
        "Bendruomenės maisto parama",
        _CURRENT,
        21,
        "waitlisted",
        ("LT-43", _WOMAN, {}),
        "Reikia konsultacijos dėl skolų ir pagalbos ieškant darbo.",
    ),
    (
        NGO,
        "jonas",
        "other-institution",
        "Pirminės sveikatos priežiūros centras",
        None,
        28,
        "waitlisted",
        ("LT-15", _MAN, {}),
        "Socialinė darbuotoja rekomenduoja psichologo konsultacijas ir pagalbą ieškant darbo.",
    ),
    (
        NGO,
        "ruta",
        "employment-service",
        "Užimtumo tarnybos Panevėžio klientų aptarnavimo departamentas",
        _CURRENT,
        35,
        "declined",
        ("LT-32", _MAN, {}),
        "Ilgalaikis bedarbis, reikia socialinių įgūdžių ugdymo.",
    ),
    (
        NGO,
        "ruta",
        "employment-service",
        _UZT_SIAULIAI,
        _CURRENT,
        50,
        "accepted",
        ("LT-43", _WOMAN, {}),
        "Nedirba dvejus metus; reikia pagalbos rengiant gyvenimo "
        "aprašymą ir ruošiantis pokalbiams su darbdaviais.",
    ),
    (
        NGO,
        "jonas",
        "eldership",
        "Dainavos seniūnija",
        _CURRENT,
        64,
        "accepted",
        ("LT-15", _WOMAN, {"children_count": 2, "single_parent": True}),
        "Vieniša mama, ieško darbo, kurį galėtų derinti su vaikų priežiūra.",
    ),
    # He gave no personal code; he is registered without one.
    (
        NGO,
        "ruta",
        "self-referral",
        "",
        _CURRENT,
        80,
        "accepted",
        ("LT-43", _MAN, {"personal_code": None}),
        "Kreipėsi pats: nori pakeisti profesiją ir grįžti į darbo rinką.",
    ),
    (
        MUNICIPAL,
        "tomas",
        "employment-service",
        _UZT_SIAULIAI,
        _JONISKIS,
        40,
        "accepted",
        ("LT-11", _WOMAN, {}),
        "Nukreipiama į socialines dirbtuves darbiniams įgūdžiams ugdyti.",
    ),
    (
        MUNICIPAL,
        "tomas",
        "eldership",
        "Žagarės seniūnija",
        None,
        4,
        "received",
        ("LT-11", _MAN, {}),
        "Seniūnas praneša, kad gyventojui reikia pagalbos tvarkant dokumentus ir ieškant užimtumo.",
    ),
)
REFERRAL_DECISIONS = {
    "waitlisted": "Šiuo metu grupė pilna; pakviesime, kai atsiras vieta.",
    "declined": "Asmuo gyvena Panevėžyje, ne projekto teritorijoje; nukreiptas į "
    "Panevėžio miesto socialinių paslaugų centrą.",
}
