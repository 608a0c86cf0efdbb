from django.apps import AppConfig
from django.db.models.signals import post_migrate


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Handbook"

    def ready(self) -> None:
        from kb import checks, signals  # noqa: F401  (registers the checks, the re-index hooks)
        from kb.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
        from kb.search import warm

        if warm.enabled() and warm.serves_with_runserver():
            warm.warm_in_background()
