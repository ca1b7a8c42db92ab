from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.notifications.services import deliveries_retry_due


class Command(BaseCommand):
    help = "Retry the e-mails and SMS whose retry time has come (run every few minutes from cron or a timer)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliveries_retry_due()
        self.stdout.write(f"{sent} sent")
