"""Reading a built site once: every HTML page parsed, with its ids and links."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser


@dataclass(frozen=True)
class Page:
    rel: str
    tree: LexborHTMLParser
    ids: set[str] = field(default_factory=set)


def regular_files(root: Path, suffix: str) -> list[Path]:
    """The files under ``root`` whose name ends in ``suffix``, sorted.

    Symbolic links are never followed (neither to files nor to folders) and
    special files (pipes, devices) are left out: the security check reports them."""
    found = []
    for folder, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            if name.endswith(suffix):
                path = Path(folder, name)
                try:
                    if stat.S_ISREG(os.lstat(path).st_mode):
                        found.append(path)
                except OSError:
                    continue
    return sorted(found)


def load_pages(root: Path) -> dict[str, Page]:
    pages = {}
    for path in regular_files(root, ".html"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith("pagefind/"):
            continue
        tree = LexborHTMLParser(path.read_text("utf-8"))
        ids = {n.attributes.get("id") for n in tree.css("[id]")} | {
            n.attributes.get("name") for n in tree.css("a[name]")
        }
        pages[rel] = Page(rel, tree, {i for i in ids if i})
    return pages


def site_path(url: str, site_urls: tuple[str, ...], base_rel: str) -> tuple[str, str] | None:
    """(file path relative to the site root, fragment) for an internal URL, else None.

    ``site_urls`` are the absolute addresses of the site (SITEURL and the feed
    domain); webcal:// links to them count as internal too.
    """
    if url.startswith("webcal://"):
        for scheme in ("https://", "http://"):
            found = site_path(scheme + url[len("webcal://") :], site_urls, base_rel)
            if found is not None:
                return found
        return None
    for prefix in site_urls:
        if prefix and (url == prefix or url.startswith(prefix + "/") or url.startswith(prefix + "#")):
            url = url[len(prefix) :] or "/"
            break
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return (base_rel, parts.fragment)
    if parts.path.startswith("/"):
        rel = parts.path.lstrip("/")
    else:
        base_dir = base_rel.rsplit("/", 1)[0] + "/" if "/" in base_rel else ""
        rel = _normalise(base_dir + parts.path)
    rel = unquote(rel)
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return (rel, parts.fragment)


def _normalise(path: str) -> str:
    out: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if out:
                out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)
