"""All configuration, read once from ``SAFECAMPUS_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def _env(name: str, default: str) -> str:
    return os.environ.get(f"SAFECAMPUS_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"SAFECAMPUS_{name} must be a whole number, got {raw!r}") from exc


def _env_days(name: str, default: str) -> tuple[int, ...]:
    raw = _env(name, default)
    try:
        days = tuple(sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True))
    except ValueError as exc:
        raise SystemExit(f"SAFECAMPUS_{name} must be whole numbers separated by commas, got {raw!r}") from exc
    if any(day < 1 for day in days):
        raise SystemExit(f"SAFECAMPUS_{name} must be days of 1 or more, got {raw!r}")
    return days


@dataclass(frozen=True, kw_only=True)
class Settings:
    data_dir: Path
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8000
    # Field work happens offline for days, so tokens live long; disabling a user or
    # changing the password still kills them at once.
    token_ttl_days: int = 14
    max_body_bytes: int = 10 * 1024 * 1024
    # A camera original is 3–8 MB; the PWA sends about 300 KB after downscaling.
    max_photo_bytes: int = 15 * 1024 * 1024
    max_photo_pixels: int = 60_000_000
    login_attempts_per_username: int = 10
    login_attempts_per_client: int = 30
    login_window_seconds: int = 300
    seeds_dir: Path = field(default=REPO_ROOT / "seeds")
    pwa_dir: Path = field(default=REPO_ROOT / "pwa")
    log_level: str = "INFO"
    # Addresses of reverse proxies whose X-Forwarded-For is believed (comma-separated);
    # empty: the socket's peer is the client (the login limits count per client).
    forwarded_allow_ips: str = ""
    # The dashboard map draws without tiles; with an XYZ template such as
    # https://tile.openstreetmap.org/{z}/{x}/{y}.png it draws them under the points.
    map_tiles: str = ""
    map_tiles_attribution: str = ""
    # Notices (notices/, delivery/): reminders this many days before a deadline; the city is
    # told when a major hazard is this many days overdue; `safecampus serve` runs the notice
    # job every N seconds (0: off; run `safecampus notify run` from cron instead).
    reminder_days: tuple[int, ...] = (3, 1)
    city_escalation_days: int = 7
    notify_interval_seconds: int = 300
    delivery_max_attempts: int = 8
    # Outgoing e-mail; an empty host turns the e-mail channel off. smtp_tls: none, starttls or ssl.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "safecampus@localhost"
    smtp_tls: str = "none"
    # The address people open the app at, for links in e-mails and chat messages.
    public_url: str = ""
    # host or host:port entries exempt from the channel target rules (delivery/targets.py):
    # for testing against a local stand-in; never in production.
    channel_hosts_allowed: tuple[str, ...] = ()

    @property
    def photo_dir(self) -> Path:
        return self.data_dir / "photos"


def load_settings() -> Settings:
    data_dir = Path(_env("DATA_DIR", "var")).resolve()
    return Settings(
        data_dir=data_dir,
        database_url=_env("DATABASE_URL", f"sqlite+aiosqlite:///{data_dir / 'safecampus.db'}"),
        host=_env("HOST", os.environ.get("HOST", "127.0.0.1")),
        port=_env_int("PORT", int(os.environ.get("PORT", "8000"))),
        token_ttl_days=_env_int("TOKEN_TTL_DAYS", 14),
        max_body_bytes=_env_int("MAX_BODY_BYTES", 10 * 1024 * 1024),
        max_photo_bytes=_env_int("MAX_PHOTO_BYTES", 15 * 1024 * 1024),
        max_photo_pixels=_env_int("MAX_PHOTO_PIXELS", 60_000_000),
        login_attempts_per_username=_env_int("LOGIN_ATTEMPTS_PER_USERNAME", 10),
        login_attempts_per_client=_env_int("LOGIN_ATTEMPTS_PER_CLIENT", 30),
        login_window_seconds=_env_int("LOGIN_WINDOW_SECONDS", 300),
        seeds_dir=Path(_env("SEEDS_DIR", str(REPO_ROOT / "seeds"))),
        pwa_dir=Path(_env("PWA_DIR", str(REPO_ROOT / "pwa"))),
        log_level=_env("LOG_LEVEL", "INFO"),
        forwarded_allow_ips=_env("FORWARDED_ALLOW_IPS", ""),
        map_tiles=_env("MAP_TILES", ""),
        map_tiles_attribution=_env("MAP_TILES_ATTRIBUTION", ""),
        reminder_days=_env_days("REMINDER_DAYS", "3,1"),
        city_escalation_days=_env_int("CITY_ESCALATION_DAYS", 7),
        notify_interval_seconds=_env_int("NOTIFY_INTERVAL_SECONDS", 300),
        delivery_max_attempts=_env_int("DELIVERY_MAX_ATTEMPTS", 8),
        smtp_host=_env("SMTP_HOST", ""),
        smtp_port=_env_int("SMTP_PORT", 25),
        smtp_user=_env("SMTP_USER", ""),
        smtp_password=_env("SMTP_PASSWORD", ""),
        smtp_from=_env("SMTP_FROM", "safecampus@localhost"),
        smtp_tls=_env("SMTP_TLS", "none"),
        public_url=_env("PUBLIC_URL", "").rstrip("/"),
        channel_hosts_allowed=tuple(h.strip().lower() for h in _env("CHANNEL_HOSTS_ALLOWED", "").split(",")
                                    if h.strip()),
    )
