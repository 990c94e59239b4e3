"""How many list entries a text shows, to flag a list the extraction read only in part."""
from __future__ import annotations

import re

from mail.parse.layouts import BULLET_RE
from mail.parse.names import split_honorific

# A labelled address: "E-mail: x@y", "courriel : …", "Correo electrónico: …" (broken addresses count too).
_EMAIL_LABEL_RE = re.compile(r"(?<![\w-])(?:e-?mail|courriel|correo(?:\s+electr[oó]nico)?)\s*[:.]\s*\S", re.IGNORECASE)


def entries_seen(lines: list[str]) -> int:
    """Return the number of person entries the layout of some lines suggests.

    That is the larger of: list markers followed by an honorific ('2. Mr.', '(iii) Mrs.'),
    labelled e-mail addresses, and table rows that hold an address.
    """
    markers = labels = rows = 0
    for line in lines:
        text = line.strip()
        body = BULLET_RE.sub("", text, count=1)
        if body != text and split_honorific(body)[0]:
            markers += 1
        labels += len(_EMAIL_LABEL_RE.findall(text))
        rows += "\t" in text and "@" in text
    return max(markers, labels, rows)


def incomplete_warning(sources: list[list[str]], read: int) -> str | None:
    """Return a warning when some source shows more entries than the people read, else None."""
    seen = max((entries_seen(lines) for lines in sources), default=0)
    if seen > read and (read or seen >= 2):
        return f"list may be incomplete: {seen} entries seen, {read} read"
    return None
