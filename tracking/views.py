"""The dashboards: thin views that read the query string, call QuerySets, build tables/charts."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tracking import access, charts, progress, totals
from tracking.exports import FORMATS, export_response
from tracking.filters import ProgressFilter
from tracking.models import (
    AdmissionResult,
    Benchmark,
    Locality,
    MemberCount,
    Metric,
    Progress,
    Target,
    Term,
)
from tracking.paging import RequestConfig
from tracking.search import localities_matching
from tracking.tables import (
    BenchmarkTable,
    MemberCountTable,
    ProgressTable,
    ResultTable,
    TargetTable,
    assessment,
)
from tracking.tables_totals import ChildTotalsTable, CompletenessTable, line_rows

PER_PAGE = 50
ROW_RELATED = ("locality", "locality__province")


def scope_required(view):
    """Login required; an account with no unit (and not superuser) is told it sees nothing."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not access.has_scope(request.user):
            return TemplateResponse(request, "tracking/no_scope.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _band(benchmark: Benchmark | None) -> tuple[float, float] | None:
    if benchmark is None:
        return None
    return float(benchmark.rate_min), float(benchmark.rate_max)


def _export(request, table, name):
    """Respond with the file when `?_export=csv|xlsx` asks for it (else None)."""
    export_format = request.GET.get("_export")
    if export_format in FORMATS:
        return export_response(export_format, table, name)
    return None


def _headline(rows, band) -> dict:
    """Headline cards: one aggregate over the filtered rows' stored figures."""
    low = band[0] if band else 3
    figures = rows.order_by().aggregate(
        tracked=Count("pk"),
        admitted_sum=Sum("admitted"),
        with_rate=Count("pk", filter=Q(rate_pct__isnull=False)),
        at_rate=Count("pk", filter=Q(rate_pct__gte=low)),
        with_pace=Count("pk", filter=~Q(pace_status="")),
        on_track=Count("pk", filter=Q(pace_status__in=progress.ON_TRACK_OR_BETTER)),
    )
    figures["admitted_sum"] = figures["admitted_sum"] or 0
    figures["at_rate_share"] = (
        figures["at_rate"] / figures["with_rate"] if figures["with_rate"] else None
    )
    figures["on_track_share"] = (
        figures["on_track"] / figures["with_pace"] if figures["with_pace"] else None
    )
    return figures


@scope_required
def overview(request):
    benchmark = Benchmark.resolution_21()
    band = _band(benchmark)
    rows = Progress.objects.visible_to(request.user).select_related(*ROW_RELATED)
    filters = ProgressFilter(request.GET, queryset=rows, request=request)
    rows = filters.qs
    table = ProgressTable(rows, band=band)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    # The top level: the current provinces' totals for a period (latest year with figures);
    # for an account with a scope, its own unit's totals instead of the country's.
    top_unit = access.home_unit(request.user)
    period = totals.period_from(request.GET, top_unit)
    national = totals.unit_totals(top_unit, period) if period else None
    provinces = ChildTotalsTable(line_rows(national) if national else [], prefix="p-")
    RequestConfig(request, paginate=False).configure(provinces)
    if request.GET.get("_table") == "provinces":
        name = f"tong-hop-tinh-{period.label if period else ''}"
        if response := _export(request, provinces, name):
            return response
    if response := _export(request, table, "tien-do-ket-nap"):
        return response
    return TemplateResponse(
        request,
        "tracking/overview.html",
        {
            "filters": filters,
            "table": table,
            "benchmark": benchmark,
            "headline": _headline(rows, band),
            "year": filters.selected_year,
            "totals": national,
            "top_unit": top_unit,
            "provinces": provinces,
            "period_choices": _period_choices(),
        },
    )


def _cumulative_series(targets, results) -> list[charts.PeriodSeries]:
    series = []
    for target in targets:
        if target.metric != Metric.COUNT:
            continue
        points = sorted(
            (r.end, r.admitted)
            for r in results
            if r.admitted is not None and r.start == target.start and r.end <= target.end
        )
        series.append(
            charts.PeriodSeries(
                start=target.start, end=target.end, target=float(target.value), points=points
            )
        )
    return sorted(series, key=lambda s: (s.start, s.end))


def _yearly_rates(results, member_counts) -> tuple[list[int], list[float]]:
    """Per calendar year: the latest in-year result ÷ members at the year's start (or nearest)."""
    by_year = {}
    for result in sorted(results, key=lambda r: (r.end, -r.start.toordinal())):
        if result.admitted is not None and result.start.year == result.end.year:
            by_year[result.end.year] = result
    years, rates = [], []
    for year, result in sorted(by_year.items()):
        count = progress.members_near(member_counts, result.start, result.end)
        rate = progress.annual_rate(result.admitted, count.members if count else None)
        if rate is not None:
            years.append(year)
            rates.append(round(rate, 2))
    return years, rates


def _annual_and_term(targets):
    """The latest annual count target and the latest multi-year one, for the side-by-side cards."""
    annual = term = None
    for target in sorted(targets, key=lambda t: t.start, reverse=True):
        if target.metric != Metric.COUNT:
            continue
        if progress.period_days(target.start, target.end) <= progress.MAX_YEAR_DAYS:
            annual = annual or target
        else:
            term = term or target
    cards = []
    for kind, target in ((_("Chỉ tiêu năm"), annual), (_("Chỉ tiêu nhiệm kỳ"), term)):
        if target is not None:
            ratio = progress.progress_ratio(target.admitted, target.value, target.reported_percent)
            cards.append({"kind": kind, "target": target, "ratio": ratio})
    return cards


@scope_required
def locality_detail(request, slug):
    units = Locality.objects.visible_to(request.user).select_related("parent", "province")
    locality = get_object_or_404(units, slug=slug)
    benchmark = Benchmark.resolution_21()
    band = _band(benchmark)
    targets = list(
        Target.objects.filter(locality=locality).with_admitted().select_related("source", "term")
    )
    results = list(AdmissionResult.objects.filter(locality=locality).select_related("source"))
    member_counts = list(MemberCount.objects.filter(locality=locality).select_related("source"))

    child_rows = (
        Progress.objects.visible_to(request.user)
        .current()
        .filter(locality__parent=locality)
        .select_related(*ROW_RELATED)
    )
    children_table = ProgressTable(child_rows, band=band, prefix="c-")
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(children_table)
    tables = {
        "targets": TargetTable(targets, prefix="t-"),
        "results": ResultTable(results, prefix="r-"),
        "members": MemberCountTable(member_counts, prefix="m-"),
        "children": children_table,
    }
    for name in ("targets", "results", "members"):
        RequestConfig(request, paginate=False).configure(tables[name])

    period = totals.period_from(request.GET, locality)
    unit_totals = totals.unit_totals(locality, period) if period else None
    if unit_totals is not None:
        tables["totals"] = ChildTotalsTable(line_rows(unit_totals), prefix="s-")
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(tables["totals"])
    wanted = request.GET.get("_table", "children")
    if wanted in tables and (
        response := _export(request, tables[wanted], f"{locality.slug}-{wanted}")
    ):
        return response
    years, rates = _yearly_rates(results, member_counts)
    return TemplateResponse(
        request,
        "tracking/locality_detail.html",
        {
            "locality": locality,
            "benchmark": benchmark,
            "cards": _annual_and_term(targets),
            "tables": tables,
            "totals": unit_totals,
            "period_choices": _period_choices(),
            "now_part_of": list(locality.current_units()) if locality.valid_until else [],
            "formed_from": list(locality.predecessor_units()),
            "chart_cumulative": charts.cumulative(_cumulative_series(targets, results)),
            "chart_rates": charts.yearly_rates(years, rates, band),
        },
    )


@scope_required
def benchmark(request):
    bench = Benchmark.resolution_21()
    band = _band(bench)
    rows = Progress.objects.visible_to(request.user).select_related(*ROW_RELATED)
    filters = ProgressFilter(request.GET, queryset=rows, request=request)
    rows = filters.qs.filter(rate_pct__isnull=False)
    table = BenchmarkTable(rows, band=band)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    if response := _export(request, table, "ty-le-ket-nap-nq21"):
        return response
    page_rows = [row.record for row in table.page.object_list] if table.page else []
    chart = charts.benchmark(
        [row.name for row in page_rows],
        [round(assessment(row).rate, 2) for row in page_rows],
        band,
    )
    return TemplateResponse(
        request,
        "tracking/benchmark.html",
        {"filters": filters, "table": table, "benchmark": bench, "chart": chart},
    )


def _period_choices() -> dict:
    """Years and terms for the period selector of the totals pages."""
    return {"years": list(range(2030, 2014, -1)), "terms": list(Term.objects.all())}


@scope_required
def completeness(request, slug):
    """Who has not reported: every unit directly beneath `slug` that existed in the period."""
    locality = get_object_or_404(Locality.objects.visible_to(request.user), slug=slug)
    period = totals.period_from(request.GET, locality)
    unit_totals = totals.unit_totals(locality, period) if period else None
    rows = line_rows(unit_totals) if unit_totals else []
    table = CompletenessTable(rows)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    name = f"{locality.slug}-chua-bao-cao-{period.label if period else ''}"
    if response := _export(request, table, name):
        return response
    return TemplateResponse(
        request,
        "tracking/completeness.html",
        {
            "locality": locality,
            "totals": unit_totals,
            "table": table,
            "period_choices": _period_choices(),
            "missing": sum(1 for row in rows if not (row["has_target"] or row["has_result"])),
        },
    )


@scope_required
def search(request):
    """Find a unit by name, accent-insensitively (`?q=pac nam` finds Pác Nặm)."""
    query = request.GET.get("q", "").strip()[:100]
    units = Locality.objects.visible_to(request.user)
    found = localities_matching(query, units=units) if query else []
    return TemplateResponse(request, "tracking/search.html", {"query": query, "found": found})


@scope_required
def report(request, slug):
    """The "Báo cáo" of a unit for a year or term, laid out for A4 (print or save as PDF)."""
    units = Locality.objects.visible_to(request.user).select_related("parent")
    locality = get_object_or_404(units, slug=slug)
    period = totals.period_from(request.GET, locality)
    unit_totals = totals.unit_totals(locality, period) if period else None
    benchmark = Benchmark.resolution_21()
    band = _band(benchmark)
    rows = line_rows(unit_totals) if unit_totals else []
    for row in rows:
        row["band"] = progress.band_position(row["rate"], *band) if band else None
    rate = unit_totals.rate if unit_totals else None
    return TemplateResponse(
        request,
        "tracking/report.html",
        {
            "locality": locality,
            "totals": unit_totals,
            "rows": rows,
            "missing": [row for row in rows if not (row["has_target"] or row["has_result"])],
            "benchmark": benchmark,
            "band_position": progress.band_position(rate, *band) if band else None,
            "sources": totals.sources_beneath(locality, period) if period else [],
            "printed": timezone.localtime(),
            "period_choices": _period_choices(),
        },
    )
