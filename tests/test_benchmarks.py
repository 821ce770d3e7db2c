"""The benchmarks keep working: a small run of each (figures are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_build_benchmark_runs_at_small_size():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--items", "12", "--sizes", "8,16", "--no-hugo", "--rounds", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for label in (
        "(a) project, cold build",
        "(e) plain Pelican, same files",
        "(a)/(e)",
        "(c)/(a)",
        "ms/file",
        "median; rounds",
        "Rounds, seconds (of it sys):",
    ):
        assert label in result.stdout, result.stdout
