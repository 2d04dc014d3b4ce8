"""The ``safecampus`` command: serve, migrate, seed, demo, users, export-openapi, backup, restore, audit."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncSession

from safecampus.settings import Settings, load_settings
from safecampus.vocabulary import ROLES

T = TypeVar("T")


def _with_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    from safecampus.db.engine import Database

    async def run() -> T:
        db = Database(settings.database_url)
        try:
            async with db.session() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """SafeCampus: school safety inspections, hazard ledger and responsibility system.

    Configuration comes from SAFECAMPUS_* environment variables (see README)."""
    ctx.obj = load_settings()


@main.command()
@click.option("--host", default=None, help="Address to listen on (SAFECAMPUS_HOST, default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (SAFECAMPUS_PORT, default 8000).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each reads the SAFECAMPUS_* settings itself).")
@click.pass_obj
def serve(settings: Settings, host: str | None, port: int | None, workers: int) -> None:
    """Serve the API, the PWA and the OpenAPI UI."""
    import uvicorn

    from safecampus.app import create_app

    # Several workers need the app as an import string, built in each process (each runs the
    # notice job's loop too: the job is safe to run concurrently).
    app: Any = create_app(settings, background_jobs=True) if workers == 1 else "safecampus.app:create_served_app"
    uvicorn.run(app, factory=workers > 1, workers=workers, host=host or settings.host, port=port or settings.port,
                log_level=settings.log_level.lower(), proxy_headers=bool(settings.forwarded_allow_ips),
                forwarded_allow_ips=settings.forwarded_allow_ips or None)


@main.group()
def notify() -> None:
    """Reminders, overdue notices, digests and deliveries to the units' channels."""


@notify.command("run")
@click.option("--now", "moment", type=click.DateTime(formats=["%Y-%m-%dT%H:%M:%S%z"]), default=None,
              help="Run as of this moment (ISO with offset); default: now.")
@click.pass_obj
def notify_run(settings: Settings, moment: Any) -> None:
    """Run the notice job once (safe to run from cron on several hosts at once)."""
    from safecampus.db.base import utcnow
    from safecampus.db.engine import Database
    from safecampus.notices.job import run

    async def work() -> Any:
        db = Database(settings.database_url)
        try:
            return await run(db, settings, now=moment or utcnow())
        finally:
            await db.dispose()

    report = asyncio.run(work())
    click.echo(f"notices: {report.notices} new, digests: {report.digests}, deliveries sent: {report.sent}, "
               f"failed attempts: {report.failed}")


@main.command()
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Apply the database migrations (creates the SQLite file if needed)."""
    from safecampus.db.migrate import upgrade

    upgrade(settings.database_url)
    click.echo("database is at the latest migration")


@main.command()
@click.pass_obj
def seed(settings: Settings) -> None:
    """Load reference data from seeds/: org tree, bureau sections, duty templates."""
    from safecampus.seeding.files import SeedError
    from safecampus.seeding.loader import load_reference

    try:
        counts = _with_session(settings, lambda s: load_reference(s, settings.seeds_dir))
    except SeedError as exc:
        _fail(str(exc))
    click.echo(f"reference data: {counts}")


@main.command()
@click.option("--scale", type=click.IntRange(1, 9999), default=None,
              help="Also add this many synthetic schools with five years of history (load testing).")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the synthetic history.")
@click.pass_obj
def demo(settings: Settings, scale: int | None, seed: int) -> None:
    """Load the demo schools and the six demo accounts (never in production)."""
    from safecampus.seeding.files import SeedError
    from safecampus.seeding.loader import load_demo

    try:
        counts = _with_session(settings, lambda s: load_demo(s, settings.seeds_dir))
    except SeedError as exc:
        _fail(str(exc))
    click.echo(f"demo data: {counts}")
    if scale:
        _synthetic(settings, scale, seed)


def _synthetic(settings: Settings, schools: int, seed: int) -> None:
    import time

    from safecampus.seeding.synthetic.loader import load_synthetic, synthetic_schools

    if existing := _with_session(settings, synthetic_schools):
        click.echo(f"synthetic data: already loaded ({existing:,} schools); use a fresh database for another scale")
        return
    started = time.perf_counter()
    tally = _with_session(settings, lambda s: load_synthetic(s, schools, seed, click.echo))
    click.echo(f"synthetic data: {tally} in {time.perf_counter() - started:.1f} s")


@main.group()
def users() -> None:
    """Manage accounts from the server's shell (acts on the whole tree)."""


@users.command("create")
@click.argument("username")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", required=True,
              type=click.Choice(ROLES))
