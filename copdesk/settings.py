"""Settings: the TOML config file plus environment variables; the only reader of either."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_MEETING = PACKAGE_ROOT / "meetings" / "wg-tip-2010.toml"
SECRETS = {("imap", "password"): "COPDESK_IMAP_PASSWORD", ("smtp", "password"): "COPDESK_SMTP_PASSWORD",
           ("telegram", "token"): "COPDESK_TELEGRAM_TOKEN", ("web", "secret"): "COPDESK_WEB_SECRET"}


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it."""


@dataclass
class StoreSettings:
    """[store]"""

    path: str = "copdesk.db"
    photos: str = "photos"
    enabled: bool = True


@dataclass
class ImapSettings:
    """[imap]"""

    host: str = ""
    port: int = 993
    user: str = ""
    password: str = ""
    ssl: bool = True
    starttls: bool = False
    folder: str = "INBOX"
    idle: bool = True
    poll_seconds: int = 60
    processed_flag: str = ""
    cafile: str = ""
    enabled: bool = True


@dataclass
class SmtpSettings:
    """[smtp]"""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = ""
    starttls: bool = True
    ssl: bool = False
    from_addr: str = "untoc.cop@unodc.org"
    from_name: str = "Secretariat of the Conference of the Parties (UNODC)"
    cafile: str = ""
    max_answers_per_day: int = 3
    enabled: bool = True


@dataclass
class TelegramSettings:
    """[telegram]"""

    token: str = ""
    base_url: str = "https://api.telegram.org/bot"
    allowed_users: list[int] = field(default_factory=list)
    admins: list[int] = field(default_factory=list)
    digest_chats: list[int] = field(default_factory=list)
    digest_time: str = "08:00"
    timezone: str = "Europe/Vienna"
    enabled: bool = True


@dataclass
class WebSettings:
    """[web]"""

    host: str = "127.0.0.1"
    port: int = 8080
    public_url: str = "http://127.0.0.1:8080"
    secret: str = ""
    link_days: int = 60
    enabled: bool = True


@dataclass
class MeetingSettings:
    """[meeting]"""

    file: str = str(BUNDLED_MEETING)
    always_review: bool = False


@dataclass
class Settings:
    """Every setting of copdesk, with its default."""

    store: StoreSettings = field(default_factory=StoreSettings)
    imap: ImapSettings = field(default_factory=ImapSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    telegram: TelegramSettings = field(default_factory=TelegramSettings)
    web: WebSettings = field(default_factory=WebSettings)
    meeting: MeetingSettings = field(default_factory=MeetingSettings)
    source: str = "built-in defaults"
    explicit: set[str] = field(default_factory=set)

    def written(self, section: str, key: str) -> bool:
        """Return True if the config file sets this key itself."""
        return f"{section}.{key}" in self.explicit


def _coerce(name: str, value: Any, default: Any) -> Any:
    kind = type(default)
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no"):
            return value.lower() in ("true", "1", "yes")
    elif kind is int and not isinstance(value, bool):
        try:
            return int(value)
        except (TypeError, ValueError):
            pass
    elif kind is list:
        items = value.split(",") if isinstance(value, str) else value
        try:
            return [int(v) for v in items if str(v).strip()]
        except (TypeError, ValueError):
            pass
    elif kind is str and isinstance(value, (str, int)):
        return str(value)
    raise SettingsError(f"setting {name} must be {kind.__name__}, got {value!r}")


def _apply(settings: Settings, data: dict) -> None:
    for section, values in data.items():
        target = getattr(settings, section, None)
        if target is None or section in ("source", "explicit") or not isinstance(values, dict):
            raise SettingsError(f"unknown config section [{section}]")
        known = {f.name: f for f in fields(target)}
        for key, value in values.items():
            if key not in known:
                raise SettingsError(f"unknown setting {section}.{key}")
            setattr(target, key, _coerce(f"{section}.{key}", value, getattr(target, key)))
            settings.explicit.add(f"{section}.{key}")


def _from_environment(settings: Settings) -> None:
    for (section, key), variable in SECRETS.items():
        if os.environ.get(variable):
            setattr(getattr(settings, section), key, os.environ[variable])


def _check(settings: Settings) -> None:
    for name in ("imap", "smtp"):
        part = getattr(settings, name)
        if part.ssl and part.starttls:
            raise SettingsError(f"settings {name}.ssl and {name}.starttls cannot both be true")
        if part.host and not (part.ssl or part.starttls) and not (
                settings.written(name, "ssl") and settings.written(name, "starttls")):
            raise SettingsError(f"plain {name} without TLS needs ssl = false and starttls = false written in [{name}]")
    if not settings.web.public_url.startswith(("http://", "https://")):
        raise SettingsError("setting web.public_url must start with http:// or https://")
    if not Path(settings.meeting.file).is_file():
        raise SettingsError(f"setting meeting.file: no such file {settings.meeting.file}")


def load_settings(path: str | Path | None = None) -> Settings:
    """Read settings from path (else ./copdesk.toml if present, else defaults) and the environment.

    Raises SettingsError naming the setting that is missing or wrong.
    """
    settings = Settings()
    if path is None and Path("copdesk.toml").is_file():
        path = "copdesk.toml"
    if path is not None:
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except OSError as e:
            raise SettingsError(f"config file {path}: {e.strerror}") from e
        except tomllib.TOMLDecodeError as e:
            raise SettingsError(f"config file {path}: {e}") from e
        _apply(settings, data)
        settings.source = str(path)
        base = Path(path).resolve().parent
        for section, key in (("store", "path"), ("store", "photos"), ("meeting", "file")):
            value = getattr(getattr(settings, section), key)
            if value and not Path(value).is_absolute():
                setattr(getattr(settings, section), key, str(base / value))
    _from_environment(settings)
    _check(settings)
    return settings


def mail_domain(settings: Settings) -> str:
    """Return the domain our Message-IDs use: that of the From address."""
    return settings.smtp.from_addr.rpartition("@")[2] or "copdesk.invalid"
