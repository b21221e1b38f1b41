"""The window's pages, each built the first time it is asked for (shown, or reached by a
command): opening a book builds only the page it opens on, and a page's modules (the charts'
matplotlib among them) are imported when that page is first built."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from ui.pages.base import Page


class LazyPages(Mapping[str, Page]):
    """``pages[key]`` builds the page with ``build(key)`` the first time, then keeps it.

    Iterating gives every key; :meth:`built` the pages made so far (iterating ``values()``
    would build them all)."""

    def __init__(self, keys: Iterable[str] = (), build: Callable[[str], Page] | None = None):
        self._keys = tuple(keys)
        self._build = build
        self._pages: dict[str, Page] = {}

    def __getitem__(self, key: str) -> Page:
        page = self._pages.get(key)
        if page is not None:
            return page
        if key not in self._keys or self._build is None:
            raise KeyError(key)
        page = self._pages[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def is_built(self, key: str) -> bool:
        return key in self._pages

    def built(self) -> dict[str, Page]:
        """The pages built so far, by key (none is built by asking)."""
        return dict(self._pages)
