"""The `safecampus` command line."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from safecampus.cli import main

COMMANDS = [[], ["serve"], ["migrate"], ["seed"], ["demo"], ["users"], ["users", "create"], ["users", "disable"],
            ["users", "reset-password"], ["users", "enable"], ["export-openapi"], ["backup"], ["restore"], ["audit"],
            ["audit", "verify"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "safecampus")
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


@pytest.fixture
def cli(database_url, monkeypatch):
    monkeypatch.setenv("SAFECAMPUS_DATABASE_URL", database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args))


def test_users_create_disable_reset(cli):
    created = cli("users", "create", "zhou", "--name", "周安全", "--role", "school_officer", "--unit", "230521-02")
    assert created.exit_code == 0, created.output
    assert re.search(r"one-time password: \S+", created.output)
    assert cli("users", "create", "zhou", "--name", "x", "--role", "school_officer",
               "--unit", "230521-02").exit_code == 1
    wrong_unit = cli("users", "create", "wu", "--name", "x", "--role", "principal", "--unit", "nope")
    assert wrong_unit.exit_code == 1 and "nope" in wrong_unit.output
    reset = cli("users", "reset-password", "zhou", "--password", "another-secret-1")
    assert reset.exit_code == 0 and "another-secret-1" in reset.output
    assert cli("users", "disable", "zhou").exit_code == 0
    assert "stays disabled" in cli("users", "reset-password", "zhou").output
    assert cli("users", "enable", "zhou").exit_code == 0
    assert cli("users", "disable", "ghost").exit_code == 1
    assert cli("audit", "verify").exit_code == 0


@pytest.mark.parametrize("args", [["a b/c"], ["x" * 80], ["zhang", "--name", ""], ["li", "--phone", "call me"],
                                  ["wang", "--password", "short"]])
def test_users_create_validates_like_the_api(cli, args):
    base = {"--name": "某人", "--role": "principal", "--unit": "230502-02"}
    extra = dict(zip(args[1::2], args[2::2], strict=False))
    options = [x for k, v in (base | extra).items() for x in (k, v)]
    result = cli("users", "create", args[0], *options)
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_seed_and_demo_are_idempotent_from_the_cli(cli):
    assert cli("migrate").exit_code == 0
    seed = cli("seed")
    assert seed.exit_code == 0 and "0 created, 0 updated" in seed.output
    demo = cli("demo")
    assert demo.exit_code == 0 and "0 created, 0 updated" in demo.output
