"""Through the HTTP API: intake at a commune → city department → supplement → approve → return."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from motcua.accounts.models import User
from motcua.accounts.services import api_client_create
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.dossiers.services.engine import statutory_time
from motcua.dossiers.tests.conftest import CODE, Staff
from motcua.workdays import calendar_for, deadline

BODY: dict[str, Any] = {
    "procedure": CODE,
    "case": "c1",
    "channel": "in_person",
    "submitter": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
    "components": [{"name": "Tờ khai"}, {"name": "Bản sao giấy khai sinh", "copy_kind": "certified"}],
    "summary": "Xác nhận thông tin",
}


def token_for(*agencies: Any, scopes: list[str] | None = None) -> str:
    _client, raw = api_client_create(
        name="Phần mềm một cửa",
        scopes=scopes or ["dossiers:read", "dossiers:write"],
        agency_ids=[a.pk for a in agencies],
    )
    return raw


def as_official(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.first().persistent_id
    session.save()
    return client


def call(client: Client, method: str, path: str, token: str | None = None, **body: Any) -> Any:
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(f"/api/v1/dossiers{path}", **headers)
    return client.post(f"/api/v1/dossiers{path}", body, content_type="application/json", **headers)


def test_intake_transfer_supplement_approve_return(staff: Staff, client: Client) -> None:
    desk_token = token_for(staff.desk)
    created = call(client, "post", "", desk_token, **BODY, agency=staff.desk.code, receive=True)
    assert created.status_code == 201, created.content
    d = created.json()
    code = d["code"]
    assert d["state"] == "in_process" and d["national_status"] == 4 and d["current_agency"] == staff.commune.code
    # the appointment date is the working-day deadline of the intake time plus the statutory time
    dossier = Dossier.objects.get(code=code)
    time = statutory_time(dossier_definition(dossier), "in_person", "c1")
    assert time is not None
    assert dossier.received_at is not None
    assert (
        dossier.due_at == deadline(calendar_for(staff.desk.pk), dossier.received_at, Decimal(str(time[0])), time[1]).due
    )
    assert time == (5.0, "working_days")

    commune = as_official(staff.specialist)
    assert call(commune, "post", f"/{code}/transfer", reason="Đủ điều kiện").json()["current_agency"] == staff.dept.code
    dept = as_official(staff.dept_specialist)
    leader = as_official(staff.dept_leader)
    # a specialist's supplement request is a draft until the leader approves it
    drafted = call(dept, "post", f"/{code}/request-supplement", reason="Thiếu bản sao", items=["Bản sao CCCD"])
    assert drafted.json()["state"] == "in_process", drafted.content
    letter = dossier.letters.get()
    sent = call(leader, "post", f"/{code}/letters/{letter.pk}/decide", approve=True)
    assert sent.json()["state"] == "supplement" and sent.json()["national_status"] == 5
    again = call(leader, "post", f"/{code}/request-supplement", reason="Lần hai")
    assert again.status_code == 409
    answered = call(
        client, "post", f"/{code}/supplement", desk_token, components=[{"name": "Bản sao CCCD", "copy_kind": "copy"}]
    )
    assert answered.json()["state"] == "in_process"
    assert dt.datetime.fromisoformat(answered.json()["due_at"]) >= dossier.due_at
    assert call(dept, "post", f"/{code}/transfer").json()["step"] == "sign"
    approved = call(leader, "post", f"/{code}/approve")
    assert approved.json()["state"] == "result_ready" and approved.json()["current_agency"] == staff.desk.code
    returned = call(client, "post", f"/{code}/return", desk_token)
    assert returned.json()["national_status"] == 10 and returned.json()["returned_at"]
    trail = call(client, "get", f"/{code}/audit", desk_token).json()
    assert [e["verb"] for e in trail] == [
        "submit",
        "receive",
        "move",
        "draft_letter",
        "request_supplement",
        "supplement_answer",
        "move",
        "move",
        "return",
    ]
    assert [e["seq"] for e in trail] == list(range(1, 10))


def dossier_definition(dossier: Dossier) -> Any:
    from motcua.dossiers.services.engine import definition_of

    return definition_of(dossier.procedure_version_id)


def test_idempotent_create(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk)
    first = call(client, "post", "", token, **BODY, agency=staff.desk.code, client_reference="ref-1")
    second = call(client, "post", "", token, **BODY, agency=staff.desk.code, client_reference="ref-1")
    assert first.json()["code"] == second.json()["code"]
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_IDEMPOTENCY_KEY": "k-9"}
    a = client.post("/api/v1/dossiers", {**BODY, "agency": staff.desk.code}, content_type="application/json", **headers)
    b = client.post("/api/v1/dossiers", {**BODY, "agency": staff.desk.code}, content_type="application/json", **headers)
    assert a.json()["code"] == b.json()["code"]
    assert Dossier.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"procedure": "9.999999"}, "unknown_procedure"),
        ({"components": [{"name": "Giấy tờ khác"}]}, "missing_components"),
        ({"submitter": {"name": "A", "id_number": "123"}}, "invalid_id_number"),
        ({"submitter": {"name": "Công ty", "id_number": "0100109107", "kind": "organisation"}}, "invalid_id_number"),
        ({"agency": "000.00.00.X99"}, "unknown_agency"),
    ],
)
def test_bad_input_is_a_clear_problem_and_writes_nothing(
    staff: Staff, client: Client, change: dict[str, Any], code: str
) -> None:
    token = token_for(staff.desk)
    response = call(client, "post", "", token, **{**BODY, "agency": staff.desk.code, **change})
    assert response.status_code == 422, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == code
    assert not Dossier.objects.exists() and not AuditEntry.objects.exists()


def test_not_allowed_and_stale_version(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk)
    d = call(client, "post", "", token, **BODY, agency=staff.desk.code).json()
    assert d["state"] == "submitted"
    stale = call(client, "post", f"/{d['code']}/receive", token, version=d["version"] + 5)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    wrong = call(client, "post", f"/{d['code']}/approve", token)
    assert wrong.status_code == 409 and wrong.json()["code"] == "transition_not_allowed"
    assert Dossier.objects.get(code=d["code"]).audit_seq == 1


def _auth(token: str | None) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}


def test_stranger_gets_404_everywhere(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk)
    code = call(client, "post", "", token, **BODY, agency=staff.desk.code, receive=True).json()["code"]
    stranger = as_official(staff.stranger)
    other_client = token_for(staff.other_commune)
    paths = [
        p.removeprefix("/api/v1")
        for p in client.get("/api/v1/openapi.json").json()["paths"]
        if p.startswith("/api/v1/dossiers/{code}")
    ]
    assert len(paths) > 20
    for path in paths:
        url = (
            path.replace("/dossiers", "").replace("{code}", code).replace("{letter}", "1").replace("{kind}", "receipt")
        )
        method = "get" if url.endswith(("audit", "receipt")) or url == f"/{code}" else "post"
        body = {
            "reason": "x",
            "user": 1,
            "amount_vnd": 1,
            "approve": True,
            "new_due_at": "2030-01-01T08:00:00+07:00",
            "field": "summary",
            "value": "x",
        }
        for who, tok in ((stranger, None), (client, other_client)):
            response = (
                who.get(f"/api/v1/dossiers{url}", **_auth(tok))
                if method == "get"
                else who.post(
                    f"/api/v1/dossiers{url}",
                    body,
                    content_type="application/json",
                    **_auth(tok),
                )
            )
            assert response.status_code == 404, (path, response.status_code, response.content)
    listing = stranger.get("/api/v1/dossiers").json()
    assert listing["count"] == 0


def test_read_only_client_cannot_write(staff: Staff, client: Client) -> None:
    token = token_for(staff.desk, scopes=["dossiers:read"])
    response = call(client, "post", "", token, **BODY, agency=staff.desk.code)
    assert response.status_code == 403


def test_list_filters_and_query_count(staff: Staff, client: Client, django_assert_max_num_queries: Any) -> None:
    token = token_for(staff.desk)
    for _i in range(5):
        call(client, "post", "", token, **BODY, agency=staff.desk.code, receive=True)
    call(client, "post", "", token, **BODY, agency=staff.desk.code)
    with django_assert_max_num_queries(8):
        page = call(client, "get", "?state=in_process&limit=3", token).json()
    assert page["count"] == 5 and len(page["items"]) == 3
    assert call(client, "get", "?national_status=1", token).json()["count"] == 1


def test_an_integrators_read_and_slip_are_logged_and_a_refused_read_is_not(staff: Staff, client: Client) -> None:
    from motcua.dossiers.models import AccessKind, DossierAccess

    token = token_for(staff.desk)
    code = call(client, "post", "", token, **BODY, agency=staff.desk.code, receive=True).json()["code"]
    assert client.get(f"/api/v1/dossiers/{code}", **_auth(token)).status_code == 200
    assert client.get(f"/api/v1/dossiers/{code}/slips/receipt", **_auth(token)).status_code == 200
    assert client.get(f"/api/v1/dossiers/{code}", **_auth(token_for(staff.other_commune))).status_code == 404
    rows: list[tuple[str, str, int | None]] = list(
        DossierAccess.objects.order_by("id").values_list("kind", "detail", "actor_user_id")
    )
    assert rows == [(str(AccessKind.API), "", None), (str(AccessKind.SLIP), "receipt", None)]
    assert DossierAccess.objects.filter(api_client__isnull=False).count() == 2


def filed_by_citizen(staff: Staff, receive: bool = False) -> Dossier:
    """A dossier the demo citizen filed online (so it is theirs: their /my-data/ page lists its reads)."""
    from motcua.dossiers import services as svc
    from motcua.dossiers.tests.conftest import FORM, PERSON

    dossier = svc.dossier_submit(
        actor=staff.actor("citizen"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
    )
    return svc.dossier_receive(actor=staff.actor("officer"), dossier_id=dossier.pk) if receive else dossier


def my_data_page(client: Client, citizen: User) -> str:
    """The citizen's "who looked at my data" page (/my-data/, which needs a personal ID on the account)."""
    from django.urls import reverse

    citizen.personal_id = "001090012345"
    citizen.save(update_fields=["personal_id"])
    client.force_login(citizen)
    page = client.get(reverse("portal:privacy_accesses"))
    assert page.status_code == 200
    return page.content.decode()


