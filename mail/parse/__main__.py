"""`python -m mail.parse FILE...`: one contract JSON line per file, in argument order."""
from __future__ import annotations

import json
import sys

from mail.parse import parse_message
from mail.parse.extraction import unreadable


def main(argv: list[str] | None = None) -> int:
    """Print one JSON object per file; a file that can't be read still gets a line."""
    for path in (sys.argv[1:] if argv is None else argv):
        try:
            with open(path, "rb") as handle:
                extraction = parse_message(handle.read())
        except OSError as error:
            print(f"{path}: {error}", file=sys.stderr)
            extraction = unreadable("unreadable", f"file could not be read: {error.strerror}")
        print(json.dumps(extraction.to_contract(path), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
