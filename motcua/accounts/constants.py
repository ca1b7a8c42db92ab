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
