"""Rate limit for public search, per client address, shared by the API and the page."""

from project.client_address import ClientAddressThrottle


class PublicSearchThrottle(ClientAddressThrottle):
    """Throttles everyone, signed in or not, by client address (scope "public_search").
    The rate is read per request, so SVAR_PUBLIC_SEARCH_RATE and test overrides apply."""

    scope = "public_search"
