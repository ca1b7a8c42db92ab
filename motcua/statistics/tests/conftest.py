"""Fixtures of the statistics tests: the dossier tests' two-level procedure and its staff."""

from motcua.dossiers.tests.conftest import procedure, staff

__all__ = ["procedure", "staff"]
