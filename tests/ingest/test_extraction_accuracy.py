import os
from pathlib import Path

import pytest

from benchmarks.extraction import score

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def gold(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing; CI must provide ../shared beside the repository")
        pytest.skip(f"{path} is missing (the ../shared corpus is not beside this checkout)")
    return path


def test_seeds_accuracy():
    report = score(gold("corpus/seeds/gold.json"))
    assert report.recall >= 0.95, report.table()
    assert report.precision >= 0.90, report.table()


# A regression floor, not the goal: the 55 dev articles (31 of them new) measured 0.87
# precision / 0.77 recall on 2026-11-22 before issue 9, 0.89 / 0.85 after its phrasing
# families; issue 9 asks for 0.95 and raises this floor as it goes.
DEV_FLOOR_RECALL = 0.84
DEV_FLOOR_PRECISION = 0.88


def test_dev_accuracy():
    report = score(gold("corpus/dev/gold.json"))
    assert report.recall >= DEV_FLOOR_RECALL, report.table()
    assert report.precision >= DEV_FLOOR_PRECISION, report.table()
