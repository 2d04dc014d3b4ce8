"""E-mail through the configured SMTP server."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

from safecampus.delivery.message import DeliveryFailed, Message
from safecampus.settings import Settings

TIMEOUT_SECONDS = 20


def _send(settings: Settings, recipients: list[str], message: Message) -> None:
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = message.title, settings.smtp_from, ", ".join(recipients)
    mail.set_content(message.plain())
    smtp_class = smtplib.SMTP_SSL if settings.smtp_tls == "ssl" else smtplib.SMTP
    try:
        with smtp_class(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as server:
            if settings.smtp_tls == "starttls":
                server.starttls()
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password)
            server.send_message(mail)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryFailed(f"SMTP: {exc}") from None


async def send(settings: Settings, target: str, message: Message) -> None:
    if not settings.smtp_host:
        raise DeliveryFailed("e-mail is not configured on this server (SAFECAMPUS_SMTP_HOST)")
    recipients = [part.strip() for part in target.replace(";", ",").split(",") if part.strip()]
    await asyncio.to_thread(_send, settings, recipients, message)
