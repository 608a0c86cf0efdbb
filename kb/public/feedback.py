"""Customer feedback without personal data: "Did this answer your question?" votes and
read counts.

A visitor is a random cookie that means nothing outside this site; only its keyed hash
(HMAC with SECRET_KEY) is stored, so the database alone cannot be matched to a browser."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from kb.models import Entry, FaqVote

VISITOR_COOKIE = "svar_visitor"
VISITOR_COOKIE_AGE = 365 * 24 * 3600


def new_visitor_token() -> str:
    return secrets.token_urlsafe(24)


def valid_token(token: str | None) -> bool:
    return bool(token) and 16 <= len(token) <= 64 and token.replace("-", "").replace(
        "_", "").isalnum()


def visitor_hash(token: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


VOTE_WINDOW_SECONDS = 24 * 3600


def _address_key(entry: Entry, address: str) -> str:
    hashed = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"svar:votes:{entry.pk}:{hashed.hexdigest()[:32]}"


def may_vote(entry: Entry, token: str | None, address: str) -> bool:
    """Changing one's own vote is always fine; new votes on an entry are capped per client
    address and day (settings.SVAR_VOTES_PER_ADDRESS), so fresh cookies cannot stuff the
    helpfulness figures that entry health reports. The address is stored only as a keyed
    hash, in the cache, for a day."""
    if valid_token(token) and FaqVote.objects.filter(entry=entry,
                                                     visitor=visitor_hash(token)).exists():
        return True
    return (cache.get(_address_key(entry, address)) or 0) < settings.SVAR_VOTES_PER_ADDRESS


def _count_new_vote(entry: Entry, address: str) -> None:
    key = _address_key(entry, address)
    cache.add(key, 0, VOTE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, VOTE_WINDOW_SECONDS)


def record_vote(entry: Entry, token: str, helpful: bool, *, address: str = "") -> FaqVote:
    """One vote per visitor per entry: voting again changes the vote, never adds one. A new
    vote counts against the client address (see may_vote)."""
    visitor = visitor_hash(token)
    try:
        with transaction.atomic():
            vote, created = FaqVote.objects.update_or_create(entry=entry, visitor=visitor,
                                                             defaults={"helpful": helpful})
    except IntegrityError:  # two clicks raced; the other insert won, so update it
        FaqVote.objects.filter(entry=entry, visitor=visitor).update(helpful=helpful)
        vote, created = FaqVote.objects.get(entry=entry, visitor=visitor), False
    if created and address:
        _count_new_vote(entry, address)
    return vote


def current_vote(entry: Entry, token: str | None) -> bool | None:
    if not valid_token(token):
        return None
    return (FaqVote.objects.filter(entry=entry, visitor=visitor_hash(token))
            .values_list("helpful", flat=True).first())


def count_view(entry: Entry) -> None:
    """+1 read, in SQL (no race, no version, no re-index: it is not an edit)."""
    Entry.objects.filter(pk=entry.pk).update(view_count=F("view_count") + 1)
