"""The Jinja environment for the register's printable pages (HTML escapes everything by default)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def german_date(value: dt.date | dt.datetime | str) -> str:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return value.strftime("%d.%m.%Y")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("anonymizer.consent", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["datum"] = german_date
    # Form texts are data with {placeholders}; the filled-in values are escaped like any other output.
    env.filters["fill"] = lambda text, values: text.format_map(values)
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
