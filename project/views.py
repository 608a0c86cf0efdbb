"""Project-level pages: landing page, login, token, health and readiness."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import AnonRateThrottle

from kb.models import IndexState
from kb.roles import is_agent, is_lead
from kb.search.encoder import is_loaded
from kb.search.service import holder
from project.celery import app


def home(request):
    return render(request, "home.html", {"is_agent": is_agent(request.user),
                                         "is_lead": is_lead(request.user)})


class LoginThrottle(AnonRateThrottle):
    scope = "login"


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}; rate-limited per client address."""

    throttle_classes = [LoginThrottle]


class ThrottledLoginView(auth_views.LoginView):
    """The session login page, with a cap on failed attempts per client address."""

    max_failures = 10
    window_seconds = 300

    def _key(self):
        # The same client address the API throttles use (honours SVAR_NUM_PROXIES).
        return f"svar:login-fail:{LoginThrottle().get_ident(self.request)}"

    def post(self, request, *args, **kwargs):
        if cache.get(self._key(), 0) >= self.max_failures:
            response = render(request, "registration/login.html",
                              {"form": self.get_form(), "locked": True}, status=429)
            response["Retry-After"] = str(self.window_seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = self._key()
        cache.add(key, 0, self.window_seconds)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, self.window_seconds)
        return super().form_invalid(form)


@never_cache
def health(request):
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """Readiness: database, broker, model and the index generation this process serves."""
    checks: dict = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        checks["index_generation_db"] = IndexState.current_generation()
    except Exception as exc:  # report, don't crash: this is what readiness is for
        ok = False
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.CELERY_BROKER_URL:
        try:
            with app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=2)
            checks["broker"] = "ok"
        except Exception as exc:
            ok = False
            checks["broker"] = f"error: {exc.__class__.__name__}"
    else:
        checks["broker"] = "eager (in-process tasks)"
    checks["model_loaded"] = is_loaded()
    checks["index_generation_served"] = holder.generation
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)
