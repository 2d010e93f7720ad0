from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from tiltas.access import policy
from tiltas.accounts.models import Role
from tiltas.people.consents import CONSENT_TEXTS
from tiltas.portal.selectors import own_overview, own_participant


@login_required
def home(request):
    if not policy.has_role(request.user, Role.PARTICIPANT):
        raise PermissionDenied
    participant = own_participant(request.user)
    context = {"participant": participant, "consent_texts": CONSENT_TEXTS}
    context.update(own_overview(participant))
    return render(request, "portal/home.html", context)
