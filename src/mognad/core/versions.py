"""Semantic version numbers of instruments: ordering and bumping."""

from __future__ import annotations

import re
from typing import Literal

Bump = Literal["major", "minor", "patch"]
BUMPS: tuple[Bump, ...] = ("patch", "minor", "major")
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def version_key(version: str) -> tuple[int, int, int]:
    """A sortable form of `major.minor.patch`; anything else sorts first."""
    match = _SEMVER.match(version)
    if match is None:
        return (-1, -1, -1)
    major, minor, patch = (int(part) for part in match.groups())
    return (major, minor, patch)


def is_version(text: str) -> bool:
    return _SEMVER.match(text) is not None


def bump_version(version: str, bump: Bump) -> str:
    """The next version after `version` for a change of size `bump`."""
    major, minor, patch = (max(part, 0) for part in version_key(version))
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def latest(versions: list[str]) -> str | None:
    return max(versions, key=version_key) if versions else None
