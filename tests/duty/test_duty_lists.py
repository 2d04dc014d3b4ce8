"""Responsibility lists (第七条(三)): drawn from the duty templates by the leader's role, the
unit's own items, versioned edits, who may edit and who may report progress."""

from __future__ import annotations

import uuid

from safecampus.db import AuditEvent
from sqlalchemy import select

from tests.duty.conftest import YEAR, confirmed, item_body, leaders_of, new_list

ARTICLE = {"main_leader": "第七条", "safety_deputy": "第八条", "other_leader": "第九条"}


async def test_items_come_from_the_templates_of_the_leaders_role(client, as_user, school):
    principal = await as_user("principal")
    leaders = await leaders_of(client, principal, school)
    for name, count in (("刘淑芬", 10), ("孙立伟", 8), ("周敏", 8)):
        leader = leaders[name]
        response = await new_list(client, principal, leader["id"])
        assert response.status_code == 201, response.text
        made = response.json()
        assert made["status"] == "draft" and made["version"] == 1 and made["leader"]["name"] == name
        assert len(made["items"]) == count
        assert all(i["article"].startswith(ARTICLE[leader["duty_role"]]) for i in made["items"])
        assert {i["due_on"] for i in made["items"]} == {f"{YEAR}-12-31"}
        assert all(i["status"] == "pending" and i["target"] and i["template_code"] for i in made["items"])
        assert [i["position"] for i in made["items"]] == list(range(1, count + 1))
    deputy = next(i for i in (await new_list(client, principal, leaders["孙立伟"]["id"], YEAR - 1)).json()["items"]
                  if i["template_code"] == "A08-06")
    assert "演练" in deputy["target"] and deputy["due_on"] == f"{YEAR - 1}-12-31"


async def test_creating_is_idempotent_and_one_list_per_leader_and_year(client, as_user, school):
    principal = await as_user("principal")
    leaders = await leaders_of(client, principal, school)
    list_id = str(uuid.uuid4())
    body = {"leader_id": leaders["孙立伟"]["id"], "year": YEAR}
    assert (await client.put(f"/api/v1/duty-lists/{list_id}", json=body, headers=principal)).status_code == 201
    replay = await client.put(f"/api/v1/duty-lists/{list_id}", json=body, headers=principal)
    assert replay.status_code == 200 and len(replay.json()["items"]) == 8
    other = await client.put(f"/api/v1/duty-lists/{list_id}", json=body | {"leader_id": leaders["周敏"]["id"]},
                             headers=principal)
    assert other.status_code == 409 and other.json()["code"] == "id_conflict"
    twice = await new_list(client, principal, leaders["孙立伟"]["id"])
    assert twice.status_code == 409 and twice.json()["code"] == "duty_list_exists"
    assert twice.json()["details"]["id"] == list_id
    far = await new_list(client, principal, leaders["周敏"]["id"], YEAR + 2)
    assert far.status_code == 400 and far.json()["code"] == "invalid_year"


async def test_own_items_and_edits_carry_versions(client, as_user, deputy_list, db):
    principal = await as_user("principal")
    base = f"/api/v1/duty-lists/{deputy_list['id']}"
    own_id = str(uuid.uuid4())
    own = {"base_version": 0, "text": "落实校园周边交通安全“护学岗”制度", "target": "上下学时段每日护学岗到岗率100%",
           "due_on": f"{YEAR}-06-30"}
    added = await client.put(f"{base}/items/{own_id}", json=own, headers=principal)
    assert added.status_code == 201, added.text
    item = added.json()["items"][-1]
    assert (item["id"], item["position"], item["template_code"], item["version"]) == (own_id, 9, None, 1)
    replay = await client.put(f"{base}/items/{own_id}", json=own, headers=principal)
    assert replay.status_code == 200 and len(replay.json()["items"]) == 9

    first = deputy_list["items"][0]
    edited = await client.put(f"{base}/items/{first['id']}", headers=principal,
                              json=item_body(first, target="每月向校长报告一次", due_on=f"{YEAR}-11-30"))
    assert edited.status_code == 200, edited.text
    after = edited.json()["items"][0]
    assert (after["target"], after["due_on"], after["version"]) == ("每月向校长报告一次", f"{YEAR}-11-30", 2)
    stale = await client.put(f"{base}/items/{first['id']}", json=item_body(first, target="另一目标"), headers=principal)
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    other_year = await client.put(f"{base}/items/{first['id']}", json=item_body(after, due_on=f"{YEAR + 1}-01-15"),
                                  headers=principal)
    assert other_year.status_code == 400 and other_year.json()["code"] == "due_on_outside_year"
    bad = await client.put(f"{base}/items/{first['id']}", json=item_body(after, status="finished"), headers=principal)
    assert bad.status_code == 400

    settled = await confirmed(client, principal, edited.json())
    assert settled["status"] == "confirmed" and settled["version"] == 2
    locked = await client.put(f"{base}/items/{first['id']}", json=item_body(after, target="改目标"), headers=principal)
    assert locked.status_code == 409 and locked.json()["code"] == "list_confirmed"
    progress = await client.put(f"{base}/items/{first['id']}", headers=principal,
                                json=item_body(after, status="in_progress", note="已报告10次"))
    assert progress.status_code == 200 and progress.json()["items"][0]["status"] == "in_progress"
    reopened = await client.post(f"{base}/confirmation", json={"base_version": 2, "confirmed": False}, headers=principal)
    assert reopened.json()["status"] == "draft" and reopened.json()["version"] == 3
    async with db.session() as session:
        actions = list((await session.execute(select(AuditEvent.action).where(
            AuditEvent.entity_type.in_(("duty_list", "duty_item"))).order_by(AuditEvent.seq))).scalars())
    assert actions == ["duty_list.create", "duty_item.put", "duty_item.put", "duty_list.confirm", "duty_item.put",
                       "duty_list.reopen"]


