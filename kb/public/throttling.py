"""Rate limit for public search, per client address, shared by the API and the page."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PublicSearchThrottle(SimpleRateThrottle):
    """Throttles everyone, signed in or not, by client address (scope "public_search").
    The rate is read per request, so SVAR_PUBLIC_SEARCH_RATE and test overrides apply."""

    scope = "public_search"
    cache_format = "svar:throttle:%(scope)s:%(ident)s"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
