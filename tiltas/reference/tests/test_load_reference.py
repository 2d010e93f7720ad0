from io import StringIO

import pytest
from django.core.management import call_command

from tiltas.activities.models import ServiceType
from tiltas.reference.management.commands.load_reference import (
    municipality_name_en,
    service_type_code,
)
from tiltas.reference.models import (
    Eldership,
    ExitReason,
    IscedLevel,
    LabourMarketStatus,
    Municipality,
    ReferralSource,
    TargetGroup,
)

CATALOGUES = (
    Municipality,
    Eldership,
    IscedLevel,
    LabourMarketStatus,
    ReferralSource,
    TargetGroup,
    ExitReason,
    ServiceType,
)


def load() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CATALOGUES}


@pytest.mark.django_db
def test_load_reference_loads_the_60_municipalities_with_iso_codes():
    load()
    assert Municipality.objects.count() == 60
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert codes == {f"LT-{n:02d}" for n in range(1, 61)}
    kaunas = Municipality.objects.get(code="LT-15")
    assert kaunas.name_lt == "Kauno miesto savivaldybė"
    assert kaunas.name_en == "Kaunas City Municipality"
    assert kaunas.county == "Kauno apskritis"


@pytest.mark.django_db
def test_running_load_reference_again_changes_no_counts():
    load()
    before = counts()
    output = load()
    assert counts() == before
    assert "0 created, 0 updated" in output


@pytest.mark.django_db
def test_load_reference_restores_a_changed_name_without_duplicating_the_row():
    load()
    Municipality.objects.filter(code="LT-52").update(name_en="changed")
    output = load()
    assert Municipality.objects.get(code="LT-52").name_en == "Trakai District Municipality"
    assert Municipality.objects.filter(code="LT-52").count() == 1
    assert "1 updated" in output


@pytest.mark.django_db
def test_isced_levels_0_to_8_carry_their_esf_plus_indicators():
    load()
    indicators = dict(IscedLevel.objects.values_list("code", "esf_indicator"))
    assert indicators == {
        "0": "EECO09",
        "1": "EECO09",
        "2": "EECO09",
        "3": "EECO10",
        "4": "EECO10",
        "5": "EECO11",
        "6": "EECO11",
        "7": "EECO11",
        "8": "EECO11",
    }


@pytest.mark.django_db
def test_each_labour_market_status_maps_to_one_esf_category_and_long_term_is_not_a_status():
    load()
    categories = dict(LabourMarketStatus.objects.values_list("code", "esf_category"))
    assert categories["unemployed-registered"] == "unemployed"
    assert categories["unemployed-unregistered"] == "unemployed"
    assert categories["unable-to-work"] == "inactive"
    assert categories["self-employed"] == "employed"
    assert set(categories.values()) == {"unemployed", "inactive", "employed"}
    assert not any("long" in code for code in categories)


@pytest.mark.django_db
def test_small_catalogues_are_loaded_with_their_codes():
    load()
    assert set(ReferralSource.objects.values_list("code", flat=True)) >= {
        "employment-service",
        "eldership",
        "ngo",
        "other-institution",
        "self-referral",
        "other",
    }
    assert ReferralSource.objects.get(code="employment-service").name_lt == "Užimtumo tarnyba"
    assert set(TargetGroup.objects.values_list("code", flat=True)) >= {
        "unemployed",
        "long-term-unemployed",
        "released-from-prison",
        "families-at-risk",
        "intellectual-disability",
        "psychosocial-disability",
        "socially-vulnerable",
        "neet",
        "addiction",
    }
    assert set(ExitReason.objects.values_list("code", flat=True)) >= {
        "completed",
        "found-job",
        "education",
        "moved-away",
        "stopped",
        "health",
        "died",
        "other",
    }


@pytest.mark.django_db
def test_elderships_belong_to_the_right_municipalities():
    load()
    assert Eldership.objects.get(name="Dainavos seniūnija").municipality.code == "LT-15"
    assert Eldership.objects.get(name="Žagarės seniūnija").municipality.name_lt == (
        "Joniškio rajono savivaldybė"
    )
    assert Eldership.objects.filter(municipality__code="LT-52").count() >= 7
    # City municipalities without elderships.
    assert not Eldership.objects.filter(municipality__code__in=["LT-43", "LT-32"]).exists()


@pytest.mark.django_db
def test_service_types_get_stable_codes_and_lose_uncertainty_notes():
    load()
    assert ServiceType.objects.count() == 25
    informing = ServiceType.objects.get(code="svc-201")
    assert (informing.spis_code, informing.group, informing.name_lt) == (
        "201",
        "general",
        "Informavimas",
    )
    case_management = ServiceType.objects.get(code="atvejo-vadyba")
    assert case_management.name_en == "Case management"
    assert all(len(code) <= 32 for code in ServiceType.objects.values_list("code", flat=True))


def test_service_type_code_is_cut_at_a_word_boundary():
    assert service_type_code("202", "Konsultavimas") == "svc-202"
    assert service_type_code("", "Potencialių socialinių paslaugų gavėjų paieška") == (
        "potencialiu-socialiniu-paslaugu"
    )


@pytest.mark.parametrize(
    ("short_name", "kind", "expected"),
    [
        ("Akmenė", "rajono", "Akmenė District Municipality"),
        ("Alytaus miestas", "miesto", "Alytus City Municipality"),
        ("Šiaulių miestas", "miesto", "Šiauliai City Municipality"),
        ("Birštonas", "savivaldybė", "Birštonas Municipality"),
        ("Kazlų Rūdos", "savivaldybė", "Kazlų Rūda Municipality"),
    ],
)
def test_municipality_english_name(short_name, kind, expected):
    assert municipality_name_en(short_name, kind) == expected
