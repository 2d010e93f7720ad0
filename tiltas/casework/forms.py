from django import forms
from django.utils.translation import gettext_lazy as _

from tiltas.accounts.models import Specialty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CaseOpenForm(forms.Form):
    case_manager = UserChoiceField(label=_("Case manager"), queryset=None)
    opened_on = forms.DateField(label=_("Opened on"), widget=DATE)

    def __init__(self, *args, case_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers


class CaseManagerForm(forms.Form):
    case_manager = UserChoiceField(label=_("New case manager"), queryset=None)

    def __init__(self, *args, case_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_manager"].queryset = case_managers


class TeamMemberForm(forms.Form):
    user = UserChoiceField(label=_("Team member"), queryset=None)
    specialty = forms.ChoiceField(label=_("Specialty on this case"), choices=Specialty.choices)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates


class CaseCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)
    note = forms.CharField(
        label=_("Closing note"), required=False, widget=forms.Textarea, max_length=2000
    )
