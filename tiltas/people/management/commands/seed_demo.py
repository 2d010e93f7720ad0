"""Load the demo data set: organisations, programmes of the source documents, the personas, and
about sixty synthetic participants with their enrolments, cases, case teams and referrals.

Every person is invented (tiltas.people.demo). Every write that has a service goes through it,
with a demo user as the actor, exactly as the web screens would do it, so the demo data obey the
same rules and leave the same timeline and audit trail. The same seed gives the same people; only
"today" moves the dates.
"""

import os
from datetime import date, timedelta
from typing import TypedDict

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tiltas.accounts.models import Membership, Organisation, Specialty, User
from tiltas.audit.context import acting_as
from tiltas.casework.services import case_close, case_open, team_member_add
from tiltas.common.text import fold
from tiltas.people.demo import URBAN_TOWNS, demo_faker, female_surname, make_personal_code
from tiltas.people.demo_content import (
    MUNICIPAL,
    NGO,
    ORGANISATIONS,
    PERSONAS,
    PROFILES,
    PROGRAMMES,
    REFERRAL_DECISIONS,
    REFERRALS,
    SUPPORT_NOTES,
    Profile,
)
from tiltas.people.models import Citizenship, Consent, Gender, Participant, SensitiveProfile
from tiltas.people.services import participant_register, participant_update
from tiltas.programmes.models import BudgetLine, Cohort, Programme
from tiltas.programmes.services import enrolment_create, enrolment_exit, programme_save
from tiltas.reference.models import (
    Eldership,
    ExitReason,
    IscedLevel,
    LabourMarketStatus,
    Municipality,
    ReferralSource,
    TargetGroup,
)
from tiltas.referrals.models import Referral
from tiltas.referrals.services import (
    referral_accept,
    referral_create,
    referral_decline,
    referral_waitlist,
)

SEED = 2026
# Public on purpose: printed with the logins so anyone can try the demo. Never a real system.
PASSWORD = "demo-Tiltas-2026"  # noqa: S105
EMAIL_DOMAIN = "demo.tiltas.lt"


class Command(BaseCommand):
    help = "Load the demo organisations, users, programmes and synthetic participants."

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0
        if Organisation.objects.filter(name=NGO).exists():
            if verbose:
                self.stdout.write("demo data already present")
                # `make run` seeds on every start and promises the logins on screen.
                self.print_logins(User.objects.filter(username="platforma").exists())
            return
        usernames = [persona[0] for persona in PERSONAS]
        taken = list(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if taken:
            raise CommandError(
                f"The demo needs these usernames, already taken here: {', '.join(taken)}. "
                "Load the demo into a fresh database."
            )
        if not (
            Municipality.objects.filter(code="LT-15").exists()
            and LabourMarketStatus.objects.exists()
        ):
            call_command("load_reference", stdout=self.stdout, verbosity=options["verbosity"])
        with transaction.atomic():
            seeder = DemoSeeder(timezone.localdate())
            seeder.run()
        if verbose:
            self.stdout.write(
                f"Demo data: {Participant.objects.count()} participants, "
                f"{Referral.objects.count()} referrals."
            )
            self.print_logins(seeder.superuser_created)

    def print_logins(self, superuser_created: bool) -> None:
        short_names = {name: short for name, short, _kind, _m in ORGANISATIONS}
        rows = [("username", "name", "role", "organisation", "for")]
        rows += [
            (
                username,
                f"{first} {last}",
                role.replace("_", " ") + (f" ({specialty})" if specialty else ""),
                short_names[org],
                what,
            )
            for username, first, last, org, role, specialty, what in PERSONAS
        ]
        if superuser_created:
            rows.append(("platforma", "", "superuser", "", "Django admin; no personal data"))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        for row in rows:
            cells = [value.ljust(width) for value, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[4]]))
        if not settings.DEMO_MODE:
            # Outside demo mode staff must set up two-factor authentication at first sign-in.
            self.stdout.write("Run the server with TILTAS_DEMO=1 so staff can sign in without MFA.")


