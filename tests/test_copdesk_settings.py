"""Settings: defaults, file, environment, and errors that name the setting."""
import pytest

from copdesk.settings import SettingsError, load_settings


def test_defaults_without_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.source == "built-in defaults"
    assert settings.telegram.timezone == "Europe/Vienna"
    assert settings.web.link_days == 60


def test_file_and_environment(tmp_path, monkeypatch):
    path = tmp_path / "c.toml"
    path.write_text('[imap]\nhost = "127.0.0.1"\nssl = false\nstarttls = false\n[telegram]\nallowed_users = [1, 2]\n')
    monkeypatch.setenv("COPDESK_IMAP_PASSWORD", "s3cret")
    settings = load_settings(path)
    assert settings.imap.password == "s3cret" and settings.telegram.allowed_users == [1, 2]
    assert settings.store.path == str(tmp_path / "copdesk.db")


@pytest.mark.parametrize("text, named", [
    ("[imap]\nport = 'abc'\n", "imap.port"),
    ("[imap]\nhots = 'x'\n", "imap.hots"),
    ("[nope]\na = 1\n", "[nope]"),
    ("[smtp]\nhost = 'x'\nstarttls = false\n", "smtp"),
    ("[web]\npublic_url = 'ftp://x'\n", "web.public_url"),
    ("[meeting]\nfile = 'missing.toml'\n", "meeting.file"),
    ("[imap\n", "c.toml"),
])
def test_wrong_setting_is_named(tmp_path, text, named):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=named.replace("[", r"\[").replace(".", r"\.")):
        load_settings(path)
