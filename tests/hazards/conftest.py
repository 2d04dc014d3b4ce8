"""A submitted inspection of the demo principal's school with a general and a major hazard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import CAMPUS, checklist, inspection_body, jpeg, sha, upload


@pytest.fixture
async def daily(client, as_user) -> dict[str, Any]:
    return await checklist(client, await as_user("inspector"), "daily_campus")


@pytest.fixture
async def found(client, as_user, unit_ids, daily) -> dict[str, Any]:
    """{'inspection': body, 'general': hazard, 'major': hazard, 'evidence': bytes} after the
    inspector submitted it and uploaded the evidence photo."""
    headers = await as_user("inspector")
    evidence = jpeg(100, gps=CAMPUS)
    general_item = next(i for i in daily["items"] if i["grade"] == "general")
    major_item = next(i for i in daily["items"] if i["grade"] == "major")
    body = inspection_body(daily, unit_ids["230502-01"], hazards={
        general_item["code"]: {"photos": [sha(evidence)], "location_note": "教学楼二楼东侧"},
        major_item["code"]: {"photos": [sha(jpeg(101))], "grade": "major"},
    }, location={"lat": CAMPUS[0], "lon": CAMPUS[1], "accuracy_m": 15})
    response = await client.put(f"/api/v1/inspections/{_id()}", json=body, headers=headers)
    assert response.status_code == 201, response.text
    await upload(client, headers, evidence)
    general = next(r["hazard"] for r in body["results"] if r["item_code"] == general_item["code"])
    major = next(r["hazard"] for r in body["results"] if r["item_code"] == major_item["code"])
    return {"inspection": response.json(), "general": general, "major": major, "evidence": evidence,
            "general_item": general_item}


def _id() -> str:
    import uuid

    return str(uuid.uuid4())
