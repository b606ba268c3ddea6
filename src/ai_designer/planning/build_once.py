"""One build of a process-wide planner table, however many threads ask for it first.

``functools.lru_cache`` does not hold other callers back while the first one computes: the service's job threads
(eight by default) each started a planner build at once on a fresh cache — measured: one build 8 s CPU, eight
concurrent first designs 83 s CPU and 134 s wall on a loaded 2-core machine. :class:`BuildOnce` makes the first
caller build while the others wait for its result; once built, calls take no lock. One re-entrant lock for every
table, since building one table may need another (the grammar's filters need the parser)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_BUILDING = threading.RLock()


class BuildOnce(Generic[T]):
    """A no-argument builder called once; a failed build raises to its caller and is tried again on the next call
    (as ``lru_cache``, which keeps no exception). ``cache_clear`` forgets the value (tests)."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self.__doc__ = build.__doc__
        self.__wrapped__ = build

    def __call__(self) -> T:
        value = self._value
        if value is None:
            with _BUILDING:
                if self._value is None:
                    self._value = self._build()
                value = self._value
        return value

    def cache_clear(self) -> None:
        self._value = None
