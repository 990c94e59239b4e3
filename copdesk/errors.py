"""Turn the named errors of lower layers into one sentence that says which setting to fix."""
from __future__ import annotations

from store.db import StoreError

HINTS = {
    "MailboxUnavailable": "check imap.host, imap.port and imap.ssl/starttls",
    "LoginFailed": "check imap.user and imap.password (or COPDESK_IMAP_PASSWORD)",
    "FolderMissing": "check imap.folder",
    "SmtpUnavailable": "check smtp.host, smtp.port and smtp.ssl/starttls",
    "SmtpAuthFailed": "check smtp.user and smtp.password (or COPDESK_SMTP_PASSWORD)",
    "WebUnavailable": "check web.host and web.port",
    "InvalidToken": "check telegram.token (or COPDESK_TELEGRAM_TOKEN)",
    "NetworkError": "check telegram.base_url and the network",
    "TimedOut": "check telegram.base_url and the network",
}


def explain(error: BaseException) -> str | None:
    """Return a sentence for a known error, or None to let it propagate."""
    if isinstance(error, StoreError):
        return str(error)
    for kind in type(error).__mro__:
        if kind.__name__ in HINTS:
            return f"{error} — {HINTS[kind.__name__]}"
    return None
