"""Each benchmark runs at a tiny size, so `make bench` keeps working. No timing is asserted:
timings belong to `make bench` on a quiet machine, not to tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bench.__main__ import main

# The benchmarks create and drop their own PostgreSQL databases (bench_*).
pytestmark = pytest.mark.skipif(os.environ.get("BENCH_SMOKE") == "0", reason="BENCH_SMOKE=0")


@pytest.mark.parametrize("name", ["ingest", "photos", "dashboard"])
def test_benchmark_runs_at_a_tiny_size(name: str, tmp_path: Path) -> None:
    output = tmp_path / "results.json"
    report = main([name, "--tiny", "--output", str(output)])
    assert json.loads(output.read_text())["benchmarks"][name]["table"]
    assert report["machine"]["cores"] and report["machine"]["load_average_end"]
    assert report["benchmarks"][name]["table"]


def test_the_field_app_benchmark_runs_at_a_tiny_size(tmp_path: Path) -> None:
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Chromium is not installed")
    report = main(["fieldapp", "--tiny", "--output", str(tmp_path / "results.json")])
    figures = report["benchmarks"]["fieldapp"]
    first = figures["first_load"]
    assert 0 < first["transferred_bytes"] < first["uncompressed_bytes"]  # the server sends the shell gzipped
    assert figures["outbox"]["left"] == 0


def test_the_load_benchmark_runs_at_a_tiny_size_and_loses_nothing(tmp_path: Path) -> None:
    report = main(["load", "--tiny", "--output", str(tmp_path / "results.json")])
    figures = report["benchmarks"]["load"]
    assert figures["phones"] == 3 and figures["acknowledged"]["inspection"] > 0
    assert figures["lost"] == {"inspections": 0, "photos": 0, "hazards": 0}
    assert figures["doubled"] == {"inspections": 0, "photos": 0}
    assert figures["audit"].startswith("audit trail intact")
