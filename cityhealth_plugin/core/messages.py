"""User-facing messages produced by ``core`` without importing Qt.

Core code never formats text for people directly. It returns :class:`Message` objects whose
English template is marked with :func:`QT_TRANSLATE_NOOP`, so ``pylupdate5`` extracts it into
the ``CoreMessages`` translation context. Adapters (Processing algorithms, dialogs) translate the
template with ``QCoreApplication.translate`` and then fill in the parameters (see
``cityhealth_plugin.processing.base.translate_message``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

CONTEXT = "CoreMessages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (name pylupdate5 looks for)
    """Mark ``text`` for translation in ``context``; returns it unchanged."""
    return text


@dataclass(frozen=True)
class Message:
    """A translatable message: an English ``template`` with ``{named}`` fields and their values."""

    template: str
    params: Dict[str, Any] = field(default_factory=dict)

    def format(self, translate: Optional[Callable[[str, str], str]] = None) -> str:
        """Render the message, translating the template first when ``translate`` is given."""
        template = translate(CONTEXT, self.template) if translate else self.template
        params = {k: (v.format(translate) if isinstance(v, Message) else v) for k, v in self.params.items()}
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            # A broken translation must never hide the message: fall back to English.
            return self.template.format(**params)

    def __str__(self) -> str:
        return self.format()


class CityHealthError(Exception):
    """An error a planner can act on. Carries a :class:`Message`; adapters translate it."""

    def __init__(self, message: Message):
        super().__init__(message.format())
        self.message = message
