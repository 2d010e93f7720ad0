import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tiltas.access.policy import needs_mfa


class SessionIdleTimeoutMiddleware:
    """Sign out a session that has been idle longer than SESSION_IDLE_TIMEOUT seconds."""

    KEY = "tiltas_last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            request.session[self.KEY] = now
        return self.get_response(request)


class RequireMFAMiddleware:
    """Staff who can reach personal data must set up two-factor authentication first."""

    ALLOWED_PREFIXES = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.REQUIRE_MFA
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and needs_mfa(request.user)
            and not _has_totp(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Your role gives access to personal data: set up two-factor authentication "
                    "to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
