"""Nothing is lost or doubled when the server process is killed, or the database restarted, in
the middle of a burst of field work (issue #10): 20 phones send 500 inspections and 1,000
photos to the production server (uvicorn, PostgreSQL), retrying as the field app does; then
every record, photo and file is there exactly once and the audit trail verifies."""

from __future__ import annotations

import asyncio

from bench.common import Server, fresh_database, serve
from tests.faults.burst import INSPECTIONS, PHOTOS, Fault, Outcome, burst, expected, report
from tests.faults.cluster import PrivateCluster


def _check_exactly_once(outcome: Outcome, server: Server) -> None:
    facts = report(outcome, server)
    assert len(outcome.struck) == 2, facts
    assert outcome.left == 0 and not outcome.tally.held and not outcome.tally.signed_out, facts
    sent = outcome.tally.queued
    assert len(sent["inspection"]) == INSPECTIONS and len(sent["photo"]) == PHOTOS, facts
    assert outcome.tally.acknowledged["inspection"] == sent["inspection"], facts
    assert outcome.tally.acknowledged["photo"] == sent["photo"], facts
    assert outcome.tally.hazards == sent["hazard"], facts
    want = expected(outcome)
    assert {k: outcome.added[k] for k in want} == want, facts
    assert outcome.of_sent == {k: want[k] for k in outcome.of_sent}, facts


def test_the_server_killed_twice_mid_burst_loses_and_doubles_nothing(shared_postgres: str) -> None:
    with fresh_database("faults_kill", phones=20, admin=shared_postgres) as database, serve(database) as server:
        def kill_and_restart() -> None:
            server.kill()
            server.start()

        outcome = asyncio.run(burst(database, server, [Fault(0.3, "SIGKILL, restart", kill_and_restart),
                                                       Fault(0.75, "SIGKILL, restart", kill_and_restart)]))
        _check_exactly_once(outcome, server)
        # Killed, the server answered nothing; it never answered with an error of its own.
        assert outcome.tally.server_errors == 0, report(outcome, server)
        assert "audit trail intact" in database.cli("audit", "verify")


def test_the_database_restarted_twice_mid_burst_loses_and_doubles_nothing(private_postgres: PrivateCluster) -> None:
    with fresh_database("faults_pg", phones=20, admin=private_postgres.admin_dsn) as database, \
            serve(database) as server:
        outcome = asyncio.run(burst(database, server, [
            Fault(0.3, "PostgreSQL restart -m immediate (a crash)", lambda: private_postgres.restart("immediate")),
            Fault(0.75, "PostgreSQL restart -m fast", lambda: private_postgres.restart("fast"))]))
        _check_exactly_once(outcome, server)
        # The server lived through it; while the database was away it answered 503 (retried), never 500.
        assert server.process is not None and server.process.poll() is None
        assert outcome.tally.count(lambda status: status[0] == "5" and status != "503") == 0, report(outcome, server)
        assert "audit trail intact" in database.cli("audit", "verify")
