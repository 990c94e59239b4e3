"""E-mail templates: every one exists in every language and renders with a full context (StrictUndefined)."""
from __future__ import annotations

import datetime as dt

import pytest

from mail.compose import LANGUAGES, PARTS, TEMPLATES, confirmation_context, digest_context, missing_context, \
    photo_context
from store.meetings import BUNDLED, read_meeting_file
from store.records import Meeting, Participant
from tests.outbox_rows import TEMPLATES_DIR, make_renderer

NOW = "2010-01-05T10:00:00+00:00"


@pytest.fixture
def bundled() -> Meeting:
    """The bundled meeting as a record (no store needed)."""
    definition = read_meeting_file(BUNDLED)
    return Meeting(definition["code"], definition["title"], definition)


@pytest.fixture
def people() -> list[Participant]:
    """A delegation of three: a head, one with a bounced address, one whose address was invalid."""
    def make(pid: int, name: str, **extra: object) -> Participant:
        fields = {"honorific": None, "function": None, "email": None, "phone": None, "head": False,
                  "language": "en", "photo_state": "missing", **extra}
        return Participant(id=pid, delegation=1, name=name, created_at=NOW, updated_at=NOW, **fields)

    return [make(1, "Ngozi <b>Okafor</b>", honorific="H.E. Ms.", function="Ambassador", email="n.okafor@mfa.example",
                 head=True, email_state="ok"),
            make(2, "Jean-Pierre Dubois", honorific="M.", email="jp@mfa.example", email_state="failing"),
            make(3, "María José Núñez", email_as_written="mjn(at)mfa", email_state="invalid")]


@pytest.fixture
def contexts(bundled, people) -> dict:
    """One full context per template and language, as the renderer builds them."""
    today = dt.date(2010, 1, 5)
    expires = dt.date(2010, 3, 6)
    built = {}
    for language in LANGUAGES:
        built["confirmation", language] = confirmation_context(
            bundled, "Nigeria", people, {"amendment": True, "added": [1], "updated": [2], "subject": "Re: list",
                                         "invalid_addresses": ["mjn(at)mfa"]}, language)
        for template in ("photo_link", "reminder_photo"):
            built[template, language] = photo_context(bundled, people[0], "Nigeria",
                                                      "https://photos.unodc.test/photo/abc", expires, language)
        built["reminder_missing", language] = missing_context(bundled, "Nigeria", today, language)
        built["digest", language] = digest_context({"text": "3 new", "html": "<b>3</b> new"}, today, language)
    return built


def test_every_template_exists_in_every_language():
    expected = {f"{template}.{part}" for template in TEMPLATES for part in PARTS}
    for language in LANGUAGES:
        present = {p.name for p in (TEMPLATES_DIR / language).iterdir()}
        assert expected <= present, f"{language} lacks {sorted(expected - present)}"
    assert len({frozenset(p.name for p in (TEMPLATES_DIR / lang).iterdir()) for lang in LANGUAGES}) == 1


def test_no_template_marks_a_value_safe():
    for path in TEMPLATES_DIR.rglob("*"):
        if path.is_file():
            assert "|safe" not in path.read_text().replace(" ", ""), path


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_template_renders_with_a_full_context(contexts, template, language):
    subject, text, html = make_renderer().render_parts(template, language, contexts[template, language])
    assert subject and "\n" not in subject and len(subject) < 250
    assert text.strip() and "{{" not in text and "{%" not in text
    assert html.startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in html


@pytest.mark.parametrize("language, words", [
    ("en", ["acknowledges with thanks", "Head of delegation", "could not be used", "replying to this e-mail"]),
    ("fr", ["accuse réception", "chef de délégation", "pas pu être utilisée", "en répondant au présent"]),
    ("es", ["acusa recibo", "jefe(a) de la delegación", "podido utilizar", "respondiendo a este correo"]),
])
def test_confirmation_speaks_the_mission_language(contexts, language, words):
    _, text, _ = make_renderer().render_parts("confirmation", language, contexts["confirmation", language])
    for word in words:
        assert word in text
    assert "mjn(at)mfa" in text and "jp@mfa.example" in text


def test_html_escapes_stored_values_and_text_keeps_them(contexts):
    _, text, html = make_renderer().render_parts("confirmation", "en", contexts["confirmation", "en"])
    assert "Ngozi &lt;b&gt;Okafor&lt;/b&gt;" in html and "<b>Okafor" not in html
    assert "Ngozi <b>Okafor</b>" in text


@pytest.mark.parametrize("language, heading", [("en", "Photograph requirements"),
                                                ("fr", "Caractéristiques de la photographie"),
                                                ("es", "Requisitos de la fotografía")])
def test_photo_link_gives_requirements_expiry_and_badge_pickup(contexts, language, heading):
    _, text, html = make_renderer().render_parts("photo_link", language, contexts["photo_link", language])
    assert heading in text and "600 x 800" in text and "https://photos.unodc.test/photo/abc" in text
    assert "2010" in text and "Security Gate 1" in text
    assert 'href="https://photos.unodc.test/photo/abc"' in html


def test_photo_link_uses_the_meeting_own_requirements(bundled, people):
    bundled.definition["photo_requirements"] = ["white background only", "no glasses"]
    context = photo_context(bundled, people[0], "Nigeria", "https://x.example/photo/t", dt.date(2010, 3, 1), "fr")
    _, text, _ = make_renderer().render_parts("photo_link", "fr", context)
    assert "no glasses" in text and "fond uni et clair" not in text


def test_missing_key_fails_loudly(contexts):
    broken = dict(contexts["photo_link", "en"])
    del broken["url"]
    with pytest.raises(Exception, match="url"):
        make_renderer().render_parts("photo_link", "en", broken)
