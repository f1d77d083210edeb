"""Errors raised by action functions. Messages are constants so tests assert on them."""

from __future__ import annotations


class ActionError(Exception):
    """A refused action: the message is shown to the user as is; nothing was changed."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(ActionError):
    pass


class NotAllowed(ActionError):
    """The actor may not do this to this object."""
