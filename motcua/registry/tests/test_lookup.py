"""Lookups: a purpose is mandatory, each lookup writes exactly one access-log row, fields by role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, transaction

from motcua.agencies.constants import Role
from motcua.core.errors import DomainError, PermissionDenied
from motcua.registry.accessors import Purpose, official_accessor, self_accessor
from motcua.registry.constants import FIELDS, FieldSet
from motcua.registry.models import AccessLog, AccessLogSubject
from motcua.registry.services.lookup import household_lookup, person_lookup, person_search

PURPOSE = Purpose(text="Xác minh nhân thân hồ sơ khai sinh", dossier_ref="000.51.70.H26-260101-0001")


def _accessor(official, commune_pc, *roles):
    user = official(*roles)
    return official_accessor(user_id=user.pk, username=user.username, agency_id=commune_pc.pk)


@pytest.mark.parametrize("purpose", [Purpose(), Purpose(text="  "), Purpose(text="ab", dossier_ref="X-1")])
def test_a_lookup_without_purpose_is_refused_and_not_logged(population, official, commune_pc, purpose):
    accessor = _accessor(official, commune_pc, Role.SPECIALIST)
    with pytest.raises(DomainError) as caught:
        person_lookup(accessor=accessor, purpose=purpose, personal_ids=[population[0].personal_id])
    assert caught.value.code == "purpose_required"
    assert AccessLog.objects.count() == 0


def test_a_service_code_alone_is_a_purpose(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.SPECIALIST)
    result = person_lookup(
        accessor=accessor, purpose=Purpose(service_code="1.001193"), personal_ids=[population[0].personal_id]
    )
    assert len(result.records) == 1


def test_each_lookup_writes_exactly_one_log_row(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.SPECIALIST)
    ids = [p.personal_id for p in population[:40]] + ["001099999999"]
    result = person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=ids)
    assert AccessLog.objects.count() == 1
    entry = AccessLog.objects.get()
    assert (entry.pk, entry.result_count, entry.agency_id, entry.purpose) == (
        result.log_id,
        40,
        commune_pc.pk,
        PURPOSE.text,
    )
    assert entry.dossier_ref == PURPOSE.dossier_ref
    assert set(AccessLogSubject.objects.values_list("person_id", flat=True)) == set(ids[:40])
    assert result.not_found == ["001099999999"]
    person = population[3]
    person_search(
        accessor=accessor, purpose=PURPOSE, full_name=person.name_folded.upper(), birth_date=person.birth_date
    )
    assert AccessLog.objects.count() == 2
    household_lookup(accessor=accessor, purpose=PURPOSE, household_code=person.household_id or "")
    assert AccessLog.objects.count() == 3


def test_name_search_ignores_diacritics(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.ONE_STOP_OFFICER)
    person = population[7]
    result = person_search(
        accessor=accessor, purpose=PURPOSE, full_name=person.name_folded, birth_year=person.birth_date.year
    )
    assert person.personal_id in {r["personal_id"] for r in result.records}


@pytest.mark.parametrize(
    ("role", "field_set"),
    [(Role.ONE_STOP_OFFICER, FieldSet.MINIMAL), (Role.SPECIALIST, FieldSet.STANDARD), (Role.LEADER, FieldSet.FULL)],
)
def test_fields_are_minimised_by_role(population, official, commune_pc, role, field_set):
    accessor = _accessor(official, commune_pc, role)
    result = person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=[population[0].personal_id])
    names = set(result.records[0]) - {"permanent_unit_name", "current_unit_name"}
    assert names == set(FIELDS[field_set])
    assert AccessLog.objects.get().field_set == field_set


def test_household_lookup_needs_more_than_the_minimal_set(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.ONE_STOP_OFFICER)
    with pytest.raises(PermissionDenied):
        household_lookup(accessor=accessor, purpose=PURPOSE, household_code=population[0].household_id or "")


def test_no_role_in_the_agency_no_lookup(official, commune_pc, make_user):
    user = official(Role.SPECIALIST)
    other = type(commune_pc).objects.exclude(pk=commune_pc.pk).first()
    with pytest.raises(PermissionDenied):
        official_accessor(user_id=user.pk, username=user.username, agency_id=other.pk)


def test_bulk_limit(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.SPECIALIST)
    too_many = [f"001090{n:06d}" for n in range(1001)]
    with pytest.raises(DomainError) as caught:
        person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=too_many)
    assert caught.value.code == "bad_id_count"
    result = person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=too_many[:1000])
    assert AccessLog.objects.get().pk == result.log_id


def test_a_self_lookup_reads_only_the_own_record(population, make_user):
    me = population[0]
    accessor = self_accessor(user_id=make_user().pk, username="me", personal_id=me.personal_id)
    with pytest.raises(PermissionDenied):
        person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=[population[1].personal_id])
    assert (
        person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=[me.personal_id]).records[0]["full_name"]
        == me.full_name
    )


def test_the_access_log_is_append_only(population, official, commune_pc):
    accessor = _accessor(official, commune_pc, Role.SPECIALIST)
    person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=[population[0].personal_id])
    entry = AccessLog.objects.get()
    entry.purpose = "changed"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(purpose="changed")
    assert AccessLog.objects.get().purpose == PURPOSE.text


def test_a_move_keeps_the_history(population):
    from motcua.registry.models import Residence
    from motcua.registry.services.population import person_move

    person = population[0]
    day = dt.date(2025, 9, 1)
    person_move(
        actor="test", personal_id=person.personal_id, kind="permanent", unit_code="00004", address="Số 2", on=day
    )
    history = list(Residence.objects.filter(person=person, kind="permanent").order_by("valid_from"))
    assert len(history) == 2
    assert history[0].valid_to == day and history[1].valid_to is None
    assert Residence.objects.on(day - dt.timedelta(days=1)).filter(person=person, kind="permanent").get() == history[0]
    assert Residence.objects.on(day).filter(person=person, kind="permanent").get() == history[1]


@pytest.mark.parametrize("field_set", [FieldSet.MINIMAL, FieldSet.STANDARD, FieldSet.FULL])
def test_a_lookup_by_id_shows_the_stored_record_with_its_open_residences(population, field_set):
    """PostgreSQL reads the people, their residences and writes the log in one statement: it must show
    what the ORM reads, in the order asked, including a person who moved (only the open residence)."""
    from motcua.registry.accessors import Accessor
    from motcua.registry.constants import Channel
    from motcua.registry.models import Person, Residence
    from motcua.registry.services.lookup import PERSON_VALUES, records_of

    mover = population[5]
    permanent = Residence.objects.get(person=mover, kind="permanent")
    Residence.objects.filter(pk=permanent.pk).update(valid_to=dt.date(2024, 1, 1))
    Residence.objects.create(
        person=mover,
        kind="permanent",
        unit_id=permanent.unit_id,
        address="Số 9 phố Mới",
        valid_from=dt.date(2024, 1, 1),
    )
    ids = [p.personal_id for p in reversed(population[:30])] + ["001099999999"]
    accessor = Accessor(channel=Channel.API, label="test", field_set=field_set)
    result = person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=ids)
    by_id = {p["personal_id"]: p for p in Person.objects.filter(personal_id__in=ids).values(*PERSON_VALUES)}
    assert result.records == records_of([by_id[i] for i in ids[:30]], field_set)
    assert result.not_found == ["001099999999"]
    if field_set != FieldSet.MINIMAL:
        shown = next(r for r in result.records if r["personal_id"] == mover.personal_id)
        assert shown["permanent_address"] == "Số 9 phố Mới"
    entry = AccessLog.objects.get()
    assert (entry.pk, entry.result_count, entry.query) == (result.log_id, 30, "31 IDs")
    assert AccessLogSubject.objects.filter(log=entry).count() == 30
    nobody = person_lookup(accessor=accessor, purpose=PURPOSE, personal_ids=["001099999999"])
    assert (nobody.records, nobody.not_found) == ([], ["001099999999"])
    assert AccessLog.objects.get(pk=nobody.log_id).result_count == 0
