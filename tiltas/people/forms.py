from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tiltas.people.consents import CONSENT_TEXTS, REQUIRED_PURPOSES
from tiltas.people.models import Consent, Participant, SensitiveProfile
from tiltas.people.personal_code import validate_personal_code
from tiltas.people.services import CORE_FIELDS
from tiltas.reference.models import Eldership, LabourMarketStatus, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = list(CORE_FIELDS)
        widgets = {
            "birth_date": DATE,
            "unemployed_since": DATE,
            "personal_code": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "placeholder": "+370"}),
        }
        help_texts = {
            "personal_code": _("Optional. 11 digits; checked against the birth date and gender."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Editing a person who has a personal code: the full code is never sent back to the
        # browser (it would sit in the page, the cache and autofill); only its masked form is
        # shown, and an empty field keeps the stored code (see clean_personal_code).
        self.stored_personal_code = (
            self.instance.personal_code
            if self.instance.pk and self.instance.personal_code
            else None
        )
        if self.stored_personal_code:
            self.initial["personal_code"] = ""
            self.fields["personal_code"].help_text = _(
                "Now: %(masked)s. Leave empty to keep it; type a new one to change it."
            ) % {"masked": self.instance.masked_personal_code}
        self.fields["municipality"].queryset = Municipality.objects.filter(is_active=True)
        self.fields["eldership"].queryset = Eldership.objects.filter(is_active=True).select_related(
            "municipality"
        )
        self.fields["labour_market_status"].queryset = LabourMarketStatus.objects.filter(
            is_active=True
        )
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "Choose a municipality from the list."
        )

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_personal_code(self):
        code = (self.cleaned_data.get("personal_code") or "").strip() or None
        if code is None and self.stored_personal_code:
            return self.stored_personal_code
        return code


class SensitiveForm(forms.ModelForm):
    class Meta:
        model = SensitiveProfile
        fields = ["disability", "disability_notes", "minority"]


class RegistrationForm(ParticipantForm):
    """Registering a person: their data, the consents they give, and the sensitive section."""

    consents = forms.MultipleChoiceField(
        label=_("Consents given"),
        choices=Consent.Purpose.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The consent to service delivery is required."),
    )
    disability = forms.ChoiceField(
        label=_("Disability"),
        choices=SensitiveProfile.Answer.choices,
        initial=SensitiveProfile.Answer.UNDISCLOSED,
    )
    disability_notes = forms.CharField(
        label=_("Disability: support needed"),
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    minority = forms.ChoiceField(
        label=_("Belongs to a minority"),
        choices=SensitiveProfile.Answer.choices,
        initial=SensitiveProfile.Answer.UNDISCLOSED,
    )
    confirm_new_person = forms.BooleanField(
        label=_("I have checked the possible matches: this is a different person."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consents"].initial = list(REQUIRED_PURPOSES)

    def clean_consents(self):
        given = self.cleaned_data.get("consents") or []
        if any(p not in given for p in REQUIRED_PURPOSES):
            raise forms.ValidationError(
                _("The consent to service delivery is required to register a person.")
            )
        return given

    def consent_texts(self):
        return [(Consent.Purpose(p).label, text) for p, text in CONSENT_TEXTS.items()]

    def sensitive_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("disability", "disability_notes", "minority")}

    def core_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ParticipantForm.Meta.fields}


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Consent.Purpose.choices)


class FindByCodeForm(forms.Form):
    """Exact look-up by personal code, sent by POST so the code never appears in an address
    (browser history, server and proxy logs)."""

    personal_code = forms.CharField(
        label=_("Personal code"),
        validators=[validate_personal_code],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "11"}
        ),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("First or last name, or part of it."),
    )
    programme = forms.IntegerField(required=False, widget=forms.HiddenInput)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        required=False,
        empty_label=pgettext_lazy("feminine plural: all municipalities", "All"),
    )
    case_status = forms.ChoiceField(
        label=_("Case"),
        required=False,
        choices=[
            ("", _("All")),
            ("open", _("Open")),
            ("closed", _("Closed")),
            ("none", _("No case yet")),
        ],
    )

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"] = forms.ModelChoiceField(
                label=_("Programme"),
                queryset=programmes,
                required=False,
                empty_label=pgettext_lazy("feminine plural: all programmes", "All"),
            )
