from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen or business")
    OFFICIAL = "official", _("Official")


class Scope(models.TextChoices):
    """What an API client may do. Later issues add scopes; a client is also limited to its agencies."""

    DOSSIERS_READ = "dossiers:read", _("Read dossiers of its agencies")
    DOSSIERS_WRITE = "dossiers:write", _("Create and update dossiers of its agencies")
    REGISTRY_LOOKUP = "registry:lookup", _("Look up people in the population register")
    STATISTICS_READ = "statistics:read", _("Read statistics")
    CATALOG_READ = "catalog:read", _("Export the procedure catalogue")
    CATALOG_WRITE = "catalog:write", _("Import procedures into the catalogue")


class CodePurpose(models.TextChoices):
    """What a one-time code sent by e-mail proves."""

    ACTIVATE = "activate", _("Confirm the e-mail address of a new account")
    RESET = "reset", _("Reset the password")


#: One-time codes (mã xác nhận) sent by e-mail: 6 digits, valid 10 minutes, 5 tries (issue #10).
CODE_DIGITS = 6
CODE_LIFETIME_SECONDS = 600
CODE_MAX_ATTEMPTS = 5
#: A new code may be sent at most once a minute and five times an hour per account and purpose.
CODE_RESEND_INTERVAL_SECONDS = 60
CODE_MAX_PER_HOUR = 5
