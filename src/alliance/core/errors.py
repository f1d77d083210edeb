"""Errors raised by action functions. Messages are constants so tests assert on them.

The constants are marked with ``gettext_lazy`` (issue 18): an error is translated into
the language active when it is raised, and ``message`` is then a plain string.
"""

from __future__ import annotations

from django.utils.functional import Promise


class ActionError(Exception):
    """A refused action: the message is shown to the user as is; nothing was changed."""

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        text = str(message)
        super().__init__(text)
        self.message = text
        self.field = field


class IllegalTransition(ActionError):
    pass


class NotAllowed(ActionError):
    """The actor may not do this to this object."""
