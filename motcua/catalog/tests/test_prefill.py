"""Prefill mappings name a registered source and one of its fields."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import pytest
from django.utils import translation

from motcua.catalog.validation import definition_check
from motcua.plugins.prefill import PrefillSource, prefill_sources


class FakeRegister(PrefillSource):
    fields: ClassVar[Mapping[str, str]] = {
        "full_name": "Full name",
        "date_of_birth": "Date of birth",
        "residence": "Residence",
    }

    def values_for(self, *, user_id: int, fields: list[str]) -> dict[str, Any]:
        return {"full_name": "Nguyễn Văn An"}


@pytest.fixture
def fake_register() -> Iterator[None]:
    prefill_sources.register("fake_register")(FakeRegister)
    yield
    prefill_sources.unregister("fake_register")


def test_a_mapping_to_a_registered_source_field_is_accepted(birth, fake_register):
    birth["form"]["prefill"]["address"] = "fake_register.residence"
    assert definition_check(birth)[1] == []


def test_a_mapping_to_an_unknown_field_of_a_known_source_is_refused(birth, fake_register):
    birth["form"]["prefill"]["address"] = "fake_register.shoe_size"
    with translation.override("en"):
        (problem,) = definition_check(birth)[1]
    assert problem.path == "form.prefill.address"
    assert "shoe_size" in problem.message
    assert "residence" in problem.message  # says which fields exist


@pytest.mark.django_db
def test_the_account_source_gives_the_citizens_own_data(make_user):
    user = make_user(full_name="Nguyễn Văn An", email="an@example.vn", phone="0912345678")
    source = prefill_sources.get("account")()
    values = source.values_for(user_id=user.pk, fields=["full_name", "email", "personal_id", "password"])
    assert values == {"full_name": "Nguyễn Văn An", "email": "an@example.vn"}


def test_a_source_that_is_gone_is_refused(birth):
    birth["form"]["prefill"]["address"] = "fake_register.residence"
    with translation.override("en"):
        (problem,) = definition_check(birth)[1]
    assert "Unknown prefill source fake_register" in problem.message
