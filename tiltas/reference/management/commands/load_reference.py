"""Load the reference catalogues from the CSV files in ``tiltas/reference/data/``.

Safe to run any number of times: rows are matched by code (elderships by municipality and
name), created when missing, updated when the file says otherwise, and left alone when equal.
Rows an administrator added are never deleted. Everything happens in one transaction.

Other code, fixtures and imports refer to these codes, so a code never changes; a new meaning
gets a new row.

Municipality (``municipalities_lt.csv``): the ISO 3166-2 code, LT-01 … LT-60.

IscedLevel (``isced.csv``): the level digit, 0 … 8.

LabourMarketStatus (``labour_market_statuses.csv``), with its ESF+ category:
    unemployed-registered, unemployed-unregistered (unemployed);
    student, caring-for-family, retired, unable-to-work, inactive-other (inactive);
    employed, self-employed (employed).
    Long-term unemployment is not a status: it is derived from the unemployment start.

ReferralSource (``referral_sources.csv``):
    employment-service, eldership, ngo, other-institution, self-referral, other

TargetGroup (``target_groups.csv``):
    unemployed, long-term-unemployed, released-from-prison, families-at-risk,
    intellectual-disability, psychosocial-disability, socially-vulnerable, neet, addiction

ExitReason (``exit_reasons.csv``):
    completed, found-job, education, moved-away, stopped, health, died, other

ServiceType (``social_services_catalogue_lt.csv``): ``svc-<SPIS code>`` where the catalogue
gives one (svc-201 … svc-204), otherwise the ASCII slug of the Lithuanian name cut at a word
boundary to 32 characters:
    potencialiu-socialiniu-paslaugu, aprupinimas-butiniausiais, transporto-organizavimas,
    sociokulturines-paslaugos, asmenines-higienos-ir-prieziuros, kitos-bendrosios-socialines,
    pagalba-i-namus, socialiniu-igudziu-ugdymas, apgyvendinimas-savarankisko,
    intensyvi-kriziu-iveikimo, laikinas-apnakvindinimas, apgyvendinimas-nakvynes-namuose,
    psichosocialine-pagalba, apgyvendinimas-apsaugotame-buste, laikinas-atokvepis,
    pagalba-globejams-rupintojams, vaiku-dienos-socialine-prieziura, atvejo-vadyba,
    dienos-socialine-globa, trumpalaike-socialine-globa, ilgalaike-socialine-globa

Eldership (``elderships.csv``): no code; keyed by municipality and name ("Dainavos seniūnija").
"""

