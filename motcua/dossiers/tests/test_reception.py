"""Reception regardless of boundaries (Decree 118/2025): a dossier taken at commune A's desk for commune B is
forwarded, received and processed at B; it records the place of reception, the receiving unit and the
deciding agency, and A keeps seeing it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from motcua.accounts.constants import UserKind
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.agencies.services import membership_grant
from motcua.core.errors import DomainError, NotFound
from motcua.dossiers import selectors
from motcua.dossiers import services as svc
from motcua.dossiers.actors import actor_for_user
from motcua.dossiers.constants import State
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff
from motcua.dossiers.worklists import worklist_queryset

pytestmark = pytest.mark.django_db


def test_forwarded_to_the_competent_commune_and_processed_there(staff: Staff, make_user: Callable[..., User]) -> None:
    desk_b = Agency.objects.get(unit_id=staff.other_commune.unit_id, kind="one_stop_desk")
    officer_b = make_user(UserKind.OFFICIAL, full_name="Cán bộ một cửa xã B")
    membership_grant(user_id=officer_b.pk, agency=desk_b, role="one_stop_officer")
    specialist_b = make_user(UserKind.OFFICIAL, full_name="Chuyên viên xã B")
    membership_grant(user_id=specialist_b.pk, agency=staff.other_commune, role="specialist")

    filed = svc.dossier_submit(
        actor=staff.actor("officer"),
        agency_id=staff.desk.pk,
        procedure_code=CODE,
        channel="in_person",
        submitter=PERSON,
        components=FORM,
    )
    with pytest.raises(DomainError):  # only the desk holding it forwards it
        svc.dossier_forward(actor=actor_for_user(officer_b), dossier_id=filed.pk, to_agency_id=desk_b.pk)
    with pytest.raises(DomainError):  # to a desk, not to any agency
        svc.dossier_forward(actor=staff.actor("officer"), dossier_id=filed.pk, to_agency_id=staff.other_commune.pk)
    forwarded = svc.dossier_forward(actor=staff.actor("officer"), dossier_id=filed.pk, to_agency_id=desk_b.pk)
    assert (forwarded.agency_id, forwarded.place_agency_id, forwarded.state) == (
        desk_b.pk,
        staff.desk.pk,
        State.SUBMITTED,
    )
    assert not worklist_queryset(actor=staff.actor("officer"), worklist="receive").filter(pk=filed.pk).exists()
    b = actor_for_user(officer_b)
    assert worklist_queryset(actor=b, worklist="receive").filter(pk=filed.pk).exists()
    received = svc.dossier_receive(actor=b, dossier_id=filed.pk)
    assert received.current_agency_id == staff.other_commune.pk
    assert received.deciding_agency_id == staff.dept.pk
    moved = svc.dossier_move(actor=actor_for_user(specialist_b), dossier_id=filed.pk, action_id="forward")
    assert moved.current_agency_id == staff.dept.pk
    # the place of reception still sees it; commune A's own staff never act on it
    assert selectors.dossier_get_for(actor=staff.actor("officer"), code=filed.code).pk == filed.pk
    with pytest.raises(NotFound):
        selectors.dossier_get_for(actor=staff.actor("specialist"), code=filed.code)
    assert not worklist_queryset(actor=staff.actor("specialist"), worklist="process").filter(pk=filed.pk).exists()
