"""Turn the named errors of lower layers into one sentence for the command line."""
from __future__ import annotations

from store.db import StoreError


def explain(error: Exception) -> str | None:
    """Return a sentence for a known error, or None to let it propagate."""
    if isinstance(error, StoreError):
        return str(error)
    names = {"MailboxUnavailable", "LoginFailed", "SmtpUnavailable", "SmtpAuthFailed", "BotUnavailable",
             "PortInUse"}
    if type(error).__name__ in names:
        return str(error)
    return None
