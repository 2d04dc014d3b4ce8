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
BENCH_ITEMS = 40  # items of the checklist the ingest benchmark answers


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

def _admin(sql: str) -> None:
    async def run() -> None:
        connection = await asyncpg.connect(PG_ADMIN)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()
    asyncio.run(run())


def _url(name: str, driver: str) -> str:
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base.replace('postgresql://', f'postgresql+{driver}://') if driver else base}/{name}"


@dataclass
class BenchDatabase:
    """A database of our own (bench_ prefix), migrated, with seeds and demo data; dropped after."""

    name: str
    data_dir: Path

    @property
    def url(self) -> str:  # for the app (SQLAlchemy)
        return _url(self.name, "asyncpg")

    @property
    def dsn(self) -> str:  # for asyncpg itself
        return _url(self.name, "")

    def env(self) -> dict[str, str]:
        return os.environ | {"SAFECAMPUS_DATABASE_URL": self.url, "SAFECAMPUS_DATA_DIR": str(self.data_dir),
                             "SAFECAMPUS_SEEDS_DIR": str(self.data_dir / "seeds"), "SAFECAMPUS_LOG_LEVEL": "WARNING"}

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "safecampus", *args], env=self.env(), capture_output=True,
                              text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"safecampus {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout


def _bench_seeds(target: Path) -> None:
    """The repository's seeds plus one checklist of BENCH_ITEMS items (the daily items repeated
    under new codes): the ingest benchmark's inspections answer 40 items."""
    shutil.copytree(REPO_ROOT / "seeds", target)
    source = tomllib.loads((REPO_ROOT / "seeds" / "checklists" / "daily_campus.toml").read_text("utf-8"))
    lines = ["[checklist]", 'code = "bench_forty"', 'name = "基准测试四十项排查"',
             'description = "基准测试用：日常排查项目重复为四十项。"', 'kinds = ["daily"]', "school_types = []", ""]
    items = source["item"]
    for i in range(BENCH_ITEMS):
        item = dict(items[i % len(items)], code=f"BENCH-{i + 1:02d}", photo_required=False)
        lines.append("[[item]]")
        lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in item.items()]
        lines.append("")
    (target / "checklists" / "bench_forty.toml").write_text("\n".join(lines), "utf-8")


@contextlib.contextmanager
def fresh_database(label: str, *, demo: bool = True) -> Iterator[BenchDatabase]:
    name = f"bench_{label}_{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix=f"{name}-") as tmp:
        database = BenchDatabase(name, Path(tmp))
        _bench_seeds(database.data_dir / "seeds")
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}"')
        try:
            database.cli("migrate")
            database.cli("seed")
            if demo:
                database.cli("demo")
            yield database
        finally:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the server ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def pids(self) -> list[int]:
        """The server process and its children (the workers when there are several)."""
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
def serve(database: BenchDatabase, workers: int = 1) -> Iterator[Server]:
    port = free_port()
    log = (database.data_dir / f"server-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "safecampus", "serve", "--port", str(port),
                                "--workers", str(workers)], env=database.env(), stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}: "
                                   f"{(database.data_dir / f'server-{port}.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/api/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not become healthy in 60 s") from None
                time.sleep(0.2)
        if workers > 1:  # every worker up, not only the first
            while len(Server(url, process).pids()) < workers + 1 and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(1.0)
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


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
