"""Validate a block of CSV lines straight into COPY text: the hot path of the bulk import.

Each row first meets a tight check built on tables computed once per import (valid dates, the ID digits
a birth date and sex imply, code lists, units); it creates no object per row. The check accepts only
rows that :func:`~motcua.registry.rows.parse_row` accepts, and writes them exactly as the writers would
(:func:`~motcua.registry.writers.person_line`, ``residence_text``). Every other row goes to ``parse_row``,
which gives the reason or accepts it after all: the fast path changes the speed, never the result
(``tests/test_blocks.py`` compares both on mutated rows).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import count, repeat
from string import ascii_uppercase

from motcua.core.identifiers import PROVINCE_ID_CODES
from motcua.registry.codelists import ethnicities, religions
from motcua.registry.constants import CSV_HEADER, MaritalStatus, Relation
from motcua.registry.rows import _WORDS, RowError, fold_name, parse_row
from motcua.registry.writers import Household, household_of, merge_household, person_line, residence_text

Problem = tuple[int, str, str]  # (line, personal ID as given, reason)
Line = tuple[int, bytes]  # (line number, raw bytes)

_N = "\\N"  # NULL in COPY text
_FIRST_DAY = dt.date(1900, 1, 1)  # parse_row refuses births before 1900


@dataclass(frozen=True)
class Tables:
    """What the fast check looks values up in; built once per import (:func:`tables`)."""

    units: dict[str, int]  # commune code → unit pk
    today: dt.date
    unit_text: dict[str, str]  # commune code → unit pk as COPY text
    #: birth_date as written → (ISO date, precision, ID digits 4–6 of a man, of a woman born then)
    births: dict[str, tuple[str, str, str, str]]
    days: frozenset[str]  # ISO dates from 1900 to today (residence_since; others go the slow way)
    provinces: frozenset[str] = PROVINCE_ID_CODES
    ethnicities: frozenset[str] = field(default_factory=lambda: frozenset(ethnicities()))
    religions: frozenset[str] = field(default_factory=lambda: frozenset(religions()))
    nationalities: frozenset[str] = frozenset(a + b for a in ascii_uppercase for b in ascii_uppercase)
    marital: frozenset[str] = frozenset(MaritalStatus.values)
    relations: frozenset[str] = frozenset(Relation.values)


def tables(units: dict[str, int], today: dt.date) -> Tables:
    births: dict[str, tuple[str, str, str, str]] = {}
    days: list[str] = []
    day, step = _FIRST_DAY, dt.timedelta(days=1)
    while day <= today:
        iso = day.isoformat()
        century, yy = (day.year // 100 - 19) * 2, f"{day.year % 100:02d}"
        births[iso] = (iso, "day", f"{century}{yy}", f"{century + 1}{yy}")
        if day.month == 1 and day.day == 1:  # a year-only birth date counts as 1 January
            births[str(day.year)] = (iso, "year", f"{century}{yy}", f"{century + 1}{yy}")
        days.append(iso)
        day += step
    unit_text = {code: str(pk) for code, pk in units.items()}
    return Tables(units=units, today=today, unit_text=unit_text, births=births, days=frozenset(days))


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated chunk as COPY text: what a validating process sends back (a few strings, cheap to
    pass between processes)."""

    people: str
    residences: str
    households: list[Household]
    problems: list[Problem]
    written: int  # rows in ``people``
    ids: str = ""  # the personal IDs of ``people``, 12 digits each, run together (to find repeats)


def line_fields(lines: list[Line]) -> list[tuple[int, list[str] | None, str]]:
    """(line number, fields or None, reason) per line. One csv.reader over the whole chunk when every
    line is well-formed; line by line otherwise, so an unclosed quote cannot swallow the next line."""
    try:
        texts = [raw.decode("utf-8") for _, raw in lines]
        rows = list(csv.reader(texts, strict=True))
        if len(rows) == len(texts):
            return [(n, row, "") for (n, _), row in zip(lines, rows, strict=True)]
    except (UnicodeDecodeError, csv.Error):
        pass
    out: list[tuple[int, list[str] | None, str]] = []
    for number, raw in lines:
        try:
            out.append((number, next(csv.reader([raw.decode("utf-8")], strict=True), []), ""))
        except UnicodeDecodeError:
            out.append((number, None, "not UTF-8"))
        except csv.Error as exc:
            out.append((number, None, f"CSV syntax: {exc}"))
    return out


def split_lines(data: bytes, first: int) -> list[Line]:
    """The lines of ``data`` (split at ``\\n`` only, as a binary file iterates) numbered from ``first``."""
    raws = data.split(b"\n")
    if raws and raws[-1] == b"":
        raws.pop()  # the final newline ends the last line; it does not start another
    return list(zip(range(first, first + len(raws)), raws, strict=True))


