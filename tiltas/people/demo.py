"""Synthetic Lithuanian people for the demo and tests: a Faker provider of our own.

Faker's lt_LT locale has neither gendered first names, nor female surname forms, nor addresses,
so those come from here. Every value is invented; any resemblance to a real person is chance.
"""

from datetime import date
from typing import TypedDict

from faker import Faker
from faker.providers import BaseProvider

from tiltas.people.personal_code import check_digit

FIRST_NAMES_FEMALE = (
    "Agnė",
    "Asta",
    "Audronė",
    "Aušra",
    "Austėja",
    "Birutė",
    "Dalia",
    "Daiva",
    "Danutė",
    "Edita",
    "Gabija",
    "Giedrė",
    "Gintarė",
    "Greta",
    "Ieva",
    "Indrė",
    "Inga",
    "Ingrida",
    "Irena",
    "Jolanta",
    "Jurgita",
    "Justina",
    "Kristina",
    "Lina",
    "Loreta",
    "Milda",
    "Monika",
    "Neringa",
    "Nijolė",
    "Rasa",
    "Regina",
    "Renata",
    "Rima",
    "Sandra",
    "Simona",
    "Vaida",
    "Vilma",
    "Živilė",
)
FIRST_NAMES_MALE = (
    "Algirdas",
    "Andrius",
    "Artūras",
    "Arūnas",
    "Audrius",
    "Aurimas",
    "Dainius",
    "Deividas",
    "Donatas",
    "Dovydas",
    "Egidijus",
    "Evaldas",
    "Giedrius",
    "Gintaras",
    "Justinas",
    "Karolis",
    "Kęstutis",
    "Linas",
    "Lukas",
    "Mantas",
    "Marius",
    "Matas",
    "Mindaugas",
    "Paulius",
    "Raimondas",
    "Rimantas",
    "Rolandas",
    "Saulius",
    "Tadas",
    "Vaidas",
    "Vytautas",
    "Žydrūnas",
)
#: Male (base) surname forms with every common ending: -as, -is, -ys, -ius, -us, -a.
SURNAMES_MALE = (
    "Adomaitis",
    "Balčiūnas",
    "Baranauskas",
    "Bagdonas",
    "Butkus",
    "Gudaitis",
    "Jankauskas",
    "Kairys",
    "Kavaliauskas",
    "Kazlauskas",
    "Lukošius",
    "Mikalauskas",
    "Mockus",
    "Navickas",
    "Noreika",
    "Norkus",
    "Paulauskas",
    "Petrauskas",
    "Petraitis",
    "Poška",
    "Ramanauskas",
    "Rimkus",
    "Rutkauskas",
    "Sadauskas",
    "Stankevičius",
    "Stonkus",
    "Šimkus",
    "Šukys",
    "Urbonas",
    "Vaitkus",
    "Vasiliauskas",
    "Žilinskas",
    "Žukauskas",
)

#: Endings a Lithuanian woman's surname takes (the neutral -ė is allowed since 2003).
FEMALE_SURNAME_ENDINGS = ("ienė", "aitė", "ytė", "iūtė", "utė", "ė")

# Male ending → unmarried female ending. Longest first: "-ius" must win over "-us".
_UNMARRIED = (
    ("ius", "iūtė"),
    ("us", "utė"),
    ("as", "aitė"),
    ("ys", "ytė"),
    ("is", "ytė"),
    ("a", "aitė"),
    ("ė", "ytė"),
)


def female_surname(male_surname: str, *, married: bool) -> str:
    """The woman's form of a male surname: married -ienė, unmarried -aitė/-ytė/-iūtė/-utė.

    Kazlauskas → Kazlauskienė / Kazlauskaitė; Petraitis → Petraitienė / Petraitytė;
    Stankevičius → Stankevičienė / Stankevičiūtė; Butkus → Butkienė / Butkutė.
    """
    for ending, unmarried in _UNMARRIED:
        if male_surname.endswith(ending):
            stem = male_surname[: -len(ending)]
            return f"{stem}ienė" if married else f"{stem}{unmarried}"
    raise ValueError(f"Not a Lithuanian male surname form: {male_surname!r}")


def make_personal_code(birth_date: date, *, is_male: bool, serial: int) -> str:
    """A valid personal code for the birth date and gender; ``serial`` is the NNN part."""
    if not 1900 <= birth_date.year <= 2099:
        raise ValueError("Only people born in the 1900s or 2000s are supported.")
    first = (3 if birth_date.year < 2000 else 5) + (0 if is_male else 1)
    first_ten = f"{first}{birth_date:%y%m%d}{serial:03d}"
    return f"{first_ten}{check_digit(first_ten)}"


class Place(TypedDict, total=False):
    """A municipality in PLACES; a missing key falls back to a general value."""

    town: str
    towns: dict[str, str]  # eldership: its town
    streets: tuple[str, ...]
    postal: tuple[int, int]  # lowest and highest postal code


