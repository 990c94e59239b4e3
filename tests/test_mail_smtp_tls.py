"""Sending over TLS to a real aiosmtpd: STARTTLS and implicit TLS with our CA, login only under TLS, refusals."""
from __future__ import annotations

import ssl

import aiosmtplib
import pytest

from mail.smtp import SendSummary, SmtpAccount, SmtpAuthFailed, SmtpUnavailable, check_smtp, send_once
from store.outbox import list_mail
from tests.outbox_rows import make_renderer, person, register
from tests.servers.certs import Certificate, make_certificate
from tests.servers.smtp import SmtpServer

USER, PASSWORD = "copdesk", "s3cret"
MODES = pytest.mark.parametrize("implicit_tls", [False, True], ids=["starttls", "implicit-tls"])


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Certificate:
    """A self-signed certificate for 127.0.0.1, shared by the module's servers."""
    return make_certificate(tmp_path_factory.mktemp("smtp-tls"))


@pytest.fixture
def renderer():
    """The renderer over the real templates."""
    return make_renderer()


@pytest.fixture
def tls_smtp(smtp_factory, certificate, implicit_tls: bool) -> SmtpServer:
    """A started SMTP server with login, speaking STARTTLS or implicit TLS as the test is parametrized."""
    return smtp_factory(user=USER, password=PASSWORD, certificate=certificate, implicit_tls=implicit_tls)


def account_for(server: SmtpServer, **changes: object) -> SmtpAccount:
    """Return the account copdesk would use for server (its TLS mode, our CA, the right login), with changes."""
    tls = server.certificate is not None
    account = SmtpAccount(host=server.host, port=server.port, user=USER, password=PASSWORD,
                          starttls=tls and not server.implicit_tls, ssl=server.implicit_tls,
                          cafile=str(server.certificate.cert) if tls else "", timeout=5)
    return SmtpAccount(**{**account.__dict__, **changes})


@MODES
async def test_tls_with_our_ca_logs_in_and_delivers(store, meeting, tls_smtp, renderer):
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    assert await send_once(store, account_for(tls_smtp), renderer) == SendSummary(sent=2)
    # The server refuses MAIL FROM before a successful AUTH, so delivery proves the login.
    assert sorted(e.rcpt_tos[0] for e in tls_smtp.envelopes) == ["eva.gruber@bmeia.example", "mission@mfa.example"]
    assert {m.state for m in list_mail(store)} == {"sent"}


@pytest.mark.parametrize("implicit_tls", [False])
async def test_auth_is_offered_only_after_starttls(tls_smtp, certificate):
    client = aiosmtplib.SMTP(hostname=tls_smtp.host, port=tls_smtp.port, start_tls=False, timeout=5)
    await client.connect()
    await client.ehlo()
    assert client.supports_extension("starttls") and not client.supports_extension("auth")
    await client.starttls(tls_context=ssl.create_default_context(cafile=str(certificate.cert)))
    await client.ehlo()
    assert client.supports_extension("auth")
    await client.login(USER, PASSWORD)
    await client.quit()


@pytest.mark.parametrize("implicit_tls", [False])
async def test_login_without_starttls_is_refused_before_the_password_is_sent(tls_smtp):
    with pytest.raises(SmtpAuthFailed, match="AUTH extension is not supported.*STARTTLS"):
        await check_smtp(account_for(tls_smtp, starttls=False, cafile=""))


@MODES
async def test_untrusted_certificate_is_unavailable_and_mail_stays_queued(store, meeting, tls_smtp, renderer):
    untrusted = account_for(tls_smtp, cafile="")
    with pytest.raises(SmtpUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        await check_smtp(untrusted)
    register(store, "AUT", [person("Eva Gruber", "eva.gruber@bmeia.example")])
    assert await send_once(store, untrusted, renderer) == SendSummary(retried=2)
    for mail in list_mail(store):
        assert mail.state == "queued" and mail.attempts == 1 and "CERTIFICATE_VERIFY_FAILED" in mail.last_error
    assert tls_smtp.envelopes == []


@MODES
async def test_wrong_password_over_tls_is_auth_failed(tls_smtp):
    await check_smtp(account_for(tls_smtp))
    with pytest.raises(SmtpAuthFailed, match="535"):
        await check_smtp(account_for(tls_smtp, password="wrong"))


async def test_starttls_against_a_server_without_it_sends_nothing_in_clear(store, meeting, smtp_factory, renderer):
    plain = smtp_factory(user=USER, password=PASSWORD)  # would accept the login and the mail in clear text
    account = account_for(plain, starttls=True)
    with pytest.raises(SmtpUnavailable, match="STARTTLS extension not supported"):
        await check_smtp(account)
    register(store, "AUT", [])
    assert await send_once(store, account, renderer) == SendSummary(retried=1)
    assert [m.state for m in list_mail(store)] == ["queued"]
    assert plain.envelopes == []
