"""Where the shared sample survey files live: `../shared/samples` beside the repository.

A worktree may sit one level deeper than a clone, so each parent is tried; a
missing folder fails the tests that need it instead of skipping them.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def samples_folder() -> Path:
    for parent in REPO.parents:
        folder = parent / "shared" / "samples"
        if folder.is_dir():
            return folder
    raise AssertionError(f"no shared/samples folder beside {REPO} or above it; CI provides one")


def sample(relative: str) -> tuple[bytes, str]:
    path = samples_folder() / relative
    return path.read_bytes(), path.name
