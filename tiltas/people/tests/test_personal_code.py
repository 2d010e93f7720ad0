from datetime import date

import pytest
from django.core.exceptions import ValidationError

from tiltas.people.personal_code import check_digit, parse_personal_code


@pytest.mark.parametrize(
    ("code", "born", "male"),
    [
        ("33309240064", date(1933, 9, 24), True),
        ("49002010976", date(1990, 2, 1), False),
        ("38501011610", date(1985, 1, 1), True),
        ("48501011610", date(1985, 1, 1), False),
    ],
)
def test_valid_codes_give_birth_date_and_gender(code, born, male):
    parsed = parse_personal_code(code)
    assert parsed.birth_date == born
    assert parsed.is_male is male


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("3330924006", "length"),  # ten digits
        ("333092400641", "length"),  # twelve digits
        ("3330924006a", "length"),  # not all digits
        ("73309240064", "first_digit"),  # century digit 7 does not exist
        ("33313240064", "birth_date"),  # month 13
        ("33302300064", "birth_date"),  # 30 February
        ("33309240065", "checksum"),  # last digit mistyped
    ],
)
def test_invalid_codes_are_refused_with_the_reason(code, error_code):
    with pytest.raises(ValidationError) as caught:
        parse_personal_code(code)
    assert caught.value.code == error_code


def test_second_weight_set_is_used_when_the_first_gives_ten():
    # 3330924006: first weights give remainder 10 for some inputs; search one that does and
    # check the fallback rule is what check_digit applies.
    weights_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 1)
    for n in range(1000):
        first_ten = f"3900101{n:03d}"
        if sum(int(d) * w for d, w in zip(first_ten, weights_1, strict=True)) % 11 == 10:
            weights_2 = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
            second = sum(int(d) * w for d, w in zip(first_ten, weights_2, strict=True)) % 11
            assert check_digit(first_ten) == (0 if second == 10 else second)
            return
    pytest.fail("no code with remainder 10 found in the range")
