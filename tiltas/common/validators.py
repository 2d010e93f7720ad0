"""Validators for what people type: names, phone numbers, postal codes."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# Letters of any alphabet, spaces, hyphens, apostrophes and dots (initials); nothing that could
# carry markup or script.
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’.\-][^\W\d_]*)*$")


def validate_person_name(value: str) -> None:
    if not _NAME.match(value or ""):
        raise ValidationError(
            _("A name may contain only letters, spaces, hyphens and apostrophes."),
            code="invalid_name",
        )


validate_phone = RegexValidator(
    r"^\+370\d{8}$",
    _("Enter the phone number as +370 and 8 digits, e.g. +37061234567."),
    code="invalid_phone",
)

validate_postal_code = RegexValidator(
    r"^LT-\d{5}$",
    _("Enter the postal code as LT- and 5 digits, e.g. LT-01100."),
    code="invalid_postal_code",
)
