"""The JSON downloads go through orjson (issue 29) and must read exactly as json.dumps writes
them (indent 2, characters as they are), so that the open data and the JSON embedded in each
PDF stay byte-identical."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from site_gen.tables.export import json_text

LEAVES = (
    st.text(alphabet=st.characters(codec="utf-8"))  # control characters, U+2028, emoji…
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.booleans()
    | st.none()
)
DATA = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def standard(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=200, deadline=None)
@given(DATA)
def test_the_fast_encoder_writes_what_the_standard_one_writes(data: object) -> None:
    assert json_text(data) == standard(data)


def test_what_the_fast_encoder_refuses_goes_through_the_standard_one() -> None:
    for data in ({"count": 10**30}, {"text": "\ud800 lone surrogate"}, [2**64]):
        assert json_text(data) == standard(data)
