from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "motcua core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from motcua.core.db import fast_timestamps

        connection_created.connect(fast_timestamps, dispatch_uid="core.fast_timestamps")
