"""The statistics tables: rollups (số liệu tổng hợp), per-dossier facts and the consumer's watermark."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

#: The counters of a rollup row, in the order of Biểu 06's columns.
MEASURES = (
    "received_online",
    "received_other",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "stopped",
    "active",
    "supplements",
    "late_supplements",
    "processing_seconds",
    "digitised",
    "reused",
    "e_results",
    "digitised_results",
    "fee_bearing",
    "paid_online",
    "ratings",
    "satisfied",
    "unhappy",
)
#: The measures that add up over days (every measure but ``active``, a change of level).
FLOWS = tuple(m for m in MEASURES if m != "active")


class Flows(models.Model):
    """The counters that add up over days (every measure but ``active``), shared by the daily and monthly rows."""

    received_online = models.IntegerField(default=0)
    received_other = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    supplements = models.IntegerField(default=0)
    #: resolved by the appointment day but after more than one supplement request (late for Decision 766)
    late_supplements = models.IntegerField(default=0)
    #: Σ processing time of the dossiers resolved that day, pauses (supplement, payment) left out
    processing_seconds = models.BigIntegerField(default=0)
    #: dossiers received that day with a digitised component / a reused component
    digitised = models.IntegerField(default=0)
    reused = models.IntegerField(default=0)
    #: dossiers resolved that day with an electronic result (kết quả điện tử) in the citizen's store
    e_results = models.IntegerField(default=0)
    #: dossiers received that day with a digitised component whose result is electronic (Decision 766, 4.2)
    digitised_results = models.IntegerField(default=0)
    #: dossiers received that day with a fee to pay (amount > 0) / of those, paid online (gateway or VietQR)
    fee_bearing = models.IntegerField(default=0)
    paid_online = models.IntegerField(default=0)
    #: dossiers resolved that day that the citizen rated / rated satisfied or very satisfied / rated
    #: dissatisfied or complained about (Decision 766, 5.4)
    ratings = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    unhappy = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Rollup(Flows):
    """Rollup — số liệu tổng hợp: what happened on ``day`` to the dossiers of one agency × procedure × field
    whose appointment (ngày hẹn trả) falls on ``due_day``. ``active`` is the change, that day, of the number
    of dossiers being processed (national status 2 or 4): its running sum is the count in progress."""

    agency_id = models.IntegerField()
    procedure_code = models.CharField(max_length=40)
    field_code = models.CharField(max_length=20, blank=True)
    day = models.DateField()
    due_day = models.DateField(null=True, blank=True)
    active = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("rollup")
        verbose_name_plural = _("rollups")
        indexes = [models.Index(fields=["agency_id", "day"], name="statistics_rollup_agency_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "procedure_code", "field_code", "day", "due_day"],
                name="statistics_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_code} {self.day}"


class RollupMonth(Flows):
    """The daily rollups of one calendar month summed (số liệu tháng), without the appointment day: a year's
    flows are twelve rows per agency × procedure."""

    agency_id = models.IntegerField()
    procedure_code = models.CharField(max_length=40)
    field_code = models.CharField(max_length=20, blank=True)
    month = models.DateField(help_text="first day of the month")

    class Meta:
        indexes = [models.Index(fields=["month", "agency_id"], name="statistics_month_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "procedure_code", "field_code", "month"], name="statistics_month_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_code} {self.month:%Y-%m}"


class Balance(models.Model):
    """Opening balance (số dư đầu tháng) at 00:00 on the first day of ``month``, by appointment day: ``open`` =
    dossiers received and not yet finished (carried over, kỳ trước chuyển qua), ``active`` = of those, the ones
    being processed. Kept for every month up to the watermark's ``horizon``, the month after the last day
    with rollups, so the level on any day is one month's balances plus at most a month of daily rollups."""

    agency_id = models.IntegerField()
    procedure_code = models.CharField(max_length=40)
    field_code = models.CharField(max_length=20, blank=True)
    month = models.DateField(help_text="first day of the month")
    due_day = models.DateField(null=True, blank=True)
    open = models.IntegerField(default=0)
    active = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["month", "agency_id"], name="statistics_balance_month")]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "procedure_code", "field_code", "month", "due_day"], name="statistics_balance_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_code} {self.month:%Y-%m} {self.open}/{self.active}"


class DossierFact(models.Model):
    """What one dossier contributes to the rollups (so a recount replaces it instead of adding it twice), and
    the same summed up in columns the drill-down (hồ sơ chi tiết) filters on: the day it was received, the day
    it ended and how, its yes/no measures (:func:`motcua.statistics.facts.summary_of`)."""

    dossier_id = models.BigIntegerField(primary_key=True)
    audit_seq = models.PositiveIntegerField()
    agency_id = models.IntegerField()
    procedure_code = models.CharField(max_length=40)
    field_code = models.CharField(max_length=20, blank=True)
    due_day = models.DateField(null=True, blank=True)
    contributions = models.JSONField(default=dict)
    received_day = models.DateField(null=True, blank=True)
    received_online = models.BooleanField(default=False)
    ended_day = models.DateField(null=True, blank=True)
    #: resolved_early / resolved_on_time / resolved_late / withdrawn / stopped, blank while open
    ended_as = models.CharField(max_length=20, blank=True)
    #: counted on the day received
    reused = models.BooleanField(default=False)
    digitised_results = models.BooleanField(default=False)
    fee_bearing = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    #: counted on the day it ended
    late_supplements = models.BooleanField(default=False)
    e_results = models.BooleanField(default=False)
    ratings = models.BooleanField(default=False)
    satisfied = models.BooleanField(default=False)
    unhappy = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["agency_id", "received_day"], name="statistics_fact_received"),
            models.Index(fields=["agency_id", "ended_day"], name="statistics_fact_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.audit_seq}"


class ActiveSpan(models.Model):
    """A stretch of days at whose end the dossier was being processed (national status 2 or 4), from
    ``start_day`` to before ``end_day`` (open while ``end_day`` is None): in progress at a period's end."""

    dossier_id = models.BigIntegerField(db_index=True)
    start_day = models.DateField()
    end_day = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["end_day", "start_day"], name="statistics_span_end")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.start_day}–{self.end_day or ''}"


class Watermark(models.Model):
    """The last audit entry the rollup consumer has processed (mốc đã xử lý)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_entry_id = models.BigIntegerField(default=0)
    #: the latest month whose opening balances are kept (None before the first rollup)
    horizon = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_entry_id}"