class Reference(TypedDict):
    """The reference data the seeder picks from, each kind by code."""

    status: dict[str, LabourMarketStatus]
    isced: dict[str, IscedLevel]
    group: dict[str, TargetGroup]
    source: dict[str, ReferralSource]
    exit: dict[str, ExitReason]
    municipality: dict[str, Municipality]


class DemoSeeder:
    def __init__(self, today: date):
        self.today = today
        self.fake = demo_faker(SEED)
        self.rng = self.fake.random
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.programmes: dict[str, Programme] = {}
        self.taken_birth_dates: set[date] = set()
        self.taken_codes: set[str] = set()
        self.superuser_created = False
        self.ref: Reference = {
            "status": {s.code: s for s in LabourMarketStatus.objects.all()},
            "isced": {i.code: i for i in IscedLevel.objects.all()},
            "group": {g.code: g for g in TargetGroup.objects.all()},
            "source": {s.code: s for s in ReferralSource.objects.all()},
            "exit": {e.code: e for e in ExitReason.objects.all()},
            "municipality": {m.code: m for m in Municipality.objects.all()},
        }

    def run(self) -> None:
        self.create_organisations_and_users()
        self.create_programmes()
        self.create_participants()
        self.create_referrals()

    # --- organisations, users, programmes ---------------------------------------------------

    def create_organisations_and_users(self) -> None:
        for name, short, kind, municipality in ORGANISATIONS:
            self.orgs[name] = Organisation.objects.create(
                name=name,
                short_name=short,
                kind=kind,
                municipality=self.ref["municipality"][municipality],
            )
        # One hash for all: the demo password is public, and hashing ten times is slow.
        password = make_password(PASSWORD)
        for username, first, last, org, role, specialty, _what in PERSONAS:
            user = User.objects.create(
                username=username,
                first_name=first,
                last_name=last,
                password=password,
                email=f"{username}@{EMAIL_DOMAIN}",
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            Membership.objects.create(
                user=user, organisation=self.orgs[org], role=role, specialty=specialty
            )
            self.users[username] = user
        if (
            os.environ.get("TILTAS_DEMO_SUPERUSER") == "1"
            and not User.objects.filter(username="platforma").exists()
        ):
            User.objects.create_superuser("platforma", f"platforma@{EMAIL_DOMAIN}", PASSWORD)
            self.superuser_created = True

    def create_programmes(self) -> None:
        for spec in PROGRAMMES:
            actor = self.users[spec["admin"]]
            programme = programme_save(
                actor=actor,
                programme=Programme(
                    code=spec["code"],
                    title=spec["title"],
                    measure=spec["measure"],
                    funder=spec["funder"],
                    start_date=spec["start"],
                    end_date=spec["end"],
                    lead_organisation=self.orgs[spec["lead"]],
                    is_sensitive=spec.get("sensitive", False),
                ),
                partners=[self.orgs[name] for name in spec.get("partners", ())],
                coordinators=[self.users[name] for name in spec.get("coordinators", ())],
                target_groups=[self.ref["group"][code] for code in spec["groups"]],
                targets={"participants": spec["target"]},
            )
            # Cohorts and budget lines have no service of their own yet.
            with acting_as(actor):
                for name, start in spec.get("cohorts", ()):
                    Cohort.objects.create(programme=programme, name=name, start_date=start)
                for title, amount in spec.get("budget", ()):
                    BudgetLine.objects.create(programme=programme, title=title, amount=amount)
            self.programmes[spec["code"]] = programme

    # --- participants -----------------------------------------------------------------------

    def create_participants(self) -> None:
        ngo, municipal = self.orgs[NGO], self.orgs[MUNICIPAL]
        self.create_ona()
        kaunas = (
            "Dainavos seniūnija",
            "Centro seniūnija",
            "Šilainių seniūnija",
            "Žaliakalnio seniūnija",
        )
        current = "11-415-K-0003"
        # Šiauliai city has no elderships; the project serves its residents.
        for i in range(17):
            self.person(
                ngo,
                ("ruta", "jonas")[i % 2],
                "general",
                "LT-43",
                (),
                current,
                psychologist=i % 3 == 0,
                third_country=i in (4, 11),
            )
        for i in range(8):
            self.person(
                ngo,
                ("ruta", "jonas")[i % 2],
                "general",
                "LT-15",
                kaunas,
                current,
                psychologist=i % 2 == 0,
                disability=i == 3,
            )
        for i in range(6):
            self.person(
                ngo,
                ("ruta", "jonas")[i % 2],
                "parent",
                "LT-15",
                ("Dainavos seniūnija",),
                "08.3.1-ESFA-V-419-01-0001",
                history=True,
            )
        for _ in range(4):
            self.person(
                ngo,
                "jonas",
                "released",
                "LT-57",
                (
                    "Naujamiesčio seniūnija",
                    "Naujosios Vilnios seniūnija",
                    "Šeškinės seniūnija",
                    "Antakalnio seniūnija",
                ),
                "VP1-1.3-SADM-02-K-01-002",
                history=True,
            )
        # Registered at intake, waiting for a programme place and a case.
        for username in ("ruta", "jonas"):
            self.person(ngo, username, "general", "LT-15", kaunas, None, open_case=False)
        trakai = tuple(e.name for e in Eldership.objects.filter(municipality__code="LT-52"))
        for i in range(8):
            self.person(
                municipal,
                "tomas",
                "trakai",
                "LT-52",
                trakai,
                "TRAKAI-AV-2024",
                trakai_exit=True,
                close_case=i % 2 == 0,
            )
        joniskis = tuple(e.name for e in Eldership.objects.filter(municipality__code="LT-11"))
        for _ in range(10):
            self.person(
                municipal,
                "tomas",
                "disability",
                "LT-11",
                joniskis,
                "07-018-P-0001",
                disability=True,
                entry_from=date(2025, 1, 1),
            )

    def create_ona(self) -> None:
        ruta, ngo = self.users["ruta"], self.orgs[NGO]
        programme = self.programmes["11-415-K-0003"]
        birth = date(1988, 6, 17)
        self.taken_birth_dates.add(birth)
        code = make_personal_code(birth, is_male=False, serial=213)
        self.taken_codes.add(code)
        fields = {
            "first_name": "Ona",
            "last_name": "Žukauskienė",
            "personal_code": code,
            "birth_date": birth,
            "gender": Gender.WOMAN,
            "phone": "+37061234567",
            "email": f"ona@{EMAIL_DOMAIN}",
            "address": "Kovo 11-osios g. 48-12, Kaunas",
            "postal_code": "LT-49321",
            "municipality": self.ref["municipality"]["LT-15"],
            "eldership": Eldership.objects.get(
                municipality__code="LT-15", name="Dainavos seniūnija"
            ),
            "citizenship": Citizenship.EU,
            "isced_level": self.ref["isced"]["3"],
            "labour_market_status": self.ref["status"]["unemployed-registered"],
            "unemployed_since": date(2024, 9, 2),
            "children_count": 2,
            "single_parent": True,
        }
        entry = self.clamp(
            date(2025, 10, 6), programme.start_date, min(programme.end_date, self.today)
        )
        participant = participant_register(
            actor=ruta,
            organisation=ngo,
            fields=fields,
            consents=[
                Consent.Purpose.SERVICE_DELIVERY,
                Consent.Purpose.PARTNER_SHARING,
                Consent.Purpose.EXCHANGE_PROFILE,
            ],
            sensitive={
                "disability": SensitiveProfile.Answer.NO,
                "minority": SensitiveProfile.Answer.NO,
            },
            intake_date=entry,
        )
        enrolment_create(
            actor=ruta,
            participant=participant,
            programme=programme,
            entry_date=entry,
            target_group=self.ref["group"]["long-term-unemployed"],
        )
        case = case_open(actor=ruta, participant=participant, case_manager=ruta, opened_on=entry)
        team_member_add(
            actor=ruta, case=case, user=self.users["aiste"], specialty=Specialty.PSYCHOLOGIST
        )
        with acting_as(ruta):
            participant.user = self.users["ona"]
            participant.save(update_fields=["user"])

    def person(
        self,
        org,
        username,
        profile_name,
        municipality_code,
        elderships,
        programme_code,
        *,
        psychologist=False,
        disability=False,
        third_country=False,
        history=False,
        trakai_exit=False,
        close_case=False,
        open_case=True,
        entry_from=None,
    ):
        """Register one synthetic person and take them as far along the journey as asked."""
        actor = self.users[username]
        programme = self.programmes.get(programme_code)
        if programme is not None:
            low = max(programme.start_date, entry_from or programme.start_date)
            high = min(programme.end_date, self.today)
            if history:
                # Leave room for the stay in the programme before it ended.
                high = min(high, programme.end_date - timedelta(days=120))
            if low > high:
                return None
            entry = self.random_date(low, high)
        else:
            entry = self.today - timedelta(days=self.rng.randint(1, 20))
        eldership = self.rng.choice(elderships) if elderships else ""
        fields, sensitive = self.identity(
            PROFILES[profile_name],
            entry,
            municipality_code,
            eldership,
            disability=disability,
            third_country=third_country,
        )
        consents = [Consent.Purpose.SERVICE_DELIVERY]
        for purpose, chance in (
            (Consent.Purpose.PARTNER_SHARING, 0.6),
            (Consent.Purpose.EXCHANGE_PROFILE, 0.3),
            (Consent.Purpose.EMPLOYER_CONTACT, 0.25),
        ):
            if self.rng.random() < chance and not (programme and programme.is_sensitive):
                consents.append(purpose)
        if psychologist and Consent.Purpose.PARTNER_SHARING not in consents:
            # The partner's psychologist may join the team only with this consent.
            consents.append(Consent.Purpose.PARTNER_SHARING)
        participant = participant_register(
            actor=actor,
            organisation=org,
            fields=fields,
            consents=consents,
            sensitive=sensitive,
            intake_date=entry,
        )
        if programme is None:
            if open_case:
                case_open(actor=actor, participant=participant, case_manager=actor, opened_on=entry)
            return participant
        enrolment = enrolment_create(
            actor=actor,
            participant=participant,
            programme=programme,
            entry_date=entry,
            cohort=programme.cohorts.filter(start_date__lte=entry).last(),
            target_group=self.target_group(participant, programme, entry),
        )
        case = case_open(actor=actor, participant=participant, case_manager=actor, opened_on=entry)
        if psychologist:
            team_member_add(
                actor=actor, case=case, user=self.users["aiste"], specialty=Specialty.PSYCHOLOGIST
            )
        if history or trakai_exit:
            reason = self.rng.choices(
                ("found-job", "completed", "stopped", "moved-away"), weights=(4, 3, 1, 1)
            )[0]
            exit_on = self.random_date(
                min(entry + timedelta(days=60), programme.end_date),
                min(programme.end_date, self.today),
            )
            enrolment_exit(
                actor=actor,
                enrolment=enrolment,
                exit_date=exit_on,
                exit_reason=self.ref["exit"][reason],
            )
            if reason == "found-job":
                participant_update(
                    actor=actor,
                    participant=participant,
                    fields={
                        "labour_market_status": self.ref["status"]["employed"],
                        "unemployed_since": None,
                    },
                )
            if history or close_case:
                case_close(
                    actor=actor,
                    case=case,
                    closed_on=exit_on,
                    note="Dalyvavimas programoje baigtas.",
                )
        return participant

    def identity(
        self,
        profile: Profile,
        entry: date,
        municipality_code: str,
        eldership: str,
        *,
        disability: bool,
        third_country: bool = False,
        gender: str | None = None,
    ) -> tuple[dict, dict]:
        fake, rng = self.fake, self.rng
        is_woman = not third_country and rng.random() < profile.women
        if gender is not None:
            is_woman = gender == Gender.WOMAN
        age = rng.randint(*profile.ages)
        # A few days over whole years, so nobody is a day short of the youngest age.
        birth = entry - timedelta(days=age * 365 + 10 + rng.randint(0, 350))
        # A unique birth date per person keeps the duplicate check from flagging two
        # invented people with similar names as one.
        while birth in self.taken_birth_dates:
            birth -= timedelta(days=1)
        self.taken_birth_dates.add(birth)
        if third_country:
            first, last = rng.choice(
                (("Oleksandr", "Melnyk"), ("Andrii", "Bondarenko"), ("Serhii", "Kovalenko"))
            )
        elif is_woman:
            first = fake.first_name_female_lt()
            last = female_surname(
                fake.last_name_male_lt(), married=age >= 27 and rng.random() < 0.65
            )
        else:
            first, last = fake.first_name_male_lt(), fake.last_name_male_lt()
        personal_code = None
        if not third_country:
            personal_code = fake.personal_code_lt(birth, not is_woman)
            while personal_code in self.taken_codes:
                personal_code = fake.personal_code_lt(birth, not is_woman)
            self.taken_codes.add(personal_code)
        status_code = rng.choices(
            [s for s, _w in profile.statuses], weights=[w for _s, w in profile.statuses]
        )[0]
        if age < 25 and status_code == "inactive-other":
            status_code = "student"
        status = self.ref["status"][status_code]
        unemployed_since = None
        if status.esf_category == LabourMarketStatus.EsfCategory.UNEMPLOYED:
            earliest = date(birth.year + 17, birth.month, min(birth.day, 28))
            unemployed_since = max(earliest, entry - timedelta(days=rng.randint(30, 1400)))
        children = rng.randint(1, 4) if rng.random() < profile.parent else 0
        if age < 25:
            children = min(children, 1)
        address, postal_code = fake.address_lt(municipality_code, eldership)
        town = fake.town_lt(municipality_code, eldership)
        municipality = self.ref["municipality"][municipality_code]
        fields = {
            "first_name": first,
            "last_name": last,
            "personal_code": personal_code,
            "birth_date": birth,
            "gender": Gender.WOMAN if is_woman else Gender.MAN,
            "phone": fake.phone_lt() if rng.random() < 0.85 else "",
            "address": address if rng.random() < 0.9 else "",
            "postal_code": postal_code,
            "municipality": municipality,
            "eldership": municipality.elderships.get(name=eldership) if eldership else None,
            "citizenship": Citizenship.NON_EU if third_country else Citizenship.EU,
            "foreign_background": third_country or rng.random() < 0.05,
            "isced_level": self.ref["isced"][rng.choices("1234567", (1, 5, 6, 5, 2, 3, 1))[0]]
            if rng.random() < 0.95
            else None,
            "labour_market_status": status,
            "unemployed_since": unemployed_since,
            "children_count": children,
            "single_parent": bool(children) and is_woman and rng.random() < 0.4,
            "homeless_or_housing_exclusion": rng.random() < profile.homeless,
            "rural_residence": bool(town) and town not in URBAN_TOWNS,
        }
        if not fields["address"]:
            fields["postal_code"] = ""
        if fields["phone"] and rng.random() < 0.35:
            fields["email"] = f"{fold(first)}.{fold(last)}{rng.randint(1, 99)}@example.com"
        answer = SensitiveProfile.Answer
        sensitive = {
            "disability": answer.YES
            if disability
            else rng.choice((answer.NO, answer.NO, answer.UNDISCLOSED)),
            "disability_notes": rng.choice(SUPPORT_NOTES) if disability else "",
            "minority": rng.choice((answer.NO, answer.NO, answer.UNDISCLOSED)),
        }
        return fields, sensitive

    def target_group(self, participant, programme, entry: date):
        codes = set(programme.target_groups.values_list("code", flat=True))
        status = participant.labour_market_status
        candidates = [
            ("intellectual-disability", self.rng.random() < 0.5),
            ("psychosocial-disability", True),
            ("released-from-prison", True),
            ("families-at-risk", True),
            (
                "neet",
                participant.age_on(entry) < 25
                and status.esf_category != LabourMarketStatus.EsfCategory.EMPLOYED,
            ),
            ("long-term-unemployed", participant.is_long_term_unemployed(entry)),
            ("unemployed", status.esf_category == LabourMarketStatus.EsfCategory.UNEMPLOYED),
            ("socially-vulnerable", True),
        ]
        for code, fits in candidates:
            if code in codes and fits:
                return self.ref["group"][code]
        return None

    # --- referrals --------------------------------------------------------------------------

    def create_referrals(self) -> None:
        for index, (
            org_name,
            username,
            source,
            referrer,
            programme_code,
            days_ago,
            outcome,
            (municipality_code, gender, fixed),
            reason,
        ) in enumerate(REFERRALS):
            actor, org = self.users[username], self.orgs[org_name]
            received = self.today - timedelta(days=days_ago)
            programme = self.programmes.get(programme_code) if programme_code is not None else None
            if programme is not None and not (
                programme.start_date <= received <= programme.end_date
            ):
                programme = None
            disability = org_name == MUNICIPAL
            fields, sensitive = self.identity(
                PROFILES["disability" if disability else "general"],
                received,
                municipality_code,
                self.eldership_for(municipality_code),
                disability=disability,
                gender=gender,
            )
            fields.update(fixed)
            referral = referral_create(
                actor=actor,
                referral=Referral(
                    organisation=org,
                    programme=programme,
                    source=self.ref["source"][source],
                    referrer_organisation=referrer,
                    referrer_name=(
                        f"{self.fake.first_name_female_lt()} {self.fake.last_name_female_lt()}"
                    )
                    if referrer
                    else "",
                    referrer_contact=self.fake.phone_lt() if referrer else fields["phone"],
                    received_on=received,
                    reason=reason,
                    first_name=fields["first_name"],
                    last_name=fields["last_name"],
                    birth_date=fields["birth_date"],
                    gender=fields["gender"],
                    personal_code=fields["personal_code"] or "",
                    phone=fields["phone"],
                ),
            )
            if outcome in REFERRAL_DECISIONS:
                decide = referral_waitlist if outcome == "waitlisted" else referral_decline
                decide(actor=actor, referral=referral, reason=REFERRAL_DECISIONS[outcome])
            elif outcome == "accepted" and programme is not None:
                entry = min(received + timedelta(days=7 + index), self.today)
                referral_accept(
                    actor=actor,
                    referral=referral,
                    programme=programme,
                    entry_date=entry,
                    participant_fields=fields,
                    sensitive=sensitive,
                    consents=[Consent.Purpose.SERVICE_DELIVERY, Consent.Purpose.PARTNER_SHARING],
                )
                case_open(
                    actor=actor,
                    participant=referral.participant,
                    case_manager=actor,
                    opened_on=entry,
                )

    # --- helpers ----------------------------------------------------------------------------

    def eldership_for(self, municipality_code: str) -> str:
        names = list(
            Eldership.objects.filter(municipality__code=municipality_code).values_list(
                "name", flat=True
            )
        )
        return self.rng.choice(names) if names else ""

    def random_date(self, low: date, high: date) -> date:
        return low + timedelta(days=self.rng.randint(0, max((high - low).days, 0)))

    @staticmethod
    def clamp(day: date, low: date, high: date) -> date:
        return max(low, min(day, high))
