"""The audit log: who published, changed, restored or deleted what; who exported or erased
customer data. Details never hold personal data."""

from __future__ import annotations

from kb.models import AuditEvent


def log_event(user, action: str, target=None, *, detail: dict | None = None) -> None:
    AuditEvent.objects.create(
        actor=user if user is not None and getattr(user, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=detail or {},
    )
