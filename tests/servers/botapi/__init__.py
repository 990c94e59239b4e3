"""The Telegram Bot API look-alike, by noun; `tests/servers/telegram.py` registers its fixtures."""
