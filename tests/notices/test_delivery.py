"""Deliveries to a real local SMTP server and to a local HTTP server standing in for the
WeCom and DingTalk robots and a generic webhook; retries with backoff; daily digests."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import uuid
from dataclasses import replace
from datetime import date, timedelta
from email import policy

import pytest
from safecampus.delivery import targets

from tests.factories import CAMPUS, jpeg, upload
from tests.hazards.test_closed_loop import acknowledge, get, prove
from tests.notices.conftest import noon, run_job
from tests.notices.servers import smtp_server, webhook_server

SECRET = "SEC0123456789abcdef"


@pytest.fixture
def hook():
    with webhook_server() as server:
        yield server


@pytest.fixture
def settings(settings, hook):
    """The local stand-in for WeCom, DingTalk and webhooks is exempt from the target rules
    (its exact host:port only; SAFECAMPUS_CHANNEL_HOSTS_ALLOWED)."""
    return replace(settings, channel_hosts_allowed=(f"127.0.0.1:{hook.port}",))


async def channel(client, headers, unit_id, kind, target, **extra):
    response = await client.put(f"/api/v1/notice-channels/{uuid.uuid4()}", headers=headers,
                                json={"org_unit_id": unit_id, "kind": kind, "target": target} | extra)
    assert response.status_code == 200, response.text
    return response.json()


async def deliveries(client, headers, **params):
    response = await client.get("/api/v1/deliveries", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def due_of(client, as_user, found):
    return date.fromisoformat((await get(client, await as_user("principal"), found["general"]["id"]))["due_on"])


async def test_email_wecom_dingtalk_and_webhook_each_get_the_notice_once(client, as_user, settings, unit_ids,
                                                                          found, hook):
    admin, school = await as_user("admin"), unit_ids["230502-01"]
    await channel(client, admin, school, "email", "safety@school.example.cn, principal@school.example.cn")
    await channel(client, admin, school, "wecom", hook.url("/cgi-bin/webhook/send?key=abc"))
    ding = await channel(client, admin, school, "dingtalk", hook.url("/robot/send?access_token=tok"), secret=SECRET)
    assert ding["has_secret"] and "secret" not in ding
    edited = await client.put(f"/api/v1/notice-channels/{ding['id']}", headers=admin, json={
        "org_unit_id": school, "kind": "dingtalk", "target": ding["target"], "active": True})  # no secret: kept
    assert edited.status_code == 200 and edited.json()["has_secret"] and edited.json()["version"] == 2
    await channel(client, admin, school, "webhook", hook.url("/hook"))
    due = await due_of(client, as_user, found)
    with smtp_server() as (port, mails):
        configured = replace(settings, smtp_host="127.0.0.1", smtp_port=port,
                             public_url="https://safecampus.example.cn")
        report = await run_job(configured, noon(due, 1))
        again = await run_job(configured, noon(due, 1, ) + timedelta(hours=1))
    assert (report.sent, report.failed, again.sent) == (4, 0, 0)

    [mail] = mails
    assert sorted(mail.rcpt_tos) == ["principal@school.example.cn", "safety@school.example.cn"]
    message = email.message_from_bytes(mail.content, policy=policy.default)
    assert message["Subject"] == "隐患已逾期未整改" and message["From"] == "safecampus@localhost"
    text = message.get_content()
    assert "尖山区第一小学" in text and f"https://safecampus.example.cn/#/hazard/{found['general']['id']}" in text

    by_path = {r["path"]: r for r in hook.requests}
    assert len(hook.requests) == 3
    wecom = by_path["/cgi-bin/webhook/send"]
    assert wecom["query"] == {"key": ["abc"]} and wecom["json"]["msgtype"] == "markdown"
    assert set(wecom["json"]) == {"msgtype", "markdown"} and set(wecom["json"]["markdown"]) == {"content"}
    assert wecom["json"]["markdown"]["content"].startswith("### 隐患已逾期未整改")
    assert wecom["content_type"].startswith("application/json")

    dingtalk = by_path["/robot/send"]
    timestamp, sign = dingtalk["query"]["timestamp"][0], dingtalk["query"]["sign"][0]
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert sign == expected and dingtalk["query"]["access_token"] == ["tok"]
    assert int(timestamp) == int(noon(due, 1).timestamp() * 1000)  # the job's clock, in milliseconds
    assert dingtalk["json"]["msgtype"] == "markdown"
    assert dingtalk["json"]["markdown"]["title"] == "隐患已逾期未整改" and "尖山区第一小学" in dingtalk["json"]["markdown"]["text"]

    generic = by_path["/hook"]["json"]
    assert generic["kind"] == "overdue" and generic["hazard_id"] == found["general"]["id"]
    assert generic["link"] == f"https://safecampus.example.cn/#/hazard/{found['general']['id']}"
    assert {d["status"] for d in await deliveries(client, admin)} == {"sent"}


async def test_a_failing_endpoint_is_retried_with_backoff_then_given_up_visibly(client, as_user, settings, unit_ids,
                                                                                 found, hook):
    admin, school = await as_user("admin"), unit_ids["230502-01"]
    await channel(client, admin, school, "wecom", hook.url("/flaky"))
    hook.failures = [500, 503]
    due = await due_of(client, as_user, found)
    start = noon(due, 1)
    assert (await run_job(settings, start)).failed == 1
    [attempted] = await deliveries(client, admin)
    assert attempted["status"] == "pending" and attempted["attempts"] == 1 and "HTTP 500" in attempted["last_error"]
    assert (await run_job(settings, start + timedelta(seconds=30))).failed == 0  # backing off: not yet
    assert len(hook.requests) == 1
    assert (await run_job(settings, start + timedelta(seconds=61))).failed == 1
    assert (await run_job(settings, start + timedelta(seconds=61 + 90))).sent == 0  # 2 minutes after the 2nd
    assert (await run_job(settings, start + timedelta(seconds=61 + 121))).sent == 1
    [sent] = await deliveries(client, admin, status="sent")
    assert sent["attempts"] == 3 and len(hook.requests) == 3

    await channel(client, admin, school, "webhook", hook.url("/down"))
    hook.failures = [500] * 10
    impatient = replace(settings, delivery_max_attempts=2)
    await run_job(impatient, noon(due, 2))  # a new channel hears of the overdue hazard once (and fails)
    assert len(hook.requests) == 4
    officer = await as_user("officer")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    await upload(client, officer, jpeg(230, gps=CAMPUS))
    proved = await prove(client, officer, hazard, [jpeg(230, gps=CAMPUS)])
    assert proved.status_code == 201 and len(hook.requests) == 4  # queued, not sent by the request
    await run_job(impatient, noon(due, 2) + timedelta(minutes=1))
    await run_job(impatient, noon(due, 2) + timedelta(minutes=5))
    failed = await deliveries(client, admin, status="failed")
    assert sorted(d["kind"] for d in failed) == ["overdue", "proof_waiting", "proof_waiting"]  # both channels
    assert {(d["attempts"], d["last_error"]) for d in failed} == {(2, "HTTP 500 from the webhook")}
    assert (await client.get("/api/v1/deliveries", headers=await as_user("principal"))).status_code == 403


async def test_a_digest_unit_gets_one_message_a_day(client, as_user, settings, unit_ids, found, hook):
    admin = await as_user("admin")
    await channel(client, admin, unit_ids["230502-01"], "webhook", hook.url("/digest"), digest=True)
    officer = await as_user("officer")
    hazard = (await acknowledge(client, officer, await get(client, officer, found["general"]["id"]))).json()
    await upload(client, officer, jpeg(240, gps=CAMPUS))
    await prove(client, officer, hazard, [jpeg(240, gps=CAMPUS)])  # proof_waiting → the principal, today
    due = await due_of(client, as_user, found)
    await run_job(settings, noon(due, -3))  # today: the 3-day reminder, held for the digest
    assert hook.requests == []
    assert {d["status"] for d in await deliveries(client, admin)} == {"held"}
    await run_job(settings, noon(due, -2))
    await run_job(settings, noon(due, -2) + timedelta(hours=2))
    [digest] = hook.requests
    assert digest["json"]["kind"] == "digest" and digest["json"]["body"].startswith("共 2 条提醒")
    assert "整改佐证待验收" in digest["json"]["body"] and "隐患整改还有 3 天到期" in digest["json"]["body"]


async def test_channels_are_configured_in_scope(client, as_user, unit_ids):
    principal, inspector = await as_user("principal"), await as_user("inspector")
    mine = await channel(client, principal, unit_ids["230502-01"], "email", "a@school.example.cn")
    assert mine["unit_name"] == "尖山区第一小学"
    other = await client.put(f"/api/v1/notice-channels/{uuid.uuid4()}", headers=principal, json={
        "org_unit_id": unit_ids["230523-02"], "kind": "email", "target": "x@example.cn"})
    assert other.status_code == 404
    bad = await client.put(f"/api/v1/notice-channels/{uuid.uuid4()}", headers=principal, json={
        "org_unit_id": unit_ids["230502-01"], "kind": "wecom", "target": "file:///etc/passwd"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_target"
    refused = await client.put(f"/api/v1/notice-channels/{uuid.uuid4()}", headers=inspector, json={
        "org_unit_id": unit_ids["230502-01"], "kind": "email", "target": "x@example.cn"})
    assert refused.status_code == 403
    assert [c["id"] for c in (await client.get("/api/v1/notice-channels", headers=principal)).json()] == [mine["id"]]


async def put_channel(client, headers, unit_id, kind, target, channel_id=None, **extra):
    return await client.put(f"/api/v1/notice-channels/{channel_id or uuid.uuid4()}", headers=headers,
                            json={"org_unit_id": unit_id, "kind": kind, "target": target} | extra)


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8000/", "https://10.0.0.5/",
    "https://127.1/hook", "https://2130706433/hook", "https://[::ffff:127.0.0.1]/hook", "https://0.0.0.0/",
    "https://224.0.0.1/", "https://192.168.1.10:8443/hook", "http://hooks.example.cn/hook"])
async def test_a_webhook_may_not_point_into_the_servers_network(client, as_user, unit_ids, target):
    response = await put_channel(client, await as_user("principal"), unit_ids["230502-01"], "webhook", target)
    assert response.status_code == 400 and response.json()["code"] == "channel_target_not_allowed", response.text


async def test_robots_must_be_wecom_and_dingtalk_themselves(client, as_user, unit_ids):
    principal, school = await as_user("principal"), unit_ids["230502-01"]
    for kind, target in [
        ("wecom", "https://hooks.example.cn/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com@169.254.169.254/cgi-bin/webhook/send?key=abc"),
        ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/other?key=abc"),
        ("dingtalk", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"),
        ("dingtalk", "https://oapi.dingtalk.com:8443/robot/send?access_token=tok"),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send"),
    ]:
        response = await put_channel(client, principal, school, kind, target)
        assert response.status_code == 400 and response.json()["code"] == "channel_target_not_allowed", target
    for kind, target in [("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"),
                         ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=tok"),
                         ("webhook", "https://hooks.example.cn/safecampus")]:
        assert (await put_channel(client, principal, school, kind, target)).status_code == 200, target


async def test_a_name_resolving_to_loopback_is_refused_at_send_time(client, as_user, settings, unit_ids, found, hook):
    admin, school = await as_user("admin"), unit_ids["230502-01"]
    await channel(client, admin, school, "webhook", f"https://localhost:{hook.port}/hook")  # a name: saved
    due = await due_of(client, as_user, found)
    report = await run_job(settings, noon(due, 1))
    assert (report.sent, report.failed) == (0, 1) and hook.requests == []
    [refused] = await deliveries(client, admin)
    assert refused["status"] == "pending" and refused["last_error"].startswith("target not allowed")
    assert "127.0.0.1" in refused["last_error"] or "::1" in refused["last_error"]


async def test_the_allow_list_exempts_exactly_its_hosts():
    with pytest.raises(targets.TargetNotAllowed):
        await targets.check_resolved("webhook", "https://localhost/hook", ())
    await targets.check_resolved("webhook", "https://localhost:9/hook", ("localhost:9",))
    await targets.check_resolved("wecom", "http://localhost:9/any", ("localhost",))  # a bare host: any port
    with pytest.raises(targets.TargetNotAllowed):  # a listed host:port does not open another port
        await targets.check_resolved("webhook", "https://localhost:10/hook", ("localhost:9",))


async def test_editing_a_channel_keeps_its_secret_unless_cleared(client, as_user, unit_ids):
    principal, school = await as_user("principal"), unit_ids["230502-01"]
    target, channel_id = "https://oapi.dingtalk.com/robot/send?access_token=tok", uuid.uuid4()
    saved = await put_channel(client, principal, school, "dingtalk", target, channel_id, secret=SECRET)
    assert saved.json()["has_secret"]
    kept = await put_channel(client, principal, school, "dingtalk", target, channel_id, digest=True)
    assert kept.json()["has_secret"] and kept.json()["digest"]
    cleared = await put_channel(client, principal, school, "dingtalk", target, channel_id, secret=None)
    assert cleared.status_code == 200 and not cleared.json()["has_secret"]
    await put_channel(client, principal, school, "dingtalk", target, channel_id, secret=SECRET)
    assert not (await put_channel(client, principal, school, "dingtalk", target, channel_id, secret="")).json()["has_secret"]
    fresh = await put_channel(client, principal, school, "dingtalk", target)
    assert fresh.status_code == 200 and not fresh.json()["has_secret"]
