"""One Jinja2 environment over prompts/: every reply the bot sends is a template.

Templates are strict (a missing variable is an error, not an empty string) and ``*.html.j2``
templates autoescape, so corpus or user text can never inject markup into a Telegram reply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from qabot.models import Quote
from qabot.resources import prompts_dir


def quote_parts(quote: Quote) -> tuple[str, str, str]:
    """(before, highlighted answer span, after) of a quote, for templates to emphasise."""
    if quote.highlight is None:
        return quote.text, "", ""
    a, b = quote.highlight
    return quote.text[:a], quote.text[a:b], quote.text[b:]


def _autoescape(name: str | None) -> bool:
    return bool(name) and (name or "").removesuffix(".j2").endswith((".html", ".htm", ".xml"))


class Renderer:
    """Renders ``prompts/<name>`` templates; ``name`` includes the channel suffix."""

    def __init__(self, directory: Path | None = None) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(directory or prompts_dir())),
            undefined=jinja2.StrictUndefined,
            autoescape=_autoescape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self.env.globals["quote_parts"] = quote_parts

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context).strip()
