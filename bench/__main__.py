"""`python -m bench [NAME ...] [--full] [--tiny]`: run the benchmarks, print one table, write
bench/results.json. NAME: ingest, photos, dashboard, fieldapp, load (default: all of them).
results.json keeps the latest figures of every benchmark: a run replaces those it ran."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import Result, load_average, machine

RESULTS = Path(__file__).resolve().parent / "results.json"
NAMES = ("ingest", "photos", "dashboard", "fieldapp", "load")


def _runners(args: argparse.Namespace) -> dict[str, Callable[[], Result]]:
    import importlib

    ingest, photos, dashboard, fieldapp, load = (_Lazy(importlib, n) for n in NAMES)
    tiny = args.tiny
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([3] if tiny else
                                                                         [100, 300, 1000] if args.full else [100, 300])
    return {
        "ingest": lambda: ingest.run(seconds=2 if tiny else args.seconds or 20, clients=3 if tiny else 20,
                                     warmup=0.5 if tiny else 2),
        "photos": lambda: photos.run(count=1 if tiny else 8),
        "dashboard": lambda: dashboard.run(sizes, runs=3 if tiny else 30),
        "fieldapp": lambda: fieldapp.run(inspections=2 if tiny else 50, photos=2 if tiny else 100,
                                         tti_runs=1 if tiny else 3),
        "load": lambda: load.run(phones=3 if tiny else args.phones, seconds=2 if tiny else args.seconds or 60),
    }


class _Lazy:
    """A benchmark module imported only when it runs (the field app needs Playwright)."""

    def __init__(self, importlib: Any, name: str) -> None:
        self._load = lambda: importlib.import_module(f"bench.{name}")

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._load(), attribute)


def table(results: list[Result]) -> str:
    rows = [("benchmark", "measure", "figure", "goal")]
    rows += [(r.name, *row) for r in results for row in r.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(NAMES))
    parser.add_argument("--full", action="store_true", help="dashboard also at 1000 schools (about 4 more minutes of loading)")
    parser.add_argument("--sizes", help="dashboard sizes in schools, comma-separated (overrides --full)")
    parser.add_argument("--seconds", type=float, help="measured seconds: ingest per round (default 20), load (default 60)")
    parser.add_argument("--phones", type=int, default=200, help="load: simulated phones (default %(default)s)")
    parser.add_argument("--tiny", action="store_true", help="smallest sizes: checks the benchmarks still run")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON (default %(default)s)")
    args = parser.parse_args(argv)
    names = args.names or list(NAMES)
    if unknown := set(names) - set(NAMES):
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))} (choose from {', '.join(NAMES)})")
    runners = _runners(args)
    started, load_start = time.perf_counter(), load_average()
    results = []
    for name in names:
        print(f"--- {name} (load average {load_average()})", flush=True)
        t0, load_before = time.perf_counter(), load_average()
        result = runners[name]()
        result.data |= {"at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "wall_seconds": round(time.perf_counter() - t0, 1),
                        "load_average_start": load_before, "load_average_end": load_average()}
        results.append(result)
    earlier = json.loads(args.output.read_text("utf-8")).get("benchmarks", {}) if args.output.exists() else {}
    report = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "arguments": vars(args) | {"output": str(args.output), "names": names},
        "machine": machine() | {"load_average_start": load_start, "load_average_end": load_average()},
        "wall_seconds": round(time.perf_counter() - started, 1),
        "benchmarks": earlier | {r.name: {"table": [list(row) for row in r.rows], **r.data} for r in results},
    }
    print()
    print(table(results))
    print(f"\nload average {load_start} at the start, {load_average()} at the end; "
          f"{report['wall_seconds']:.0f} s in all")
    args.output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", "utf-8")
    print(f"written {args.output}")
    return report


if __name__ == "__main__":
    main()