def _parse(data: bytes, first: int) -> Iterable[tuple[int, list[str] | None, str]]:
    """:func:`line_fields` of the block, decoded and parsed in one go when it is all well-formed."""
    try:
        texts = data.decode("utf-8").split("\n")
        if texts and texts[-1] == "":
            texts.pop()
        rows: list[list[str] | None] = list(csv.reader(texts, strict=True))
        if len(rows) == len(texts):
            return zip(count(first), rows, repeat(""))
    except (UnicodeDecodeError, csv.Error):
        pass
    return line_fields(split_lines(data, first))


def _plain(data: bytes) -> bool:
    """No character COPY text would need escaped (a CR is fine only in a CRLF line end)."""
    return b"\\" not in data and b"\t" not in data and data.count(b"\r") == data.count(b"\r\n")


_WIDTH = len(CSV_HEADER)


def prepare_block(data: bytes, first: int, t: Tables) -> Prepared:
    """Validate the CSV lines in ``data`` (numbered from ``first``) and turn the good rows into COPY text.
    Duplicates are not looked for here: the importer's COPY fails on them and the batch is redone slowly."""
    people: list[str] = []
    ids: list[str] = []
    residences: list[str] = []
    households: dict[str, Household] = {}
    problems: list[Problem] = []
    int_units, today = t.units, t.today

    def slow(number: int, fields: list[str]) -> None:
        """The exact validation, for any row the fast check does not accept outright."""
        if not fields or fields == [""]:
            return  # a blank line
        try:
            r = parse_row(fields, units=int_units, today=today)
        except RowError as exc:
            problems.append((number, fields[0], str(exc)))
            return
        people.append(person_line(r))
        ids.append(r.personal_id)
        residences.append(residence_text(r, int_units))
        if (household := household_of(r, int_units)) is not None:
            merge_household(households, household)

    plain = _plain(data)
    births, days, provinces = t.births, t.days, t.provinces
    units, ethnic, religious, nations = t.unit_text, t.ethnicities, t.religions, t.nationalities
    marital_ok, relations, words_folded = t.marital, t.relations, _WORDS
    for number, fields, reason in _parse(data, first):
        if fields is None:
            problems.append((number, "", reason))
            continue
        if not plain or len(fields) != _WIDTH:
            slow(number, fields)
            continue
        (pid, old_id, name, sex, birth, eth, rel, nat, native, bplace, marital,
         father, mother, spouse, hh, relation, p_unit, p_addr, c_unit, c_addr, since, death) = fields  # fmt: skip
        b = births.get(birth)
        p_pk = units.get(p_unit)
        words = name.split()
        full = " ".join(words)
        if not (
            b is not None
            and p_pk is not None
            and len(pid) == 12
            and pid.isdigit()
            and pid.isascii()
            and pid[:3] in provinces
            and pid[3:6] == (b[2] if sex == "M" else b[3] if sex == "F" else None)
            and 0 < len(full) <= 100
            and (not old_id or (len(old_id) == 9 and old_id.isdigit() and old_id.isascii()))
            and eth in ethnic
            and rel in religious
            and nat in nations
            and marital in marital_ok
            and (not hh or (6 <= len(hh) <= 20 and hh.isascii() and hh.isalnum() and (hh.isdigit() or hh.isupper())))
            and (not relation or (relation in relations and hh))
            and (not c_unit or c_unit in units)
            and not death
            and (not father or (len(father) == 12 and father.isdigit() and father.isascii() and father != pid))
            and (not mother or (len(mother) == 12 and mother.isdigit() and mother.isascii() and mother != pid))
            and (not spouse or (len(spouse) == 12 and spouse.isdigit() and spouse.isascii() and spouse != pid))
            and len(native) <= 200
            and len(bplace) <= 200
            and len(p_addr) <= 250
            and len(c_addr) <= 250
            and (not since or since in days)
        ):
            slow(number, fields)
            continue
        try:
            folded = " ".join([words_folded[w] for w in words])
        except KeyError:
            folded = fold_name(full)
        line = (
            pid, old_id, full, folded, sex, b[0], b[1], eth, rel, nat, native, bplace, marital,
            father or _N, mother or _N, spouse or _N, hh or _N, relation, _N,
        )  # fmt: skip
        people.append("\t".join(line))
        ids.append(pid)
        residences.append(f"{pid}\tpermanent\t{p_pk}\t{p_addr}\t{since or _N}\n")
        if c_unit:
            residences.append(f"{pid}\tcurrent\t{units[c_unit]}\t{c_addr}\t{since or _N}\n")
        if hh:
            if relation == "head":
                households[hh] = (hh, pid, int_units[p_unit], p_addr)
            elif hh not in households:
                households[hh] = (hh, None, int_units[p_unit], p_addr)
    return Prepared(
        people="\n".join(people) + "\n" if people else "",
        residences="".join(residences),
        households=list(households.values()),
        problems=problems,
        written=len(people),
        ids="".join(ids),
    )
