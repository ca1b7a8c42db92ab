from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.constants import AGENCY_CODE_PATTERN, AgencyKind, AgencyLevel, Role


class Agency(models.Model):
    """Agency (cơ quan): a People's Committee, a department (Sở), a division, a one-stop desk…"""

    code = models.CharField(
        _("electronic identifier"),
        max_length=13,
        unique=True,
        validators=[RegexValidator(AGENCY_CODE_PATTERN, _("Use the 13-character form 000.00.00.H26."))],
        help_text=_("Mã định danh điện tử (Decision 20/2020/QĐ-TTg)"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgencyKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    unit = models.ForeignKey("geo.Unit", models.PROTECT, related_name="agencies", verbose_name=_("administrative unit"))
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")
    address = models.CharField(_("address"), max_length=250, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=300, editable=False, default="")

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        indexes = [models.Index(fields=["kind", "level"])]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Membership(models.Model):
    """A user holds a role in an agency, for a period (chức danh / vai trò)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(_("title"), max_length=120, blank=True, help_text=_("e.g. Phó Chủ tịch, Chuyên viên"))
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="agencies_membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency}"


class DelegationKind(models.TextChoices):
    DELEGATION = "delegation", _("Delegation of authority")
    LEAVE = "leave", _("Substitute during leave")


class DelegationQuerySet(models.QuerySet["Delegation"]):
    def current(self, on: dt.date | None = None) -> DelegationQuerySet:
        day = on or timezone.localdate()
        return self.filter(valid_from__lte=day, valid_to__gte=day, withdrawn_at__isnull=True)


class Delegation(models.Model):
    """Delegation of authority (ủy quyền) or a substitute while someone is on leave (người thay thế khi nghỉ
    phép): from ``valid_from`` to ``valid_to`` the delegate holds the delegator's role(s) at the agency and
    every act records on whose behalf it was done."""

    kind = models.CharField(_("kind"), max_length=12, choices=DelegationKind.choices)
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="delegations", verbose_name=_("agency"))
    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("on behalf of")
    )
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("delegate"))
    role = models.CharField(
        _("role"), max_length=30, choices=Role.choices, blank=True, help_text=_("Empty: every role of the delegator.")
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-valid_from", "-id"]
        indexes = [models.Index(fields=["delegate", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lte=models.F("valid_to")), name="agencies_delegation_period"
            ),
            models.CheckConstraint(
                condition=~Q(delegator=models.F("delegate")), name="agencies_delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegate_id} for {self.delegator_id} at {self.agency_id}"
