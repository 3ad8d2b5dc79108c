"""Where the bundled templates and seed corpus live, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """``qabot/<name>`` in a wheel (hatch force-include), ``<repo>/<name>`` in a checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder '{name}' is missing from the qabot installation")


def prompts_dir() -> Path:
    return resource_dir("prompts")


def seeds_dir() -> Path:
    return resource_dir("seeds")
