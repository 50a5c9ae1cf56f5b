"""Addresses of the app's pages. UN symbols contain slashes, spaces and parentheses: a vote's address is its
permanent id with each path segment percent-encoded ("S/RES/2774 (2025)" → /votes/S/RES/2774%20%282025%29)."""

from __future__ import annotations

from urllib.parse import quote

# The forms of a vote's address, longest first (so that "/map.json" is not taken for ".json").
SUFFIXES = ("/story.json", "/map.json", "/map.svg", "/map.png", "/story", ".json", ".csv")


def vote_path(vote_id: str, suffix: str = "") -> str:
    """The address of a vote's page (or of one of its forms: `.json`, `.csv`, `/map.svg`, ...)."""
    return "/votes/" + "/".join(quote(part, safe="") for part in vote_id.split("/")) + suffix


def split_suffix(path: str) -> tuple[str, str]:
    """A vote address's symbol and the form asked for ("" for the page)."""
    for suffix in SUFFIXES:
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], suffix
    return path, ""
