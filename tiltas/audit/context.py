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


def client_ip(request: HttpRequest, credentials=None) -> str | None:
    """The client's address. Behind TILTAS_PROXY_COUNT trusted proxies, each of which appends
    to X-Forwarded-For, the client is the entry that many places from the right: entries to
    its left were written by the client and cannot be trusted."""
    from django.conf import settings

    proxies = getattr(settings, "TILTAS_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
