"""The caller's metadata (date of service, date of birth, age), checked into a `Meta`."""
from __future__ import annotations

import math
import numbers
import re
from datetime import date, datetime
from typing import Any, Mapping, Optional

from .coding import OLDEST_PLAUSIBLE_AGE, completed_years
from .model import Meta


# A date, or a date and time (as databases and pandas write them): nothing else after the date.
_ISO_DATE = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]{1,9})?)?"
                       r"(?:Z|[+-](?:[01][0-9]|2[0-3])(?::?[0-5][0-9])?)?)?")
# An age written as text: digits 0-9, perhaps with a decimal point ("54", "54.0"); not "5_4" or "1e1".
_AGE_TEXT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]*)?")


def _parse_date(value: Any, name: str) -> Optional[date]:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):  # also pandas Timestamps
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"meta.{name} must be a date string (YYYY-MM-DD), got {type(value).__name__}")
    found = _ISO_DATE.fullmatch(value.strip())
    try:
        if found is None:
            raise ValueError
        return date.fromisoformat(found.group(1))
    except ValueError:
        raise ValueError(f"meta.{name} is not a valid date (YYYY-MM-DD): {_shorten(value)!r}") from None


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


def parse_meta(raw: Mapping[str, Any]) -> Meta:
    """Validate the caller's metadata; raise ValueError saying what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError(f"meta must be an object, got {type(raw).__name__}")
    service_date = _parse_date(raw.get("service_date"), "service_date")
    dob = _parse_date(raw.get("dob"), "dob")
    age = raw.get("age_years")
    if isinstance(age, str):
        age = age.strip()
        if age and not _AGE_TEXT.fullmatch(age):
            raise ValueError(f"meta.age_years is not a number: {_shorten(age)!r}")
    if age is not None and age != "":
        if isinstance(age, bool) or not isinstance(age, (numbers.Real, str)):
            raise ValueError(f"meta.age_years must be a number, got {type(age).__name__}")
        try:
            number = float(age)
        except (ValueError, OverflowError):
            raise ValueError(f"meta.age_years is not a number: {_shorten(str(age))!r}") from None
        if not math.isfinite(number) or number != int(number) or not 0 <= number <= OLDEST_PLAUSIBLE_AGE:
            shown = _shorten(age) if isinstance(age, str) else age
            raise ValueError(f"meta.age_years must be a whole number from 0 to {OLDEST_PLAUSIBLE_AGE}, got {shown!r}")
        age = int(number)
    else:
        age = None
    if dob and service_date and dob > service_date:
        raise ValueError(f"meta.dob {dob.isoformat()} is after meta.service_date {service_date.isoformat()}")
    if dob and service_date and completed_years(dob, service_date) > OLDEST_PLAUSIBLE_AGE:
        raise ValueError(f"meta.dob {dob.isoformat()} makes the patient over {OLDEST_PLAUSIBLE_AGE} years old "
                         f"on meta.service_date {service_date.isoformat()}")
    return Meta(service_date=service_date, dob=dob, age_years=age)