@click.option("--unit", "unit_code", required=True, help="Code of the org unit, e.g. 230502.")
@click.option("--phone", default=None)
@click.option("--password", default=None, help="Omit to generate a one-time password.")
@click.pass_obj
def users_create(settings: Settings, username: str, name: str, role: str, unit_code: str, phone: str | None,
                 password: str | None) -> None:
    """Create a user; prints the one-time password when none was given."""
    import msgspec
    from sqlalchemy import select

    from safecampus.accounts.schemas import PersonFields
    from safecampus.accounts.services import create_user
    from safecampus.audit.services import Actor
    from safecampus.db import OrgUnit
    from safecampus.errors import DomainError

    try:
        msgspec.convert({"username": username, "name": name, "phone": phone, "password": password}, PersonFields)
    except msgspec.ValidationError as exc:
        _fail(f"invalid value: {exc}")

    async def work(session: AsyncSession) -> str | None:
        unit = (await session.execute(select(OrgUnit).where(OrgUnit.code == unit_code))).scalar_one_or_none()
        if unit is None:
            _fail(f"no org unit with code {unit_code!r}")
        _, initial = await create_user(session, Actor("cli"), "/", username=username, name=name, role=role,
                                       org_unit_id=unit.id, phone=phone, password=password)
        return initial

    try:
        initial = _with_session(settings, work)
    except DomainError as exc:
        _fail(exc.message)
    click.echo(f"created {username}" + (f"; one-time password: {initial}" if initial else ""))


@users.command("disable")
@click.argument("username")
@click.pass_obj
def users_disable(settings: Settings, username: str) -> None:
    """Disable a user; their tokens stop working at once."""
    _user_action(settings, username, "disable")
    click.echo(f"{username} is disabled")


@users.command("enable")
@click.argument("username")
@click.pass_obj
def users_enable(settings: Settings, username: str) -> None:
    """Enable a disabled user again."""
    _user_action(settings, username, "enable")
    click.echo(f"{username} is enabled")


@users.command("reset-password")
@click.argument("username")
@click.option("--password", default=None, help="Omit to generate a one-time password.")
@click.pass_obj
def users_reset_password(settings: Settings, username: str, password: str | None) -> None:
    """Set a new password (the user must change it at next sign-in); kills their tokens."""
    new, active = _user_action(settings, username, "reset", password)
    click.echo(f"password of {username} reset; one-time password: {new}"
               + ("" if active else f" (the account stays disabled: safecampus users enable {username})"))


def _user_action(settings: Settings, username: str, action: str, password: str | None = None) -> Any:
    from safecampus.accounts import services
    from safecampus.audit.services import Actor
    from safecampus.errors import DomainError

    async def work(session: AsyncSession) -> Any:
        user = await services.user_by_username(session, username)
        if action in ("disable", "enable"):
            return await services.set_active(session, Actor("cli"), "/", user.id, active=action == "enable")
        user, new = await services.reset_password(session, Actor("cli"), "/", user.id, password)
        return new, user.active

    try:
        return _with_session(settings, work)
    except DomainError as exc:
        _fail(exc.message)


@main.command("export-openapi")
@click.option("--output", type=click.Path(path_type=Path), default=Path("openapi/openapi.json"), show_default=True)
@click.pass_obj
def export_openapi(settings: Settings, output: Path) -> None:
    """Write the OpenAPI document of the app (a test keeps the committed copy current)."""
    from safecampus.app import create_app
    from safecampus.openapi import openapi_document

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(openapi_document(create_app(settings)), encoding="utf-8")
    click.echo(f"wrote {output}")


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup(settings: Settings, target: Path) -> None:
    """Write the database and the photos to one archive; the app may keep running."""
    from safecampus.backup.archive import BackupError, create

    try:
        manifest = create(settings.database_url, settings.photo_dir, target)
    except BackupError as exc:
        _fail(str(exc))
    click.echo(f"wrote {target}: {manifest.backend} database, {manifest.photos} photo files")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def restore(settings: Settings, source: Path) -> None:
    """Restore an archive into an empty database and photo directory, then verify the audit chain."""
    from sqlalchemy import inspect

    from safecampus.audit.services import verify
    from safecampus.backup.archive import BackupError
    from safecampus.backup.archive import restore as restore_archive

    async def empty(session: AsyncSession) -> bool:
        return not await session.run_sync(lambda s: inspect(s.connection()).get_table_names())

    try:
        manifest = restore_archive(source, settings.database_url, settings.photo_dir, _with_session(settings, empty))
    except BackupError as exc:
        _fail(str(exc))
    result = _with_session(settings, verify)
    if not result.ok:
        _fail(f"restored, but the audit trail is broken at event #{result.bad_seq}: {result.reason}")
    click.echo(f"restored {manifest.backend} backup of {manifest.created_at}: {manifest.photos} photo files, "
               f"audit trail intact ({result.events} events)")


@main.group()
def audit() -> None:
    """The hash-chained audit trail."""


@audit.command("verify")
@click.pass_obj
def audit_verify(settings: Settings) -> None:
    """Recompute the hash chain; exit 1 naming the first bad event."""
    from safecampus.audit.services import verify

    result = _with_session(settings, verify)
    if result.ok:
        click.echo(f"audit trail intact: {result.events} events")
        return
    _fail(f"audit trail broken at event #{result.bad_seq}: {result.reason}")