async def test_who_may_draw_up_and_edit(client, as_user, school, unit_ids, deputy_list, user_ids):
    principal = await as_user("principal")
    leaders = await leaders_of(client, principal, school)
    for username in ("officer", "inspector", "viewer"):
        refused = await new_list(client, await as_user(username), leaders["周敏"]["id"])
        assert refused.status_code == 403, username
    assert (await new_list(client, await as_user("principal2"), leaders["周敏"]["id"])).status_code == 404
    assert (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}",
                             headers=await as_user("principal2"))).status_code == 404
    assert (await new_list(client, await as_user("admin"), leaders["周敏"]["id"])).status_code == 201

    # The deputy's own account reports progress on the deputy's items, but does not set targets.
    deputy = leaders["孙立伟"]
    linked = await client.put(f"/api/v1/leaders/{deputy['id']}", headers=principal, json={
        "org_unit_id": school, "name": deputy["name"], "position": deputy["position"],
        "duty_role": deputy["duty_role"], "user_id": user_ids["officer"]})
    assert linked.status_code == 200, linked.text
    officer = await as_user("officer")
    view = (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}", headers=officer)).json()
    assert view["may_report_progress"] and not view["may_edit"]
    item = view["items"][1]
    url = f"/api/v1/duty-lists/{deputy_list['id']}/items/{item['id']}"
    done = await client.put(url, json=item_body(item, status="done", note="全年排查三次"), headers=officer)
    assert done.status_code == 200 and done.json()["items"][1]["status"] == "done"
    target = await client.put(url, json=item_body(done.json()["items"][1], target="少做点"), headers=officer)
    assert target.status_code == 403
    own = {"base_version": 0, "text": "自加", "target": "x", "due_on": f"{YEAR}-12-31"}
    assert (await client.put(f"/api/v1/duty-lists/{deputy_list['id']}/items/{uuid.uuid4()}", json=own,
                             headers=officer)).status_code == 403
    others = (await client.get(f"/api/v1/duty-lists/{deputy_list['id']}", headers=await as_user("inspector"))).json()
    assert not others["may_report_progress"] and not others["may_edit"]


async def test_overview_shows_leaders_and_their_lists(client, as_user, school, deputy_list):
    principal = await as_user("principal")
    overview = (await client.get("/api/v1/duty-lists", params={"year": YEAR}, headers=principal)).json()
    assert overview["may_create"] is True
    rows = {r["leader"]["name"]: r for r in overview["leaders"]}
    assert set(rows) == {"刘淑芬", "赵国庆", "孙立伟", "周敏"}
    assert rows["孙立伟"]["list_id"] == deputy_list["id"] and rows["孙立伟"]["items"] == 8
    assert rows["周敏"]["list_id"] is None and rows["周敏"]["status"] is None
    county = (await client.get("/api/v1/duty-lists", headers=await as_user("inspector"))).json()
    assert not county["may_create"] and {r["org_unit_name"] for r in county["leaders"]} >= {"尖山区第一小学"}
