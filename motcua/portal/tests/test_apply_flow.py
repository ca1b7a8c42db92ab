"""Applying online through HTTP: prefill from one's own record, uploads and wallet reuse, drafts resumed
elsewhere, the review, an idempotent submission and the confirmation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Document, DocumentKind, Dossier
from motcua.dossiers.services import document_store
from motcua.dossiers.services.engine import engine_cache_clear
from motcua.dossiers.tests.conftest import publish, two_level_definition
from motcua.dossiers.tests.test_uploads import raw_pdf
from motcua.portal.models import Draft
from motcua.registry.models import AccessLog
from motcua.registry.services.population import registry_ensure_person
from motcua.signing.samples import sample_result_pdf

pytestmark = pytest.mark.django_db

APPLY_CODE = "9.900077"
AN_ID, BINH_ID = "001090012345", "001195012346"


def apply_definition(code: str = APPLY_CODE, fee: int | None = 50_000) -> dict[str, Any]:
    """The test procedure with two cases, a form prefilled from the register and the account, and a fee."""
    definition = two_level_definition(code=code)
    definition["cases"] = [
        {
            "code": "c1",
            "name": "Cấp lần đầu",
            "components": [
                {"code": "TK", "name": "Tờ khai"},
                {"code": "GXN", "name": "Giấy xác nhận cũ"},
                {"name": "Giấy tờ khác", "required": False},
            ],
        },
        {"code": "c2", "name": "Cấp lại", "components": [{"code": "TK", "name": "Tờ khai"}]},
    ]
    if fee:
        definition["fees"] = [{"amount_vnd": fee, "collected": "before", "kind": "fee", "description": "Lệ phí"}]
    definition["form"] = {
        "json_schema": {
            "type": "object",
            "properties": {
                "full_name": {"type": "string", "title": "Họ và tên"},
                "personal_id": {"type": "string", "title": "Số định danh cá nhân"},
                "birth_date": {"type": "string", "format": "date", "title": "Ngày sinh"},
                "purpose": {"type": "string", "title": "Mục đích", "minLength": 3},
            },
            "required": ["full_name", "personal_id", "purpose"],
        },
        "prefill": {
            "full_name": "registry.full_name",
            "birth_date": "registry.birth_date",
            "personal_id": "account.personal_id",
        },
    }
    return definition


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def procedure(db: None, media: Path) -> ProcedureVersion:
    engine_cache_clear()
    return publish(apply_definition())


@pytest.fixture
def desk(db: None) -> Agency:
    return Agency.objects.get(unit__structure="2025", unit__code="00070", kind="one_stop_desk")


@pytest.fixture
def register(db: None) -> None:
    registry_ensure_person(
        actor="test", personal_id=AN_ID, full_name="Nguyễn Văn An", sex="M", birth_date=dt.date(1990, 5, 1),
        unit_code="00070", address="Số 1 phố Lê Thái Tổ",
    )  # fmt: skip
    registry_ensure_person(
        actor="test", personal_id=BINH_ID, full_name="Trần Thị Bình", sex="F", birth_date=dt.date(1995, 3, 2),
        unit_code="00070",
    )  # fmt: skip


@pytest.fixture
def an(make_user: Callable[..., User], register: None) -> User:
    return make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An", personal_id=AN_ID, email="an@example.vn")


@pytest.fixture
def binh(make_user: Callable[..., User], register: None) -> User:
    return make_user(UserKind.CITIZEN, full_name="Trần Thị Bình", personal_id=BINH_ID)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(client: Client, code: str = APPLY_CODE) -> Draft:
    response = client.post(reverse("portal:apply_start", args=[code]))
    assert response.status_code == 302, response.content
    return Draft.objects.latest("id")


def upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def fill_up_to_review(client: Client, draft: Draft, desk: Agency, owner: User) -> Document:
    """Where, case, form (accepting the prefill), one upload and one earlier e-result from the wallet."""
    key = draft.key
    assert client.post(reverse("portal:apply_agency", args=[key]), {"agency": desk.pk}).status_code == 302
    assert client.post(reverse("portal:apply_case", args=[key]), {"case": "c1"}).status_code == 302
    assert client.get(reverse("portal:apply_form", args=[key])).status_code == 200
    response = client.post(reverse("portal:apply_form", args=[key]), {"purpose": "Bổ sung hồ sơ xin việc"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:apply_component", args=[key, 0])
    response = client.post(
        reverse("portal:apply_component", args=[key, 0]), {"action": "upload", "file": upload("to-khai.pdf", raw_pdf())}
    )
    assert response.status_code == 302, response.content.decode()
    result = document_store(
        owner=owner,
        content=sample_result_pdf(),
        name="Giấy xác nhận 2025.pdf",
        kind=DocumentKind.RESULT,
        doc_type="GXN",
    )
    response = client.post(
        reverse("portal:apply_component", args=[key, 1]), {"action": "wallet", "document": result.pk}
    )
    assert response.status_code == 302
    response = client.post(reverse("portal:apply_component", args=[key, 2]), {"action": "skip"})
    assert response["Location"] == reverse("portal:apply_review", args=[key])
    return result


def test_a_citizen_applies_from_start_to_confirmation(procedure, desk, an):
    client = logged_in(an)
    detail = client.get(reverse("portal:procedure_detail", args=[APPLY_CODE])).content.decode()
    assert reverse("portal:apply_start", args=[APPLY_CODE]) in detail
    assert client.get(reverse("portal:apply_start", args=[APPLY_CODE])).status_code == 200
    draft = start(client)
    result = fill_up_to_review(client, draft, desk, an)
    draft.refresh_from_db()
    assert draft.form_data == {
        "full_name": "Nguyễn Văn An",
        "personal_id": AN_ID,
        "birth_date": "1990-05-01",
        "purpose": "Bổ sung hồ sơ xin việc",
    }
    review = client.get(reverse("portal:apply_review", args=[draft.key]))
    page = review.content.decode()
    assert "Nguyễn Văn An" in page and "to-khai.pdf" in page and "Giấy xác nhận 2025.pdf" in page
    assert 'name="revision"' in page
    response = client.post(reverse("portal:apply_submit", args=[draft.key]), {"revision": draft.revision})
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert (dossier.submitter_user_id, dossier.submitter_id_number, dossier.channel, dossier.case_code) == (
        an.pk,
        AN_ID,
        "online",
        "c1",
    )
    components = {c.code: c for c in dossier.components.all()}
    assert set(components) == {"TK", "GXN"}
    uploaded = components["TK"].document
    assert uploaded is not None
    assert (components["TK"].from_store, components["TK"].reused, uploaded.name) == (
        False,
        False,
        "to-khai.pdf",
    )
    assert (components["GXN"].from_store, components["GXN"].reused, components["GXN"].document_id) == (
        True,
        True,
        result.pk,
    )
    done = client.get(response["Location"]).content.decode()
    assert dossier.code in done
    assert f"/pay/{dossier.code}/" in done  # the fee is paid before processing
    assert "50.000" in done or "50,000" in done
    assert not Draft.objects.filter(dossier__isnull=True).exists()
    assert client.get(reverse("portal:apply_index")).content.decode().count("apply/") >= 0


def test_prefill_reads_only_the_citizens_own_record_once_and_logs_a_self_lookup(procedure, desk, an, binh):
    client = logged_in(an)
    draft = start(client)
    client.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": desk.pk})
    client.post(reverse("portal:apply_case", args=[draft.key]), {"case": "c1"})
    # Whatever the request says, the lookup is by the logged-in account's own ID.
    form_url = reverse("portal:apply_form", args=[draft.key])
    page = client.get(form_url, {"personal_id": BINH_ID}).content.decode()
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page
    client.get(form_url)
    entry = AccessLog.objects.get()  # one lookup, however often the page is shown
    assert (entry.channel, entry.lookup_kind, entry.actor_user_id, entry.result_count) == ("prefill", "self", an.pk, 1)
    assert [s.person.personal_id for s in entry.subjects.select_related("person")] == [AN_ID]
    # Prefilled identity fields cannot be replaced by someone else's.
    client.post(form_url, {"full_name": "Trần Thị Bình", "personal_id": BINH_ID, "purpose": "abc"})
    draft.refresh_from_db()
    assert (draft.form_data["full_name"], draft.form_data["personal_id"]) == ("Nguyễn Văn An", AN_ID)


def test_a_double_click_or_a_retried_request_makes_one_dossier(procedure, desk, an):
    client = logged_in(an)
    draft = start(client)
    fill_up_to_review(client, draft, desk, an)
    draft.refresh_from_db()
    url = reverse("portal:apply_submit", args=[draft.key])
    first = client.post(url, {"revision": draft.revision})
    second = client.post(url, {"revision": draft.revision})
    other_browser = logged_in(an).post(url, {"revision": draft.revision})
    assert first["Location"] == second["Location"] == other_browser["Location"]
    assert Dossier.objects.count() == 1


def test_submitting_what_changed_after_the_review_is_refused(procedure, desk, an):
    client = logged_in(an)
    draft = start(client)
    fill_up_to_review(client, draft, desk, an)
    draft.refresh_from_db()
    reviewed = draft.revision
    save = client.post(
        reverse("portal:apply_autosave", args=[draft.key]), {"purpose": "Một mục đích khác"}, HTTP_HX_REQUEST="true"
    )
    assert save.status_code == 200
    assert "Đã lưu lúc" in save.content.decode()
    response = client.post(reverse("portal:apply_submit", args=[draft.key]), {"revision": reviewed})
    assert response.status_code == 409
    assert "kiểm tra lại" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_a_draft_is_saved_as_typed_and_resumed_in_another_browser(procedure, desk, an):
    first = logged_in(an)
    draft = start(first)
    first.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": desk.pk})
    first.post(reverse("portal:apply_case", args=[draft.key]), {"case": "c1"})
    first.get(reverse("portal:apply_form", args=[draft.key]))
    first.post(reverse("portal:apply_autosave", args=[draft.key]), {"purpose": "x"})  # not valid yet: still saved
    second = logged_in(an)
    listing = second.get(reverse("portal:apply_index")).content.decode()
    assert reverse("portal:apply_resume", args=[draft.key]) in listing
    resumed = second.get(reverse("portal:apply_resume", args=[draft.key]))
    assert resumed["Location"] == reverse("portal:apply_form", args=[draft.key])
    assert 'value="x"' in second.get(resumed["Location"]).content.decode()
    errors = second.post(resumed["Location"], {"purpose": "x"})
    assert errors.status_code == 422
    assert "Mục đích" in errors.content.decode()


def test_the_form_is_checked_and_the_case_is_required(procedure, desk, an):
    client = logged_in(an)
    draft = start(client)
    assert client.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": "999999"}).status_code == 422
    assert client.post(reverse("portal:apply_case", args=[draft.key]), {"case": "nope"}).status_code == 422
    assert client.get(reverse("portal:apply_review", args=[draft.key])).context["ready"] is False
    response = client.post(reverse("portal:apply_submit", args=[draft.key]), {"revision": draft.revision})
    assert response.status_code == 422
    assert Dossier.objects.count() == 0


def test_the_confirmation_offers_the_receipt_once_the_desk_has_received(db, desk, an, media, make_user):
    from motcua.agencies.services import membership_grant
    from motcua.dossiers.actors import actor_for_user
    from motcua.dossiers.services import dossier_receive

    engine_cache_clear()
    publish(apply_definition(code="9.900078", fee=None))
    client = logged_in(an)
    draft = start(client, "9.900078")
    fill_up_to_review(client, draft, desk, an)
    draft.refresh_from_db()
    client.post(reverse("portal:apply_submit", args=[draft.key]), {"revision": draft.revision})
    done_url = reverse("portal:apply_done", args=[draft.key])
    receipt_url = reverse("portal:my_dossier_slip", args=[Dossier.objects.get().code, "receipt"])
    page = client.get(done_url).content.decode()
    assert receipt_url not in page and "/pay/" not in page
    officer = make_user(UserKind.OFFICIAL)
    membership_grant(user_id=officer.pk, agency=desk, role="one_stop_officer")
    dossier_receive(actor=actor_for_user(officer), dossier_id=Dossier.objects.get().pk)
    page = client.get(done_url).content.decode()
    assert receipt_url in page
    assert re.search(r"Ngày hẹn trả kết quả", page)
    receipt = client.get(receipt_url)
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")


def test_pages_speak_vietnamese_by_default_and_english_when_asked(procedure, desk, an):
    client = logged_in(an)
    url = reverse("portal:apply_start", args=[APPLY_CODE])
    assert "Trước khi bắt đầu" in client.get(url).content.decode()
    assert "Before you start" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    draft = start(client)
    client.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": desk.pk})
    client.post(reverse("portal:apply_case", args=[draft.key]), {"case": "c1"})
    refused = client.post(
        reverse("portal:apply_component", args=[draft.key, 0]),
        {"action": "upload", "file": upload("a.pdf", b"")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The file is empty." in refused.content.decode()


@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), text=st.text(max_size=20))
def test_dates_typed_the_vietnamese_way_round_trip_and_other_text_is_kept(day, text):
    from motcua.portal.apply_service import iso_date, local_date

    typed = f"{day.day}/{day.month}/{day.year}"
    assert iso_date(typed) == day.isoformat()
    assert local_date(day.isoformat()) == day.strftime("%d/%m/%Y")
    assert iso_date(local_date(day.isoformat())) == day.isoformat()
    if "/" not in text:
        assert iso_date(text) == text


def test_a_citizen_cannot_pile_up_drafts(procedure, an, monkeypatch):
    from motcua.portal import apply_service

    monkeypatch.setattr(apply_service, "MAX_OPEN_DRAFTS", 2)
    client = logged_in(an)
    start(client)
    start(client)
    response = client.post(reverse("portal:apply_start", args=[APPLY_CODE]))
    assert response.status_code == 422
    assert "quá nhiều hồ sơ đang soạn" in response.content.decode()
    assert Draft.objects.filter(owner=an).count() == 2
