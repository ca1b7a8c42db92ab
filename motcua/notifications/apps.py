from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Telling citizens what happened to their dossiers: in-app, e-mail, SMS (plugin), after commit."""

    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from motcua.dossiers.signals import dossier_changed
        from motcua.notifications.receivers import on_dossier_changed

        dossier_changed.connect(on_dossier_changed, dispatch_uid="notifications.on_dossier_changed")
