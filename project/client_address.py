"""The client's address, for rate limits and lockouts.

Behind a reverse proxy every connection comes from the proxy, so all customers would share
one bucket. X-Forwarded-For is believed only when the connection comes from a trusted proxy
(settings.SVAR_TRUSTED_PROXIES, loopback by default: `make serve` binds to 127.0.0.1 behind a
proxy on the same machine), and then the address taken is the rightmost one a trusted proxy
did not add, so a client cannot forge its way out of a limit. SVAR_NUM_PROXIES > 0 keeps
DRF's rule instead: the address that many hops from the right."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


@lru_cache(maxsize=8)
def _networks(spec: str) -> tuple:
    return tuple(ipaddress.ip_network(item.strip(), strict=False)
                 for item in spec.split(",") if item.strip())


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(settings.SVAR_TRUSTED_PROXIES))


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if a.strip()]
    hops = api_settings.NUM_PROXIES
    if hops and forwarded:
        return forwarded[-min(hops, len(forwarded))]
    if not forwarded or not _trusted(remote):
        return remote
    for address in reversed(forwarded):
        if not _trusted(address):
            return address
    return forwarded[0]


class ClientAddressThrottle(SimpleRateThrottle):
    """A throttle keyed on client_address; subclasses set the scope."""

    cache_format = "svar:throttle:%(scope)s:%(ident)s"

    def get_ident(self, request):
        return client_address(request)

    def get_rate(self):  # read per request, so settings overrides apply
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
