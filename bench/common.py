"""What every benchmark needs: a fresh PostgreSQL database, the app served by uvicorn in its own
process (as `safecampus serve` does), percentiles, CPU time of a process, and the machine."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
from safecampus.settings import REPO_ROOT

PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
BENCH_CHECKLIST, BENCH_ITEMS = "bench_forty", 40  # the checklist the ingest benchmark answers
SHORT_CHECKLIST, SHORT_ITEMS = "bench_four", 4  # one for bursts of many small inspections
PHONE_PASSWORD = "demo-phones"  # of every simulated phone's account (phone_username)


@dataclass
class Result:
    """One benchmark's figures: rows for the table, and everything for results.json."""

    name: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (measure, figure, goal)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, measure: str, figure: str, goal: str = "") -> None:
        self.rows.append((measure, figure, goal))


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(statistics.median(values), 2) if values else None,
            "p95_ms": round(percentile(values, 0.95), 2), "p99_ms": round(percentile(values, 0.99), 2)}


# --- the machine ---------------------------------------------------------------------------------

def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    memory_kb = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as meminfo:
        memory_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read()).group(1))  # type: ignore[union-attr]
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        found = re.search(r"model name\s*:\s*(.*)", cpuinfo.read())
        cpu = found.group(1) if found else ""
    versions: dict[str, str] = {"python": platform.python_version()}
    from importlib.metadata import PackageNotFoundError, version
    for package in ("safecampus", "litestar", "sqlalchemy", "asyncpg", "uvicorn", "pillow", "msgspec", "playwright"):
        with contextlib.suppress(PackageNotFoundError):
            versions[package] = version(package)
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        versions["postgresql"] = asyncio.run(_pg_version())
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        versions["chromium"] = subprocess.run([chromium, "--version"], capture_output=True, text=True,
                                              timeout=20).stdout.strip()
    return {"cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1), "cpu": cpu,
            "platform": platform.platform(), "versions": versions,
            "note": "2 cores shared with other engineers' test runs: figures are noisy; see load averages."}


async def _pg_version() -> str:
    connection = await asyncpg.connect(PG_ADMIN)
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


# --- databases ---------------------------------------------------------------------------------

def _admin(sql: str, admin: str = PG_ADMIN) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()
    asyncio.run(run())


def _url(admin: str, name: str, driver: str) -> str:
    base = admin.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', f'postgresql+{driver}://') if driver else base}/{name}"


@dataclass
class BenchDatabase:
    """A database of our own (bench_ prefix), migrated, with seeds and demo data; dropped after.
    ``admin``: the maintenance database of the PostgreSQL server it lives on."""

    name: str
    data_dir: Path
    admin: str = PG_ADMIN

    @property
    def url(self) -> str:  # for the app (SQLAlchemy)
        return _url(self.admin, self.name, "asyncpg")

    @property
    def dsn(self) -> str:  # for asyncpg itself
        return _url(self.admin, self.name, "")

    @property
    def photo_dir(self) -> Path:  # the app's default under SAFECAMPUS_DATA_DIR
        return self.data_dir / "photos"

    def env(self) -> dict[str, str]:
        return os.environ | {"SAFECAMPUS_DATABASE_URL": self.url, "SAFECAMPUS_DATA_DIR": str(self.data_dir),
                             "SAFECAMPUS_SEEDS_DIR": str(self.data_dir / "seeds"), "SAFECAMPUS_LOG_LEVEL": "WARNING"}

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "safecampus", *args], env=self.env(), capture_output=True,
                              text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"safecampus {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


def phone_username(n: int) -> str:
    """The account of simulated phone ``n`` (an inspector of 尖山区, 230502); see _clone_phones."""
    return f"phone{n:03d}"


