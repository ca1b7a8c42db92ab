"""Back-office editing: agency administrators edit the procedures their department maintains."""

from __future__ import annotations

import json

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.agencies.constants import Role
from motcua.agencies.models import Agency, Membership
from motcua.catalog.constants import VersionStatus
from motcua.catalog.models import ProcedureVersion

pytestmark = pytest.mark.django_db
OFFICIAL = "official"  # accounts.constants.UserKind.OFFICIAL (the catalogue does not import accounts)


def _login(client, user):
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


@pytest.fixture
def justice_admin(make_user, client):
    user = make_user(OFFICIAL)
    agency = Agency.objects.get(name="Sở Tư pháp", unit__structure="2025")
    Membership.objects.create(user=user, agency=agency, role=Role.AGENCY_ADMIN)
    _login(client, user)
    return user


def test_an_official_without_the_role_is_refused(client, make_user, demo_catalog):
    _login(client, make_user(OFFICIAL))
    assert client.get("/backoffice/catalog/").status_code == 403
    assert client.get("/backoffice/catalog/1.001193/").status_code == 404


def test_the_admin_sees_only_the_procedures_of_the_department(client, justice_admin, demo_catalog):
    html = client.get("/backoffice/catalog/").content.decode()
    assert "1.001193" in html  # civil status: maintained by Sở Tư pháp
    assert "2.001610" not in html  # business registration: Sở Tài chính
    assert client.get("/backoffice/catalog/2.001610/").status_code == 404


def test_edit_validates_and_saves_a_draft_then_publishes(client, justice_admin, demo_catalog):
    page = client.get("/backoffice/catalog/1.001193/edit/")
    assert page.status_code == 200
    definition = json.loads(page.context["text"])
    definition["processes"][0]["steps"][1]["agency"] = None
    refused = client.post("/backoffice/catalog/1.001193/edit/", {"definition": json.dumps(definition)})
    assert refused.status_code == 422
    assert "processes[0].steps[1].agency" in refused.content.decode()
    definition["processes"][0]["steps"][1]["agency"] = {"kind": "peoples_committee", "level": "commune", "name": ""}
    definition["requirements"] = "Đăng ký trong 60 ngày kể từ ngày sinh"
    saved = client.post("/backoffice/catalog/1.001193/edit/", {"definition": json.dumps(definition)})
    assert saved.status_code == 302
    draft = ProcedureVersion.objects.get(procedure__code="1.001193", status=VersionStatus.DRAFT)
    published = client.post(
        f"/backoffice/catalog/1.001193/versions/{draft.number}/publish/", {"effective_from": "2026-01-01"}
    )
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert ProcedureVersion.objects.get(procedure__code="1.001193", number=1).status == VersionStatus.RETIRED


def test_bad_json_is_reported(client, justice_admin, demo_catalog):
    response = client.post("/backoffice/catalog/1.001193/edit/", {"definition": "{nope"})
    assert response.status_code == 422
    assert not ProcedureVersion.objects.filter(status=VersionStatus.DRAFT).exists()


def test_form_preview_shows_fields_and_checks_answers(client, justice_admin, demo_catalog):
    page = client.get("/backoffice/catalog/1.004873/versions/1/preview/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="f-marital_status"' in html
    assert ' style="' not in html
    answers = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "001090000001",
        "address": "Hoàn Kiếm, Hà Nội",
        "marital_status": "Đang có vợ/chồng",
        "purpose": "Kết hôn",
    }
    checked = client.post("/backoffice/catalog/1.004873/versions/1/preview/", answers)
    assert "spouse_personal_id" in checked.context["errors"]
    answers["spouse_personal_id"] = "001090000002"
    assert client.post("/backoffice/catalog/1.004873/versions/1/preview/", answers).context["errors"] == {}


def test_a_new_procedure_for_the_department_starts_as_a_draft(client, justice_admin, demo_catalog, birth):
    birth.update(code="3.999001.H26", name="Thủ tục thử nghiệm của Sở Tư pháp", managing_agency="Sở Tư pháp")
    assert client.get("/backoffice/catalog/new/").status_code == 200
    saved = client.post("/backoffice/catalog/new/", {"definition": json.dumps(birth)})
    assert saved.status_code == 302
    assert ProcedureVersion.objects.get(procedure__code="3.999001.H26").status == VersionStatus.DRAFT
    birth.update(code="3.999002.H26", managing_agency="Sở Xây dựng")
    refused = client.post("/backoffice/catalog/new/", {"definition": json.dumps(birth)})
    assert refused.status_code == 422
    assert not ProcedureVersion.objects.filter(procedure__code="3.999002.H26").exists()


def test_retire(client, justice_admin, demo_catalog):
    assert client.post("/backoffice/catalog/1.004873/versions/1/retire/").status_code == 302
    assert ProcedureVersion.objects.get(procedure__code="1.004873").status == VersionStatus.RETIRED
    assert client.get("/procedures/1.004873/").status_code == 404  # no longer in force
    assert client.get("/procedures/1.004873/", {"version": 1}).status_code == 200  # history stays readable
