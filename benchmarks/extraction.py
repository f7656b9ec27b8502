"""Score `ingest.extract` against a labelled gold file.

    python benchmarks/extraction.py ../shared/corpus/seeds/gold.json [-v]
        [--min-recall 0.95 --min-precision 0.90]
    python benchmarks/extraction.py ../shared/corpus/dev/gold.json --folds 5 [--only-folds 1-4]

A figure is found when kind, value (and value_max) and locality agree with a gold figure
(locality compared after NFC + casefold + whitespace collapse; values numerically); matching is
greedy and one-to-one. Exits 1 when a given threshold is not met. Also prints the speed in
articles per second of CPU time (one core; the machine's other load does not count).

`--folds K` splits the articles into K folds by article (a hash of the file name, so the split
never depends on order or on what the articles say) and prints each fold's score per kind and
the mean over folds. `--only-folds 1-4` scores and lists only those folds: develop with it and
read the held-back fold once, at the end.
"""

import argparse
import hashlib
import json
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.extract import Kind, extract  # noqa: E402


def locality_key(name: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def matches(found: dict, gold: dict) -> bool:
    return (
        found["kind"] == gold["kind"]
        and _number(found["value"]) == _number(gold["value"])
        and _number(found["value_max"]) == _number(gold["value_max"])
        and locality_key(found["locality"]) == locality_key(gold["locality"])
    )


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    overall: Counts = field(default_factory=Counts)
    by_kind: dict[str, Counts] = field(default_factory=dict)
    misses: list[tuple[str, dict]] = field(default_factory=list)
    false_positives: list[tuple[str, dict]] = field(default_factory=list)
    # Of the matched figures, how many also agree on these fields (not part of the score).
    agree: dict[str, int] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.overall.precision

    @property
    def recall(self) -> float:
        return self.overall.recall

    def table(self) -> str:
        lines = [f"{'kind':<20}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}"]
        rows = [(kind, self.by_kind.get(kind, Counts())) for kind in Kind]
        rows.append(("overall", self.overall))
        for name, c in rows:
            lines.append(
                f"{name:<20}{c.precision:>10.2f}{c.recall:>8.2f}{c.tp:>5}{c.fp:>5}{c.fn:>5}"
            )
        if self.overall.tp:
            lines.append(
                "matched figures that also agree on: "
                + ", ".join(f"{k} {v}/{self.overall.tp}" for k, v in self.agree.items())
            )
        return "\n".join(lines)


AGREEMENT_FIELDS = ("period_start", "period_end", "qualifier", "level", "province")


def fold_of(file: str, folds: int) -> int:
    """The fold (1..folds) an article belongs to: fixed by its file name alone."""
    return int(hashlib.sha256(file.encode("utf-8")).hexdigest(), 16) % folds + 1


@dataclass
class Speed:
    articles: int = 0
    cpu_seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.articles / self.cpu_seconds if self.cpu_seconds else 0.0


def score(gold_path: str | Path, *, keep=None, speed: Speed | None = None) -> Report:
    """Run the extractor on every article named in the gold file and count matches.

    `keep(file)` chooses the articles (all by default); `speed` accumulates the CPU time.
    """
    gold_path = Path(gold_path)
    report = Report()
    for article in json.loads(gold_path.read_text(encoding="utf-8")):
        if keep is not None and not keep(article["file"]):
            continue
        text = (gold_path.parent / article["file"]).read_text(encoding="utf-8")
        began = time.process_time()
        figures = extract(text)
        if speed is not None:
            speed.cpu_seconds += time.process_time() - began
            speed.articles += 1
        found = [f.as_dict() for f in figures]
        unmatched = list(found)
        for gold in article["figures"]:
            counts = report.by_kind.setdefault(gold["kind"], Counts())
            hit = next((f for f in unmatched if matches(f, gold)), None)
            if hit is None:
                counts.fn += 1
                report.overall.fn += 1
                report.misses.append((article["file"], gold))
            else:
                unmatched.remove(hit)
                for name in AGREEMENT_FIELDS:
                    same = locality_key(hit[name]) == locality_key(gold[name])
                    report.agree[name] = report.agree.get(name, 0) + same
                counts.tp += 1
                report.overall.tp += 1
        for f in unmatched:
            report.by_kind.setdefault(f["kind"], Counts()).fp += 1
            report.overall.fp += 1
            report.false_positives.append((article["file"], f))
    return report


def _fold_numbers(spec: str | None, folds: int) -> list[int]:
    if not spec:
        return list(range(1, folds + 1))
    numbers: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        numbers.extend(range(int(low), int(high or low) + 1))
    return sorted(n for n in set(numbers) if 1 <= n <= folds)


def mean_table(fold_reports: list[tuple[int, "Report"]]) -> str:
    """Per kind, the mean over folds of precision and recall (a fold without the kind skipped)."""
    lines = [f"{'mean over folds':<20}{'precision':>10}{'recall':>8}{'folds':>7}"]
    for name in [*Kind, "overall"]:
        counts = [r.overall if name == "overall" else r.by_kind.get(name) for _, r in fold_reports]
        counts = [c for c in counts if c is not None and (c.tp + c.fp + c.fn)]
        if not counts:
            continue
        precision = sum(c.precision for c in counts) / len(counts)
        recall = sum(c.recall for c in counts) / len(counts)
        lines.append(f"{name:<20}{precision:>10.2f}{recall:>8.2f}{len(counts):>7}")
    return "\n".join(lines)


def _describe(figure: dict) -> str:
    value = figure["value"]
    if figure.get("value_max") is not None:
        value = f"{value}-{figure['value_max']}"
    return (
        f"{figure['kind']} {value} {figure['qualifier']} {figure['locality']}"
        f" [{figure['period_start']}..{figure['period_end']}] «{figure['quote']}»"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", help="path to a gold.json beside its article files")
    parser.add_argument("--min-recall", type=float)
    parser.add_argument("--min-precision", type=float)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--folds", type=int, help="cross-validation: split articles into K folds")
    parser.add_argument(
        "--only-folds", help="score only these folds, e.g. 1-4 or 1,3 (with or without --folds)"
    )
    args = parser.parse_args(argv)

    folds = args.folds or (5 if args.only_folds else None)
    chosen = _fold_numbers(args.only_folds, folds) if folds else None
    extract("Năm 2024, huyện A kết nạp 12 đảng viên, đạt 100% kế hoạch.")  # compile the rules first
    speed = Speed()
    if folds:
        fold_reports = []
        for number in chosen:
            fold_report = score(
                args.gold, keep=lambda f, n=number: fold_of(f, folds) == n, speed=speed
            )
            fold_reports.append((number, fold_report))
            print(f"fold {number}/{folds}")
            print(fold_report.table())
            print()
        print(mean_table(fold_reports))
        print()
        report = score(args.gold, keep=lambda f: fold_of(f, folds) in chosen)
        print(f"folds {','.join(map(str, chosen))} pooled")
    else:
        report = score(args.gold, speed=speed)
    print(report.table())
    print(
        f"speed: {speed.per_second:.0f} articles/s ({speed.articles} articles, one core, CPU time)"
    )
    if args.verbose:
        for file, gold in report.misses:
            print(f"MISS {file}: {_describe(gold)}")
        for file, found in report.false_positives:
            print(f"FP   {file}: {_describe(found)}")
    failed = []
    if args.min_recall is not None and report.recall < args.min_recall:
        failed.append(f"recall {report.recall:.2f} < {args.min_recall}")
    if args.min_precision is not None and report.precision < args.min_precision:
        failed.append(f"precision {report.precision:.2f} < {args.min_precision}")
    for reason in failed:
        print(f"FAILED: {reason}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