import csv
import re
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tiltas.activities.models import ServiceType
from tiltas.common.text import fold
from tiltas.reference.models import (
    Eldership,
    ExitReason,
    IscedLevel,
    LabourMarketStatus,
    Municipality,
    ReferralSource,
    TargetGroup,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CODE_MAX_LENGTH = 32

# The ISO short name of a city municipality is the genitive "Kauno miestas", and one
# municipality's short name is genitive too; English names want the nominative.
_NOMINATIVE = {
    "Alytaus miestas": "Alytus",
    "Kauno miestas": "Kaunas",
    "Klaipėdos miestas": "Klaipėda",
    "Palangos miestas": "Palanga",
    "Panevėžio miestas": "Panevėžys",
    "Šiaulių miestas": "Šiauliai",
    "Vilniaus miestas": "Vilnius",
    "Kazlų Rūdos": "Kazlų Rūda",
}
_KIND_EN = {"miesto": "City Municipality", "rajono": "District Municipality"}
# Notes left in the shared facts where a fact was not confirmed; the row itself is kept.
_UNCERTAIN_NOTE = re.compile(r"\s*\[UNCERTAIN[^\]]*\]")


def municipality_name_en(iso_short_name: str, kind: str) -> str:
    place = _NOMINATIVE.get(iso_short_name, iso_short_name)
    return f"{place} {_KIND_EN.get(kind, 'Municipality')}"


def service_type_code(spis_code: str, name_lt: str) -> str:
    if spis_code:
        return f"svc-{spis_code}"
    code = ""
    for word in (w for w in re.split(r"[^a-z0-9]+", fold(name_lt)) if w):
        longer = f"{code}-{word}" if code else word
        if len(longer) > CODE_MAX_LENGTH:
            break
        code = longer
    return code


def strip_uncertain_note(text: str) -> str:
    return _UNCERTAIN_NOTE.sub("", text).strip()


def read_rows(filename: str) -> list[dict[str, str]]:
    path = DATA_DIR / filename
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [
                {key: (value or "").strip() for key, value in row.items()}
                for row in csv.DictReader(handle)
            ]
    except FileNotFoundError:
        raise CommandError(f"Reference file missing: {path}") from None


class Command(BaseCommand):
    help = "Load or refresh the reference catalogues (municipalities, ISCED, services, …)."

    def handle(self, *args, **options):
        self.outcomes: Counter[str] = Counter()
        with transaction.atomic():
            counts = {
                "municipalities": self.load_municipalities(),
                "elderships": self.load_elderships(),
                "ISCED levels": self.load_isced(),
                "labour-market statuses": self.load_simple(
                    LabourMarketStatus, "labour_market_statuses.csv", extra=("esf_category",)
                ),
                "referral sources": self.load_simple(ReferralSource, "referral_sources.csv"),
                "target groups": self.load_simple(TargetGroup, "target_groups.csv"),
                "exit reasons": self.load_simple(ExitReason, "exit_reasons.csv"),
                "service types": self.load_service_types(),
            }
        if options["verbosity"] == 0:
            return
        listed = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(
            f"Reference data: {listed} ({self.outcomes['created']} created, "
            f"{self.outcomes['updated']} updated, {self.outcomes['unchanged']} unchanged)."
        )

    def upsert(self, model, lookup: dict, values: dict):
        """update_or_create that does not write a row whose values are already right, so a
        repeated load leaves no noise in the audit log."""
        row = model.objects.filter(**lookup).first()
        if row is None:
            row = model.objects.create(**lookup, **values)
            self.outcomes["created"] += 1
            return row
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if changed:
            for name in changed:
                setattr(row, name, values[name])
            row.save(update_fields=changed)
            self.outcomes["updated"] += 1
        else:
            self.outcomes["unchanged"] += 1
        return row

    def load_municipalities(self) -> int:
        rows = read_rows("municipalities_lt.csv")
        for order, row in enumerate(rows, start=1):
            self.upsert(
                Municipality,
                {"code": row["iso_3166_2"]},
                {
                    "name_lt": row["name"],
                    "name_en": municipality_name_en(row["iso_short_name"], row["kind"]),
                    "county": row["county_name"],
                    "order": order,
                },
            )
        return len(rows)

    def load_elderships(self) -> int:
        rows = read_rows("elderships.csv")
        municipalities = {m.code: m for m in Municipality.objects.all()}
        for row in rows:
            municipality = municipalities.get(row["municipality_code"])
            # The name is in the file as a check: a wrong ISO code must not put an eldership
            # into another municipality unnoticed.
            if municipality is None or municipality.name_lt != row["municipality_name"]:
                raise CommandError(
                    f"elderships.csv: {row['municipality_code']} is not "
                    f"{row['municipality_name']} ({row['name']})."
                )
            self.upsert(Eldership, {"municipality": municipality, "name": row["name"]}, {})
        return len(rows)

    def load_isced(self) -> int:
        rows = read_rows("isced.csv")
        for order, row in enumerate(rows, start=1):
            self.upsert(
                IscedLevel,
                {"code": row["level"]},
                {
                    "name_lt": row["name_lt_gloss"],
                    "name_en": row["name_en"],
                    "esf_indicator": row["esf_plus_output_indicator"],
                    "order": order,
                },
            )
        return len(rows)

    def load_simple(self, model, filename: str, extra: tuple[str, ...] = ()) -> int:
        rows = read_rows(filename)
        for order, row in enumerate(rows, start=1):
            values = {"name_lt": row["name_lt"], "name_en": row["name_en"], "order": order}
            values.update({name: row[name] for name in extra})
            self.upsert(model, {"code": row["code"]}, values)
        return len(rows)

    def load_service_types(self) -> int:
        rows = read_rows("social_services_catalogue_lt.csv")
        groups = set(ServiceType.Group.values)
        seen: dict[str, str] = {}
        for order, row in enumerate(rows, start=1):
            code = service_type_code(row["code"], row["name_lt"])
            if code in seen:
                raise CommandError(
                    f"Service types {seen[code]!r} and {row['name_lt']!r} share the code {code}."
                )
            seen[code] = row["name_lt"]
            if row["group"] not in groups:
                raise CommandError(f"Unknown service group {row['group']!r} ({row['name_lt']}).")
            self.upsert(
                ServiceType,
                {"code": code},
                {
                    "spis_code": row["code"],
                    "group": row["group"],
                    "name_lt": row["name_lt"],
                    "name_en": strip_uncertain_note(row["name_en"]),
                    "order": order,
                },
            )
        return len(rows)
