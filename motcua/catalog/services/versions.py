"""Writing the catalogue: drafts, publication and retirement of procedure versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.constants import VersionStatus
from motcua.catalog.definition import ProcedureDefinition
from motcua.catalog.exceptions import InvalidDefinition, VersionFrozen
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.validation import Problem, definition_check
from motcua.core.errors import NotFound
from motcua.core.text import fold


def definition_validate(data: Any) -> ProcedureDefinition:
    """The parsed definition, or :class:`InvalidDefinition` listing every problem with its path."""
    definition, problems = definition_check(data)
    if problems or definition is None:
        raise InvalidDefinition(problems)
    assert isinstance(definition, ProcedureDefinition)
    return definition


def search_text_of(definition: ProcedureDefinition) -> str:
    return f" {fold(definition.name)} | {definition.code} | {fold(definition.field_name)} "


def procedure_columns(definition: ProcedureDefinition) -> dict[str, Any]:
    """The listing columns a procedure takes from its current version."""
    keys = {f"{a.kind}:{a.level}" for a in definition.agencies} | {
        f"{s.agency.kind}:{s.agency.level}:{fold(s.agency.name)}"
        if s.agency.name
        else f"{s.agency.kind}:{s.agency.level}"
        for p in definition.processes
        for s in p.steps
        if s.agency
    }
    return {
        "name": definition.name,
        "field_code": definition.field_code or "",
        "field_name": definition.field_name,
        "levels": " " + " ".join(str(level) for level in definition.levels) + " ",
        "agency_keys": " " + " ".join(sorted(k.replace(" ", "_") for k in keys)) + " ",
        "managing_agency": definition.managing_agency,
        "online_level": definition.online_level or "",
        "is_group": bool(definition.parts),
        "search_text": search_text_of(definition),
    }


def procedure_draft_save(
    *, actor_id: int | None, definition: Any, effective_from: dt.date | None = None
) -> ProcedureVersion:
    """Create or replace the draft of a procedure (creating the procedure itself the first time)."""
    parsed = definition_validate(definition)
    document = parsed.model_dump(mode="json")
    with transaction.atomic():
        procedure, _created = Procedure.objects.get_or_create(code=parsed.code, defaults=procedure_columns(parsed))
        draft = (
            ProcedureVersion.objects.select_for_update().filter(procedure=procedure, status=VersionStatus.DRAFT).first()
        )
        if draft is not None:
            draft.definition = document
            draft.effective_from = effective_from
            draft.save(update_fields=["definition", "effective_from", "updated_at"])
            return draft
        number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return ProcedureVersion.objects.create(
            procedure=procedure, number=number, definition=document, effective_from=effective_from
        )


def procedure_version_update(*, actor_id: int | None, version_id: int, definition: Any) -> ProcedureVersion:
    """Change a draft's definition; published and retired versions are frozen."""
    version = ProcedureVersion.objects.select_related("procedure").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("No such procedure version."))
    if version.status != VersionStatus.DRAFT:
        raise VersionFrozen(
            _("Version %(number)d is %(status)s and cannot change; make a new draft.")
            % {"number": version.number, "status": version.get_status_display()}
        )
    parsed = definition_validate(definition)
    if parsed.code != version.procedure.code:
        raise InvalidDefinition([Problem("code", _("A version cannot change the procedure code."))])
    return procedure_draft_save(actor_id=actor_id, definition=definition, effective_from=version.effective_from)


def procedure_version_publish(
    *, actor_id: int | None, version_id: int, effective_from: dt.date | None = None
) -> ProcedureVersion:
    """Publish a draft from ``effective_from`` (today by default); the version it replaces is retired then.

    Versions are never changed in place: dossiers keep pointing at the version they were received under.
    """
    with transaction.atomic():
        version = ProcedureVersion.objects.select_for_update().select_related("procedure").filter(pk=version_id).first()
        if version is None:
            raise NotFound(_("No such procedure version."))
        parsed = definition_validate(version.definition)
        start = effective_from or version.effective_from or timezone.localdate()
        changed = ProcedureVersion.objects.filter(pk=version.pk, status=VersionStatus.DRAFT).update(
            status=VersionStatus.PUBLISHED, effective_from=start, published_at=timezone.now()
        )
        if changed != 1:
            raise VersionFrozen(_("Only a draft can be published."))
        ProcedureVersion.objects.filter(procedure=version.procedure, status=VersionStatus.PUBLISHED).exclude(
            pk=version.pk
        ).update(status=VersionStatus.RETIRED, effective_to=start)
        columns = procedure_columns(parsed) | {"published": True}
        Procedure.objects.filter(pk=version.procedure_id).update(**columns)
        version.refresh_from_db()
        return version


def procedure_version_retire(
    *, actor_id: int | None, version_id: int, effective_to: dt.date | None = None
) -> ProcedureVersion:
    """Withdraw a published version (the procedure leaves the public catalogue if no other is published)."""
    with transaction.atomic():
        version = ProcedureVersion.objects.filter(pk=version_id).first()
        if version is None:
            raise NotFound(_("No such procedure version."))
        changed = ProcedureVersion.objects.filter(pk=version_id, status=VersionStatus.PUBLISHED).update(
            status=VersionStatus.RETIRED, effective_to=effective_to or timezone.localdate()
        )
        if changed != 1:
            raise VersionFrozen(_("Only a published version can be retired."))
        if not ProcedureVersion.objects.filter(
            procedure_id=version.procedure_id, status=VersionStatus.PUBLISHED
        ).exists():
            Procedure.objects.filter(pk=version.procedure_id).update(published=False)
        version.refresh_from_db()
        return version
