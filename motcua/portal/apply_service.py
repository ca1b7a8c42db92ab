"""Applying online — nộp hồ sơ trực tuyến: the draft's steps and its one-time submission.

Every function takes the logged-in citizen and a draft key and answers NotFound for a draft that is not
theirs. A draft is saved at every step (``revision`` goes up); submitting claims the draft with a
conditional update inside the same transaction that files the dossier, so a double click, a retried
request or a second browser all end on the one dossier.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.constants import Channel
from motcua.catalog.definition import Case, Component, ProcedureDefinition
from motcua.catalog.formview import form_answers
from motcua.catalog.selectors import procedure_get, version_definition
from motcua.catalog.validation.forms import form_data_errors
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.constants import Party
from motcua.dossiers.exceptions import InvalidDossier
from motcua.dossiers.models import Document, DocumentKind, Dossier
from motcua.dossiers.services import ComponentIn, PartyIn, dossier_submit, wallet_of
from motcua.dossiers.services.engine import calendar_of, statutory_time
from motcua.plugins.prefill import prefill_sources
from motcua.plugins.registry import UnknownPlugin
from motcua.portal.models import Draft
from motcua.workdays import deadline

#: Applications a citizen may have in progress at once (each start makes one).
MAX_OPEN_DRAFTS = 30


class ApplyError(DomainError):
    """A step of the application cannot be saved as asked (``field`` names the input)."""

    code = "apply_invalid"
    status = 422

    def __init__(self, detail: str, *, field: str = "", code: str | None = None) -> None:
        super().__init__(detail, code=code)
        self.field = field


class DraftChanged(DomainError):
    """The draft was changed (in another browser) after the review page was shown."""

    code = "draft_changed"
    status = 409


def _not_found() -> NotFound:
    return NotFound(_("No such application."))


def definition_of(draft: Draft) -> ProcedureDefinition:
    return version_definition(draft.procedure_version)


def receiving_desks(definition: ProcedureDefinition) -> QuerySet[Agency]:
    """Where the procedure can be submitted: the one-stop desks of its levels, in the structure in force."""
    return Agency.objects.filter(
        active=True,
        kind=AgencyKind.ONE_STOP_DESK,
        level__in=list(definition.levels),
        unit__structure=settings.MOTCUA_STRUCTURE,
    ).order_by("level", "name")


def case_of(definition: ProcedureDefinition, draft: Draft) -> Case | None:
    if draft.case_code:
        return next((c for c in definition.cases if c.code == draft.case_code), None)
    return definition.cases[0] if len(definition.cases) == 1 else None


def components_of(definition: ProcedureDefinition, draft: Draft) -> list[Component]:
    case = case_of(definition, draft)
    return list(case.components) if case is not None else []


def _is_applicant(user: User) -> bool:
    return user.is_authenticated and not user.is_official


def draft_start(*, user: User, procedure_code: str) -> Draft:
    """Start an application for the procedure in force (online channel only)."""
    if not _is_applicant(user):
        raise ApplyError(_("Only citizens apply online; officials file at the desk."), code="not_citizen")
    try:
        procedure, version = procedure_get(code=procedure_code)
    except NotFound as exc:
        raise _not_found() from exc
    definition = version_definition(version)
    if Channel.ONLINE not in definition.channels:
        raise ApplyError(_("This procedure cannot be submitted online."), code="not_online")
    if drafts_of(user).count() >= MAX_OPEN_DRAFTS:
        raise ApplyError(
            _("You have too many applications in progress. Submit or delete some of them first."), code="too_many"
        )
    draft = Draft(
        owner=user,
        procedure_version=version,
        procedure_code=procedure.code,
        procedure_name=definition.name[:500],
    )
    desks = list(receiving_desks(definition)[:2])
    if len(desks) == 1:
        draft.agency = desks[0]
    if len(definition.cases) <= 1:
        draft.case_code = definition.cases[0].code if definition.cases else ""
        draft.case_chosen = True
    if definition.form is None:
        draft.form_done = True
    draft.save()
    return draft


def draft_get(*, user: User, key: uuid.UUID | str) -> Draft:
    """The citizen's own draft (submitted or not); NotFound for anyone else's."""
    draft = (
        Draft.objects.filter(key=key, owner_id=user.pk).select_related("procedure_version", "agency", "dossier").first()
        if _is_applicant(user)
        else None
    )
    if draft is None:
        raise _not_found()
    return draft


def drafts_of(user: User) -> QuerySet[Draft]:
    """The citizen's applications not yet submitted, most recently saved first."""
    return Draft.objects.filter(owner_id=user.pk, dossier__isnull=True).select_related("agency")


