"""Tasks of the statistics: bring the rollups (số liệu tổng hợp) up to date with the audit trail."""

from __future__ import annotations

from django_tasks import task

from motcua.statistics.services import rollups_update_all


@task()
def statistics_update() -> int:
    """Process every pending audit entry into the rollups; the number of entries processed."""
    return rollups_update_all()
