import gc
import os

from motcua.core.serving import Dispatcher

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.base")
application = Dispatcher()


def _warm() -> None:
    """Load what every request needs (the URL table and the views it imports), then set it aside from the
    garbage collector: those objects live as long as the process, and without ``gc.freeze`` every full
    collection walks them all again, a pause that every thread of the worker waits for (it made the public
    look-up's p99 twenty times its p50)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 — imports the URL configuration and its views
    gc.collect()
    gc.freeze()


_warm()
