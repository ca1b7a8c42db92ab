"""Versions: draft → published → retired; a published version never changes, so dossiers keep theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.catalog.constants import VersionStatus
from motcua.catalog.exceptions import VersionFrozen
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_get, procedure_search
from motcua.catalog.services.versions import (
    procedure_draft_save,
    procedure_version_publish,
    procedure_version_retire,
    procedure_version_update,
)

pytestmark = pytest.mark.django_db


def _publish(definition, on=None):
    draft = procedure_draft_save(actor_id=None, definition=definition)
    return procedure_version_publish(actor_id=None, version_id=draft.pk, effective_from=on)


def test_a_draft_is_not_public_until_published(birth):
    draft = procedure_draft_save(actor_id=None, definition=birth)
    assert draft.status == VersionStatus.DRAFT
    assert procedure_search(q="khai sinh").count == 0
    published = procedure_version_publish(actor_id=None, version_id=draft.pk)
    assert published.status == VersionStatus.PUBLISHED
    assert published.effective_from == timezone.localdate()
    assert procedure_search(q="khai sinh").items[0].code == "1.001193"


def test_publishing_version_2_leaves_dossiers_on_version_1(birth):
    """There is no dossier model yet: a dossier holds its version's id, as this test does."""
    v1 = _publish(birth, dt.date(2025, 7, 1))
    dossier_version_id = v1.pk
    v1_definition = v1.definition
    changed = dict(birth, fees=[{"amount_vnd": 5000, "description": "new fee"}])
    v2 = _publish(changed, dt.date(2026, 1, 1))
    assert v2.number == 2
    kept = ProcedureVersion.objects.get(pk=dossier_version_id)
    assert kept.definition == v1_definition
    assert kept.status == VersionStatus.RETIRED
    assert kept.effective_to == dt.date(2026, 1, 1)
    _procedure, current = procedure_get(code="1.001193", on=dt.date(2026, 3, 1))
    assert current.pk == v2.pk
    _procedure, earlier = procedure_get(code="1.001193", on=dt.date(2025, 8, 1))
    assert earlier.pk == v1.pk
    _procedure, asked = procedure_get(code="1.001193", version=1)
    assert asked.definition["fees"] != current.definition["fees"]


def test_a_published_version_is_immutable(birth):
    v1 = _publish(birth)
    with pytest.raises(VersionFrozen):
        procedure_version_update(actor_id=None, version_id=v1.pk, definition=dict(birth, name="Changed"))
    with pytest.raises(VersionFrozen):
        procedure_version_publish(actor_id=None, version_id=v1.pk)
    assert ProcedureVersion.objects.get(pk=v1.pk).definition["name"] == birth["name"]


def test_a_draft_can_change_and_there_is_only_one(birth):
    draft = procedure_draft_save(actor_id=None, definition=birth)
    again = procedure_version_update(
        actor_id=None, version_id=draft.pk, definition=dict(birth, requirements="Trong 60 ngày")
    )
    assert again.pk == draft.pk
    assert again.definition["requirements"] == "Trong 60 ngày"
    assert ProcedureVersion.objects.filter(status=VersionStatus.DRAFT).count() == 1


def test_retiring_the_only_version_removes_it_from_the_catalogue(birth):
    v1 = _publish(birth)
    procedure_version_retire(actor_id=None, version_id=v1.pk)
    assert procedure_search(q="khai sinh").count == 0
