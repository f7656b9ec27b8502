"""The held-out set: articles written after the rules were tuned, labelled before measuring."""

from pathlib import Path

from benchmarks.extraction import score

HELDOUT = Path(__file__).resolve().parent / "heldout" / "gold.json"


def test_heldout_accuracy():
    report = score(HELDOUT)
    assert report.precision >= 0.9, report.table()
    assert report.recall >= 0.9, report.table()
