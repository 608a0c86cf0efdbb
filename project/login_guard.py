"""Failed-login lockout shared by every way in: the login page, the admin login and the
token endpoint. Failures are counted per client address and per target username, signed in
or not, so neither a botnet on one account nor one client on many accounts guesses freely."""

from django.core.cache import cache

from project.client_address import client_address

MAX_FAILURES = 10
WINDOW_SECONDS = 300


def _keys(request, username) -> list[str]:
    keys = [f"svar:login-fail:addr:{client_address(request)}"]
    if username:
        keys.append(f"svar:login-fail:user:{str(username).strip().lower()[:150]}")
    return keys


def is_locked(request, username) -> bool:
    return any((cache.get(key) or 0) >= MAX_FAILURES for key in _keys(request, username))


def record_failure(request, username) -> None:
    for key in _keys(request, username):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)
