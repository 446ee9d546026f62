"""Name pools for the synthetic Kita corpus.

The origins and their names come from the detection gazetteers (``anonymizer.detection.gazetteers``,
Faker locales transliterated to German spelling plus hand-collected origins Faker lacks). Two pools
matter only for training and live in ``data/names_extra.yaml``: surnames that are also German words
("Koch", "Wolf", "Berg") and names with particles ("von der Heide", "El Amrani").
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from anonymizer.detection.gazetteers import Names
from anonymizer.detection.gazetteers import names_by_origin as gazetteer_names

EXTRA_NAMES = Path(__file__).parent / "data" / "names_extra.yaml"
# Origins whose names are written in a way a Kita note never would (all capitals) or lack surnames.
UNUSED_ORIGINS = frozenset({"zh_TW", "is_IS"})


@lru_cache(maxsize=1)
def names_by_origin() -> dict[str, Names]:
    """Every origin's names, sorted so that seeded sampling is reproducible."""
    pools = {
        origin: Names(tuple(sorted(names.first)), tuple(sorted(names.last)))
        for origin, names in gazetteer_names().items()
        if origin not in UNUSED_ORIGINS
    }
    for origin, extra in yaml.safe_load(EXTRA_NAMES.read_text(encoding="utf-8")).items():
        pools[origin] = Names(tuple(sorted(extra["first"])), tuple(sorted(extra["last"])))
    return dict(sorted(pools.items()))