# Places people live in, per municipality (ISO code): the town of each eldership, streets,
# and the postal-code range. Streets are common Lithuanian street names.
_COMMON_STREETS = (
    "Vilniaus g.",
    "Mokyklos g.",
    "Sodų g.",
    "Liepų g.",
    "Ąžuolų g.",
    "Beržų g.",
    "Pievų g.",
    "Ežero g.",
    "Vytauto g.",
    "Gedimino g.",
    "Taikos g.",
    "Dariaus ir Girėno g.",
)
PLACES: dict[str, Place] = {
    "LT-15": {
        "town": "Kaunas",
        "streets": (
            "Savanorių pr.",
            "Pramonės pr.",
            "Partizanų g.",
            "Taikos pr.",
            "Kovo 11-osios g.",
            "Baltų pr.",
            "Vaidoto g.",
            "Šiaurės pr.",
        ),
        "postal": (44001, 52999),
    },
    "LT-43": {
        "town": "Šiauliai",
        "streets": (
            "Tilžės g.",
            "Vilniaus g.",
            "Dainų g.",
            "Gardino g.",
            "Lyros g.",
            "Aido g.",
            "Draugystės pr.",
            "Architektų g.",
        ),
        "postal": (76001, 78999),
    },
    "LT-57": {
        "town": "Vilnius",
        "streets": (
            "Antakalnio g.",
            "Žirmūnų g.",
            "Kalvarijų g.",
            "Ukmergės g.",
            "Naugarduko g.",
            "Parko g.",
        ),
        "postal": (1001, 14999),
    },
    "LT-32": {
        "town": "Panevėžys",
        "streets": ("Respublikos g.", "Klaipėdos g.", "Smėlynės g.", "Ramygalos g."),
        "postal": (35001, 37999),
    },
    "LT-52": {
        "town": "Trakai",
        "towns": {
            "Trakų seniūnija": "Trakai",
            "Lentvario seniūnija": "Lentvaris",
            "Onuškio seniūnija": "Onuškis",
            "Rūdiškių seniūnija": "Rūdiškės",
            "Senųjų Trakų seniūnija": "Senieji Trakai",
            "Grendavės seniūnija": "Grendavė",
            "Paluknio seniūnija": "Paluknys",
            "Aukštadvario seniūnija": "Aukštadvaris",
        },
        "postal": (21001, 25999),
    },
    "LT-11": {
        "town": "Joniškis",
        "towns": {
            "Joniškio seniūnija": "Joniškis",
            "Žagarės seniūnija": "Žagarė",
            "Gaižaičių seniūnija": "Gaižaičiai",
            "Kriukų seniūnija": "Kriukai",
        },
        "postal": (84001, 84999),
    },
}
#: Towns in PLACES counted as urban for the ESF+ rural-residence characteristic.
URBAN_TOWNS = frozenset(
    {"Kaunas", "Šiauliai", "Vilnius", "Panevėžys", "Trakai", "Lentvaris", "Joniškis"}
)


class LithuanianProvider(BaseProvider):
    def first_name_female_lt(self) -> str:
        return self.random_element(FIRST_NAMES_FEMALE)

    def first_name_male_lt(self) -> str:
        return self.random_element(FIRST_NAMES_MALE)

    def last_name_male_lt(self) -> str:
        return self.random_element(SURNAMES_MALE)

    def last_name_female_lt(self, married: bool | None = None) -> str:
        if married is None:
            married = self.generator.random.random() < 0.6
        return female_surname(self.last_name_male_lt(), married=married)

    def personal_code_lt(self, birth_date: date, is_male: bool) -> str:
        return make_personal_code(birth_date, is_male=is_male, serial=self.random_int(0, 999))

    def phone_lt(self) -> str:
        return f"+3706{self.random_int(0, 9_999_999):07d}"

    def town_lt(self, municipality_code: str, eldership: str = "") -> str:
        place = PLACES.get(municipality_code, {})
        return place.get("towns", {}).get(eldership) or place.get("town", "")

    def address_lt(self, municipality_code: str, eldership: str = "") -> tuple[str, str]:
        """(street address with the town, postal code LT-NNNNN) in the municipality."""
        place = PLACES.get(municipality_code, {})
        street = self.random_element(place.get("streets", _COMMON_STREETS))
        house = str(self.random_int(1, 120))
        if self.generator.random.random() < 0.5:
            house += f"-{self.random_int(1, 60)}"
        low, high = place.get("postal", (1001, 99999))
        town = self.town_lt(municipality_code, eldership)
        address = f"{street} {house}, {town}" if town else f"{street} {house}"
        return address, f"LT-{self.random_int(low, high):05d}"


def demo_faker(seed: int) -> Faker:
    """A Faker for lt_LT with our provider, seeded so the same seed gives the same people."""
    fake = Faker("lt_LT")
    fake.add_provider(LithuanianProvider)
    fake.seed_instance(seed)
    return fake
