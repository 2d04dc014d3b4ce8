"""Where a channel may post: the server sends these requests, so a principal's robot URL
must not reach the server's own network (SSRF). WeCom and DingTalk robots live at fixed
addresses; a generic webhook must be https to a public address, checked when the channel
is saved (a literal IP) and again before each send (whatever the name resolves to).

``SAFECAMPUS_CHANNEL_HOSTS_ALLOWED`` lists ``host`` or ``host:port`` entries that skip the
rules, for testing against a local stand-in; never in production."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import SplitResult, parse_qs, urlsplit

from safecampus.delivery.message import DeliveryFailed

ROBOTS = {  # kind → (host, path, the query parameter holding the robot's key)
    "wecom": ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
    "dingtalk": ("oapi.dingtalk.com", "/robot/send", "access_token"),
}


class TargetInvalid(ValueError):
    """Not an http(s) URL at all."""


class TargetNotAllowed(ValueError):
    """An http(s) URL the server must not post to."""


def _url(target: str) -> SplitResult:
    try:
        url = urlsplit(target)
        url.port  # noqa: B018 (raises on a malformed port)
    except ValueError:
        raise TargetInvalid("target must be the robot's or webhook's http(s) URL.") from None
    if url.scheme not in ("http", "https") or not url.hostname:
        raise TargetInvalid("target must be the robot's or webhook's http(s) URL.")
    return url


def _listed(url: SplitResult, allowed: tuple[str, ...]) -> bool:
    host = url.hostname or ""
    port = url.port or (443 if url.scheme == "https" else 80)
    return host in allowed or f"{host}:{port}" in allowed


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 address may carry a %zone
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


def _literal_ip(host: str) -> str | None:
    """The address a host written as a number stands for (127.1 and 2130706433 included), or None."""
    try:
        return str(socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)[0][4][0])
    except (socket.gaierror, UnicodeError):
        return None


def check(kind: str, target: str, allowed: tuple[str, ...]) -> SplitResult:
    """The parsed URL if a channel of ``kind`` may post to ``target``; raises TargetInvalid or
    TargetNotAllowed with a reason a person understands. Does not resolve names."""
    url = _url(target)
    if _listed(url, allowed):
        return url
    if kind in ROBOTS:
        host, path, key = ROBOTS[kind]
        if (url.scheme != "https" or url.hostname != host or url.port not in (None, 443) or url.path != path
                or not parse_qs(url.query).get(key) or url.username is not None):
            raise TargetNotAllowed(f"A {kind} robot's URL is https://{host}{path}?{key}=…")
        return url
    if url.scheme != "https":
        raise TargetNotAllowed("A webhook must use https.")
    address = _literal_ip(url.hostname or "")
    if address is not None and not _public(address):
        raise TargetNotAllowed("A webhook may not point at a loopback, private, link-local or reserved address.")
    return url


async def check_resolved(kind: str, target: str, allowed: tuple[str, ...]) -> str | None:
    """``check``, then every address the host resolves to must be public (unless listed).
    Returns the address the request must connect to (None for a listed host): connecting
    to the address checked, not resolving the name again, closes the window in which a
    rebinding DNS server could switch to an internal one; redirects are not followed."""
    url = check(kind, target, allowed)
    if _listed(url, allowed):
        return None
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(url.hostname, url.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DeliveryFailed(f"webhook unreachable: cannot resolve {url.hostname}: {exc}") from None
    refused = sorted({str(info[4][0]) for info in infos if not _public(str(info[4][0]))})
    if refused or not infos:
        raise TargetNotAllowed(f"{url.hostname} resolves to a non-public address ({', '.join(refused)}); not sent")
    return str(infos[0][4][0])
