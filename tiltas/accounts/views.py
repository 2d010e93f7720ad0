from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from tiltas.access import policy
from tiltas.accounts.models import Role
from tiltas.casework.selectors import my_cases
from tiltas.referrals.selectors import referral_list


@login_required
def home(request):
    """Staff land on their work; a participant on their own page; others on their profile."""
    user = request.user
    if not policy.is_staff_user(user):
        if policy.has_role(user, Role.PARTICIPANT):
            return redirect("portal:home")
        return redirect("accounts:profile")
    from tiltas.people.selectors import intake_waiting

    return render(
        request,
        "accounts/home.html",
        {
            "cases": my_cases(user)[:50],
            "referrals": referral_list(user, status="pending")[:20],
            "intake": intake_waiting(user),
        },
    )


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": request.user.memberships.select_related("organisation").filter(
                is_active=True
            ),
        },
    )


@login_required
def org_admin(request):
    return redirect("accounts:users")
