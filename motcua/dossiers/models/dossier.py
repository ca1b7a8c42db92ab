"""Dossier — hồ sơ: what a citizen or business files, moved through its procedure version's process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import Channel
from motcua.dossiers.actors import Actor
from motcua.dossiers.constants import CopyKind, LetterKind, LetterStatus, Party, State

#: FINAL_STATES in a fixed order (a partial index's condition must be the same at every migration check).
_FINISHED = [State.DELIVERED, State.REFUSED, State.STOPPED, State.WITHDRAWN]


class DossierQuerySet(models.QuerySet["Dossier"]):
    def visible_to(self, actor: Actor) -> DossierQuerySet:
        """Officials and clients: dossiers received by, at, or once at their agencies; citizens: their own."""
        if actor.kind == "system" or actor.city_operator:
            return self
        if not actor.can_read:
            return self.none()
        if actor.kind == "citizen":
            return self.filter(submitter_user_id=actor.user_id)
        agencies = actor.agencies
        if not agencies:
            return self.none()
        return self.filter(pk__in=_ids_at(sorted(agencies)))


def _ids_at(agencies: list[int]) -> models.QuerySet[Any]:
    """Ids of the dossiers received by, now at, or once at ``agencies``: a union of three index scans. The
    equivalent ``agency IN … OR current_agency IN … OR EXISTS(visit)`` cannot use an index in PostgreSQL,
    which then tests every row of the table (seconds at a million dossiers)."""
    return (
        Dossier.objects.filter(agency_id__in=agencies)
        .order_by()
        .values("pk")
        .union(
            Dossier.objects.filter(current_agency_id__in=agencies).order_by().values("pk"),
            DossierVisit.objects.filter(agency_id__in=agencies).order_by().values("dossier_id"),
            all=True,
        )
    )


class Dossier(models.Model):
    """Dossier — hồ sơ. ``state`` and ``national_status`` change together, only through the services,
    with a compare-and-set on ``version``; ``audit_seq``/``audit_hash`` are the head of its audit chain."""

    code = models.CharField(_("dossier code"), max_length=40, help_text=_("mã hồ sơ"))  # unique: see Meta
    agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("receiving agency"), db_index=False
    )
    # Decree 118/2025: received regardless of boundaries — where the citizen was helped (nơi tiếp nhận) when
    # that is not ``agency`` (the official receiving unit), and the competent deciding agency
    place_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("place of reception")
    )
    deciding_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("deciding agency")
    )
    procedure_version = models.ForeignKey("catalog.ProcedureVersion", models.PROTECT, related_name="+")
    procedure_code = models.CharField(_("procedure code"), max_length=40)
    procedure_name = models.CharField(_("procedure"), max_length=500)
    case_code = models.CharField(_("case"), max_length=40, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    # who files it (người nộp) and whose it is (chủ hồ sơ)
    submitter_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey("accounts.ApiClient", models.PROTECT, null=True, blank=True, related_name="+")
    client_reference = models.CharField(max_length=100, blank=True, default="")
    submitter_kind = models.CharField(max_length=12, choices=Party.choices, default=Party.PERSON)
    submitter_name = models.CharField(_("submitter"), max_length=150)
    submitter_id_number = models.CharField(_("ID number"), max_length=14)
    submitter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    submitter_email = models.CharField(_("e-mail"), max_length=254, blank=True)
    submitter_address = models.CharField(_("address"), max_length=300, blank=True)
    owner_kind = models.CharField(max_length=12, choices=Party.choices, default=Party.PERSON)
    owner_name = models.CharField(_("owner"), max_length=150)
    owner_id_number = models.CharField(_("owner ID number"), max_length=14)
    owner_address = models.CharField(_("owner address"), max_length=300, blank=True)
    summary = models.CharField(_("request"), max_length=1000, blank=True, help_text=_("trích yếu hồ sơ"))
    form_data = models.JSONField(_("form data"), default=dict, blank=True)
    # where it is
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    national_status = models.PositiveSmallIntegerField(_("national status"))
    step = models.CharField(_("step"), max_length=40)
    step_started_at = models.DateTimeField(null=True, blank=True)
    previous_step = models.CharField(max_length=40, blank=True)
    current_agency = models.ForeignKey(
        "agencies.Agency", models.PROTECT, related_name="+", verbose_name=_("current agency"), db_index=False
    )
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    handler_due_at = models.DateTimeField(_("handler's deadline"), null=True, blank=True)
    resume_state = models.CharField(max_length=20, blank=True, help_text="state to return to after a pause")
    # the clock
    submitted_at = models.DateTimeField(_("submitted"))
    received_at = models.DateTimeField(_("received"), null=True, blank=True)
    clock_started_at = models.DateTimeField(null=True, blank=True)
    statutory_amount = models.FloatField(null=True, blank=True)
    statutory_unit = models.CharField(max_length=15, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    supplement_due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("processing finished"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    supplements = models.PositiveSmallIntegerField(default=0)
    apologies = models.PositiveSmallIntegerField(default=0)
    # compare-and-set and the audit chain's head
    version = models.PositiveIntegerField(default=1)
    audit_seq = models.PositiveIntegerField(default=0)
    audit_hash = models.CharField(max_length=64, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at", "-id"]
        # Every filing writes every index: none here is a prefix or a copy of another. The agencies' own indexes
        # are the composite ones below; ``code``, ``state`` and ``procedure_code`` are indexed without
        # PostgreSQL's second ``varchar_pattern_ops`` copy, which only a LIKE 'prefix%' would use.
        indexes = [
            models.Index(fields=["state"], name="dossiers_state"),
            models.Index(fields=["procedure_code"], name="dossiers_procedure_code"),
            models.Index(fields=["agency", "received_at"]),
            # worklists at city scale: an official's dossiers are found and counted from the indexes alone
            # (PostgreSQL index-only scans; other databases get plain indexes)
            models.Index(
                fields=["agency", "state"], include=["id", "submitted_at"], name="dossiers_agency_state_cover"
            ),
            models.Index(
                fields=["current_agency", "state"], include=["id", "submitted_at"], name="dossiers_current_state_cover"
            ),
            models.Index(
                fields=["id"],
                include=["state", "submitted_at", "agency", "current_agency"],
                name="dossiers_id_cover",
            ),
            # the "done" worklist, newest first: read in order from the finished dossiers of an agency alone
            models.Index(fields=["agency", "-id"], condition=Q(state__in=_FINISHED), name="dossiers_agency_done"),
            models.Index(
                fields=["current_agency", "-id"], condition=Q(state__in=_FINISHED), name="dossiers_current_done"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="dossiers_code_unique"),
            models.UniqueConstraint(
                fields=["client", "client_reference"],
                condition=~Q(client_reference=""),
                name="dossiers_client_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(national_status__gte=1, national_status__lte=10), name="dossiers_national_status_range"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierComponent(models.Model):
    """Component — thành phần hồ sơ, with its flags (digitised, reused, taken from the citizen's store)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="components")
    code = models.CharField(max_length=40, blank=True)
    name = models.CharField(_("component"), max_length=500)
    copy_kind = models.CharField(max_length=10, choices=CopyKind.choices, default=CopyKind.ORIGINAL)
    quantity = models.PositiveSmallIntegerField(default=1)
    digitised = models.BooleanField(_("digitised"), default=False)
    reused = models.BooleanField(_("reused"), default=False)
    from_store = models.BooleanField(_("from the citizen's store"), default=False)
    file_ref = models.CharField(max_length=300, blank=True)
    document = models.ForeignKey(
        "dossiers.Document", models.PROTECT, null=True, blank=True, related_name="uses", verbose_name=_("file")
    )
    supplemented = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Pause(models.Model):
    """A pause of the legal clock (supplement, payment): from ``started_at`` to ``ended_at``."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=20, choices=State.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.reason} {self.started_at:%Y-%m-%d %H:%M}"


class Letter(models.Model):
    """Letter — văn bản (supplement request, apology): drafted, approved by a leader, then issued."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=12, choices=LetterKind.choices)
    status = models.CharField(max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    reason = models.TextField()
    items = models.JSONField(default=list, blank=True)
    new_due_at = models.DateTimeField(null=True, blank=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} ({self.status})"


class DossierVisit(models.Model):
    """An agency a dossier is or was at (scopes officials' reads to dossiers that passed their agencies)."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="visits")
    agency = models.ForeignKey("agencies.Agency", models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "dossier"], name="dossiers_visit_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id}@{self.agency_id}"


class DailySequence(models.Model):
    """The last dossier number given by a receiving agency on a day (NNNN of the dossier code)."""

    agency = models.ForeignKey("agencies.Agency", models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "day"], name="dossiers_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class Slip(models.Model):
    """Slip — phiếu (receipt 01 … control 06): rendered once when first asked for, then kept unchanged."""

    dossier = models.ForeignKey(Dossier, models.PROTECT, related_name="slips")
    kind = models.CharField(max_length=12)
    event_seq = models.PositiveIntegerField(help_text="audit entry the slip documents")
    template_set = models.CharField(max_length=4)
    number = models.CharField(max_length=40)
    issued_at = models.DateTimeField()
    issued_by = models.CharField(max_length=150, blank=True)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier", "kind", "event_seq"], name="dossiers_slip_unique")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} #{self.event_seq}"
