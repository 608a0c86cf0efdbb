"""Project-level pages: landing page, login, token, health and readiness."""

import hmac
from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.defaults import page_not_found
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.settings import api_settings

from kb.models import IndexState
from kb.roles import is_agent, is_lead
from kb.search.encoder import is_loaded
from kb.search.service import holder
from project import login_guard
from project import strict_fields as strict
from project.celery import app
from project.client_address import ClientAddressThrottle


def home(request):
    return render(request, "home.html", {"is_agent": is_agent(request.user),
                                         "is_lead": is_lead(request.user)})


class LoginThrottle(ClientAddressThrottle):
    """Requests to the token endpoint per client address, signed in or not (scope "login")."""

    scope = "login"


def _locked_response(request, *, api: bool):
    if api:
        response = JsonResponse({"detail": "Too many failed attempts. Try again later."},
                                status=429)
    else:
        response = render(request, "registration/login.html",
                          {"form": AuthenticationForm(request), "locked": True}, status=429)
    response["Retry-After"] = str(login_guard.WINDOW_SECONDS)
    return response


class TokenRequestSerializer(strict.Serializer):
    username = strict.CharField(max_length=150)
    password = strict.CharField(max_length=4096, trim_whitespace=False,
                                style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST {"username", "password"} → {"token"}. Anyone may call it, so it authenticates
    nobody (a token or session does not lift the limits); failures lock the address and the
    target username for a while. A malformed body is a 400 with field messages; a user name
    and password that do not sign anyone in are a 401 (the credentials, not the request,
    are wrong)."""

    authentication_classes: list = []
    throttle_classes = [LoginThrottle]
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer})
    def post(self, request, *args, **kwargs):
        data = request.data if isinstance(request.data, dict) else {}
        username = data.get("username") if isinstance(data.get("username"), str) else ""
        if login_guard.is_locked(request, username):
            return _locked_response(request, api=True)
        given = TokenRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        user = authenticate(request=request, username=given.validated_data["username"],
                            password=given.validated_data["password"])
        if user is None:
            login_guard.record_failure(request, username)
            response = Response({"detail": "Wrong user name or password."},
                                status=status.HTTP_401_UNAUTHORIZED)
            # A 401 names how to authenticate: the token this endpoint hands out.
            response["WWW-Authenticate"] = 'Token realm="api"'
            return response
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


def guard_login_view(view):
    """Wraps a form login view (the login page, the admin's): a failed POST (the form shown
    again) counts against the address and the username; a locked one gets a 429."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        username = request.POST.get("username", "")
        if login_guard.is_locked(request, username):
            return _locked_response(request, api=False)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: wrong credentials
            login_guard.record_failure(request, username)
        return response

    return guarded


login_view = guard_login_view(auth_views.LoginView.as_view())
admin_login_view = guard_login_view(admin.site.login)


def not_found(request, exception=None):
    """404: JSON under /api/ (what API clients parse), Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


@never_cache
def health(request):
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


def _operator(request) -> bool:
    """Staff, leads, or a caller with settings.SVAR_READY_TOKEN (a probe that wants the
    details) may see what /ready/ checked."""
    token = settings.SVAR_READY_TOKEN
    if token and hmac.compare_digest(request.headers.get("X-Svar-Ready-Token", ""), token):
        return True
    return request.user.is_authenticated and (request.user.is_staff or is_lead(request.user))


@never_cache
def ready(request):
    """Readiness: database, broker, model and the index generation this process serves.
    Everyone gets the verdict (200 or 503, for load balancers); only an operator gets the
    details, which tell an attacker what the deployment runs and how it is doing."""
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
    body = {"status": "ok" if ok else "error"}
    if _operator(request):
        body.update(checks)
    return JsonResponse(body, status=200 if ok else 503)
