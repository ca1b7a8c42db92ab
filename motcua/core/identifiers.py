"""Vietnamese identity numbers (domain.md §5): personal ID (số định danh cá nhân) and tax code (mã số thuế)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

# ASCII digits only, the whole string: ``\d`` takes any script's digits and ``$`` a trailing newline
_PERSONAL_ID = re.compile(r"[0-9]{12}")
_TAX_CODE = re.compile(r"([0-9]{10})(-[0-9]{3})?")
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

#: Birth-registration place codes of the personal ID (provinces before 2025 + 3-digit foreign/overseas).
PROVINCE_ID_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1,
        2,
        4,
        6,
        8,
        10,
        11,
        12,
        14,
        15,
        17,
        19,
        20,
        22,
        24,
        25,
        26,
        27,
        30,
        31,
        33,
        34,
        35,
        36,
        37,
        38,
        40,
        42,
        44,
        45,
        46,
        48,
        49,
        51,
        52,
        54,
        56,
        58,
        60,
        62,
        64,
        66,
        67,
        68,
        70,
        72,
        74,
        75,
        77,
        79,
        80,
        82,
        83,
        84,
        86,
        87,
        89,
        91,
        92,
        93,
        94,
        95,
        96,
    )
)


def personal_id_problem(value: str, *, birth_date: dt.date | None = None, female: bool | None = None) -> str | None:
    """Why ``value`` is not a valid 12-digit personal ID, or None, in the active language. There is no check digit
    (domain.md §5.1)."""
    if not _PERSONAL_ID.fullmatch(value):
        return _("must be exactly 12 digits")
    if value[:3] not in PROVINCE_ID_CODES:
        return _("unknown province code")
    century_sex = int(value[3])
    if birth_date is not None:
        century = 1900 + 100 * (century_sex // 2)
        if not century <= birth_date.year < century + 100:
            return _("century digit does not match the birth date")
        if int(value[4:6]) != birth_date.year % 100:
            return _("birth-year digits do not match the birth date")
    if female is not None and (century_sex % 2 == 1) != female:
        return _("sex digit does not match")
    return None


def tax_code_problem(value: str) -> str | None:
    """Why ``value`` is not a valid enterprise tax code (10 digits, optional -NNN branch suffix), or None."""
    match = _TAX_CODE.fullmatch(value)
    if not match:
        return _("must be 10 digits, optionally followed by -NNN")
    digits = [int(c) for c in match.group(1)]
    check = 10 - sum(d * w for d, w in zip(digits[:9], _TAX_WEIGHTS, strict=True)) % 11
    if check == 10 or check != digits[9]:
        return _("check digit is wrong")
    return None
