"""The consent texts a participant is shown, by purpose. A change of wording is a new version."""

from django.utils.translation import gettext_lazy as _

from tiltas.people.models import Consent

CONSENT_TEXT_VERSION = "2026-1"

CONSENT_TEXTS = {
    Consent.Purpose.SERVICE_DELIVERY: _(
        "I agree that the organisation keeps and uses my personal data to provide me with "
        "social integration and employment support services and to report on them to the "
        "programme's funder."
    ),
    Consent.Purpose.PARTNER_SHARING: _(
        "I agree that the specialists of the programme's partner organisations who work "
        "with me may see the data they need for that work."
    ),
    Consent.Purpose.EXCHANGE_PROFILE: _(
        "I agree that a profile of my skills, without my name, is shown on the exchange platform."
    ),
    Consent.Purpose.EMPLOYER_CONTACT: _(
        "I agree that employers may ask to be introduced to me; my contact details are "
        "given only after I accept an introduction."
    ),
}

#: Without this consent a person cannot be registered.
REQUIRED_PURPOSES = (Consent.Purpose.SERVICE_DELIVERY,)
