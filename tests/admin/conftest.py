from __future__ import annotations

import pytest

from tests.conftest import login


@pytest.fixture
async def county_admin(client, as_user, unit_ids) -> dict[str, str]:
    """An admin of 尖山区 (230502), created through the API by the city admin."""
    response = await client.post("/api/v1/users", headers=await as_user("admin"), json={
        "username": "jsadmin", "name": "尖山区管理员", "role": "admin", "org_unit_id": unit_ids["230502"],
        "phone": "13800000502", "password": "county-admin-pw"})
    assert response.status_code == 201, response.text
    return await login(client, "jsadmin", "county-admin-pw")
