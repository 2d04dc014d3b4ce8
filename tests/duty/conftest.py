"""Helpers of the duty tests: the demo leaders and a list drawn up for one of them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

YEAR = datetime.now(UTC).year


async def leaders_of(client: Any, headers: dict[str, str], unit_id: str) -> dict[str, dict[str, Any]]:
    """The unit's leaders by name."""
    listing = (await client.get("/api/v1/leaders", params={"org_unit_id": unit_id}, headers=headers)).json()
    return {x["name"]: x for x in listing if x["org_unit_id"] == unit_id}


async def new_list(client: Any, headers: dict[str, str], leader_id: str, year: int = YEAR) -> Any:
    return await client.put(f"/api/v1/duty-lists/{uuid.uuid4()}", json={"leader_id": leader_id, "year": year},
                            headers=headers)


def item_body(item: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {k: item[k] for k in ("text", "article", "target", "due_on", "status", "note")}
    return body | {"base_version": item["version"]} | changes


@pytest.fixture
async def school(unit_ids) -> str:
    return unit_ids["230502-01"]


@pytest.fixture
async def deputy_list(client, as_user, school) -> dict[str, Any]:
    """The safety deputy 孙立伟's list for this year, drawn up by the principal."""
    principal = await as_user("principal")
    deputy = (await leaders_of(client, principal, school))["孙立伟"]
    response = await new_list(client, principal, deputy["id"])
    assert response.status_code == 201, response.text
    return response.json()


async def confirmed(client: Any, headers: dict[str, str], duty_list: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(f"/api/v1/duty-lists/{duty_list['id']}/confirmation",
                                 json={"base_version": duty_list["version"]}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def scores_for(duty_list: dict[str, Any], score: int = 90) -> dict[str, Any]:
    return {"comment": "总体落实较好", "scores": [{"item_id": i["id"], "score": score - n, "comment": None}
                                              for n, i in enumerate(duty_list["items"])]}
