"""Password rules: common passwords are refused wherever a password is set, argon2id stays at
or above OWASP's minimum, and a locked-out sign-in says when to try again."""

from __future__ import annotations

import pytest
from argon2 import Type
from argon2.profiles import RFC_9106_LOW_MEMORY
from safecampus.auth import passwords
from safecampus.auth.passwords import common_passwords, password_problem

from tests.conftest import login

CHINESE_COMMON = ("123456", "a123456", "woaini1314", "qq123456", "5201314", "1qaz2wsx", "88888888")


def test_the_common_password_list_is_bundled_and_large():
    common = common_passwords()
    assert len(common) >= 10_000
    assert {"password", "qwerty123", *CHINESE_COMMON} <= common


@pytest.mark.parametrize("password", ["woaini1314", "WoAiNi1314", "a12345678", "password1", "1q2w3e4r5t", "qwertyuiop"])
def test_common_passwords_are_refused_in_any_case(password):
    assert "common" in (password_problem(password) or "")


def test_an_uncommon_password_is_accepted():
    assert password_problem("校园安全-巡查2026") is None
    assert password_problem("new-secret-42") is None


def test_argon2id_parameters_meet_owasp_minimum():
    """OWASP: argon2id, m ≥ 19 MiB, t ≥ 2, p ≥ 1. We use RFC 9106 low-memory (m=64 MiB, t=3, p=4)."""
    params = passwords._hasher._parameters
    assert params == RFC_9106_LOW_MEMORY
    assert params.type is Type.ID and params.memory_cost >= 19 * 1024 and params.time_cost >= 2
    assert passwords._DUMMY_HASH.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


async def test_common_passwords_are_refused_when_changing_creating_or_resetting(client, as_user, unit_ids):
    officer = await as_user("officer")
    changed = await client.post("/api/v1/me/password", headers=officer,
                                json={"current_password": "demo-officer", "new_password": "woaini1314"})
    assert changed.status_code == 400 and changed.json()["code"] == "weak_password"
    assert "common" in changed.json()["message"]
    created = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "zhou", "name": "周老师", "role": "school_officer", "org_unit_id": unit_ids["230502-01"],
        "password": "qq123456"})
    assert created.status_code == 400 and created.json()["code"] == "weak_password"
    await login(client, "officer")  # nothing changed


async def test_a_locked_out_sign_in_says_when_to_retry(client):
    for _ in range(10):
        assert (await client.post("/api/v1/auth/login", json={"username": "officer", "password": "wrong-guess"})
                ).status_code == 401
    locked = await client.post("/api/v1/auth/login", json={"username": "officer", "password": "demo-officer"})
    assert locked.status_code == 429 and locked.json()["code"] == "too_many_attempts"
    seconds = locked.json()["details"]["retry_after_seconds"]
    assert 0 < seconds <= 300 and locked.headers["retry-after"] == str(seconds)
    assert f"Try again in {seconds} seconds" in locked.json()["message"]
