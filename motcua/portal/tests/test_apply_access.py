"""Nobody but the owner sees, changes, prefills from or downloads anything of an application (404, not 403);
uploads are refused by content through HTTP with a Vietnamese message, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from motcua.accounts.constants import UserKind
from motcua.dossiers.models import Document, Dossier
from motcua.dossiers.services import document_store
from motcua.dossiers.tests.test_uploads import REFUSED, raw_pdf
from motcua.portal.models import Draft
from motcua.portal.tests.test_apply_flow import (
    APPLY_CODE,
    an,
    binh,
    desk,
    fill_up_to_review,
    logged_in,
    media,
    procedure,
    register,
    start,
    upload,
)
from motcua.registry.models import AccessLog

pytestmark = pytest.mark.django_db

__all__ = ["an", "binh", "desk", "media", "procedure", "register"]  # fixtures used by the tests below

DRAFT_PAGES = ["apply_resume", "apply_agency", "apply_case", "apply_form", "apply_review", "apply_done"]
DRAFT_POSTS = ["apply_agency", "apply_case", "apply_form", "apply_autosave", "apply_submit", "apply_delete"]


def draft_urls(key: object) -> list[tuple[str, str]]:
    gets = [("get", reverse(f"portal:{name}", args=[key])) for name in DRAFT_PAGES]
    gets += [
        ("get", reverse("portal:apply_component", args=[key, 0])),
    ]
    gets += [("get", reverse("portal:apply_delete", args=[key]))]
    posts = [("post", reverse(f"portal:{name}", args=[key])) for name in DRAFT_POSTS]
    posts += [("post", reverse("portal:apply_component", args=[key, 0]))]
    return gets + posts


def test_another_citizen_gets_404_on_every_url_of_a_draft_and_its_documents(procedure, desk, an, binh):
    owner = logged_in(an)
    draft = start(owner)
    fill_up_to_review(owner, draft, desk, an)
    draft.refresh_from_db()
    documents = list(Document.objects.filter(owner=an))
    stranger = logged_in(binh)
    before = (draft.revision, AccessLog.objects.count())
    for method, url in draft_urls(draft.key):
        response = getattr(stranger, method)(url, {"agency": desk.pk, "case": "c1", "revision": draft.revision})
        assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    for document in documents:
        assert stranger.get(reverse("portal:apply_document", args=[document.pk])).status_code == 404
        assert owner.get(reverse("portal:apply_document", args=[document.pk])).status_code == 200
    draft.refresh_from_db()
    assert (draft.revision, AccessLog.objects.count()) == before  # nothing changed, nobody's record read
    assert Dossier.objects.count() == 0
    # The stranger cannot attach the owner's documents to a draft of their own either.
    own = start(stranger)
    stranger.post(reverse("portal:apply_agency", args=[own.key]), {"agency": desk.pk})
    stranger.post(reverse("portal:apply_case", args=[own.key]), {"case": "c1"})
    response = stranger.post(
        reverse("portal:apply_component", args=[own.key, 0]), {"action": "wallet", "document": documents[0].pk}
    )
    assert response.status_code == 422
    own.refresh_from_db()
    assert own.files == {}


def test_the_dossier_made_is_the_owners_only(procedure, desk, an, binh):
    owner = logged_in(an)
    draft = start(owner)
    fill_up_to_review(owner, draft, desk, an)
    draft.refresh_from_db()
    owner.post(reverse("portal:apply_submit", args=[draft.key]), {"revision": draft.revision})
    for method, url in draft_urls(draft.key):
        assert getattr(logged_in(binh), method)(url).status_code == 404, url


@pytest.mark.parametrize("kind", ["official", "no_id"])
def test_officials_and_accounts_without_a_personal_id_cannot_apply(procedure, make_user, kind):
    user = make_user(UserKind.OFFICIAL) if kind == "official" else make_user(UserKind.CITIZEN)
    client = logged_in(user)
    assert client.get(reverse("portal:apply_start", args=[APPLY_CODE])).status_code == 403
    assert client.post(reverse("portal:apply_start", args=[APPLY_CODE])).status_code == 403
    assert not Draft.objects.exists()


def test_anonymous_callers_are_sent_to_log_in(procedure):
    response = Client().get(reverse("portal:apply_start", args=[APPLY_CODE]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_official_never_reads_a_citizens_upload_through_the_citizen_url(procedure, an, make_user):
    document = document_store(owner=an, content=raw_pdf(), name="a.pdf")
    official = make_user(UserKind.OFFICIAL)
    assert logged_in(official).get(reverse("portal:apply_document", args=[document.pk])).status_code == 403


ACCEPTANCE = [r for r in REFUSED if r[3] in {"executable", "pdf_active_content", "archive", "empty", "wrong_extension"}]


@pytest.mark.parametrize(
    ("label", "content", "name", "code", "words"), ACCEPTANCE[:5], ids=[r[0] for r in ACCEPTANCE[:5]]
)
def test_refused_uploads_show_a_vietnamese_message_and_store_nothing(
    procedure, desk, an, media: Path, label, content, name, code, words
):
    client = logged_in(an)
    draft = start(client)
    client.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": desk.pk})
    client.post(reverse("portal:apply_case", args=[draft.key]), {"case": "c1"})
    response = client.post(
        reverse("portal:apply_component", args=[draft.key, 0]), {"action": "upload", "file": upload(name, content)}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert words in page
    assert "govuk-error-summary" in page
    assert Document.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
    draft.refresh_from_db()
    assert draft.files == {}


def test_a_60_mb_upload_is_refused_while_it_is_read(procedure, desk, an, media: Path, settings):
    settings.UPLOAD_MAX_MB = 20
    client = logged_in(an)
    draft = start(client)
    client.post(reverse("portal:apply_agency", args=[draft.key]), {"agency": desk.pk})
    client.post(reverse("portal:apply_case", args=[draft.key]), {"case": "c1"})
    big = b"%PDF-1.7\n" + b"0" * (60 * 1024 * 1024)
    response = client.post(
        reverse("portal:apply_component", args=[draft.key, 0]), {"action": "upload", "file": upload("lon.pdf", big)}
    )
    assert response.status_code == 422
    assert "quá lớn" in response.content.decode()
    assert Document.objects.count() == 0
    assert [p for p in media.rglob("*") if p.is_file()] == []
