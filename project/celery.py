"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (see settings)."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

app = Celery("svar")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Index upkeep keeps its tasks next to the code they run (kb.search.upkeep).
app.autodiscover_tasks(["kb.search"], related_name="upkeep")


def _warm_up(**_kwargs) -> None:
    """Load the models when a worker starts, not on its first task. Workers encode in bulk,
    so they may use every core unless SVAR_TORCH_THREADS says otherwise."""
    from kb.search.encoder import space_encoders, use_all_cores  # Django is set up now

    use_all_cores()
    space_encoders()


worker_process_init.connect(_warm_up)
worker_ready.connect(_warm_up)
