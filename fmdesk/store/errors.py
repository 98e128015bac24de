# SPDX-License-Identifier: GPL-3.0-or-later
"""Store failures, each with a message fit for a player."""


class StoreError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StoreUnavailable(StoreError):
    """The database cannot be reached right now; the call may succeed later."""


class EmbeddedServerError(StoreError):
    """The embedded database server would not start."""


class NotFound(StoreError):
    """No such player or mission."""
