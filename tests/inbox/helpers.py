"""Signed deliveries for the inbox tests."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.test import TestCase

from inbox.connectors.signed import sign

SIGNED_SECRET = "test-signed-secret"
META_SECRET = "test-meta-app-secret"


def webhook(client, path, body, **extra):
    """POST a delivery as the platform does. Outside a test's transaction the webhook's
    INSERT commits and the worker task is queued at once; inside one, the queued task runs
    as the test's transaction would have committed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(path, data=body, content_type="application/json", **extra)


def signed_post(client, payload, *, secret=SIGNED_SECRET, timestamp=None):
    body = json.dumps(payload).encode()
    headers = sign(body, secret=secret, timestamp=timestamp)
    return webhook(client, "/api/v1/inbox/webhooks/signed/", body,
                   **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()})


def meta_post(client, payload, *, secret=META_SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return webhook(client, "/api/v1/inbox/webhooks/meta/", body,
                   HTTP_X_HUB_SIGNATURE_256=signature)


def hide_from_the_inbox(client, agent):
    """The agent presses "hide" on the only message; returns it as stored afterwards."""
    from inbox.models import Message

    client.force_login(agent)
    message = Message.objects.get()
    client.post(f"/inbox/messages/{message.pk}/hide/")
    message.refresh_from_db()
    return message


@pytest.fixture
def signed_only(settings):
    """The signed connector with its secret and no outgoing URL (replies stay queued)."""
    settings.SVAR_SIGNED_WEBHOOK_SECRET = SIGNED_SECRET
    settings.SVAR_SIGNED_WEBHOOK_OUT_URL = ""
