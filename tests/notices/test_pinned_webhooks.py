"""A webhook is posted to the address that passed the target checks, never to what the name
resolves to a moment later (DNS rebinding), and its certificate is still checked by name."""

from __future__ import annotations

import http.server
import json
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from safecampus.delivery import webhooks
from safecampus.delivery.message import DeliveryFailed

NAME = "hooks.safecampus.invalid"  # .invalid never resolves: only a pinned connection reaches it


@pytest.fixture
def tls_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, list[dict]]]:
    cert, key = tmp_path / "hook.pem", tmp_path / "hook.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
                    "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts this certificate alone
    received: list[dict] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            received.append({"host": self.headers["Host"],
                             "body": json.loads(self.rfile.read(int(self.headers["Content-Length"])))})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def test_the_post_goes_to_the_checked_address_with_the_name_in_host_and_certificate(tls_hook):
    port, received = tls_hook
    webhooks._post(f"https://{NAME}:{port}/hook", {"title": "隐患"}, "127.0.0.1")
    assert received == [{"host": f"{NAME}:{port}", "body": {"title": "隐患"}}]


def test_a_certificate_for_another_name_is_refused_even_at_the_pinned_address(tls_hook):
    port, received = tls_hook
    with pytest.raises(DeliveryFailed, match="unreachable"):
        webhooks._post(f"https://other.safecampus.invalid:{port}/hook", {"title": "x"}, "127.0.0.1")
    assert received == []


def test_without_a_pin_the_name_is_resolved_as_usual(tls_hook):
    port, received = tls_hook
    with pytest.raises(DeliveryFailed, match="unreachable"):  # .invalid does not resolve
        webhooks._post(f"https://{NAME}:{port}/hook", {"title": "x"}, None)
    assert received == []
