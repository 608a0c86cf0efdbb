"""Scheduled tasks of the suggest app (see CELERY_BEAT_SCHEDULE in settings)."""

from celery import shared_task

from suggest.retention import purge_expired as purge


@shared_task(name="suggest.tasks.purge_expired")
def purge_expired(days: int | None = None) -> dict[str, int]:
    return purge(days)
