"""Group-chat robots and generic webhooks: WeCom (企业微信) markdown, DingTalk (钉钉)
markdown with its signature, and a plain JSON body."""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import hmac
import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from safecampus.delivery import targets
from safecampus.delivery.message import DeliveryFailed, Message

TIMEOUT_SECONDS = 10


def wecom_payload(message: Message) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"content": message.markdown()}}


def dingtalk_payload(message: Message) -> dict[str, Any]:
    return {"msgtype": "markdown", "markdown": {"title": message.title, "text": message.markdown()}}


def generic_payload(message: Message) -> dict[str, Any]:
    return {"kind": message.kind, "title": message.title, "body": message.body,
            "hazard_id": str(message.hazard_id) if message.hazard_id else None, "link": message.link}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 over "timestamp\\nsecret" keyed by the secret,
    base64, then URL-encoded as the ``sign`` query parameter."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(url: str, secret: str | None, timestamp_ms: int) -> str:
    if not secret:
        return url
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would send the request where the target checks never looked."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to ``address`` whatever ``host`` resolves to now; the certificate
    is still checked against ``host`` (SNI and name)."""

    def __init__(self, host: str, *, address: str, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._create_connection = lambda where, *args, **kw: socket.create_connection(  # type: ignore[method-assign]
            (address, where[1]), *args, **kw)


class _PinnedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(PinnedHTTPSConnection, address=self.address), req)


def _opener(address: str | None) -> urllib.request.OpenerDirector:
    """No redirects; with ``address``, no proxy either (it would resolve the name itself) and
    the connection goes to the address the target checks approved."""
    if address is None:
        return urllib.request.build_opener(_NoRedirects)
    return urllib.request.build_opener(_NoRedirects, urllib.request.ProxyHandler({}), _PinnedHTTPS(address))


def _post(url: str, payload: dict[str, Any], address: str | None) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(),
                                     headers={"Content-Type": "application/json; charset=utf-8"}, method="POST")
    try:
        with _opener(address).open(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (checked)
            text = response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        raise DeliveryFailed(f"HTTP {exc.code} from the webhook") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryFailed(f"webhook unreachable: {exc}") from None
    try:
        answer = json.loads(text) if text.strip() else {}
    except ValueError:
        return  # a generic webhook may answer anything with a 2xx
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):  # WeCom and DingTalk say errors so
        raise DeliveryFailed(f"robot refused: errcode {answer.get('errcode')} {answer.get('errmsg', '')}".strip())


async def send(kind: str, url: str, secret: str | None, message: Message, timestamp_ms: int,
               allowed: tuple[str, ...] = ()) -> None:
    """Post to the channel's URL once it passes the target rules (``allowed``: hosts exempt,
    for tests); a refused target fails the delivery like an unreachable one."""
    try:
        address = await targets.check_resolved(kind, url, allowed)
    except (targets.TargetInvalid, targets.TargetNotAllowed) as exc:
        raise DeliveryFailed(f"target not allowed: {exc}") from None
    if kind == "wecom":
        target, payload = url, wecom_payload(message)
    elif kind == "dingtalk":
        target, payload = dingtalk_url(url, secret, timestamp_ms), dingtalk_payload(message)
    else:
        target, payload = url, generic_payload(message)
    await asyncio.to_thread(_post, target, payload, address)
