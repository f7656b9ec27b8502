"""Writes of the ingest app: articles in, figures stored, accepted figures made tracking rows.

Every writer (the `ingest` command, the admin review queue, the demo) goes through these
functions, so the rules for reading files, resolving localities and turning a figure into a
Target / AdmissionResult / MemberCount live in one place.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ingest import extract
from ingest.models import ExtractedFigure, FigureKind, FigureStatus, Source
from ingest.resolve import (
    REGISTER_LEVELS,
    ArticleContext,
    Resolution,
    name_variants,
    party_unit_resolve,
    register_loaded,
    register_unit_resolve,
    resolution_order,
)
from tracking import access
from tracking.models import (
    AdmissionResult,
    DenominatorBasis,
    Level,
    Locality,
    LocalityLink,
    MemberCount,
    Metric,
    Qualifier,
    Target,
    Term,
)
from tracking.names import name_key

MAX_BYTES = 5 * 1024 * 1024


class IngestError(Exception):
    """A file that cannot be ingested; the message names the reason (the caller names the file)."""


@dataclass
class FileFailure:
    path: str
    reason: str


@dataclass
class IngestReport:
    articles: int = 0
    figures: int = 0
    created: int = 0
    unchanged: int = 0
    accepted: int = 0
    failures: list[FileFailure] = field(default_factory=list)
    figure_problems: list[str] = field(default_factory=list)
    # Articles stored whose figures the extractor failed to read (the error is on the Source).
    extraction_errors: list[FileFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)


@dataclass(frozen=True)
class SourceOutcome:
    source: Source
    created: bool
    figures: int
    accepted: int
    problems: tuple[str, ...] = ()
    extraction_error: str = ""


# ---------------------------------------------------------------------------------------------
# Reading files


def normalise_text(text: str) -> str:
    """The canonical form an article is hashed in: no BOM, LF line ends, NFC."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def article_read(path: Path) -> str:
    """The text of an article file, or IngestError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(_("tệp quá lớn (%(size)s byte, tối đa 5 MB)") % {"size": f"{size:,}"})
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(_("không đọc được tệp (%(error)s)") % {"error": exc.strerror}) from exc
    if not raw.strip():
        raise IngestError(_("tệp rỗng"))
    if b"\x00" in raw:
        raise IngestError(_("tệp nhị phân, không phải văn bản"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            _("không phải văn bản UTF-8 (byte lỗi ở vị trí %(pos)s)") % {"pos": exc.start}
        ) from exc
    if not text.strip():
        raise IngestError(_("tệp rỗng"))
    return text


def article_paths(paths) -> tuple[list[Path], list[FileFailure]]:
    """Expand folders to the .txt files inside them; name paths that do not exist."""
    found, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            missing.append(FileFailure(str(path), _("không có tệp hoặc thư mục này")))
    return found, missing


# ---------------------------------------------------------------------------------------------
# Localities


def locality_find(*, name: str, level: str, province: Locality | None) -> Locality | None:
    """An existing locality of that name (any tone placement) and level, inside `province`."""
    candidates = Locality.objects.filter(name__in=name_variants(name), level=level)
    if province is not None and level != Level.PROVINCE:
        inside = candidates.filter(province=province)
        if inside.exists():
            return inside.order_by("pk").first()
        return candidates.filter(province__isnull=True).order_by("pk").first()
    return candidates.order_by("pk").first()


def locality_resolve(
    *, name: str, level: str, province_name: str | None, parent: Locality | None = None
) -> Locality:
    """The Locality a figure is about: reused by name and level, else created under its province.

    `parent` (the article's main district, for its communes and organisations) is used only
    when the locality has to be created.
    """
    level = level or Level.ORGANISATION
    province = None
    if province_name and level != Level.PROVINCE:
        province = locality_find(name=province_name, level=Level.PROVINCE, province=None)
        if province is None:
            province = Locality.objects.create(name=province_name, level=Level.PROVINCE)
    existing = locality_find(name=name, level=level, province=province)
    if existing is not None:
        return existing
    locality = Locality(
        name=" ".join(unicodedata.normalize("NFC", name).split()),
        level=level,
        parent=parent if parent is not None else province,
    )
    locality.full_clean()
    locality.save()
    return locality


# ---------------------------------------------------------------------------------------------
# Articles


def _main_district(figures):
    """The district the article is mostly about, parent for its communes and organisations."""
    counts = Counter(
        (f.locality, f.province) for f in figures if f.level == Level.DISTRICT and f.locality
    )
    return counts.most_common(1)[0][0] if counts else None


@transaction.atomic
def source_ingest(*, path: Path, accept: bool = False, user=None) -> SourceOutcome:
    """Store one article and its figures (pending); with `accept`, also the tracking rows.

    Idempotent: an article whose normalised text is already stored is left as it is (with
    `accept`, its figures still pending are accepted).
    """
    text = article_read(path)
    digest = text_hash(text)
    source = Source.objects.filter(text_hash=digest).first()
    created = source is None
    if created:
        meta = extract.read_meta(text)
        source = Source(
            title=(meta.title or path.stem)[:500],
            url=(meta.url or "")[:1000],
            published=meta.published,
            file_name=path.name,
            text=text,
            text_hash=digest,
            ingested_by=user,
        )
        source.full_clean()
        source.save()
        try:
            figures = extract.extract(text, published=meta.published)
        except extract.ExtractionError as exc:
            # Kept on the article (shown in the admin) and reported by the command: an
            # extractor bug must never look like an article that states no figures.
            source.extraction_error = str(exc)
            source.save(update_fields=["extraction_error"])
            figures = []
        _figures_store(source=source, figures=figures)
    accepted, problems = 0, []
    if accept:
        pending = source.figures.filter(status=FigureStatus.PENDING).order_by("position")
        for figure in pending:
            try:
                with transaction.atomic():
                    figure_accept(figure=figure, user=user)
                accepted += 1
            except (ValidationError, IntegrityError) as exc:
                problems.append(f"{path.name}: {figure}: {_validation_text(exc)}")
    return SourceOutcome(
        source=source,
        created=created,
        figures=source.figures.count(),
        accepted=accepted,
        problems=tuple(problems),
        extraction_error=source.extraction_error,
    )


def _figures_store(*, source: Source, figures) -> None:
    if register_loaded():
        resolutions = _figures_resolve(figures, published=source.published, text=source.text)
    else:
        resolutions = _figures_make_localities(figures)
    rows = []
    for position, (figure, resolution) in enumerate(zip(figures, resolutions, strict=True)):
        locality = resolution.locality
        province_name = figure.province or ""
        if not province_name and locality is not None and locality.province_id:
            # The register knows the province the article never names (Pác Nặm → Bắc Kạn).
            province_name = locality.province.name
        row = ExtractedFigure(
            source=source,
            position=position,
            kind=figure.kind,
            value=Decimal(figure.value),
            value_max=None if figure.value_max is None else Decimal(figure.value_max),
            qualifier=figure.qualifier,
            locality_name=(figure.locality or "")[:200],
            level=figure.level or "",
            province_name=province_name[:100],
            period_start=figure.period_start,
            period_end=figure.period_end,
            quote=figure.quote,
            quote_start=figure.start,
            quote_end=figure.end,
            locality=locality,
        )
        row.full_clean(exclude=["source"])
        rows.append(row)
    bulk_create_with_history(rows, ExtractedFigure, default_user=source.ingested_by)
    ambiguous = {p: r.candidates for p, r in enumerate(resolutions) if r.candidates}
    if ambiguous:
        ids = dict(source.figures.filter(position__in=ambiguous).values_list("position", "pk"))
        through = ExtractedFigure.candidates.through
        through.objects.bulk_create(
            through(extractedfigure_id=ids[p], locality_id=unit.pk)
            for p, units in ambiguous.items()
            for unit in units
        )


def _figures_resolve(figures, *, published: date | None, text: str = "") -> list[Resolution]:
    """Each figure's unit against the register (see ingest.resolve); an organisation or cell
    hangs under the article's main commune (cells) or district, else the figure's province."""
    context = ArticleContext.of_figures(figures, published=published, text=text)
    resolutions: list[Resolution | None] = [None] * len(figures)
    memo: dict[tuple, Resolution] = {}
    main: dict[str, Locality] = {}
    for index in resolution_order(figures):
        figure = figures[index]
        level = figure.level or Level.ORGANISATION
        if not figure.locality:
            resolutions[index] = Resolution(None)
            continue
        key = (name_key(figure.locality), level, name_key(figure.province or ""))
        if key not in memo:
            if level in REGISTER_LEVELS:
                memo[key] = register_unit_resolve(
                    name=figure.locality,
                    level=level,
                    context=context,
                    province_name=figure.province,
                )
                unit = memo[key].locality
                if unit is not None and unit.level in (Level.DISTRICT, Level.COMMUNE):
                    main.setdefault(unit.level, unit)
            elif level == Level.ORGANISATION and (
                unit := party_unit_resolve(
                    name=figure.locality, context=context, province_name=figure.province
                )
            ):
                memo[key] = Resolution(unit)
            else:
                parent = _organisation_parent(figure, level=level, main=main, context=context)
                memo[key] = Resolution(
                    _organisation_resolve(name=figure.locality, level=level, parent=parent)
                )
        resolutions[index] = memo[key]
    return resolutions


def _organisation_parent(figure, *, level: str, main: dict, context) -> Locality | None:
    """Where an organisation or cell hangs: the article's main commune (cells) or district
    when it lies in the figure's province, else that province. A figure the extractor placed
    in no province although the article names one (the Central Committee) hangs nowhere."""
    if not figure.province and context.province_names:
        return None
    province = None
    if figure.province:
        province = register_unit_resolve(
            name=figure.province, level=Level.PROVINCE, context=context
        ).locality
    levels = (Level.COMMUNE, Level.DISTRICT) if level == Level.CELL else (Level.DISTRICT,)
    for parent_level in levels:
        unit = main.get(parent_level)
        if unit is not None and (province is None or province.pk in _provinces_of(unit)):
            return unit
    return province


def _provinces_of(unit: Locality) -> set[int]:
    return set(
        LocalityLink.objects.filter(descendant=unit, ancestor__level=Level.PROVINCE).values_list(
            "ancestor", flat=True
        )
    )


def _organisation_resolve(*, name: str, level: str, parent: Locality | None) -> Locality:
    """A party organisation or cell (outside the register): reused by name, level and
    province, else created under `parent`."""
    province = None
    if parent is not None:
        province = parent if parent.level == Level.PROVINCE else parent.province
    existing = locality_find(name=name, level=level, province=province)
    if existing is not None:
        return existing
    locality = Locality(
        name=" ".join(unicodedata.normalize("NFC", name).split()), level=level, parent=parent
    )
    locality.full_clean()
    locality.save()
    return locality


def _figures_make_localities(figures) -> list[Resolution]:
    """Without the register: localities found by name and level, else made as the article
    names them (the main district as the parent of its communes and organisations)."""
    district = _main_district(figures)
    parents: dict[tuple, Locality] = {}
    resolutions = []
    for figure in figures:
        parent = None
        if district and figure.level in (Level.COMMUNE, Level.ORGANISATION, Level.CELL):
            if district not in parents:
                parents[district] = locality_resolve(
                    name=district[0], level=Level.DISTRICT, province_name=district[1]
                )
            if figure.province is not None and figure.province == district[1]:
                parent = parents[district]
        locality = None
        if figure.locality:
            locality = locality_resolve(
                name=figure.locality,
                level=figure.level or Level.ORGANISATION,
                province_name=figure.province,
                parent=parent,
            )
        resolutions.append(Resolution(locality))
    return resolutions


def sources_ingest(*, paths, accept: bool = False, user=None) -> IngestReport:
    """Ingest every article file under `paths`; each article is its own transaction."""
    report = IngestReport()
    files, report.failures = article_paths(paths)
    for path in files:
        try:
            outcome = source_ingest(path=path, accept=accept, user=user)
        except IngestError as exc:
            report.failures.append(FileFailure(str(path), str(exc)))
            continue
        except (ValidationError, IntegrityError) as exc:
            report.failures.append(FileFailure(str(path), _validation_text(exc)))
            continue
        report.articles += 1
        report.figures += outcome.figures
        report.accepted += outcome.accepted
        report.figure_problems.extend(outcome.problems)
        if outcome.created and outcome.extraction_error:
            report.extraction_errors.append(FileFailure(str(path), outcome.extraction_error))
        if outcome.created:
            report.created += 1
        else:
            report.unchanged += 1
    return report


def _validation_text(exc) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


# ---------------------------------------------------------------------------------------------
# Accepting a figure


def _year_end(day: date) -> date:
    return date(day.year, 12, 31)


def figure_period(figure: ExtractedFigure) -> tuple[date, date, bool]:
    """(start, end, estimated) for a figure; the best bounds its dates justify.

    A missing end becomes the article's date or, failing that, the end of the start's year;
    a missing start becomes 1 January of the end's year. Either is flagged as estimated.
    """
    start, end, estimated = figure.period_start, figure.period_end, False
    published = figure.source.published
    if end is None:
        estimated = True
        if start is not None:
            end = min(published, _year_end(start)) if published else _year_end(start)
            end = max(end, start)
        elif published is not None:
            end = published
        else:
            raise ValidationError({"period_end": _("Không xác định được kỳ của số liệu.")})
    if start is None:
        estimated = True
        start = date(end.year, 1, 1)
    return start, end, estimated


def _whole(value: Decimal) -> int:
    if value != value.to_integral_value():
        raise ValidationError({"value": _("Số người phải là số nguyên.")})
    return int(value)


def _provenance(figure: ExtractedFigure, user) -> dict:
    return {"source": figure.source, "quote": figure.quote, "entered_by": user}


def _save(row, fields: dict, user) -> object:
    changed = any(getattr(row, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(row, name, value)
    if changed or row.pk is None:
        row._history_user = user
        row.full_clean()
        row.save()
    return row


def figure_accept(*, figure: ExtractedFigure, user=None):
    """Turn a reviewed figure into its tracking row (created or updated) and mark it accepted.

    Returns the Target, AdmissionResult or MemberCount it wrote.
    """
    if figure.locality_id is None:
        raise ValidationError({"locality": _("Chưa đối chiếu được đơn vị.")})
    if user is not None and not access.can_edit(user, figure.locality_id):
        raise ValidationError(
            {
                "locality": _("%(unit)s nằm ngoài phạm vi nhập liệu của tài khoản %(user)s.")
                % {"unit": figure.locality, "user": user.get_username()}
            }
        )
    rivals = [f"{r.value.normalize():f}" for r in figure.rivals()]
    if rivals:
        # Two sources (or two places in one article) disagree: a reviewer chooses which counts
        # (figure_choose); neither silently overwrites the other.
        raise ValidationError(
            {
                "value": _(
                    "Mâu thuẫn với số liệu khác cùng đơn vị, loại và kỳ (%(values)s): "
                    "người duyệt chọn số liệu được tính."
                )
                % {"values": ", ".join(rivals)}
            }
        )
    start, end, estimated = figure_period(figure)
    kind = figure.kind
    provenance = _provenance(figure, user)
    if kind in (FigureKind.TARGET_COUNT, FigureKind.TARGET_RATE):
        metric = Metric.COUNT if kind == FigureKind.TARGET_COUNT else Metric.RATE
        row = Target.objects.filter(
            locality=figure.locality, metric=metric, start=start, end=end
        ).first() or Target(locality=figure.locality, metric=metric, start=start, end=end)
        basis = ""
        if metric == Metric.RATE:
            basis = (
                DenominatorBasis.TERM_START
                if "nhiệm kỳ" in figure.quote.lower()
                else DenominatorBasis.YEAR_START
            )
        fields = {
            "term": Term.containing(start, end),
            "value": figure.value,
            "value_max": figure.value_max,
            "qualifier": figure.qualifier,
            "denominator_basis": basis,
            "note": _("Kỳ ước tính từ bài viết.") if estimated else row.note,
            **provenance,
        }
    elif kind == FigureKind.MEMBERS_TOTAL:
        as_of = figure.period_end or figure.period_start or end
        row = MemberCount.objects.filter(locality=figure.locality, as_of=as_of).first()
        row = row or MemberCount(locality=figure.locality, as_of=as_of)
        fields = {
            "members": _whole(figure.value),
            "qualifier": figure.qualifier,
            "as_of_estimated": figure.period_end is None,
            **provenance,
        }
    else:
        row = AdmissionResult.objects.filter(
            locality=figure.locality, start=start, end=end
        ).first() or AdmissionResult(locality=figure.locality, start=start, end=end)
        fields = {"end_estimated": estimated, **provenance}
        if kind == FigureKind.ADMITTED:
            # A range ("8-9 đảng viên") keeps its lower bound, marked approximate.
            qualifier = Qualifier.APPROX if figure.value_max is not None else figure.qualifier
            fields |= {"admitted": _whole(figure.value), "qualifier": qualifier}
        elif kind == FigureKind.PERCENT_OF_TARGET:
            fields["reported_percent"] = figure.value
        else:
            fields["reported_rate"] = figure.value
        if row.pk is not None and row.source_id not in (None, figure.source_id):
            # A second article about the same period: keep the first provenance, add the figure.
            fields = {k: v for k, v in fields.items() if k not in provenance}
        elif row.pk is not None and row.quote and figure.quote not in row.quote:
            # Two figures of one article on one row (207 admitted, 103%): keep both quotes.
            fields["quote"] = f"{row.quote} … {figure.quote}"
    row = _save(row, fields, user)
    figure.status = FigureStatus.ACCEPTED
    figure.reviewed_by = user
    figure.reviewed_at = timezone.now()
    figure._history_user = user
    figure.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return row


@transaction.atomic
def figure_choose(*, figure: ExtractedFigure, user=None):
    """A reviewer settles a conflict: this figure counts, the ones disagreeing with it are
    rejected. Every status change is kept in the figures' history with who and when."""
    for rival in figure.rivals():
        figure_reject(figure=rival, user=user)
    return figure_accept(figure=figure, user=user)


def figure_reject(*, figure: ExtractedFigure, user=None) -> None:
    figure.status = FigureStatus.REJECTED
    figure.reviewed_by = user
    figure.reviewed_at = timezone.now()
    figure._history_user = user
    figure.save(update_fields=["status", "reviewed_by", "reviewed_at"])
