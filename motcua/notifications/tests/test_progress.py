"""The public timeline and the masked owner name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.errors import NotFound
from motcua.dossiers.constants import State, Verb
from motcua.dossiers.models import AuditEntry
from motcua.notifications.progress import (
    MOVE_VERBS,
    PUBLIC_VERBS,
    expected_now,
    is_public,
    mask_name,
    public_progress,
    public_steps,
)


def test_mask_name_example():
    assert mask_name("Nguyễn Văn An") == "Nguyễn V** A**"
    assert mask_name("  ") == ""
    assert mask_name("Lê") == "Lê"


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Z", "C"]), min_size=1), min_size=1, max_size=6))
def test_mask_never_reveals_more_than_first_letters(words):
    masked = mask_name(" ".join(words)).split(" ")
    assert masked[0] == words[0]
    assert len(masked) == len(words)
    for original, shown in zip(words[1:], masked[1:], strict=True):
        assert shown == original[0] + "**"
        # nothing of the word after its first letter, and not even its length
        assert len(shown) == 3


def _steps(d):
    return public_steps(list(AuditEntry.objects.filter(dossier_id=d.pk).order_by("seq")), for_owner=True)


def test_timeline_per_status(world):
    d = world.submit()
    steps = _steps(d)
    assert [s.state for s in steps] == [State.SUBMITTED]
    d = world.receive(d)
    d = world.ask_supplement(d)
    steps = _steps(d)
    last = steps[-1]
    assert last.state == State.SUPPLEMENT
    assert last.items == ["Bản sao giấy khai sinh"]
    assert last.reason == "Thiếu bản sao giấy khai sinh"
    assert "missing documents" in last.expected or "còn thiếu" in last.expected


def test_internal_moves_stay_internal(world):
    d = world.receive(world.submit())
    d = world.to_result(d)
    verbs = {e.verb for e in AuditEntry.objects.filter(dossier_id=d.pk)}
    steps = _steps(d)
    shown = {s.verb for s in steps}
    assert "assign" not in shown and "hand_over" not in shown and "draft_letter" not in shown
    assert steps[-1].state == State.RESULT_READY
    assert steps[-1].expected  # collect the result
    # a transfer that changes the agency is public; the public page never shows reasons
    assert "move" in verbs
    progress = public_progress(d.code)
    assert all(s.reason == "" and s.items == [] for s in progress.steps)
    assert progress.owner == "Nguyễn V** A**"
    assert progress.agency == world.staff.desk.name


def test_public_progress_unknown_code(db):
    with pytest.raises(NotFound):
        public_progress("NO-SUCH-CODE")


def test_public_progress_is_one_query(world, django_assert_max_num_queries):
    d = world.receive(world.submit())
    public_progress(d.code)  # warms the agency names
    with django_assert_max_num_queries(1):
        public_progress(d.code)


@given(
    verb=st.sampled_from(list(Verb)),
    from_state=st.sampled_from(list(State)),
    to_state=st.sampled_from(list(State)),
    from_agency=st.integers(1, 3),
    to_agency=st.integers(1, 3),
)
def test_what_is_public(verb, from_state, to_state, from_agency, to_agency):
    public = is_public(verb, from_state, to_state, from_agency, to_agency)
    if verb in {Verb.ASSIGN, Verb.HAND_OVER, Verb.DRAFT_LETTER, Verb.DESK_SUPPLEMENT, Verb.CORRECT}:
        assert not public  # internal work never shows
    if verb in PUBLIC_VERBS:
        assert public
    elif verb in MOVE_VERBS:  # public when they change the status or the agency
        assert public == (from_state != to_state or from_agency != to_agency)
    else:
        assert not public


@pytest.mark.parametrize("state", list(State))
def test_every_state_says_what_the_citizen_does(state):
    assert expected_now(state)
