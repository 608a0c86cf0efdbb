from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Inbox"

    def ready(self) -> None:
        from inbox import (
            checks,  # noqa: F401  (registers the settings checks)
            privacy,
        )
        from project import privacy_registry

        privacy_registry.register(privacy.PROVIDER)