def test_a_list_page_logs_each_dossier_shown_in_one_insert_and_a_refused_list_nothing(
    staff: Staff, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.accounts.models import ApiClient
    from motcua.dossiers.models import AccessKind, DossierAccess
    from motcua.dossiers.selectors import dossier_reads_for_citizen

    mine = [filed_by_citizen(staff) for _i in range(3)]
    token = token_for(staff.desk)
    integrator = ApiClient.objects.get()
    assert call(client, "get", "?state=returned", token).json()["count"] == 0  # an empty page logs nothing
    assert not DossierAccess.objects.exists()
    with CaptureQueriesContext(connection) as one:
        assert [d["code"] for d in call(client, "get", "?limit=1", token).json()["items"]] == [mine[-1].code]
    with CaptureQueriesContext(connection) as three:
        assert len(call(client, "get", "?limit=3", token).json()["items"]) == 3
    assert len(three) == len(one)  # one INSERT, however long the page
    assert call(client, "get", f"?q={mine[0].code}", token).json()["count"] == 1
    rows: list[tuple[int, str, str, int | None, int | None]] = list(
        DossierAccess.objects.order_by("id").values_list(
            "dossier_id", "kind", "detail", "actor_user_id", "api_client_id"
        )
    )
    listed = [mine[2], mine[2], mine[1], mine[0]]
    assert rows == [(d.pk, str(AccessKind.LIST), "", None, integrator.pk) for d in listed] + [
        (mine[0].pk, str(AccessKind.LIST), "search", None, integrator.pk)
    ]
    # refused or not the caller's: a stranger's agency sees an empty list, no credentials get 401
    assert call(client, "get", "", token_for(staff.other_commune)).json() == {"count": 0, "items": []}
    assert client.get("/api/v1/dossiers").status_code == 401
    assert DossierAccess.objects.count() == 5
    # the owner sees every one of them, and listing their own dossiers is not logged
    assert [r.kind for r in dossier_reads_for_citizen(user_id=staff.citizen.pk)] == [AccessKind.LIST] * 5
    page = my_data_page(client, staff.citizen)
    assert "danh sách hồ sơ" in page and integrator.name in page and mine[0].code in page
    assert client.get("/api/v1/dossiers").json()["count"] == 3
    assert DossierAccess.objects.count() == 5


def test_the_register_export_logs_each_dossier_in_it_and_a_refused_export_nothing(staff: Staff, client: Client) -> None:
    from motcua.dossiers import services as svc
    from motcua.dossiers.models import AccessKind, DossierAccess
    from motcua.dossiers.selectors import dossier_reads_for_citizen
    from motcua.dossiers.tests.conftest import FORM, PERSON

    mine = [filed_by_citizen(staff, receive=True) for _i in range(2)]
    filed_by_citizen(staff)  # not received: not in the register
    at_desk = svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
        receive=True,
    )
    today = timezone.localdate().isoformat()
    period = f"?start={today}&end={today}"
    stranger = token_for(staff.other_commune)
    assert call(client, "get", f"/registers/{staff.desk.code}{period}&format=xlsx", stranger).status_code == 404
    assert not DossierAccess.objects.exists()
    officer = as_official(staff.officer)
    assert call(officer, "get", f"/registers/{staff.desk.code}{period}&format=xlsx").status_code == 200
    rows: list[tuple[int, str, str, int | None, int | None]] = list(
        DossierAccess.objects.order_by("id").values_list(
            "dossier_id", "kind", "detail", "actor_user_id", "api_client_id"
        )
    )
    detail = f"xlsx {today}/{today}"
    assert rows == [(d.pk, str(AccessKind.REGISTER), detail, staff.officer.pk, None) for d in (*mine, at_desk)]
    # the citizen sees the reads of their two dossiers, not of the one filed at the desk for someone else
    assert {r.dossier_id for r in dossier_reads_for_citizen(user_id=staff.citizen.pk)} == {d.pk for d in mine}
    page = my_data_page(client, staff.citizen)
    assert "sổ theo dõi hồ sơ" in page and staff.officer.full_name in page and at_desk.code not in page


def test_reading_the_audit_trail_is_logged_and_a_refused_read_is_not(staff: Staff, client: Client) -> None:
    from motcua.accounts.models import ApiClient
    from motcua.dossiers.models import AccessKind, DossierAccess
    from motcua.dossiers.selectors import dossier_reads_for_citizen

    mine = filed_by_citizen(staff, receive=True)
    token = token_for(staff.desk)
    integrator = ApiClient.objects.get()
    assert call(client, "get", f"/{mine.code}/audit", token_for(staff.other_commune)).status_code == 404
    assert client.get(f"/api/v1/dossiers/{mine.code}/audit").status_code == 401
    assert not DossierAccess.objects.exists()
    assert len(call(client, "get", f"/{mine.code}/audit", token).json()) >= 2  # submitted, received
    rows = list(DossierAccess.objects.values_list("dossier_id", "kind", "detail", "api_client_id"))
    assert rows == [(mine.pk, str(AccessKind.API), "audit", integrator.pk)]  # one row, however many entries
    assert [r.detail for r in dossier_reads_for_citizen(user_id=staff.citizen.pk)] == ["audit"]
