"""Complaints reach the agency's officials in the back office, who answer them; other agencies see nothing."""

from __future__ import annotations

from django.urls import reverse

from motcua.accounts.constants import UserKind
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.services import dossier_receive, dossier_submit
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON
from motcua.feedback.constants import ComplaintStatus
from motcua.feedback.models import Complaint
from motcua.feedback.services import complaint_submit


def _complaint(staff, make_user) -> Complaint:
    citizen = make_user(UserKind.CITIZEN, full_name="Nguyễn Văn An")
    d = dossier_submit(
        actor=actor_for_user(citizen),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="online",
        submitter=PERSON,
        components=FORM,
        case_code="c1",
    )
    d = dossier_receive(actor=staff.actor("officer"), dossier_id=d.pk)
    return complaint_submit(actor=actor_for_user(citizen), dossier_id=d.pk, text="Hẹn trả sai ngày")


def test_officials_of_the_agency_list_and_answer(staff, make_user, login):
    complaint = _complaint(staff, make_user)
    client = login(staff.specialist)
    page = client.get(reverse("backoffice:feedback_complaints")).content.decode()
    assert complaint.dossier.code in page
    url = reverse("backoffice:feedback_complaint", args=[complaint.pk])
    assert client.post(url, {"answer": " "}).status_code == 422
    assert client.post(url, {"answer": "Đã điều chỉnh ngày hẹn"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ANSWERED and complaint.answered_by_id == staff.specialist.pk
    assert "Đã điều chỉnh ngày hẹn" in client.get(url).content.decode()


def test_another_agency_gets_404(staff, make_user, login):
    complaint = _complaint(staff, make_user)
    client = login(staff.stranger)
    assert complaint.dossier.code not in client.get(reverse("backoffice:feedback_complaints")).content.decode()
    url = reverse("backoffice:feedback_complaint", args=[complaint.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "x"}).status_code == 404
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
