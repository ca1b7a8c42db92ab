"""Every official's read of a dossier's personal data is recorded, once, append-only; a refused read is not.
The statistics summary a leader opens is recorded too, and its owner sees it at /my-data/."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from motcua.backoffice.tests.test_desk_pages import Login, detail_url, received
from motcua.dossiers.models import AccessKind, DossierAccess
from motcua.dossiers.selectors import dossier_reads_for_citizen
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.tests.test_api import filed_by_citizen, my_data_page

pytestmark = pytest.mark.django_db


def test_the_dossier_page_and_a_slip_are_each_logged_once(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    client = login(staff.officer)
    assert client.get(detail_url(dossier)).status_code == 200
    slip = reverse("backoffice:desk_slip", kwargs={"code": dossier.code, "kind": "receipt"})
    assert client.get(slip).status_code == 200
    rows = list(DossierAccess.objects.order_by("id").values_list("dossier_id", "kind", "detail", "actor_user_id"))
    assert rows == [
        (dossier.pk, AccessKind.PAGE, "", staff.officer.pk),
        (dossier.pk, AccessKind.SLIP, "receipt", staff.officer.pk),
    ]
    assert DossierAccess.objects.get(kind=AccessKind.PAGE).actor_label


def test_a_refused_read_and_the_worklist_log_nothing(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    assert login(staff.stranger).get(detail_url(dossier)).status_code == 404
    assert login(staff.officer).get(reverse("backoffice:desk_worklist"), {"list": "process"}).status_code == 200
    assert not DossierAccess.objects.exists()


def test_the_log_cannot_be_changed(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    login(staff.officer).get(detail_url(dossier))
    entry = DossierAccess.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        DossierAccess.objects.filter(pk=entry.pk).update(actor_label="someone else")
    entry.refresh_from_db()
    assert entry.actor_label != "someone else"


def test_the_statistics_summary_is_logged_once_per_opening_and_a_refused_one_is_not(
    staff: Staff, login: Login, client: Client
) -> None:
    dossier = filed_by_citizen(staff, receive=True)
    url = reverse("backoffice:statistics_dossier", kwargs={"code": dossier.code})
    assert login(staff.dept_leader).get(url).status_code == 404  # a leader of another subtree
    client.logout()
    assert login(staff.specialist).get(url).status_code == 403  # not a reader
    client.logout()
    assert not DossierAccess.objects.exists()
    leader = login(staff.commune_leader)
    assert leader.get(url).status_code == 200
    assert leader.get(url).status_code == 200
    rows = list(DossierAccess.objects.order_by("id").values_list("dossier_id", "kind", "detail", "actor_user_id"))
    assert rows == [(dossier.pk, AccessKind.SUMMARY, "", staff.commune_leader.pk)] * 2
    client.logout()
    assert [r.dossier_id for r in dossier_reads_for_citizen(user_id=staff.citizen.pk)] == [dossier.pk] * 2
    page = my_data_page(client, staff.citizen)
    assert "tóm tắt hồ sơ (thống kê)" in page and staff.commune_leader.full_name in page