def _bench_seeds(target: Path, phones: int) -> None:
    """The repository's seeds plus two checklists of the daily items repeated under new codes:
    BENCH_ITEMS (40) items for the ingest benchmark, SHORT_ITEMS (4) for bursts whose subject is
    not the size of an inspection; with ``phones``, the first phone's account."""
    shutil.copytree(REPO_ROOT / "seeds", target)
    if phones:
        with (target / "demo" / "users.toml").open("a", encoding="utf-8") as users:
            users.write(f'\n[[user]]\nusername = "{phone_username(0)}"\npassword = "{PHONE_PASSWORD}"\n'
                        f'name = "模拟手机0（尖山区检查员）"\nrole = "inspector"\nunit = "230502"\n')
    items = tomllib.loads((REPO_ROOT / "seeds" / "checklists" / "daily_campus.toml").read_text("utf-8"))["item"]
    for code, count, name in ((BENCH_CHECKLIST, BENCH_ITEMS, "四十"), (SHORT_CHECKLIST, SHORT_ITEMS, "四")):
        lines = ["[checklist]", f'code = "{code}"', f'name = "基准测试{name}项排查"',
                 f'description = "基准测试用：日常排查项目重复为{name}项。"', 'kinds = ["daily"]', "school_types = []", ""]
        for i in range(count):
            item = dict(items[i % len(items)], code=f"{code.upper()}-{i + 1:02d}", photo_required=False)
            lines.append("[[item]]")
            lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in item.items()]
            lines.append("")
        (target / "checklists" / f"{code}.toml").write_text("\n".join(lines), "utf-8")


def _clone_phones(database: BenchDatabase, phones: int) -> None:
    """The other phones' accounts, copies of the first (its password hash too): hashing a
    password takes a quarter of a second of argon2 on purpose, which 200 phones would spend
    before the run. Copied rows have no ``user.create`` audit event."""
    async def run() -> None:
        connection = await asyncpg.connect(database.dsn)
        try:
            await connection.execute(
                "INSERT INTO app_user (id, username, name, phone, role, org_unit_id, password_hash, active, "
                "must_change_password, created_at) SELECT gen_random_uuid(), 'phone' || lpad(n::text, 3, '0'), "
                "'模拟手机' || n || '（尖山区检查员）', NULL, role, org_unit_id, password_hash, active, "
                "must_change_password, created_at FROM app_user, generate_series(1, $1 - 1) AS n "
                "WHERE username = $2", phones, phone_username(0))
        finally:
            await connection.close()
    if phones > 1:
        asyncio.run(run())


@contextlib.contextmanager
def fresh_database(label: str, *, demo: bool = True, phones: int = 0, admin: str = PG_ADMIN) -> Iterator[BenchDatabase]:
    """``phones``: that many inspector accounts more, one per simulated phone (phone_username);
    ``admin``: the maintenance database of another PostgreSQL server than BENCH_PG's."""
    name = f"bench_{label}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as tmp:
        database = BenchDatabase(name, Path(tmp), admin)
        _bench_seeds(database.data_dir / "seeds", phones)
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin)
        _admin(f'CREATE DATABASE "{name}"', admin)
        try:
            database.cli("migrate")
            database.cli("seed")
            if demo:
                database.cli("demo")
                _clone_phones(database, phones)
            yield database
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin)


# --- the server ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """``safecampus serve`` in its own process on a fixed port, so that it can be killed and
    started again where the clients expect it."""

    database: BenchDatabase
    port: int
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)  # on top of the database's
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.database.data_dir / f"server-{self.port}.log"

    def start(self) -> None:
        """Start and wait until healthy (and every worker is up)."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "safecampus", "serve", "--port", str(self.port), "--workers",
                 str(self.workers)], env=self.database.env() | self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}: "
                                   f"{self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not become healthy in 60 s") from None
                time.sleep(0.2)
        if self.workers > 1:  # every worker up, not only the first
            while len(self.pids()) < self.workers + 1 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)

    def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would: no shutdown, no cleanup."""
        if self.process is not None:
            for pid in self.pids():  # the supervisor first, so that it starts no new worker
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()

    def pids(self) -> list[int]:
        """The server process and its children (the workers when there are several)."""
        if self.process is None:
            return []
        found = [self.process.pid]
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
            found += [int(c) for c in children]
        return found

    def cpu_seconds(self) -> float:
        return sum(process_cpu_seconds(pid) for pid in self.pids())


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, all its threads (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(database: BenchDatabase, workers: int = 1, env: dict[str, str] | None = None) -> Iterator[Server]:
    server = Server(database, free_port(), workers, env or {})
    try:
        server.start()
        yield server
    finally:
        server.stop()


def login(url: str, username: str) -> str:
    request = urllib.request.Request(
        f"{url}/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"username": username, "password": f"demo-{username}"}).encode())
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["token"]


def get_json(url: str, token: str) -> Any:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())
