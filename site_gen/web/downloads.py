"""What a download link says of its file: "509 KB", "2 页，509 KB"."""

from __future__ import annotations

from collections.abc import Iterator, Mapping


def file_size(size: int) -> str:
    """A file's size as a download link says it: 509 KB, 1.2 MB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class DownloadFacts(Mapping[str, tuple[str, int | None]]):
    """What each download link says (Renderer.downloads): a file's size, and a PDF's page
    count (put into words when the page is rendered, in its language). Worked out when a page
    asks: a province has 40,000 files, and the preview makes only the pages an edit reaches."""

    def __init__(self, sizes: Mapping[str, int], page_counts: Mapping[str, int]) -> None:
        self._sizes = sizes
        self._pages = page_counts

    def __getitem__(self, route: str) -> tuple[str, int | None]:
        return file_size(self._sizes[route]), self._pages.get(route)

    def __contains__(self, route: object) -> bool:
        return route in self._sizes

    def __iter__(self) -> Iterator[str]:
        return iter(self._sizes)

    def __len__(self) -> int:
        return len(self._sizes)


def download_facts(
    sizes: Mapping[str, int], page_counts: Mapping[str, int]
) -> Mapping[str, tuple[str, int | None]]:
    """What each download link says of its file, by route (DownloadFacts)."""
    return DownloadFacts(sizes, page_counts)
