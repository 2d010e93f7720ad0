from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiltas.access import policy
from tiltas.access.selectors import participant_get_for
from tiltas.casework import selectors, services
from tiltas.casework.forms import CaseCloseForm, CaseManagerForm, CaseOpenForm, TeamMemberForm
from tiltas.common.views import apply_errors, staff_required


@staff_required
def case_open(request, participant_pk):
    participant = participant_get_for(request.user, participant_pk)
    if not policy.can_open_case(request.user, participant):
        raise PermissionDenied
    current = selectors.case_for_participant(participant)
    if current is not None and current.status == current.Status.OPEN:
        messages.info(request, _("This person already has an open case."))
        return redirect("casework:detail", pk=current.pk)
    managers = policy.case_manager_choices(participant.organisation_id)
    initial = {"opened_on": timezone.localdate()}
    if managers.filter(pk=request.user.pk).exists():
        initial["case_manager"] = request.user.pk
    form = CaseOpenForm(request.POST or None, case_managers=managers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=request.user,
                participant=participant,
                case_manager=form.cleaned_data["case_manager"],
                opened_on=form.cleaned_data["opened_on"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The case is open. Add the case team next."))
            return redirect("casework:detail", pk=case.pk)
    return render(request, "casework/case_open.html", {"form": form, "participant": participant})


def _managed_case(request, pk):
    case = selectors.case_get_for(request.user, pk)
    if not policy.can_manage_case(request.user, case):
        raise PermissionDenied
    return case


@staff_required
def case_detail(request, pk):
    case = _managed_case(request, pk)
    participant = participant_get_for(request.user, case.participant_id)
    team = selectors.case_for_participant(participant).team.all()
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "participant": participant,
            "team": team,
            "team_form": TeamMemberForm(
                candidates=policy.team_member_choices(case.organisation_id).exclude(
                    pk__in=[m.user_id for m in team] + [case.case_manager_id, request.user.pk]
                )
            ),
            "manager_form": CaseManagerForm(
                case_managers=policy.case_manager_choices(case.organisation_id),
                initial={"case_manager": case.case_manager_id},
            ),
            "close_form": CaseCloseForm(initial={"closed_on": timezone.localdate()}),
        },
    )


def _post_and_back(request, case, form, action, success):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
    else:
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, " ".join(errors))
    return redirect("casework:detail", pk=case.pk)


@staff_required
@require_POST
def team_add(request, pk):
    case = _managed_case(request, pk)
    form = TeamMemberForm(request.POST, candidates=policy.team_member_choices(case.organisation_id))
    return _post_and_back(
        request,
        case,
        form,
        lambda data: services.team_member_add(
            actor=request.user, case=case, user=data["user"], specialty=data["specialty"]
        ),
        _("The team member is added."),
    )


@staff_required
@require_POST
def team_remove(request, pk, member_pk):
    case = _managed_case(request, pk)
    member = selectors.team_member_get_for(request.user, case, member_pk)
    services.team_member_remove(actor=request.user, member=member)
    messages.success(request, _("The team member is removed."))
    return redirect("casework:detail", pk=case.pk)


@staff_required
@require_POST
def change_manager(request, pk):
    case = _managed_case(request, pk)
    form = CaseManagerForm(
        request.POST, case_managers=policy.case_manager_choices(case.organisation_id)
    )
    return _post_and_back(
        request,
        case,
        form,
        lambda data: services.case_change_manager(
            actor=request.user, case=case, case_manager=data["case_manager"]
        ),
        _("The case manager is changed."),
    )


@staff_required
@require_POST
def close(request, pk):
    case = _managed_case(request, pk)
    form = CaseCloseForm(request.POST)
    return _post_and_back(
        request,
        case,
        form,
        lambda data: services.case_close(
            actor=request.user, case=case, closed_on=data["closed_on"], note=data["note"]
        ),
        _("The case is closed."),
    )
