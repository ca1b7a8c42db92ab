"""My dossiers pages: list and filters, detail with timeline, supplement answered online (the clock resumes),
withdraw, rating once after the result, complaint, slips, notifications; another citizen gets 404 everywhere."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfWriter

from motcua.dossiers.constants import State
from motcua.dossiers.models import Document, Dossier, DossierComponent
from motcua.dossiers.tests.conftest import procedure  # noqa: F401 (fixture)
from motcua.feedback.models import Complaint, Rating
from motcua.notifications.tests.support import World, world_for


@pytest.fixture
def world(make_user, procedure) -> World:  # noqa: F811
    return world_for(make_user)


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_list_and_filters(client, world):
    first = world.submit()
    second = world.ask_supplement(world.receive(world.submit()))
    theirs = world.submit(world.other)
    client.force_login(world.citizen)
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert first.code in page and second.code in page
    assert theirs.code not in page
    assert page.count('class="govuk-summary-card__title"') == 2
    action = client.get(reverse("portal:my_dossiers"), {"show": "action"}).content.decode()
    assert second.code in action and first.code not in action
    finished = client.get(reverse("portal:my_dossiers"), {"show": "finished"}).content.decode()
    assert first.code not in finished and second.code not in finished


def test_detail_shows_public_timeline_and_what_to_do(client, world):
    d = world.ask_supplement(world.receive(world.submit()))
    client.force_login(world.citizen)
    page = client.get(reverse("portal:my_dossier", args=[d.code])).content.decode()
    assert 'id="timeline"' in page and 'id="expected"' in page
    assert "Bản sao giấy khai sinh" in page  # the requested item
    assert reverse("portal:my_dossier_supplement", args=[d.code]) in page
    assert reverse("portal:my_dossier_slip", args=[d.code, "receipt"]) in page


def test_supplement_answered_online_resumes_the_clock(client, world):
    d = world.ask_supplement(world.receive(world.submit()), items=["Bản sao giấy khai sinh", "Ảnh 4x6"])
    paused_due = d.due_at
    kept = Document.objects.create(
        owner=world.citizen, kind="upload", name="anh.pdf", content_type="application/pdf", size=1, sha256="0" * 64
    )
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_supplement", args=[d.code])
    form = client.get(url)
    assert form.status_code == 200 and "file-1" in form.content.decode()
    missing = client.post(url, {"file-0": upload("ks.pdf", pdf_bytes())})
    assert missing.status_code == 422  # the photo is missing
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT
    done = client.post(url, {"file-0": upload("ks.pdf", pdf_bytes()), "wallet-1": str(kept.pk), "note": "Đã bổ sung"})
    assert done.status_code == 302
    d.refresh_from_db()
    assert d.state == State.IN_PROCESS
    assert d.paused_at is None
    assert d.due_at is not None and paused_due is not None and d.due_at >= paused_due
    added = DossierComponent.objects.filter(dossier=d, supplemented=True).order_by("id")
    assert [c.name for c in added] == ["Bản sao giấy khai sinh", "Ảnh 4x6"]
    assert all(c.document_id for c in added)
    assert added[1].document_id == kept.pk and added[1].reused
    assert Document.objects.filter(owner=world.citizen, doc_type="Bản sao giấy khai sinh").exists()


def test_supplement_refuses_a_bad_file(client, world):
    d = world.ask_supplement(world.receive(world.submit()))
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_supplement", args=[d.code])
    response = client.post(url, {"file-0": upload("virus.pdf", b"MZ\x90\x00 not a pdf")})
    assert response.status_code == 422
    assert Dossier.objects.get(pk=d.pk).state == State.SUPPLEMENT


def test_withdraw(client, world):
    d = world.receive(world.submit())
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_withdraw", args=[d.code])
    assert client.post(url, {"reason": " "}).status_code == 422
    assert client.post(url, {"reason": "Không còn nhu cầu"}).status_code == 302
    assert Dossier.objects.get(pk=d.pk).state == State.WITHDRAWN
    assert client.get(url).status_code == 302  # nothing left to withdraw


def test_rating_once_after_the_result(client, world):
    d = world.receive(world.submit())
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_rate", args=[d.code])
    assert client.get(url).status_code == 302  # not yet
    d = world.to_result(d)
    assert client.get(url).status_code == 200
    assert client.post(url, {"level": "7"}).status_code == 422
    assert client.post(url, {"level": "5", "comment": "Nhanh"}).status_code == 302
    assert client.post(url, {"level": "1"}).status_code == 302  # already rated: back to the dossier
    assert Rating.objects.get(dossier=d).level == 5
    page = client.get(reverse("portal:my_dossier", args=[d.code])).content.decode()
    assert 'id="my-rating"' in page


def test_complaint(client, world):
    d = world.receive(world.submit())
    client.force_login(world.citizen)
    url = reverse("portal:my_dossier_complain", args=[d.code])
    assert client.post(url, {"text": ""}).status_code == 422
    assert client.post(url, {"text": "Quá hạn mà không báo"}).status_code == 302
    complaint = Complaint.objects.get(dossier=d)
    assert complaint.agency_id == d.current_agency_id
    assert "Quá hạn mà không báo" in client.get(reverse("portal:my_dossier", args=[d.code])).content.decode()


def test_slip_download(client, world):
    d = world.receive(world.submit())
    client.force_login(world.citizen)
    response = client.get(reverse("portal:my_dossier_slip", args=[d.code, "receipt"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert client.get(reverse("portal:my_dossier_slip", args=[d.code, "control"])).status_code == 404
    assert client.get(reverse("portal:my_dossier_slip", args=[d.code, "refusal"])).status_code == 404


def test_notifications_page(client, world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        d = world.receive(world.submit())
    client.force_login(world.citizen)
    page = client.get(reverse("portal:my_notifications")).content.decode()
    assert page.count(d.code) >= 2
    assert client.post(reverse("portal:my_notifications_read")).status_code == 302
    client.force_login(world.other)
    assert d.code not in client.get(reverse("portal:my_notifications")).content.decode()


def test_another_citizen_gets_404_everywhere(client, world):
    d = world.to_result(world.receive(world.submit()))
    client.force_login(world.other)
    for name, args in [
        ("portal:my_dossier", [d.code]),
        ("portal:my_dossier_supplement", [d.code]),
        ("portal:my_dossier_withdraw", [d.code]),
        ("portal:my_dossier_rate", [d.code]),
        ("portal:my_dossier_complain", [d.code]),
        ("portal:my_dossier_slip", [d.code, "receipt"]),
    ]:
        url = reverse(name, args=args)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "text": "x", "level": "5"}).status_code in (404, 405), url
    assert Dossier.objects.get(pk=d.pk).state == State.RESULT_READY
    assert not Rating.objects.exists() and not Complaint.objects.exists()


def test_officials_and_strangers_are_refused(client, world):
    d = world.receive(world.submit())
    url = reverse("portal:my_dossier", args=[d.code])
    assert client.get(url).status_code == 302  # anonymous: log in first
    client.force_login(world.staff.officer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("portal:my_dossiers")).status_code == 404


def test_unread_count_in_the_header(client, world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        world.receive(world.submit())
    client.force_login(world.citizen)
    page = client.get(reverse("portal:my_dossiers"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(2<span" in page
    client.post(reverse("portal:my_notifications_read"))
    assert "(2<span" not in client.get(reverse("portal:my_dossiers")).content.decode()


def test_the_citizen_sees_who_opened_their_dossiers_and_nobody_elses(client, world):
    from motcua.dossiers.models import AccessKind
    from motcua.dossiers.services import dossier_read_log

    mine, theirs = world.submit(), world.submit(world.other)
    officer = world.staff.actor("officer")
    dossier_read_log(actor=officer, dossier=mine, kind=AccessKind.PAGE)
    dossier_read_log(actor=officer, dossier=theirs, kind=AccessKind.SLIP, detail="receipt")
    assert dossier_read_log(actor=world.staff.actor("citizen"), dossier=mine, kind=AccessKind.PAGE) is None
    for user, personal_id in ((world.citizen, "001090012345"), (world.other, "001190012345")):
        user.personal_id = personal_id
        user.save(update_fields=["personal_id"])
    client.force_login(world.citizen)
    page = client.get(reverse("portal:privacy_accesses")).content.decode()
    assert 'id="dossier-reads"' in page and mine.code in page and theirs.code not in page
    assert officer.name in page
    client.force_login(world.other)
    page = client.get(reverse("portal:privacy_accesses")).content.decode()
    assert theirs.code in page and mine.code not in page
