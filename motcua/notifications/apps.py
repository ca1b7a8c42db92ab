from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Telling citizens what happened to their dossiers: in-app, e-mail, SMS (plugin), after commit."""

    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")
