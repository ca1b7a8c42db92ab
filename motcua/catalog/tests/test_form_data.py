"""Form answers: the catalogue's validation accepts exactly what JSON Schema accepts, naming each field."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

from motcua.catalog.definition import FormDefinition
from motcua.catalog.validation.forms import form_data_errors

NAMES = st.from_regex(r"[a-z][a-z_]{1,10}", fullmatch=True)
PROPERTY = st.one_of(
    st.builds(
        lambda lo, hi: {"type": "string", "minLength": lo, "maxLength": lo + hi}, st.integers(0, 3), st.integers(0, 5)
    ),
    st.builds(
        lambda lo, hi: {"type": "integer", "minimum": lo, "maximum": lo + hi}, st.integers(-5, 5), st.integers(0, 10)
    ),
    st.builds(
        lambda opts: {"type": "string", "enum": opts},
        st.lists(st.sampled_from(["a", "b", "Nam", "Nữ"]), min_size=1, unique=True),
    ),
    st.just({"type": "boolean"}),
    st.just({"type": "string", "pattern": "^[0-9]{3}$"}),
)


@st.composite
def schemas(draw):
    props = draw(st.dictionaries(NAMES, PROPERTY, min_size=1, max_size=5))
    required = draw(st.lists(st.sampled_from(sorted(props)), unique=True))
    schema = {"type": "object", "properties": props, "required": required, "additionalProperties": draw(st.booleans())}
    Draft202012Validator.check_schema(schema)
    return schema


VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 20), st.text(max_size=8), st.sampled_from(["a", "b", "Nam", "123"])
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(schema=schemas(), data=st.data())
def test_accepts_exactly_what_json_schema_accepts(schema, data):
    keys = st.sampled_from([*schema["properties"], "extra"])
    answers = data.draw(st.dictionaries(keys, VALUES, max_size=6))
    expected_valid = Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(answers)
    errors = form_data_errors(schema, answers)
    assert (errors == {}) == expected_valid
    for field, messages in errors.items():
        assert field in {*schema["properties"], "extra"}
        assert all(m.startswith(f"{field}:") for m in messages), messages


def test_a_conditional_field_is_required_only_when_its_condition_holds():
    schema = {
        "type": "object",
        "properties": {
            "marital_status": {"enum": ["single", "married"]},
            "spouse_id": {"type": "string", "pattern": "^[0-9]{12}$"},
        },
        "required": ["marital_status"],
        "if": {"properties": {"marital_status": {"const": "married"}}},
        "then": {"required": ["spouse_id"]},
    }
    assert form_data_errors(schema, {"marital_status": "single"}) == {}
    assert list(form_data_errors(schema, {"marital_status": "married"})) == ["spouse_id"]


def test_messages_use_the_label_and_the_users_language():
    from django.utils import translation

    schema = {"type": "object", "properties": {"name": {"type": "string", "title": "Họ tên"}}, "required": ["name"]}
    form = FormDefinition.model_validate(
        {"json_schema": schema, "hints": {"name": {"label": {"vi": "Họ và tên", "en": "Full name"}}}}
    )
    with translation.override("vi"):
        assert form_data_errors(schema, {}, form) == {"name": ["Họ và tên: trường này là bắt buộc."]}
    with translation.override("en"):
        assert form_data_errors(schema, {}, form) == {"name": ["Full name: this field is required."]}
