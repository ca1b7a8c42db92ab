from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """What citizens say back: satisfaction votes on a dossier's handling and complaints (phản ánh, kiến nghị);
    the Open311 field reports will join them here."""

    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Feedback")
