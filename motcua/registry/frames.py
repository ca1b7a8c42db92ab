"""Validate a block of CSV lines into COPY text, column-wise with Polars: the bulk import's hot path.

The same contract as :func:`motcua.registry.blocks.prepare_block` (and the same result, compared by
``tests/test_frames.py`` on mutated rows), about ten times cheaper: the checks run as vectorised
expressions in Polars' native engine instead of a Python loop per row.

Only lines that are plainly CSV take the fast path: every field either unquoted without a quote, or
wholly quoted without a quote inside, so Python's ``csv`` and Polars cannot read them differently. A line
that is not, or that fails one of the tight checks, goes to :func:`~motcua.registry.rows.parse_row`
(through ``prepare_block``'s exact rules) and is merged back in line order. A block that Polars cannot read
as a whole (not UTF-8, blank lines, a carriage return) is left to ``prepare_block``.
"""

from __future__ import annotations

import csv
import datetime as dt
from itertools import chain
from typing import Any

import polars as pl

from motcua.registry.blocks import Prepared, Problem, Tables, _plain, prepare_block
from motcua.registry.constants import CSV_HEADER
from motcua.registry.rows import _FOLD, RowError, parse_row
from motcua.registry.writers import Household, household_of, person_line, residence_text

_FIELD = r'(?:"[^"]*"|[^",]*)'
#: A line of exactly the header's width whose fields Python's csv and Polars read the same way.
_SIMPLE = rf"^{_FIELD}(?:,{_FIELD}){{{len(CSV_HEADER) - 1}}}$"
_NAME = r"^\p{L}+(?: \p{L}+)*$"  # letters and single spaces: already as parse_row normalises it
_ID = r"^[0-9]{12}$"
_N = "\\N"
_FOLD_FROM = [chr(cp) for cp in _FOLD]
_FOLD_TO = list(_FOLD.values())
_ROW = "row"  # position of the line in the block


class _Frames:
    """The import's lookup tables as Polars frames, made once per :class:`Tables`."""

    def __init__(self, t: Tables) -> None:
        births = [(k, *v) for k, v in t.births.items()]
        self.births = pl.DataFrame(
            births, schema=["birth_date", "b_iso", "b_precision", "b_male", "b_female"], orient="row"
        )
        codes, pks = list(t.units), list(t.units.values())
        self.permanent = pl.DataFrame(
            {"permanent_unit": codes, "p_pk": pks}, schema={"permanent_unit": pl.String, "p_pk": pl.Int64}
        )
        self.current = pl.DataFrame(
            {"current_unit": codes, "c_pk": pks}, schema={"current_unit": pl.String, "c_pk": pl.Int64}
        )
        self.first_day, self.today = dt.date.fromisoformat(min(t.days)), t.today
        self.provinces = pl.Series(sorted(t.provinces), dtype=pl.String)
        self.ethnicities = pl.Series(sorted(t.ethnicities), dtype=pl.String)
        self.religions = pl.Series(sorted(t.religions), dtype=pl.String)
        self.marital = pl.Series(sorted(t.marital), dtype=pl.String)
        self.relations = pl.Series(sorted(t.relations), dtype=pl.String)


_CACHE: dict[int, tuple[Tables, _Frames]] = {}


def _frames(t: Tables) -> _Frames:
    found = _CACHE.get(id(t))
    if found is None or found[0] is not t:
        _CACHE.clear()  # one import at a time per process
        found = _CACHE[id(t)] = (t, _Frames(t))
    return found[1]


def _lines(data: bytes) -> pl.Series | None:
    """The block's lines, one string each, or None when Polars could not number them as a file does."""
    if not _plain(data) or b"\r" in data or b"\x01" in data or not data.endswith(b"\n"):
        return None
    try:
        frame = pl.read_csv(data, has_header=False, separator="\x01", quote_char=None, schema={"line": pl.String})
    except pl.exceptions.PolarsError:
        return None  # not UTF-8, most likely
    lines = frame.get_column("line")
    return lines if len(lines) == data.count(b"\n") and lines.null_count() == 0 else None


def _joined(lines: pl.Series) -> bytes:
    return lines.to_frame().write_csv(include_header=False, quote_style="never").encode()


def _fields(text: bytes) -> pl.DataFrame:
    """Simple lines split into the header's columns."""
    frame = pl.read_csv(
        text, has_header=False, new_columns=list(CSV_HEADER), infer_schema=False,
        empty_string_is_null=False, quote_char='"',
    )  # fmt: skip
    return frame


