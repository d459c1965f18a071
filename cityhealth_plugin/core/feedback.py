"""Progress and cancellation for long core loops, without Qt.

Core functions that loop take ``feedback`` (any object with ``setProgress(percent)``,
``isCanceled()`` and ``pushInfo(text)``, as ``QgsProcessingFeedback`` has) and call
:func:`check` regularly. ``None`` means no reporting.
"""

from __future__ import annotations

from typing import Any, Optional

from .messages import QT_TRANSLATE_NOOP, CityHealthError, Message


class Canceled(CityHealthError):
    """Raised by :func:`check` when the user cancelled."""

    def __init__(self):
        super().__init__(Message(QT_TRANSLATE_NOOP("CoreMessages", "Cancelled by the user.")))


class NullFeedback:
    """Feedback that reports nowhere and is never cancelled."""

    def setProgress(self, percent: float) -> None:  # noqa: N802 (mirrors QgsFeedback)
        pass

    def isCanceled(self) -> bool:  # noqa: N802
        return False

    def pushInfo(self, text: str) -> None:  # noqa: N802
        pass


def ensure(feedback: Optional[Any]) -> Any:
    """``feedback`` itself, or a :class:`NullFeedback` when ``None``."""
    return feedback if feedback is not None else NullFeedback()


def check(feedback: Optional[Any], done: int = 0, total: int = 0, start: float = 0.0,
          span: float = 100.0) -> None:
    """Report ``done``/``total`` mapped into ``[start, start + span]`` percent; raise if cancelled."""
    if feedback is None:
        return
    if feedback.isCanceled():
        raise Canceled()
    if total:
        feedback.setProgress(start + span * min(done, total) / total)
