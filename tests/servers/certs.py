"""Throwaway self-signed certificates for the TLS tests, made with the `openssl` command."""

from __future__ import annotations

import ssl
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate and its key; `cert` is also the CA file a client trusts."""

    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        """Return a server-side SSL context presenting this certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context


def make_certificate(directory: Path, host: str = "127.0.0.1") -> Certificate:
    """Write cert.pem and key.pem for host (an IP address) into directory, valid for a day.

    Raises subprocess.CalledProcessError if openssl fails.
    """
    made = Certificate(cert=directory / "cert.pem", key=directory / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName=IP:{host}",
                    "-keyout", str(made.key), "-out", str(made.cert)],
                   check=True, capture_output=True)
    return made
