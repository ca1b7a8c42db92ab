"""The desk in Chromium across boundaries: a dossier taken at commune A's desk for commune B is forwarded,
received and processed at B (Decree 118/2025); and a leader on leave, whose substitute approves in their
place — the timeline says on whose behalf. Every page audited (axe, CSP)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from motcua.dossiers import services as svc
from motcua.dossiers.actors import SYSTEM
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.reminders import reminders_send
from motcua.dossiers.tests.conftest import CODE, PERSON, Staff, procedure, staff
from motcua.dossiers.tests.test_results import at_signing
from tests.e2e.support import PageProblems
from tests.e2e.test_desk_journey import Officials, act, shot

pytestmark = pytest.mark.e2e
__all__ = ["procedure", "staff"]


@pytest.fixture
def officials(browser: Browser, server: LiveServer, problems: PageProblems) -> Iterator[Officials]:
    found = Officials(browser, server, problems)
    yield found
    found.close()


def test_desk_forwards_to_the_competent_commune(
    officials: Officials, audit: Callable[[Page], None], staff: Staff, make_user: Callable[..., User]
) -> None:
    desk_b = Agency.objects.get(unit_id=staff.other_commune.unit_id, kind="one_stop_desk")
    officer_b = make_user(UserKind.OFFICIAL, full_name="Trần Thị Một Cửa")
    membership_grant(user_id=officer_b.pk, agency=desk_b, role="one_stop_officer")
    specialist_b = make_user(UserKind.OFFICIAL, full_name="Lê Văn Chuyên")
    membership_grant(user_id=specialist_b.pk, agency=staff.other_commune, role="specialist")

    page = officials.page(staff.officer)
    page.goto(f"/backoffice/desk/intake/?procedure={CODE}")
    page.locator("#submitter_name").fill(PERSON.name)
    page.locator("#submitter_id_number").fill(PERSON.id_number)
    page.get_by_label("Tờ khai", exact=True).check()
    page.locator("#forward_to").select_option(str(desk_b.pk))
    audit(page)
    page.locator("#intake-submit").click()
    expect(page.locator("#dossier-place")).to_have_text(staff.desk.name)
    expect(page.locator("#dossier-receiving")).to_have_text(desk_b.name)
    shot(page, "forwarded")
    audit(page)
    code = Dossier.objects.get(submitter_id_number=PERSON.id_number).code

    b = officials.page(officer_b)
    b.goto("/backoffice/desk/?list=receive")
    expect(b.locator("#worklist")).to_contain_text(code)
    audit(b)
    act(b, audit, code, "#action-receive", "received-at-b")
    act(officials.page(specialist_b), audit, code, "#action-move-forward")
    dossier = Dossier.objects.get(code=code)
    assert dossier.current_agency_id == staff.dept.pk and dossier.deciding_agency_id == staff.dept.pk


def test_desk_substitute_during_leave_acts_on_behalf(
    officials: Officials, audit: Callable[[Page], None], staff: Staff
) -> None:
    dossier = at_signing(staff, online=False)
    code = dossier.code
    soon = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    svc.dossier_correct(actor=SYSTEM, dossier_id=dossier.pk, field="due_at", value=soon, reason="Thử")
    reminders_send()  # unassigned at the department: its leader is reminded
    director = officials.page(staff.dept_leader)
    director.goto("/backoffice/")
    expect(director.locator("#reminders")).to_contain_text(code)
    shot(director, "home-reminders")
    audit(director)
    director.get_by_role("link", name="Ủy quyền và người thay thế khi nghỉ phép").click()
    audit(director)
    today = timezone.localdate()
    director.locator("#kind-leave").check()
    director.locator("#delegator").select_option(str(staff.dept_leader.pk))
    director.locator("#delegate").select_option(str(staff.dept_specialist.pk))
    director.locator("#valid_from").fill(today.isoformat())
    director.locator("#valid_to").fill((today + dt.timedelta(days=2)).isoformat())
    director.locator("#reason").fill("Nghỉ phép năm")
    director.locator("#delegation-save").click()
    expect(director.locator("#delegations")).to_contain_text(staff.dept_specialist.full_name)
    shot(director, "delegation")
    audit(director)

    substitute = officials.page(staff.dept_specialist)
    substitute.goto("/backoffice/desk/?list=sign")
    expect(substitute.locator("#worklist")).to_contain_text(code)
    act(substitute, audit, code, "#action-move-approve", "on-behalf")
    expect(substitute.locator("#timeline")).to_contain_text(f"thay mặt cho {staff.dept_leader.full_name}")
