"""The dossier tests' fixtures (a published procedure, the officials of a commune and a department)."""

from motcua.dossiers.tests.conftest import procedure, staff

__all__ = ["procedure", "staff"]
