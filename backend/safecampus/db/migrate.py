"""Alembic, driven from code so that no alembic.ini is needed (``safecampus migrate``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # Passed as an attribute, not an ini option: URLs may hold '%' that ini parsing mangles.
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to ``revision``. Synchronous (Alembic runs its own event loop):
    call it through ``asyncio.to_thread`` from async code."""
    command.upgrade(alembic_config(database_url), revision)
