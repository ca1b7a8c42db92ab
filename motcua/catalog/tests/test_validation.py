"""The acceptance rules: an invalid definition is refused with a clear message naming what is wrong."""

from __future__ import annotations

import pytest
from django.utils import translation

from motcua.catalog.exceptions import InvalidDefinition
from motcua.catalog.services.versions import definition_validate
from motcua.catalog.validation import definition_check


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _problems(definition):
    _parsed, problems = definition_check(definition)
    return {p.path: p.message for p in problems}


def test_the_demo_definition_is_valid(birth):
    assert _problems(birth) == {}


def test_a_process_longer_than_the_statutory_time_is_refused(birth):
    birth["processes"][0]["steps"][1]["budget"] = {"amount": 2, "unit": "working_days"}  # statutory: 1 working day
    problems = _problems(birth)
    assert "processes[0].steps" in problems
    assert "statutory" in problems["processes[0].steps"]


def test_the_online_budget_counts_for_the_online_channel(birth):
    birth["times"] = [
        {"amount": 1, "unit": "working_days", "channel": "in_person"},
        {"amount": 4, "unit": "hours", "channel": "online"},
    ]
    assert "processes[0].steps" in _problems(birth)
    for step in birth["processes"][0]["steps"]:
        step["budget_online"] = {"amount": 0.5, "unit": "hours"}
    assert _problems(birth) == {}


def test_a_send_back_loop_does_not_count_twice(birth):
    assert not any(a["kind"] == "send_back" for a in birth["processes"][0]["actions"]) or _problems(birth) == {}


def test_an_invalid_json_schema_is_refused(birth):
    birth["form"]["json_schema"]["properties"]["full_name"]["type"] = "text"
    problems = _problems(birth)
    (path,) = problems
    assert path.startswith("form.json_schema.properties.full_name")
    assert "JSON Schema" in problems[path]


def test_a_prefill_to_an_unknown_field_is_refused(birth):
    birth["form"]["prefill"]["full_name"] = "account.nickname"
    birth["form"]["prefill"]["address"] = "nowhere.street"
    problems = _problems(birth)
    assert "nickname" in problems["form.prefill.full_name"]
    assert "nowhere" in problems["form.prefill.address"]


def test_a_layout_naming_an_unknown_field_is_refused(birth):
    birth["form"]["sections"][0]["fields"].append("shoe_size")
    assert "form.sections[0].fields[5]" in _problems(birth)


def test_a_step_without_agency_type_is_refused(birth):
    birth["processes"][0]["steps"][1]["agency"] = None
    problems = _problems(birth)
    assert "responsible agency type" in problems["processes[0].steps[1].agency"]


def test_an_action_without_actor_is_refused(birth):
    birth["processes"][0]["actions"][0]["actors"] = []
    assert "no actor" in _problems(birth)["processes[0].actions[0].actors"]


def test_unreachable_steps_and_dead_ends_are_refused(birth):
    process = birth["processes"][0]
    process["steps"].append(dict(process["steps"][1], id="orphan"))
    process["actions"] = [a for a in process["actions"] if a["id"] != "return"]
    problems = _problems(birth)
    assert "cannot be reached" in problems[f"processes[0].steps[{len(process['steps']) - 1}]"]
    deliver = next(i for i, s in enumerate(process["steps"]) if s["id"] == "deliver")
    assert "dead end" in problems[f"processes[0].steps[{deliver}]"]


def test_a_cycle_without_way_out_is_refused(birth):
    process = birth["processes"][0]
    process["actions"] = [a for a in process["actions"] if a["id"] not in {"approve", "refuse"}]
    process["actions"].append(
        {"id": "loop", "kind": "send_back", "source": "sign", "target": "handle", "actors": ["leader"]}
    )
    assert any("No final state" in m for m in _problems(birth).values())


def test_status_codes_are_national_ones(birth):
    birth["processes"][0]["steps"][0]["status"] = 11
    assert "processes[0].steps[0].status" in _problems(birth)


def test_the_service_raises_with_every_problem(birth):
    birth["processes"][0]["steps"][1]["agency"] = None
    birth["form"]["prefill"]["full_name"] = "account.nickname"
    with pytest.raises(InvalidDefinition) as caught:
        definition_validate(birth)
    assert caught.value.status == 422
    assert len(caught.value.problems) == 2


def test_messages_are_in_the_users_language(birth):
    birth["processes"][0]["steps"][1]["agency"] = None
    with translation.override("vi"):
        assert _problems(birth)["processes[0].steps[1].agency"] == "Bước handle chưa có loại cơ quan chịu trách nhiệm."
