"""The officers' new pages through HTTP: signing from the worklist (one or a batch), the results register and
its corrections, the return sub-flow, forwarding to another commune, delegations — and a stranger official
gets 404 on every one of them."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Delegation
from motcua.backoffice.tests.test_desk_pages import online
from motcua.dossiers.constants import State
from motcua.dossiers.models import AuditEntry, Dossier, ResultEntry
from motcua.dossiers.tests.conftest import Staff
from motcua.dossiers.tests.test_results import PNG, at_signing, signing_pki
from motcua.signing.demo_pki import DEMO_PASSPHRASE, DemoPki

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
__all__ = ["signing_pki"]


def act(d: Dossier, action: str) -> str:
    return reverse("backoffice:desk_act", kwargs={"code": d.code, "action": action})


def page(d: Dossier) -> str:
    return reverse("backoffice:desk_dossier", kwargs={"code": d.code})


def test_sign_a_batch_from_the_worklist_then_return_with_the_signature(
    staff: Staff, login: Login, signing_pki: DemoPki
) -> None:
    first, second = at_signing(staff, online=False), at_signing(staff, online=True)
    leader = login(staff.dept_leader)
    listing = leader.get(reverse("backoffice:desk_worklist"), {"list": "sign"}).content.decode()
    assert f'value="{first.code}"' in listing and 'id="sign-batch"' in listing
    wrong = leader.post(reverse("backoffice:desk_sign"), {"dossier": [first.code, second.code], "pin": "sai"})
    assert wrong.status_code == 302 and not ResultEntry.objects.exists()
    leader.post(reverse("backoffice:desk_sign"), {"dossier": [first.code, second.code], "pin": DEMO_PASSPHRASE})
    assert ResultEntry.objects.count() == 2
    first.refresh_from_db()
    assert first.state == State.RESULT_READY
    register = leader.get(reverse("backoffice:desk_results")).content.decode()
    entry = ResultEntry.objects.get(dossier=first)
    assert entry.label in register
    pdf = leader.get(reverse("backoffice:desk_result_pdf", kwargs={"pk": entry.pk}))
    assert pdf.status_code == 200 and bytes(pdf.content) == bytes(entry.pdf or b"")
    assert 'id="action-hand-result"' in leader.get(page(first)).content.decode()
    assert leader.post(act(first, "hand_result")).status_code == 302
    officer = login(staff.officer)
    officer.post(act(first, "confirm_result"))
    signature = "data:image/png;base64," + base64.b64encode(PNG).decode()
    done = officer.post(act(first, "collect"), {"collector_name": "Nguyễn Văn An", "signature": signature})
    assert done.status_code == 302
    first.refresh_from_db()
    assert first.state == State.DELIVERED
    detail = officer.get(page(first)).content.decode()
    assert 'id="return-stage"' in detail and entry.label in detail


def test_correct_a_result_from_its_page(staff: Staff, login: Login, signing_pki: DemoPki) -> None:
    d = at_signing(staff, online=False)
    leader = login(staff.dept_leader)
    leader.post(reverse("backoffice:desk_sign"), {"dossier": d.code, "pin": DEMO_PASSPHRASE, "next": "dossier"})
    entry = ResultEntry.objects.get()
    url = reverse("backoffice:desk_result", kwargs={"pk": entry.pk})
    assert leader.get(url).status_code == 200
    assert leader.post(url, {"what": "", "reason": "x"}).status_code == 422
    assert leader.post(url, {"what": "correct", "reason": "Sai ngày", "valid_until": "31/12"}).status_code == 422
    assert leader.post(url, {"what": "correct", "reason": "Sai ngày", "valid_until": "2030-12-31"}).status_code == 302
    assert ResultEntry.objects.get(replaces=entry).valid_until == dt.date(2030, 12, 31)
    assert login(staff.dept_specialist).get(url).status_code == 404


def test_forward_from_the_dossier_page(staff: Staff, login: Login) -> None:
    officer = login(staff.officer)
    d = online(staff)
    desk_b = Agency.objects.get(unit_id=staff.other_commune.unit_id, kind="one_stop_desk")
    assert 'id="action-forward"' in officer.get(page(d)).content.decode()
    assert officer.post(act(d, "forward"), {"to_agency": desk_b.pk, "version": d.version}).status_code == 302
    d.refresh_from_db()
    assert d.agency_id == desk_b.pk and d.place_agency_id == staff.desk.pk
    assert AuditEntry.objects.filter(dossier=d, verb="forward").exists()


def test_delegations_page(staff: Staff, login: Login) -> None:
    url = reverse("backoffice:desk_delegations")
    assert login(staff.specialist).get(url).status_code == 404
    leader = login(staff.commune_leader)
    assert leader.get(url).status_code == 200
    today = timezone.localdate()
    form = {
        "agency": staff.commune.pk,
        "kind": "leave",
        "delegator": staff.specialist.pk,
        "delegate": staff.colleague.pk,
        "valid_from": today.isoformat(),
        "valid_to": (today + dt.timedelta(days=3)).isoformat(),
    }
    assert leader.post(url, form | {"valid_to": "bad"}).status_code == 422
    assert leader.post(url, form | {"delegate": staff.specialist.pk}).status_code == 422
    assert leader.post(url, form).status_code == 302
    delegation = Delegation.objects.get()
    assert staff.colleague.full_name in leader.get(url).content.decode()
    stranger = login(staff.dept_leader)
    withdraw = reverse("backoffice:desk_delegation_withdraw", kwargs={"pk": delegation.pk})
    assert stranger.post(withdraw).status_code == 404
    assert login(staff.commune_leader).post(withdraw).status_code == 302
    delegation.refresh_from_db()
    assert delegation.withdrawn_at is not None


def test_a_stranger_official_gets_404_on_results_and_signing(staff: Staff, login: Login, signing_pki: DemoPki) -> None:
    d = at_signing(staff, online=False)
    login(staff.dept_leader).post(reverse("backoffice:desk_sign"), {"dossier": d.code, "pin": DEMO_PASSPHRASE})
    entry = ResultEntry.objects.get()
    stranger = login(staff.stranger)
    assert stranger.get(reverse("backoffice:desk_result_pdf", kwargs={"pk": entry.pk})).status_code == 404
    assert stranger.get(reverse("backoffice:desk_result", kwargs={"pk": entry.pk})).status_code == 404
    assert (
        stranger.post(reverse("backoffice:desk_result", kwargs={"pk": entry.pk}), {"what": "revoke"}).status_code == 404
    )
    assert entry.label not in stranger.get(reverse("backoffice:desk_results")).content.decode()
    other = at_signing(staff, online=False)
    stranger.post(reverse("backoffice:desk_sign"), {"dossier": other.code, "pin": DEMO_PASSPHRASE})
    other.refresh_from_db()
    assert other.step == "sign" and ResultEntry.objects.count() == 1


def test_opening_the_results_register_logs_each_dossier_listed(
    staff: Staff, login: Login, signing_pki: DemoPki
) -> None:
    from motcua.dossiers.models import AccessKind, DossierAccess

    d = at_signing(staff, online=False)
    leader = login(staff.dept_leader)
    leader.post(reverse("backoffice:desk_sign"), {"dossier": d.code, "pin": DEMO_PASSPHRASE})
    before = DossierAccess.objects.count()  # the log is append-only: count from here
    label = ResultEntry.objects.get().label
    assert label in leader.get(reverse("backoffice:desk_results")).content.decode()
    year = timezone.localdate().year
    rows = list(DossierAccess.objects.order_by("id").values_list("dossier_id", "kind", "detail", "actor_user_id"))
    assert rows[before:] == [(d.pk, str(AccessKind.REGISTER), f"results {year}", staff.dept_leader.pk)]
    # (the login fixture shares one client: the stranger's session replaces the leader's)
    assert label not in login(staff.stranger).get(reverse("backoffice:desk_results")).content.decode()
    assert DossierAccess.objects.count() == before + 1  # nothing of theirs listed: nothing logged
