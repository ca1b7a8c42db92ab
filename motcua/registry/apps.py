from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "motcua.registry"
    label = "registry"
    verbose_name = _("Population register")

    def ready(self) -> None:
        from motcua.registry import prefill  # noqa: F401  (registers the "registry" prefill source)