def _optional_id(column: str) -> pl.Expr:
    value = pl.col(column)
    return (value == "") | (value.str.contains(_ID) & (value != pl.col("personal_id")))


def _checked(frame: pl.DataFrame, f: _Frames) -> pl.DataFrame:
    """The tight check of ``prepare_block`` as expressions; ``ok`` says which rows pass it."""
    joined = (
        frame.join(f.births, on="birth_date", how="left", maintain_order="left")
        .join(f.permanent, on="permanent_unit", how="left", maintain_order="left")
        .join(f.current, on="current_unit", how="left", maintain_order="left")
    )
    c = pl.col
    pid, sex = c("personal_id"), c("sex")
    digits = pl.when(sex == "M").then(c("b_male")).when(sex == "F").then(c("b_female")).otherwise(None)
    ok = (
        c("b_iso").is_not_null()
        & c("p_pk").is_not_null()
        & pid.str.contains(_ID)
        & pid.str.slice(0, 3).is_in(f.provinces.implode())
        & (pid.str.slice(3, 3) == digits).fill_null(False)
        & c("full_name").str.contains(_NAME)
        & (c("full_name").str.len_chars() <= 100)
        & c("old_id").str.contains(r"^(?:[0-9]{9})?$")
        & c("ethnicity").is_in(f.ethnicities.implode())
        & c("religion").is_in(f.religions.implode())
        & c("nationality").str.contains(r"^[A-Z]{2}$")
        & c("marital_status").is_in(f.marital.implode())
        & c("household_id").str.contains(r"^(?:[0-9A-Z]{6,20})?$")
        & (
            (c("relation_to_head") == "")
            | (c("relation_to_head").is_in(f.relations.implode()) & (c("household_id") != ""))
        )
        & ((c("current_unit") == "") | c("c_pk").is_not_null())
        & (c("death_date") == "")
        & _optional_id("father_id")
        & _optional_id("mother_id")
        & _optional_id("spouse_id")
        & (c("native_place").str.len_chars() <= 200)
        & (c("birth_registration_place").str.len_chars() <= 200)
        & (c("permanent_address").str.len_chars() <= 250)
        & (c("current_address").str.len_chars() <= 250)
        & ((c("residence_since") == "") | _a_day(c("residence_since"), f))
    )
    folded = c("full_name").str.to_lowercase().str.replace_many(_FOLD_FROM, _FOLD_TO)
    return joined.with_columns(folded.alias("folded")).with_columns(
        (ok.fill_null(False) & folded.str.contains(r"^[\x00-\x7f]*$")).alias("ok")
    )


def _a_day(value: pl.Expr, f: _Frames) -> pl.Expr:
    """An ISO date from 1900 to today (what ``Tables.days`` holds), without a set of 46,000 strings."""
    day = value.str.to_date("%Y-%m-%d", strict=False)
    return value.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & day.is_between(pl.lit(f.first_day), pl.lit(f.today))


def _null_if_empty(column: str) -> pl.Expr:
    return pl.when(pl.col(column) == "").then(pl.lit(_N)).otherwise(pl.col(column))


