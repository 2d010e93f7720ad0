"""Break-glass: opening a record outside one's normal scope, with a stated reason."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tiltas.access import policy, selectors
from tiltas.access.forms import BreakGlassFindForm, BreakGlassForm
from tiltas.access.services import break_glass_open
from tiltas.accounts.models import Role
from tiltas.common.views import apply_errors


@login_required
def break_glass(request, participant_pk):
    user = request.user
    # Only coordinators and administrators may break the glass at all (403 before any read);
    # a person outside their organisations does not exist for them (404).
    if not policy.org_ids(user, Role.COORDINATOR, Role.ORG_ADMIN):
        raise PermissionDenied
    participant = selectors.break_glass_candidate_get(user, participant_pk)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_open(
                actor=user, participant=participant, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.warning(
                request,
                _(
                    "Break-glass access is open for %(hours)s hours. It is recorded and will be "
                    "reviewed."
                )
                % {"hours": settings.BREAK_GLASS_HOURS},
            )
            return redirect("people:detail", pk=participant.pk)
    return render(
        request,
        "access/break_glass.html",
        {
            "form": form,
            "participant_pk": participant.pk,
            # Initials only: nothing of the record is read before the reason is given.
            "initials": f"{participant.first_name[:1]}. {participant.last_name[:1]}.",
            "hours": settings.BREAK_GLASS_HOURS,
            "already_visible": policy.can_view_participant(user, participant),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_find(request):
    """Find one person of the user's organisation by exact details, to open emergency access.

    The details (a personal code, or a surname with a birth date) are sent by POST and the
    results rendered in the answer: they never appear in an address (browser history, logs).
    """
    if not policy.org_ids(request.user, Role.COORDINATOR, Role.ORG_ADMIN):
        raise PermissionDenied
    form = BreakGlassFindForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = [
            {
                "pk": p.pk,
                "initials": f"{p.first_name[:1]}. {p.last_name[:1]}.",
                "birth_year": p.birth_date.year,
            }
            for p in selectors.break_glass_find(
                request.user,
                personal_code=data["personal_code"] or "",
                last_name=data["last_name"] or "",
                birth_date=data["birth_date"],
            )
        ]
    return render(request, "access/break_glass_find.html", {"form": form, "results": results})
