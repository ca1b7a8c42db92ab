"""The one-stop desk's pages through HTTP: worklists, the dossier page and its actions, intake, bulk assign."""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from motcua.accounts.models import User
from motcua.dossiers import services as svc
from motcua.dossiers.constants import State
from motcua.dossiers.models import Dossier, ResultReturn
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff

pytestmark = pytest.mark.django_db
Login = Callable[[User], Client]
#: A 16×16 white PNG: a drawn signature as the canvas sends it.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFElEQVR4nGP4TyJgGNUwqmH4agAAr639H708R/EAAAAASUVORK5CYII="
)


def received(staff: Staff) -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )


def online(staff: Staff) -> Dossier:
    return svc.dossier_submit(
        actor=staff.actor("citizen"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
    )


def detail_url(dossier: Dossier) -> str:
    return reverse("backoffice:desk_dossier", kwargs={"code": dossier.code})


def act_url(dossier: Dossier, action: str) -> str:
    return reverse("backoffice:desk_act", kwargs={"code": dossier.code, "action": action})


def test_every_worklist_answers(staff: Staff, login: Login) -> None:
    received(staff)
    client = login(staff.officer)
    for name in ("receive", "process", "supplement", "due", "overdue", "done"):
        response = client.get(reverse("backoffice:desk_worklist"), {"list": name})
        assert response.status_code == 200, name
    assert client.get(reverse("backoffice:desk_worklist"), {"list": "nope"}).status_code == 404


def test_worklist_search_and_htmx_partial(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    client = login(staff.specialist)
    row = f'href="{detail_url(dossier)}"'  # the result's link: the page also echoes the query in the search box
    page = client.get(reverse("backoffice:desk_worklist"), {"list": "process", "q": dossier.code})
    assert row in page.content.decode()
    by_id = client.get(reverse("backoffice:desk_worklist"), {"list": "process", "q": PERSON.id_number})
    assert row in by_id.content.decode()
    missing = client.get(reverse("backoffice:desk_worklist"), {"list": "process", "q": "no such person"})
    assert row not in missing.content.decode()
    partial = client.get(reverse("backoffice:desk_worklist"), {"list": "process"}, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert row in partial.content.decode()


def test_worklist_rows_escape_what_citizens_typed(staff: Staff, login: Login) -> None:
    """The rows are made in Python, not by the template: every value is still escaped, and the row shows the
    state, the assignee and the appointment in local time as the page always did."""
    marked = dataclasses.replace(PERSON, name='<b onmouseover="x">Lê & Trần</b>')
    dossier = svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=marked,
        components=FORM,
        receive=True,
    )
    svc.dossier_assign(actor=staff.actor("commune_leader"), dossier_id=dossier.pk, assignee_id=staff.specialist.pk)
    dossier.refresh_from_db()
    assert dossier.due_at is not None
    page = login(staff.commune_leader).get(reverse("backoffice:desk_worklist"), {"list": "process"}).content.decode()
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=&quot;x&quot;&gt;Lê &amp; Trần&lt;/b&gt;" in page
    assert f'<a class="govuk-link" href="{detail_url(dossier)}">{dossier.code}</a>' in page
    assert timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y") in page
    assert (
        f'<br><span class="govuk-body-s">{staff.specialist.full_name}</span>' in page
    )  # the assignee, under the state
    assert f'id="pick-{dossier.code}"' in page  # a leader may tick it for bulk assignment


def test_intake_creates_a_received_dossier_and_links_its_receipt(staff: Staff, login: Login) -> None:
    client = login(staff.officer)
    form = client.get(reverse("backoffice:desk_intake"), {"procedure": CODE})
    assert form.status_code == 200
    assert "Tờ khai" in form.content.decode()
    response = client.post(
        reverse("backoffice:desk_intake"),
        {
            "procedure": CODE,
            "agency": staff.desk.pk,
            "case": "c1",
            "submitter_name": PERSON.name,
            "submitter_id_number": PERSON.id_number,
            "submitter_phone": PERSON.phone,
            "component": ["Tờ khai"],
            "summary": "Xin xác nhận",
        },
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(submitter_id_number=PERSON.id_number)
    assert dossier.state == State.IN_PROCESS
    assert dossier.channel == "in_person"
    assert dossier.received_at is not None
    assert response["Location"] == detail_url(dossier)
    page = client.get(response["Location"])
    receipt = reverse("backoffice:desk_slip", kwargs={"code": dossier.code, "kind": "receipt"})
    assert receipt in page.content.decode()
    pdf = client.get(receipt)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_intake_shows_the_missing_component_in_vietnamese(staff: Staff, login: Login) -> None:
    client = login(staff.officer)
    response = client.post(
        reverse("backoffice:desk_intake"),
        {
            "procedure": CODE,
            "agency": staff.desk.pk,
            "case": "c1",
            "submitter_name": PERSON.name,
            "submitter_id_number": PERSON.id_number,
        },
        headers={"Accept-Language": "vi"},
    )
    assert response.status_code == 422
    assert "Tờ khai" in response.content.decode()
    assert not Dossier.objects.exists()


def test_intake_refuses_officials_who_are_not_at_a_desk(staff: Staff, login: Login) -> None:
    assert login(staff.specialist).get(reverse("backoffice:desk_intake")).status_code == 403


def test_receive_from_the_dossier_page(staff: Staff, login: Login) -> None:
    dossier = online(staff)
    client = login(staff.officer)
    assert dossier.code in client.get(reverse("backoffice:desk_worklist"), {"list": "receive"}).content.decode()
    page = client.get(detail_url(dossier))
    assert 'id="action-receive"' in page.content.decode()
    response = client.post(act_url(dossier, "receive"), {"version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS


def test_a_domain_error_is_shown_on_the_dossier_page_in_vietnamese(staff: Staff, login: Login) -> None:
    dossier = online(staff)
    client = login(staff.officer)
    response = client.post(act_url(dossier, "refuse"), {"reason": " "}, headers={"Accept-Language": "vi"})
    assert response.status_code == 422
    assert "govuk-error-summary" in response.content.decode()
    stale = client.post(act_url(dossier, "receive"), {"version": dossier.version + 5})
    assert stale.status_code == 409
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED


def test_the_journey_through_the_pages(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    leader = login(staff.commune_leader)
    assert leader.post(act_url(dossier, "assign"), {"assignee": staff.specialist.pk}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.assignee_id == staff.specialist.pk
    assert f'id="dossier-handler">{staff.specialist.full_name}<' in leader.get(detail_url(dossier)).content.decode()
    colleague = login(staff.colleague)
    assert 'id="action-move-forward"' not in colleague.get(detail_url(dossier)).content.decode()
    assert dossier.code not in colleague.get(reverse("backoffice:desk_worklist"), {"list": "process"}).content.decode()
    specialist = login(staff.specialist)
    assert specialist.post(act_url(dossier, "move"), {"action_id": "forward"}).status_code == 302
    login(staff.dept_specialist).post(act_url(dossier, "move"), {"action_id": "submit"})
    login(staff.dept_leader).post(act_url(dossier, "move"), {"action_id": "approve"})
    dossier.refresh_from_db()
    assert dossier.state == State.RESULT_READY
    assert login(staff.dept_specialist).post(act_url(dossier, "hand_result")).status_code == 302
    officer = login(staff.officer)
    assert 'id="action-confirm-result"' in officer.get(detail_url(dossier)).content.decode()
    assert officer.post(act_url(dossier, "confirm_result")).status_code == 302
    page = officer.get(detail_url(dossier)).content.decode()
    assert 'id="action-collect"' in page and 'id="action-post"' in page
    assert officer.post(act_url(dossier, "collect"), {"collector_name": PERSON.name}).status_code == 422
    signature = "data:image/png;base64," + base64.b64encode(PNG).decode()
    officer.post(act_url(dossier, "collect"), {"collector_name": PERSON.name, "signature": signature})
    dossier.refresh_from_db()
    assert dossier.state == State.DELIVERED
    done = officer.get(reverse("backoffice:desk_worklist"), {"list": "done"})
    assert dossier.code in done.content.decode()
    timeline = officer.get(detail_url(dossier)).content.decode()
    assert timeline.count('<tr class="govuk-table__row">') >= 9
    assert bytes(ResultReturn.objects.get(dossier=dossier).signature_png or b"") == PNG


def test_supplement_through_the_desk(staff: Staff, login: Login) -> None:
    dossier = received(staff)
    officer = login(staff.officer)
    assert officer.post(act_url(dossier, "request_supplement"), {"reason": "Thiếu bản sao"}).status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT
    assert dossier.code in officer.get(reverse("backoffice:desk_worklist"), {"list": "supplement"}).content.decode()
    officer.post(act_url(dossier, "answer_supplement"), {"items": "Bản sao giấy khai sinh"})
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS


def test_bulk_assign(staff: Staff, login: Login) -> None:
    first, second = received(staff), received(staff)
    leader = login(staff.commune_leader)
    page = leader.get(reverse("backoffice:desk_worklist"), {"list": "process"}).content.decode()
    assert f'value="{first.code}"' in page
    response = leader.post(
        reverse("backoffice:desk_bulk_assign"),
        {"dossier": [first.code, second.code, "NO-SUCH-CODE"], "assignee": staff.colleague.pk, "list": "process"},
    )
    assert response.status_code == 302
    assert set(Dossier.objects.values_list("assignee_id", flat=True)) == {staff.colleague.pk}


@pytest.mark.parametrize(
    "action",
    [
        "receive",
        "refuse",
        "ask_to_complete",
        "resubmit",
        "assign",
        "forward",
        "move",
        "send_back",
        "request_supplement",
        "hand_result",
        "confirm_result",
        "collect",
        "post",
    ],
)
def test_a_stranger_official_gets_404_on_every_dossier_page(staff: Staff, login: Login, action: str) -> None:
    dossier = received(staff)
    before = dossier.version
    client = login(staff.stranger)
    assert client.get(detail_url(dossier)).status_code == 404
    slip = reverse("backoffice:desk_slip", kwargs={"code": dossier.code, "kind": "receipt"})
    assert client.get(slip).status_code == 404
    assert client.post(act_url(dossier, action), {"reason": "x"}).status_code == 404
    assert dossier.code not in client.get(reverse("backoffice:desk_worklist"), {"list": "done"}).content.decode()
    dossier.refresh_from_db()
    assert dossier.version == before


@pytest.mark.parametrize("count", [1, 6])
def test_the_worklist_page_makes_a_bounded_number_of_queries(
    staff: Staff, login: Login, django_assert_max_num_queries: DjangoAssertNumQueries, count: int
) -> None:
    for _n in range(count):
        svc.dossier_assign(
            actor=staff.actor("commune_leader"), dossier_id=received(staff).pk, assignee_id=staff.specialist.pk
        )
    client = login(staff.commune_leader)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("backoffice:desk_worklist"), {"list": "process"})
    assert page.content.decode().count('name="dossier"') == count


def test_ask_to_complete_then_resubmit_then_receive(staff: Staff, login: Login) -> None:
    dossier = online(staff)
    officer = login(staff.officer)
    assert 'id="action-ask-to-complete"' in officer.get(detail_url(dossier)).content.decode()
    asked = officer.post(act_url(dossier, "ask_to_complete"), {"reason": "Thiếu bản sao", "items": "Bản sao\n"})
    assert asked.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.INCOMPLETE
    assert dossier.code in officer.get(reverse("backoffice:desk_worklist"), {"list": "supplement"}).content.decode()
    officer.post(act_url(dossier, "resubmit"), {"items": "Bản sao giấy khai sinh"})
    dossier.refresh_from_db()
    assert dossier.state == State.SUBMITTED
    officer.post(act_url(dossier, "receive"))
    dossier.refresh_from_db()
    assert dossier.state == State.IN_PROCESS