def _out(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows that passed, as (row, personal ID, person line, residence lines, household parts)."""
    c = pl.col
    since = _null_if_empty("residence_since")
    person = pl.concat_str(
        [
            c("personal_id"), c("old_id"), c("full_name"), c("folded"), c("sex"), c("b_iso"), c("b_precision"),
            c("ethnicity"), c("religion"), c("nationality"), c("native_place"), c("birth_registration_place"),
            c("marital_status"), _null_if_empty("father_id"), _null_if_empty("mother_id"),
            _null_if_empty("spouse_id"), _null_if_empty("household_id"), c("relation_to_head"), pl.lit(_N),
        ],
        separator="\t",
    )  # fmt: skip
    permanent = pl.concat_str(
        [c("personal_id"), pl.lit("permanent"), c("p_pk").cast(pl.String), c("permanent_address"), since],
        separator="\t",
    )
    current = pl.concat_str(
        [c("personal_id"), pl.lit("current"), c("c_pk").cast(pl.String), c("current_address"), since],
        separator="\t",
    )
    residences = (
        pl.when(c("current_unit") == "").then(permanent).otherwise(pl.concat_str([permanent, current], separator="\n"))
    )
    return frame.select(
        c(_ROW),
        c("personal_id").alias("pid"),
        person.alias("person"),
        residences.alias("residences"),
        c("household_id").alias("hh"),
        (c("relation_to_head") == "head").alias("head"),
        c("p_pk").alias("unit"),
        c("permanent_address").alias("address"),
    )


_OUT_SCHEMA = {
    _ROW: pl.UInt32, "pid": pl.String, "person": pl.String, "residences": pl.String, "hh": pl.String,
    "head": pl.Boolean, "unit": pl.Int64, "address": pl.String,
}  # fmt: skip


def prepare_frame(data: bytes, first: int, t: Tables) -> Prepared:
    """Validate the CSV lines in ``data`` (numbered from ``first``) and turn the good rows into COPY text,
    as :func:`~motcua.registry.blocks.prepare_block` does."""
    lines = _lines(data)
    if lines is None:
        return prepare_block(data, first, t)
    f = _frames(t)
    numbered = lines.to_frame().with_row_index(_ROW)
    simple = numbered.get_column("line").str.contains(_SIMPLE)
    good = numbered.filter(simple)
    if len(good):
        fields = _fields(data if len(good) == len(lines) else _joined(good.get_column("line")))
        checked = _checked(fields.with_columns(good.get_column(_ROW)), f)
        passed = _out(checked.filter(pl.col("ok")))
        refused = checked.filter(~pl.col("ok")).get_column(_ROW)
    else:
        passed, refused = pl.DataFrame(schema=_OUT_SCHEMA), pl.Series(dtype=pl.UInt32)
    slow_rows = sorted(chain(numbered.filter(~simple).get_column(_ROW), refused))
    problems: list[Problem] = []
    if slow_rows:
        texts = lines.gather(slow_rows).to_list()
        slow = _slow(slow_rows, texts, first, t, problems)
        passed = pl.concat([passed, pl.DataFrame(slow, schema=_OUT_SCHEMA, orient="row")]).sort(_ROW)
    return _prepared(passed, problems)


def _slow(rows: list[int], texts: list[str], first: int, t: Tables, problems: list[Problem]) -> list[tuple[Any, ...]]:
    """``parse_row`` for the lines the fast check did not accept: their output rows, and their problems."""
    out: list[tuple[Any, ...]] = []
    for row, text in zip(rows, texts, strict=True):
        number = first + row
        try:
            fields = next(csv.reader([text], strict=True), [])
        except csv.Error as exc:
            problems.append((number, "", f"CSV syntax: {exc}"))
            continue
        if not fields or fields == [""]:
            continue  # a blank line
        try:
            r = parse_row(fields, units=t.units, today=t.today)
        except RowError as exc:
            problems.append((number, fields[0], str(exc)))
            continue
        household = household_of(r, t.units)
        out.append((
            row, r.personal_id, person_line(r), residence_text(r, t.units).removesuffix("\n"), r.household_id,
            household is not None and household[1] is not None, t.units[r.permanent_unit], r.permanent_address,
        ))  # fmt: skip
    return out


def _text(column: pl.Series) -> str:
    """The column's values, each ending in a newline (COPY text lines; nothing in them needs quoting)."""
    if not len(column):
        return ""
    return column.to_frame().write_csv(include_header=False, quote_style="never")


def _households(passed: pl.DataFrame) -> list[Household]:
    """What :func:`~motcua.registry.writers.merge_household` makes of the rows in order: a household per
    code in the order they first appear, named by its head's row (the last one) or else its first row."""
    c, head = pl.col, pl.col("head")
    groups = (
        passed.filter(c("hh") != "")
        .group_by("hh", maintain_order=True)
        .agg(
            c("pid").filter(head).last().alias("head_pid"),
            c("unit").filter(head).last().alias("head_unit"),
            c("address").filter(head).last().alias("head_address"),
            c("unit").first(),
            c("address").first(),
        )
    )
    named = c("head_pid").is_not_null()
    return groups.select(
        "hh",
        "head_pid",
        pl.when(named).then(c("head_unit")).otherwise(c("unit")),
        pl.when(named).then(c("head_address")).otherwise(c("address")),
    ).rows()


def _prepared(passed: pl.DataFrame, problems: list[Problem]) -> Prepared:
    return Prepared(
        people=_text(passed.get_column("person")),
        residences=_text(passed.get_column("residences")),
        households=_households(passed),
        problems=sorted(problems),
        written=len(passed),
        ids=passed.get_column("pid").str.join("").item() if len(passed) else "",
    )
