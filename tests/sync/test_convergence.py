"""Nothing a phone sends is lost or doubled (issue #10): any interleaving of the outboxes of several
phones, with requests sent out of order, sent again, retried after a lost answer and racing each
other, ends in the state that sending each request once, in order, gives on a fresh database.

Hypothesis drives a RuleBasedStateMachine; its rules are synchronous, so the test owns an
asyncio.Runner whose one loop serves both apps across every step of every example."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field, replace
from typing import Any

import hypothesis
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from safecampus.accounts.services import create_user
from safecampus.audit.services import Actor
from safecampus.db import OrgUnit
from safecampus.settings import Settings
from sqlalchemy import select

from tests.conftest import login
from tests.databases import DatabasePool
from tests.factories import checklist
from tests.sync import phones
from tests.sync.phones import PHONES, Op, flush_order
from tests.sync.projection import differences, picture
from tests.sync.server import Copies, Server, World

EXAMPLES = hypothesis.settings(max_examples=20, stateful_step_count=15, deadline=None, derandomize=True, database=None)
INSPECTOR2_PASSWORD = "baoqing-field-2026"


async def prepare(server: Server, settings: Settings, pool: DatabasePool) -> World:
    """The test's database becomes the world: a second inspector, every phone signed in."""
    await server.use(settings.database_url)
    assert server.db is not None
    async with server.db.session() as session:
        units = {code: str(uid) for code, uid in await session.execute(select(OrgUnit.code, OrgUnit.id))}
        await create_user(session, Actor("test"), "/", username="inspector2", name="孙建军（宝清县检查员）",
                          role="inspector", org_unit_id=uuid.UUID(units["230523"]), password=INSPECTOR2_PASSWORD)
    headers = {name: await login(server.client, name, INSPECTOR2_PASSWORD if name == "inspector2" else None)
               for name in PHONES}
    forms = {code: await checklist(server.client, headers["inspector"], code) for code in phones.CHECKLISTS}
    await server.close_database()  # a database is copied only while nobody is connected to it
    return World(Copies(pool, settings.database_url), headers, units, forms)


@dataclass(repr=False)
class Phone:
    username: str
    ops: list[Op]  # everything it queued, in the order made
    pending: list[Op] = field(init=False)  # not answered yet, as far as the phone knows
    done: list[Op] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.pending = list(self.ops)

    def __repr__(self) -> str:
        return self.username

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # how Hypothesis prints a failing case
        printer.text(repr(self))

    def answered(self, op: Op) -> None:
        if op in self.pending:
            self.pending.remove(op)
            self.done.append(op)


def machine(runner: asyncio.Runner, world: World, field_server: Server,
            reference: Server) -> type[RuleBasedStateMachine]:
    class SyncMachine(RuleBasedStateMachine):
        """Phones with full outboxes and a flaky network; the server must end where a perfect
        network would have left a fresh one."""

        def __init__(self) -> None:
            super().__init__()
            self.phones: list[Phone] = []
            self.clean = False  # every step so far passed: only then is the end state worth comparing

        def run(self, step: Any) -> None:
            self.clean = False
            runner.run(step)
            self.clean = True

        def _with(self, ops: str) -> list[Phone]:
            return [phone for phone in self.phones if getattr(phone, ops)]

        @initialize(plan=phones.plans)
        def queue(self, plan: tuple[list[dict[str, Any]], ...]) -> None:
            self.phones = [Phone(name, phones.queue(i, name, plan[i], world.units, world.checklists))
                           for i, name in enumerate(PHONES)]
            self.run(field_server.fresh(world))

        @precondition(lambda self: self._with("pending"))
        @rule(data=st.data())
        def flush_next(self, data: st.DataObject) -> None:
            """The phone sends the next op of its outbox and sees the answer."""
            phone = data.draw(st.sampled_from(self._with("pending")))
            op = flush_order(phone.pending)[0]
            self.run(field_server.send((phone.username, op)))
            phone.answered(op)

        @precondition(lambda self: self._with("pending"))
        @rule(data=st.data())
        def send_out_of_order(self, data: st.DataObject) -> None:
            """Any queued op goes first: a record before its photos (a photo upload held as failed,
            Background Sync flushing while the page queues), a later record before an earlier one."""
            phone = data.draw(st.sampled_from(self._with("pending")))
            op = data.draw(st.sampled_from(phone.pending))
            self.run(field_server.send((phone.username, op)))
            phone.answered(op)

        @precondition(lambda self: self._with("pending"))
        @rule(data=st.data())
        def answer_lost(self, data: st.DataObject) -> None:
            """The request reached the server but the answer never reached the phone (timeout,
            tunnel, app killed): the op stays queued and is sent again later."""
            phone = data.draw(st.sampled_from(self._with("pending")))
            self.run(field_server.send((phone.username, data.draw(st.sampled_from(phone.pending)))))

        @precondition(lambda self: self._with("done"))
        @rule(data=st.data())
        def send_again(self, data: st.DataObject) -> None:
            """An op already answered is sent once more (a second tab, Background Sync and the
            page both flushing, a replaying proxy)."""
            phone = data.draw(st.sampled_from(self._with("done")))
            self.run(field_server.send((phone.username, data.draw(st.sampled_from(phone.done)))))

        @rule(data=st.data())
        def race(self, data: st.DataObject) -> None:
            """Two or three requests in flight at once, from one phone or several, possibly the same
            op twice (a retry while the first attempt is still being served)."""
            sends = data.draw(st.lists(st.sampled_from([(phone, op) for phone in self.phones for op in phone.ops]),
                                       min_size=2, max_size=3))
            self.run(field_server.send(*((phone.username, op) for phone, op in sends)))
            for phone, op in sends:
                phone.answered(op)

        def teardown(self) -> None:
            try:
                if self.clean:
                    runner.run(self.converges())
            finally:
                runner.run(field_server.drop())
                runner.run(reference.drop())

        async def converges(self) -> None:
            for phone in self.phones:  # the network comes back for good: every outbox empties
                for op in flush_order(phone.pending):
                    await field_server.send((phone.username, op))
                    phone.answered(op)
            await reference.fresh(world)
            for phone in self.phones:  # photos first, so every answer lists no missing photo
                for op in flush_order(phone.ops):
                    await reference.send((phone.username, op))
            await field_server.check_audit()
            await reference.check_audit()
            problems = differences(await picture(field_server.db), await picture(reference.db))
            assert not problems, "\n".join(problems)

    return SyncMachine


def test_any_interleaving_ends_as_sending_each_once_in_order(settings, test_databases, tmp_path):
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        servers = [Server(replace(settings, data_dir=tmp_path / name)) for name in ("field", "reference")]
        world = None
        try:
            world = runner.run(prepare(servers[0], settings, test_databases))
            run_state_machine_as_test(machine(runner, world, *servers), settings=EXAMPLES)
        finally:
            for server in servers:
                runner.run(server.stop())
            if world is not None:
                world.copies.close()
