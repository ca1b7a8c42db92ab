"""Property: random actions by random actors never reach a state the process does not allow, never lose an
audit entry, and keep the national status code in sync with the state (hypothesis, stateful)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.audit import chain_breaks
from motcua.dossiers.constants import FINAL_STATES, NATIONAL_STATUS, State
from motcua.dossiers.models import AuditEntry, Dossier
from motcua.dossiers.tests.conftest import CODE, FORM, PERSON, Staff

S = State
OPEN_MOVES = frozenset(
    {S.IN_PROCESS, S.RECEIVED, S.SUPPLEMENT, S.AWAITING_PAYMENT, S.RESULT_READY, S.WITHDRAWN, S.STOPPED}
)
ALLOWED: dict[str, frozenset[str]] = {
    "": frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.RECEIVED, S.IN_PROCESS, S.REFUSED, S.INCOMPLETE, S.WITHDRAWN}),
    S.INCOMPLETE: frozenset({S.SUBMITTED, S.REFUSED, S.WITHDRAWN}),
    S.RECEIVED: OPEN_MOVES,
    S.IN_PROCESS: OPEN_MOVES,
    S.SUPPLEMENT: frozenset({S.IN_PROCESS, S.RECEIVED, S.STOPPED, S.WITHDRAWN}),
    S.AWAITING_PAYMENT: frozenset({S.IN_PROCESS, S.RECEIVED, S.STOPPED, S.WITHDRAWN}),
    S.RESULT_READY: frozenset({S.DELIVERED, S.IN_PROCESS}),
}
#: Actors likely to be allowed for each verb somewhere in the process (drawn most of the time).
LIKELY = {
    "receive": ["officer"],
    "refuse": ["officer"],
    "ask": ["officer"],
    "resubmit": ["citizen", "officer"],
    "assign": ["commune_leader", "dept_leader"],
    "hand_over": ["specialist", "commune_leader"],
    "transfer": ["specialist", "colleague", "dept_specialist"],
    "approve": ["dept_leader"],
    "send_back": ["dept_specialist", "dept_leader"],
    "recall": ["specialist", "dept_specialist", "dept_leader"],
    "supplement": ["commune_leader", "dept_leader", "specialist"],
    "answer": ["officer", "citizen"],
    "pay": ["specialist", "dept_specialist"],
    "paid": ["officer"],
    "apologise": ["commune_leader", "dept_leader"],
    "return": ["officer"],
    "withdraw": ["citizen", "officer"],
    "stop": ["commune_leader", "dept_leader"],
    "correct": ["admin"],
}
#: Every verb, the ones that move a dossier forward more often (the final ones would end most runs early).
PROGRESS = [
    "receive",
    "transfer",
    "approve",
    "supplement",
    "answer",
    "return",
    "pay",
    "paid",
    "send_back",
    "recall",
    "assign",
]
VERBS = sorted(LIKELY) + PROGRESS * 4
ACTORS = [
    "officer",
    "specialist",
    "colleague",
    "commune_leader",
    "dept_specialist",
    "dept_leader",
    "admin",
    "stranger",
    "citizen",
]


def _actions(staff: Staff) -> dict[str, Any]:
    future = dt.datetime(2099, 1, 1, 8, tzinfo=dt.UTC)
    return {
        "receive": lambda a, d: svc.dossier_receive(actor=a, dossier_id=d),
        "refuse": lambda a, d: svc.dossier_refuse(actor=a, dossier_id=d, reason="Không đúng thẩm quyền"),
        "ask": lambda a, d: svc.dossier_ask_to_complete(actor=a, dossier_id=d, reason="Thiếu tờ khai"),
        "resubmit": lambda a, d: svc.dossier_resubmit(actor=a, dossier_id=d, components=FORM[:1]),
        "assign": lambda a, d: svc.dossier_assign(actor=a, dossier_id=d, assignee_id=staff.specialist.pk),
        "hand_over": lambda a, d: svc.dossier_hand_over(actor=a, dossier_id=d, colleague_id=staff.colleague.pk),
        "transfer": lambda a, d: svc.dossier_transfer(actor=a, dossier_id=d),
        "approve": lambda a, d: svc.dossier_approve(actor=a, dossier_id=d),
        "send_back": lambda a, d: svc.dossier_send_back(actor=a, dossier_id=d, reason="Chưa đủ"),
        "recall": lambda a, d: svc.dossier_recall(actor=a, dossier_id=d),
        "supplement": lambda a, d: svc.dossier_request_supplement(actor=a, dossier_id=d, reason="Bổ sung"),
        "answer": lambda a, d: svc.dossier_supplement_answer(actor=a, dossier_id=d),
        "pay": lambda a, d: svc.dossier_request_payment(actor=a, dossier_id=d, amount_vnd=50_000),
        "paid": lambda a, d: svc.dossier_confirm_payment(actor=a, dossier_id=d),
        "apologise": lambda a, d: svc.dossier_apologise(actor=a, dossier_id=d, reason="Chậm", new_due_at=future),
        "return": lambda a, d: svc.dossier_return(actor=a, dossier_id=d),
        "withdraw": lambda a, d: svc.dossier_withdraw(actor=a, dossier_id=d, reason="Rút"),
        "stop": lambda a, d: svc.dossier_stop(actor=a, dossier_id=d, reason="Căn cứ pháp lý"),
        "correct": lambda a, d: svc.dossier_correct(
            actor=a, dossier_id=d, field="summary", value="Sửa", reason="Nhập sai"
        ),
    }


def test_random_actions_keep_the_rules(staff: Staff) -> None:
    actions = _actions(staff)

    class Lifecycle(RuleBasedStateMachine):
        dossier_id = 0
        entries = 0

        @initialize(online=st.booleans())
        def file(self, online: bool) -> None:
            actor = staff.actor("citizen") if online else staff.actor("officer")
            channel = "online" if online else "in_person"
            d = svc.dossier_submit(
                actor=actor,
                agency_id=staff.desk.pk,
                procedure_code=CODE,
                channel=channel,
                submitter=PERSON,
                components=FORM,
            )
            self.dossier_id, self.entries = d.pk, 1

        @rule(verb=st.sampled_from(VERBS), data=st.data())
        def act(self, verb: str, data: st.DataObject) -> None:
            likely = st.sampled_from(LIKELY[verb])
            who = data.draw(st.one_of(likely, likely, likely, st.sampled_from(ACTORS)), label="actor")
            before = Dossier.objects.get(pk=self.dossier_id)
            try:
                actions[verb](staff.actor(who), self.dossier_id)
            except DomainError:
                after = Dossier.objects.get(pk=self.dossier_id)
                assert (after.state, after.version) == (before.state, before.version), (
                    "a refused action changed the dossier"
                )
                return
            self.entries += 1
            if who == "stranger":
                raise AssertionError(f"a stranger could {verb}")

        @invariant()
        def consistent(self) -> None:
            if not self.dossier_id:
                return
            d = Dossier.objects.get(pk=self.dossier_id)
            assert d.national_status == NATIONAL_STATUS[d.state]
            trail = list(AuditEntry.objects.filter(dossier_id=d.pk).order_by("seq"))
            assert len(trail) == d.audit_seq == self.entries
            for entry in trail:
                if entry.from_state != entry.to_state:
                    assert entry.from_state not in FINAL_STATES
                    assert entry.to_state in ALLOWED[entry.from_state], (entry.verb, entry.from_state, entry.to_state)
                assert entry.national_status == NATIONAL_STATUS[entry.to_state]

    run_state_machine_as_test(
        Lifecycle,
        settings=settings(
            max_examples=30, stateful_step_count=50, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
    assert not list(chain_breaks())
