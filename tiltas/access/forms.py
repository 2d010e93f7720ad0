from django import forms
from django.utils.translation import gettext_lazy as _


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you must open this record now, in at least 10 characters. "
            "An administrator reviews every reason."
        ),
    )


class BreakGlassFindForm(forms.Form):
    personal_code = forms.CharField(
        label=_("Personal code"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=100)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("personal_code") and not (data.get("last_name") and data.get("birth_date")):
            raise forms.ValidationError(
                _("Give the exact personal code, or the last name together with the birth date.")
            )
        return data
