"""Vocabularies of the procedure catalogue (the national TTHC database's code lists, in our words)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    """Life of a procedure version (phiên bản): drafted, published with an effective date, then retired."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class Level(models.TextChoices):
    """Implementing level (cấp thực hiện); CAPTHUCHIEN 0 ministry, 1 province, 2 district, 3 commune."""

    MINISTRY = "ministry", _("Ministry")
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District (before July 2025)")
    COMMUNE = "commune", _("Commune / ward")


class Channel(models.TextChoices):
    """How a dossier is submitted (cách thức thực hiện, KENH 1/2/3)."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class TimeUnit(models.TextChoices):
    """Unit of a statutory time (DONVITINH)."""

    WORKING_DAYS = "working_days", _("working days")
    DAYS = "days", _("days")
    HOURS = "hours", _("working hours")
    MONTHS = "months", _("months")


class OnlineLevel(models.TextChoices):
    """Online public service level under Decree 42/2022 (toàn trình / một phần)."""

    FULL = "full", _("Full-process online")
    PARTIAL = "partial", _("Partly online")


class TargetUser(models.TextChoices):
    """Who may file (đối tượng thực hiện)."""

    CITIZEN = "citizen", _("Vietnamese citizen")
    OVERSEAS = "overseas", _("Overseas Vietnamese")
    FOREIGNER = "foreigner", _("Foreigner")
    ENTERPRISE = "enterprise", _("Enterprise")
    ORGANISATION = "organisation", _("Organisation")


class ActionKind(models.TextChoices):
    """What an action of a process does (thao tác xử lý)."""

    ACCEPT = "accept", _("Accept")
    REQUEST_SUPPLEMENT = "request_supplement", _("Request a supplement")
    REFUSE = "refuse", _("Refuse")
    TRANSFER = "transfer", _("Transfer")
    APPROVE = "approve", _("Approve")
    SIGN = "sign", _("Sign")
    REQUEST_PAYMENT = "request_payment", _("Request payment")
    RETURN_RESULT = "return_result", _("Return the result")
    RECALL = "recall", _("Recall")
    SEND_BACK = "send_back", _("Send back to the previous step")


#: Actions that go back in the graph; the longest-path check ignores the cycles they make.
BACKWARD_ACTIONS = frozenset({ActionKind.SEND_BACK, ActionKind.RECALL, ActionKind.REQUEST_SUPPLEMENT})


class NationalStatus(models.IntegerChoices):
    """Dossier status codes synchronised with the National Public Service Portal (TrangThaiHoSo 1–10)."""

    SUBMITTED = 1, _("Submitted online, not yet received")
    RECEIVED = 2, _("Received")
    REFUSED = 3, _("Refused at reception")
    IN_PROCESS = 4, _("In process")
    SUPPLEMENT = 5, _("Supplement requested")
    AWAITING_PAYMENT = 6, _("Awaiting payment")
    WITHDRAWN = 7, _("Withdrawn by the citizen")
    STOPPED = 8, _("Processing stopped")
    RESULT_READY = 9, _("Result ready")
    DELIVERED = 10, _("Result delivered")


#: Working hours in a working day (07:00–11:30, 13:30–17:00).
HOURS_PER_DAY = 8
EXPORT_FORMAT = "motcua.catalog/1"
