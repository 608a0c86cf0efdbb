"""Cross-cutting HTTP headers."""

from django.conf import settings
from django.http import JsonResponse

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Sends a Content Security Policy on every response: no inline script anywhere."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "SVAR_CSP", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            # The admin ships inline scripts and styles; it is lead-only behind a login.
            response.headers.setdefault(
                "Content-Security-Policy",
                self.policy.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
                .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            )
        else:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class RejectNulCharactersMiddleware:
    """A NUL character is never valid text here, and PostgreSQL refuses it deep inside a
    query (a 500). Refuse it at the door with a clear 400 instead."""

    MARKERS = (b"\x00", b"%00", b"\\u0000")

    def __init__(self, get_response):
        self.get_response = get_response

    # The public help centre cleans control characters out of a customer's query itself
    # and answers normally (tested in tests/kb/public/).
    EXEMPT = ("/api/v1/public/", "/help/")

    def __call__(self, request):
        if request.method == "GET" and request.path.startswith(self.EXEMPT):
            return self.get_response(request)
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        try:
            body = request.body if request.method in ("POST", "PUT", "PATCH") else b""
        except Exception:  # RequestDataTooBig and friends: Django answers those itself
            body = b""
        # A JSON body is the API's: its parser refuses a NUL (project.parsers), after the
        # request is authenticated, so an anonymous caller learns a 401 first.
        # "%00" encodes a NUL only in URLs and form bodies; in JSON it is three characters.
        if request.content_type == "application/json":
            body = b""
        if any(marker in body for marker in self.MARKERS) or any(
                marker in part for part in (query, request.path.encode("utf-8", "replace"))
                for marker in self.MARKERS):
            return JsonResponse({"detail": "The request contains a NUL character."}, status=400)
        return self.get_response(request)
