"""Lithuanian personal code (asmens kodas): GYYMMDDNNNC.

G gives the century and gender (1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female);
YYMMDD the birth date; C a check digit over the first ten digits (weights 1..9,1, mod 11; if
that is 10, weights 3..9,1,2,3, mod 11; if that is 10 again, 0).
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


@dataclass(frozen=True)
class PersonalCode:
    code: str
    birth_date: date
    is_male: bool


def check_digit(first_ten: str) -> int:
    digits = [int(ch) for ch in first_ten]
    remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if remainder != 10:
        return remainder
    remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
    return 0 if remainder == 10 else remainder


def parse_personal_code(value: str) -> PersonalCode:
    """Return the code's birth date and gender, or raise ValidationError saying what is wrong."""
    code = (value or "").strip()
    if len(code) != 11 or not code.isdigit():
        raise ValidationError(_("A personal code has exactly 11 digits."), code="length")
    century = _CENTURY.get(int(code[0]))
    if century is None:
        raise ValidationError(
            _("The first digit of a personal code must be 1 to 6."), code="first_digit"
        )
    try:
        born = date(century + int(code[1:3]), int(code[3:5]), int(code[5:7]))
    except ValueError:
        raise ValidationError(
            _("Digits 2 to 7 of the personal code are not a real birth date."), code="birth_date"
        ) from None
    if check_digit(code[:10]) != int(code[10]):
        raise ValidationError(
            _("The personal code's check digit is wrong; please check for a typing error."),
            code="checksum",
        )
    return PersonalCode(code=code, birth_date=born, is_male=int(code[0]) % 2 == 1)


def validate_personal_code(value: str) -> None:
    parse_personal_code(value)
