"""Import runs: the checkpoint that makes a bulk import resumable without duplicates."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    """Import run (lượt nhập dữ liệu): one CSV file being loaded, with its last committed position.

    Each batch of rows and the new position are committed in the same transaction, so a killed import
    resumes exactly after the last committed batch.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    source = models.CharField(_("file"), max_length=500)
    fingerprint = models.CharField(max_length=64, db_index=True)
    size = models.BigIntegerField(default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    line = models.BigIntegerField(default=1, help_text="last line committed (1 = the header)")
    offset = models.BigIntegerField(default=0, help_text="byte offset after that line")
    rows_written = models.BigIntegerField(default=0)
    rows_present = models.BigIntegerField(default=0, help_text="good rows already in the register (skipped)")
    rows_bad = models.BigIntegerField(default=0)
    deferred_indexes = models.JSONField(
        default=list, blank=True, help_text="CREATE INDEX statements to run when an initial bulk load ends"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source} ({self.status})"


class ImportProblem(models.Model):
    """A bad row of an import run (dòng bị từ chối): written with its batch, so the report survives a crash."""

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="problems")
    line = models.BigIntegerField()
    personal_id = models.CharField(max_length=40, blank=True)
    reason = models.CharField(max_length=300)

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["run", "line"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"
