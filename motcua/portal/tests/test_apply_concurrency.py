"""Concurrent submissions of one draft (double clicks, retries, two browsers) make exactly one dossier.

Real transactions and threads, each with its own connection, on PostgreSQL (SQLite's shared in-memory
test database serialises writers with table locks, so it cannot show a race).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from motcua.accounts.constants import UserKind
from motcua.agencies.models import Agency
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.services import document_store
from motcua.dossiers.tests.conftest import publish
from motcua.dossiers.tests.test_concurrency import live_staff
from motcua.dossiers.tests.test_uploads import raw_pdf
from motcua.portal import apply_service as svc
from motcua.portal.tests.test_apply_flow import AN_ID, apply_definition

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["live_staff"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
def test_concurrent_submissions_of_one_draft_make_one_dossier(live_staff: Any, make_user: Callable[..., Any], tmp_path):
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path
    publish(apply_definition(fee=None))
    desk = Agency.objects.get(unit__structure="2025", unit__code="00070", kind="one_stop_desk")
    citizen = make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An", personal_id=AN_ID)
    draft = svc.draft_start(user=citizen, procedure_code="9.900077")
    key = str(draft.key)
    svc.draft_set_agency(user=citizen, key=key, agency_id=desk.pk)
    svc.draft_set_case(user=citizen, key=key, case_code="c2")
    raw = {"full_name": "Nguyễn Văn An", "personal_id": AN_ID, "purpose": "Cấp lại"}
    svc.draft_set_form(user=citizen, key=key, raw=raw, final=True)
    document = document_store(owner=citizen, content=raw_pdf(), name="to-khai.pdf")
    draft = svc.draft_attach(user=citizen, key=key, index=0, document_id=document.pk, from_wallet=False)

    threads_count = 8
    barrier = threading.Barrier(threads_count)
    codes: list[str] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait()
            codes.append(svc.draft_submit(user=citizen, key=key, revision=draft.revision).code)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Dossier.objects.count() == 1
    assert codes == [Dossier.objects.get().code] * threads_count
    assert DossierComponent.objects.count() == 1
