"""Results of pure functions of the model's immutable objects, kept while the object lives.

A document parsed once is one object for as long as its file does not change: the preview keeps
unchanged documents between rebuilds, and a build asks the same questions of a document from
several pages and checks. The result is kept by the object's identity (hashing a document would
walk all of it) and dropped when the object is freed, so an address used again by a new object
never finds an old result. Callers treat a kept result as read-only.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

Result = TypeVar("Result")


def per_object(function: Callable[..., Result]) -> Callable[..., Result]:
    """`function(obj, *extra)` computed once per object and (hashable) extra arguments."""
    made: dict[tuple[Hashable, ...], Any] = {}

    @functools.wraps(function)
    def kept(obj: object, *extra: Hashable) -> Result:
        key = (id(obj), *extra)
        if key in made:
            return made[key]
        result = function(obj, *extra)
        made[key] = result
        weakref.finalize(obj, made.pop, key, None)  # forgotten with the object
        return result

    return kept
