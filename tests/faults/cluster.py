"""A throwaway PostgreSQL cluster of the test's own, which it may restart at will: the shared
server at 127.0.0.1:5432 is never restarted (other people's tests run on it). Made with the
server binaries of the Debian packages (/usr/lib/postgresql/<version>/bin), in a temporary
directory; as root, PostgreSQL's tools run as the postgres user (the server refuses root)."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import free_port

BINARIES = Path("/usr/lib/postgresql")


def _bin_dir() -> Path | None:
    found = sorted(BINARIES.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def unavailable() -> str | None:
    """Why no private cluster can be made here, or None."""
    if _bin_dir() is None:
        return f"no PostgreSQL server binaries ({BINARIES}/<version>/bin/initdb; apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to run PostgreSQL as"
    return None


class PrivateCluster:
    def __init__(self) -> None:
        bin_dir = _bin_dir()
        assert bin_dir is not None, unavailable()
        self.bin_dir = bin_dir
        self.as_postgres = os.geteuid() == 0
        # As postgres, the directory must be reachable by that user: not under root's TMPDIR.
        self.root = Path(tempfile.mkdtemp(prefix="safecampus-faults-pg-", dir="/tmp" if self.as_postgres else None))
        self.data = self.root / "data"
        self.port = free_port()
        if self.as_postgres:
            owner = pwd.getpwnam("postgres")
            os.chown(self.root, owner.pw_uid, owner.pw_gid)

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin_dir / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            log = self.root / "server.log"
            raise RuntimeError(f"{tool} {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}\n"
                               f"{log.read_text()[-2000:] if log.exists() else ''}")

    def create_and_start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self._pg_ctl("start")

    def restart(self, mode: str) -> None:
        """``mode``: "fast" (clients are disconnected, a clean shutdown) or "immediate" (as a crash:
        the server recovers from its write-ahead log when it starts)."""
        self._pg_ctl("restart", "-m", mode)

    def _pg_ctl(self, action: str, *args: str) -> None:
        # The log file on every start: without it the server would write to pg_ctl's stdout.
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "60", "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root}", *args, action)

    def destroy(self) -> None:
        """Stop it (if it runs) and remove every file of it."""
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)