def _save(draft: Draft, **changes: Any) -> Draft:
    """One step's changes, only while the draft is not submitted; the revision goes up."""
    updated = Draft.objects.filter(pk=draft.pk, dossier__isnull=True).update(
        revision=F("revision") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise ApplyError(_("This application has already been submitted."), code="submitted")
    draft.refresh_from_db()
    return draft


def draft_set_agency(*, user: User, key: str, agency_id: int | None) -> Draft:
    draft = draft_get(user=user, key=key)
    if agency_id is None or not receiving_desks(definition_of(draft)).filter(pk=agency_id).exists():
        raise ApplyError(_("Choose where to submit your application."), field="agency")
    return _save(draft, agency_id=agency_id)


def draft_set_case(*, user: User, key: str, case_code: str) -> Draft:
    draft = draft_get(user=user, key=key)
    definition = definition_of(draft)
    if case_code not in {c.code for c in definition.cases}:
        raise ApplyError(_("Choose the case that applies to you."), field="case")
    changes: dict[str, Any] = {"case_code": case_code, "case_chosen": True}
    if case_code != draft.case_code:
        changes["files"] = {}  # the components differ from case to case
    return _save(draft, **changes)


def draft_prefill(*, user: User, draft: Draft) -> Draft:
    """Fill the form once from the citizen's own data (register: own personal ID only; account).

    Each source is asked for the logged-in user's id only: no input can name another person. The
    register source logs its lookup as a self-lookup; it runs once per draft.
    """
    definition = definition_of(draft)
    if draft.prefilled or definition.form is None or draft.dossier_id is not None:
        return draft
    wanted: dict[str, list[tuple[str, str]]] = {}
    for form_field, target in definition.form.prefill.items():
        source_id, _dot, source_field = target.partition(".")
        wanted.setdefault(source_id, []).append((form_field, source_field))
    values: dict[str, Any] = {}
    for source_id, pairs in wanted.items():
        try:
            source = prefill_sources.get(source_id)()
        except UnknownPlugin:
            continue
        found = source.values_for(user_id=user.pk, fields=sorted({f for _ff, f in pairs}))
        values |= {form_field: found[f] for form_field, f in pairs if f in found}
    properties = definition.form.json_schema.get("properties", {})
    found = {k: _jsonable(v) for k, v in values.items() if k in properties}
    return _save(draft, form_data=dict(draft.form_data) | found, prefilled=True, locked_fields=sorted(found))


def iso_date(text: str) -> str:
    """``27/3/1990`` (how dates are written in Vietnam) as ``1990-03-27``; anything else unchanged."""
    day, _s1, rest = text.strip().partition("/")
    month, _s2, year = rest.partition("/")
    if day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4:
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return text
    return text


def local_date(value: Any) -> Any:
    """An ISO date as ``dd/mm/yyyy`` for the form; anything else unchanged."""
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y") if isinstance(value, str) else value
    except ValueError:
        return value


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def draft_set_form(*, user: User, key: str, raw: dict[str, str], final: bool) -> tuple[Draft, dict[str, list[str]]]:
    """Save the answers as typed (always), and with ``final`` check them against the form's schema."""
    draft = draft_get(user=user, key=key)
    definition = definition_of(draft)
    if definition.form is None:
        return draft, {}
    properties = definition.form.json_schema.get("properties", {})
    typed = {k: iso_date(str(v)[:2000]) if properties.get(k, {}).get("format") == "date" else str(v)[:2000]
             for k, v in raw.items()}  # fmt: skip
    answers = form_answers(definition.form, typed)
    # Values from the citizen's own record cannot be replaced (nor made to name someone else).
    answers |= {name: draft.form_data[name] for name in draft.locked_fields if name in draft.form_data}
    errors = form_data_errors(definition.form.json_schema, answers, definition.form) if final else {}
    draft = _save(draft, form_data=answers, form_done=final and not errors)
    return draft, errors


def wallet_choices(user: User, component: Component) -> list[Document]:
    """The citizen's documents and earlier e-results, those of the same type first."""
    documents = list(wallet_of(user)[:200])
    return sorted(documents, key=lambda d: (not (component.code and d.doc_type == component.code), d.kind))


def draft_attach(*, user: User, key: str, index: int, document_id: int, from_wallet: bool) -> Draft:
    """Attach a document of the citizen's wallet as the ``index``-th component of the chosen case
    (``from_wallet``: reused from the wallet rather than uploaded for this application)."""
    draft = draft_get(user=user, key=key)
    if not 0 <= index < len(components_of(definition_of(draft), draft)):
        raise _not_found()
    if not wallet_of(user).filter(pk=document_id).exists():
        raise ApplyError(_("Choose one of your documents."), field="document")
    return _save(draft, files={**draft.files, str(index): {"document": document_id, "wallet": from_wallet}})


def draft_detach(*, user: User, key: str, index: int) -> Draft:
    draft = draft_get(user=user, key=key)
    files = {k: v for k, v in draft.files.items() if k != str(index)}
    return _save(draft, files=files)


def draft_delete(*, user: User, key: str) -> None:
    draft = draft_get(user=user, key=key)
    if Draft.objects.filter(pk=draft.pk, dossier__isnull=True).delete()[0] == 0:
        raise ApplyError(_("This application has already been submitted."), code="submitted")


@dataclass(frozen=True)
class Attached:
    index: int
    component: Component
    document: Document | None
    from_wallet: bool = False


def attachments(user: User, draft: Draft) -> list[Attached]:
    """Each component of the chosen case with the document attached to it (None if not yet)."""
    components = components_of(definition_of(draft), draft)
    files: dict[str, dict[str, Any]] = draft.files
    ids = [int(v["document"]) for v in files.values()]
    documents = {d.pk: d for d in Document.objects.filter(owner_id=user.pk, pk__in=ids)}
    chosen = [files.get(str(i), {}) for i in range(len(components))]
    return [
        Attached(
            index=i,
            component=c,
            document=documents.get(int(f.get("document", 0))),
            from_wallet=bool(f.get("wallet")),
        )
        for i, (c, f) in enumerate(zip(components, chosen, strict=True))
    ]


def next_step(user: User, draft: Draft) -> tuple[str, int | None]:
    """The first step still to do: ``agency``, ``case``, ``form``, ``component`` (with its index) or ``review``."""
    if draft.agency_id is None:
        return "agency", None
    if not draft.case_chosen:
        return "case", None
    if not draft.form_done:
        return "form", None
    for item in attachments(user, draft):
        if item.component.required and item.document is None:
            return "component", item.index
    return "review", None


def draft_submit(*, user: User, key: str, revision: int) -> Dossier:
    """File the draft as one dossier. Idempotent: a repeated call returns the dossier already filed."""
    draft = draft_get(user=user, key=key)
    if draft.dossier_id is not None:
        assert draft.dossier is not None
        return draft.dossier
    if draft.revision != revision:
        raise DraftChanged(_("Your application changed after you reviewed it. Check it again, then submit."))
    definition = definition_of(draft)
    items = attachments(user, draft)
    missing = [i.component.name for i in items if i.component.required and i.document is None]
    if draft.agency_id is None or not draft.case_chosen or not draft.form_done or missing:
        raise ApplyError(_("Some parts of the application are not finished yet."), code="incomplete")
    submitter = PartyIn(
        name=user.full_name or "",
        id_number=user.personal_id or "",
        kind=Party.PERSON,
        phone=user.phone or "",
        email=user.email or "",
    )
    components = [
        ComponentIn(
            name=i.component.name,
            code=i.component.code,
            reused=i.document.kind == DocumentKind.RESULT,
            from_store=i.from_wallet,
            file_ref=i.document.name,
            document_id=i.document.pk,
        )
        for i in items
        if i.document is not None
    ]
    with transaction.atomic():
        # The claim: exactly one request gets past this line for a draft (the others wait for its commit
        # on PostgreSQL, or for the write lock on SQLite, then find the dossier).
        claimed = Draft.objects.filter(pk=draft.pk, dossier__isnull=True, submitted_at__isnull=True, revision=revision)
        if not claimed.update(submitted_at=timezone.now()):
            current = Draft.objects.select_related("dossier").get(pk=draft.pk)
            if current.dossier is not None:
                return current.dossier
            raise DraftChanged(_("Your application changed after you reviewed it. Check it again, then submit."))
        try:
            dossier = dossier_submit(
                actor=actor_for_user(user),
                agency_id=draft.agency_id,
                procedure_code=draft.procedure_code,
                procedure_version=draft.procedure_version.number,
                channel=Channel.ONLINE,
                submitter=submitter,
                case_code=draft.case_code,
                summary=definition.name,
                form_data=draft.form_data,
                components=components,
            )
        except InvalidDossier as exc:
            raise ApplyError(str(exc.detail), field=exc.field, code=exc.code) from exc
        Draft.objects.filter(pk=draft.pk).update(dossier=dossier)
    return dossier


def expected_due(dossier: Dossier) -> tuple[dt.datetime | None, bool]:
    """The appointment date (ngày hẹn trả) once received, else an estimate from the submission (True if set)."""
    if dossier.due_at is not None:
        return dossier.due_at, True
    definition = version_definition(dossier.procedure_version)
    time = statutory_time(definition, dossier.channel, dossier.case_code)
    if time is None:
        return None, False
    amount, unit = time
    try:
        due = deadline(calendar_of(dossier.agency_id), dossier.submitted_at, Decimal(str(amount)), unit)
    except (ValueError, DomainError):
        return None, False
    return due.due, False


def fee_due(dossier: Dossier) -> int | None:
    """The fee to pay before processing (VND), when the procedure charges one online."""
    definition = version_definition(dossier.procedure_version)
    amounts = [
        f.amount_vnd
        for f in definition.fees
        if f.collected == "before" and f.amount_vnd and f.channel in (None, Channel.ONLINE)
    ]
    return sum(amounts) if amounts else None
