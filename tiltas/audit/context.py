"""Who is acting, for the audit log, wherever the work comes from (web, API, command, task)."""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Acting:
    actor: Any = None
    request: HttpRequest | None = None
    remote_addr: str | None = None

    def resolve_actor(self):
        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None)
        return user if user is not None and user.is_authenticated else None


_acting: ContextVar[Acting | None] = ContextVar("tiltas_acting", default=None)


def current() -> Acting | None:
    return _acting.get()


@contextlib.contextmanager
def acting_as(actor=None, *, request: HttpRequest | None = None, remote_addr: str | None = None):
    """Attribute every audit entry written inside the block to ``actor`` (properly nested)."""
    outer = _acting.get()
    if remote_addr is None and outer is not None:
        remote_addr = outer.remote_addr
    if request is None and outer is not None and actor is None:
        request = outer.request
    token = _acting.set(Acting(actor=actor, request=request, remote_addr=remote_addr))
    try:
        yield
    finally:
        _acting.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    from django.conf import settings

    if getattr(settings, "AXES_IPWARE_PROXY_COUNT", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")
