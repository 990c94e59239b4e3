"""`copdesk init`: write a commented configuration for a real deployment."""
from __future__ import annotations

import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent / "data" / "copdesk.example.toml"


def write_config(path: str, force: bool = False) -> int:
    """Write the example configuration to path unless a file is there; return the exit status."""
    target = Path(path)
    if target.exists() and not force:
        print(f"copdesk: {target} exists; use --force to overwrite it", file=sys.stderr)
        return 1
    target.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"Wrote {target}. Fill in [imap], [smtp], [telegram] and [web], then run: copdesk doctor")
    return 0
