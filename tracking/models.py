"""The figures the product holds: localities, terms, targets, results, member counts, benchmarks.

Every invariant is enforced twice: in `clean()` (a translated message on the offending field,
for the admin and the services) and in the database (`CheckConstraint` / `UniqueConstraint`,
for every other writer). History of every figure is kept by django-simple-history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DecimalField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    NATIONAL = "national", _("Toàn quốc")
    PROVINCE = "province", _("Tỉnh/thành phố")
    DISTRICT = "district", _("Huyện/quận/thị xã")
    COMMUNE = "commune", _("Xã/phường/thị trấn")
    ORGANISATION = "organisation", _("Đảng bộ/tổ chức")
    CELL = "cell", _("Chi bộ")


class Qualifier(models.TextChoices):
    EXACT = "exact", _("chính xác")
    AT_LEAST = "at_least", _("ít nhất / trên")
    APPROX = "approx", _("khoảng / ước tính")


class Metric(models.TextChoices):
    COUNT = "count", _("Số đảng viên kết nạp")
    RATE = "rate", _("Tỷ lệ kết nạp (% tổng số đảng viên)")


class DenominatorBasis(models.TextChoices):
    YEAR_START = "year_start", _("Đảng viên đầu năm")
    TERM_START = "term_start", _("Đảng viên đầu nhiệm kỳ")


# ---------------------------------------------------------------------------------------------
# Portable date arithmetic for the progress annotations


class Days(Func):
    """A date as a whole number of days (only differences are meaningful): SQLite and PostgreSQL."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((%(expressions)s)::date - DATE '2000-01-01')", **extra
        )


class YearEnd(Func):
    """31 December of the date's year."""

    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s, 'start of year', '+1 year', '-1 day')",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(date_trunc('year', %(expressions)s) + interval '1 year - 1 day')::date",
            **extra,
        )


# ---------------------------------------------------------------------------------------------
# Locality


def pace_q(*statuses) -> Q:
    """The condition for pace `statuses` over `with_pace` annotations (same thresholds as
    `tracking.progress.pace`): achieved at 100%, then progress ÷ expected bands."""
    from tracking import progress

    known = Q(progress_pct__isnull=False, expected_pct__gt=0)
    achieved = Q(progress_pct__gte=100)
    condition = Q(pk__in=[])
    floor = None
    for status, share in progress.PACE_THRESHOLDS:
        band = known & ~achieved & Q(progress_pct__gte=F("expected_pct") * Value(share))
        if floor is not None:
            band &= Q(progress_pct__lt=F("expected_pct") * Value(floor))
        if status in statuses:
            condition |= band
        floor = share
    if progress.Pace.AT_RISK in statuses:
        condition |= known & ~achieved & Q(progress_pct__lt=F("expected_pct") * Value(floor))
    if progress.Pace.ACHIEVED in statuses:
        condition |= Q(progress_pct__isnull=False) & achieved
    return condition


class LocalityQuerySet(models.QuerySet):
    def for_province(self, province):
        """Localities that are `province` itself or lie inside it."""
        return self.filter(Q(pk=province.pk) | Q(province=province))

    def valid_on(self, day):
        """Localities that existed on `day` (validity bounds inclusive, open ends allowed)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def with_current_period(self, *, year=None, term=None):
        """Annotate each locality's current period, its target, latest result and member count.

        The rule ("most recent period"), applied in SQL with correlated subqueries:

        1. The current *target* is the count target with the latest start; on a tie, the
           shorter period. A district with an annual 2023 target and a 2020–2025 term target
           therefore shows 2023 (the term figures appear on its own page).
        2. If the locality's latest result (by as-of date) ends after that target's period,
           or there is no target, the row is a *result-only* period: the result's own dates,
           widened to the calendar year when it starts and ends in the same year (a
           year-to-date report such as Kim Sơn's 207 by 20/09/2022 reads against 2022).
        3. The row's result is the most cumulative one inside the period: the earliest start,
           then the latest as-of date (Pác Nặm 2023: 77 by November beats 23 by June; its term
           shows 215 counted from 2020, not the 77 counted from 2023).

        `year` keeps targets whose period overlaps that year and results dated in it; `term`
        keeps targets and results inside the term's dates.

        Adds: period_start, period_end (dates), has_target (bool), target_value,
        target_value_max (admissions), target_qualifier, admitted, admitted_as_of,
        admitted_qualifier, reported_percent (% of target), members, members_as_of, plus the
        derived progress_pct, expected_pct, rate_pct (%) and pace_status (see `with_pace`).
        """
        targets = Target.objects.filter(locality=OuterRef("pk"), metric=Metric.COUNT)
        results = AdmissionResult.objects.filter(locality=OuterRef("pk"))
        if year:
            targets = targets.filter(start__year__lte=year, end__year__gte=year)
            results = results.filter(end__year=year)
        if term:
            targets = targets.filter(start__gte=term.start, end__lte=term.end)
            results = results.filter(start__gte=term.start, end__lte=term.end)
        current = targets.order_by("-start", "end")
        latest = results.order_by("-end", "start")
        # The most cumulative figure inside the target: earliest start, then latest as-of.
        in_target = results.filter(
            start__gte=OuterRef("t_start"), end__lte=OuterRef("t_end")
        ).order_by("start", "-end")

        def first(qs, field):
            return Subquery(qs.values(field)[:1])

        # Each piece is one correlated subquery on an indexed (locality, -end) path; the row's
        # figures then pick between the target's and the latest result's with CASE.
        qs = self.annotate(
            t_start=first(current, "start"),
            t_end=first(current, "end"),
            r_start=first(latest, "start"),
            r_end=first(latest, "end"),
        ).annotate(
            has_target=Case(
                When(
                    Q(t_end__isnull=False) & (Q(r_end__isnull=True) | Q(r_end__lte=F("t_end"))),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        target_row = Q(has_target=True)

        def pick(from_target, from_result, output_field):
            return Case(
                When(target_row, then=from_target), default=from_result, output_field=output_field
            )

        decimal = DecimalField(max_digits=10, decimal_places=2)
        qs = qs.annotate(
            period_start=pick(F("t_start"), F("r_start"), DateField()),
            period_end=Case(
                When(target_row, then=F("t_end")),
                When(r_start__year=ExtractYear("r_end"), then=YearEnd("r_end")),
                default=F("r_end"),
                output_field=DateField(),
            ),
            target_value=pick(first(current, "value"), Value(None), decimal),
            target_value_max=pick(first(current, "value_max"), Value(None), decimal),
            target_qualifier=pick(first(current, "qualifier"), Value(None), CharField()),
            admitted=pick(first(in_target, "admitted"), first(latest, "admitted"), IntegerField()),
            admitted_as_of=pick(first(in_target, "end"), F("r_end"), DateField()),
            admitted_qualifier=pick(
                first(in_target, "qualifier"), first(latest, "qualifier"), CharField()
            ),
            reported_percent=pick(
                first(in_target, "reported_percent"), first(latest, "reported_percent"), decimal
            ),
        )
        counts = MemberCount.objects.filter(locality=OuterRef("pk"))

        def members_near(start, end, field):
            """The count at or before `start`, else the first one inside the period."""
            before = counts.filter(as_of__lte=OuterRef(start)).order_by("-as_of")
            after = counts.filter(as_of__gt=OuterRef(start), as_of__lte=OuterRef(end))
            return Coalesce(first(before, field), first(after.order_by("as_of"), field))

        return qs.annotate(
            members=pick(
                members_near("t_start", "t_end", "members"),
                members_near("r_start", "r_end", "members"),
                IntegerField(),
            ),
            members_as_of=pick(
                members_near("t_start", "t_end", "as_of"),
                members_near("r_start", "r_end", "as_of"),
                DateField(),
            ),
        ).with_pace()

    def with_pace(self):
        """Annotate progress_pct, expected_pct and rate_pct (all in %).

        The SQL twin of `tracking.progress`, so that the status filter, the sort and the headline
        cards agree with the figures the table shows. Needs `with_current_period`.
        """
        from tracking import progress

        def as_float(expr):
            return Cast(expr, FloatField())

        elapsed = Days("admitted_as_of") - Days("period_start") + Value(1)
        length = Days("period_end") - Days("period_start") + Value(1)
        return self.annotate(
            progress_pct=Case(
                When(
                    admitted__isnull=False,
                    target_value__gt=0,
                    then=as_float(F("admitted")) * Value(100.0) / as_float(F("target_value")),
                ),
                When(reported_percent__isnull=False, then=as_float(F("reported_percent"))),
                output_field=FloatField(),
            ),
            expected_pct=Case(
                When(
                    admitted_as_of__isnull=False,
                    then=as_float(elapsed) * Value(100.0) / as_float(length),
                ),
                output_field=FloatField(),
            ),
            rate_pct=Case(
                When(
                    admitted__isnull=False,
                    members__gt=0,
                    then=as_float(F("admitted"))
                    * Value(100.0)
                    / as_float(F("members"))
                    / Case(
                        When(
                            GreaterThan(elapsed, Value(progress.MAX_YEAR_DAYS)),
                            then=as_float(elapsed) / Value(progress.DAYS_PER_YEAR),
                        ),
                        default=Value(1.0),
                        output_field=FloatField(),
                    ),
                ),
                output_field=FloatField(),
            ),
        )

    def for_pace(self, *statuses):
        """Rows whose pace status (see `tracking.progress.pace`) is one of `statuses`."""
        return self.filter(pace_q(*statuses))

    def tracked(self):
        """Localities that have a current period (a target or a reported result)."""
        return self.filter(period_start__isnull=False)


class Locality(models.Model):
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Denormalised from the hierarchy so that "every locality of a province" is one indexed
    # filter, not a recursive walk; kept in step by save().
    province = models.ForeignKey(
        "self",
        verbose_name=_("tỉnh/thành phố"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(
        _("mã thống kê"),
        max_length=16,
        blank=True,
        help_text=_("Mã đơn vị hành chính của Tổng cục Thống kê, nếu có."),
    )
    slug = models.SlugField(_("đường dẫn"), max_length=220, unique=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận sau khi sáp nhập/giải thể (ví dụ sắp xếp năm 2025)."),
    )

    objects = LocalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["province"])

    class Meta:
        verbose_name = _("địa phương / tổ chức đảng")
        verbose_name_plural = _("địa phương / tổ chức đảng")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "level", "name"],
                name="locality_unique_name_in_parent",
                violation_error_message=_("Đã có đơn vị cùng tên và cấp trong đơn vị này."),
            ),
            models.UniqueConstraint(
                fields=["level", "name"],
                condition=Q(parent__isnull=True),
                name="locality_unique_top_level_name",
                violation_error_message=_("Đã có đơn vị cấp cao nhất cùng tên và cấp."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="locality_valid_until_after_from",
                violation_error_message=_("Hiệu lực đến phải sau hoặc bằng hiệu lực từ."),
            ),
        ]
        indexes = [models.Index(fields=["province", "level"], name="locality_province_level")]

    def __str__(self):
        return f"{self.get_level_display()} {self.name}"

    def get_absolute_url(self):
        return reverse("tracking:locality-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Hiệu lực đến phải sau hoặc bằng hiệu lực từ.")
        if self.parent_id and self.pk and self._parent_chain_contains(self.pk):
            errors["parent"] = _("Một đơn vị không thể trực thuộc chính nó hoặc đơn vị cấp dưới.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains(self, pk) -> bool:
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    def derived_province(self):
        if self.level == Level.PROVINCE:
            return None
        parent = self.parent
        if parent is None:
            return None
        return parent if parent.level == Level.PROVINCE else parent.province

    def save(self, *args, **kwargs):
        self.province = self.derived_province()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        parts = [self.name]
        if self.province is not None and self.level != Level.PROVINCE:
            parts.append(self.province.name)
        base = slugify("-".join(parts).replace("đ", "d").replace("Đ", "D"))[:200] or "don-vi"
        slug, n = base, 2
        while Locality.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


# ---------------------------------------------------------------------------------------------
# Term


class Term(models.Model):
    name = models.CharField(_("nhiệm kỳ"), max_length=40, unique=True)
    start = models.DateField(_("bắt đầu"))
    end = models.DateField(_("kết thúc"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="term_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")})

    @classmethod
    def containing(cls, start, end):
        """The term whose dates enclose [start, end], or None."""
        return cls.objects.filter(start__lte=start, end__gte=end).order_by("start").first()


# ---------------------------------------------------------------------------------------------
# Figures: provenance shared by every figure


class Provenance(models.Model):
    """Where a figure comes from: its article, the exact quote, who entered it and when."""

    source = models.ForeignKey(
        "ingest.Source",
        verbose_name=_("nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quote = models.TextField(_("trích dẫn"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True


def _period_errors(start, end) -> dict:
    if start and end and end < start:
        return {"end": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")}
    return {}


# ---------------------------------------------------------------------------------------------
# Target


class TargetQuerySet(models.QuerySet):
    def for_year(self, year):
        """Targets whose period starts in `year`."""
        return self.filter(start__year=year)

    def counts(self):
        """Targets expressed as a number of admissions."""
        return self.filter(metric=Metric.COUNT)

    def rates(self):
        """Targets expressed as a % of members."""
        return self.filter(metric=Metric.RATE)

    def with_admitted(self):
        """Annotate admitted, admitted_as_of, reported_percent: the most cumulative result inside
        the target's period (earliest start, then latest as-of date)."""
        matched = AdmissionResult.objects.filter(
            locality=OuterRef("locality"), start__gte=OuterRef("start"), end__lte=OuterRef("end")
        ).order_by("start", "-end")
        return self.annotate(
            admitted=Subquery(matched.values("admitted")[:1]),
            admitted_as_of=Subquery(matched.values("end")[:1]),
            reported_percent=Subquery(matched.values("reported_percent")[:1]),
        )


class Target(Provenance):
    locality = models.ForeignKey(
        Locality, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="targets"
    )
    term = models.ForeignKey(
        Term,
        verbose_name=_("nhiệm kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    metric = models.CharField(_("loại chỉ tiêu"), max_length=8, choices=Metric.choices)
    value = models.DecimalField(_("giá trị"), max_digits=10, decimal_places=2)
    value_max = models.DecimalField(
        _("giá trị tối đa"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Cho chỉ tiêu dạng khoảng, ví dụ 90–100 hoặc 3–4%."),
    )
    qualifier = models.CharField(
        _("mức"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    denominator_basis = models.CharField(
        _("căn cứ tính tỷ lệ"),
        max_length=12,
        choices=DenominatorBasis.choices,
        blank=True,
        help_text=_("Chỉ dùng cho chỉ tiêu tỷ lệ."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["-start", "locality__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="target_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="target_value_max_not_below_value",
                violation_error_message=_("Giá trị tối đa phải lớn hơn hoặc bằng giá trị."),
            ),
            models.CheckConstraint(
                condition=~Q(metric=Metric.RATE)
                | (Q(value__lte=100) & (Q(value_max__isnull=True) | Q(value_max__lte=100))),
                name="target_rate_within_0_100",
                violation_error_message=_("Tỷ lệ phải nằm trong khoảng 0–100%."),
            ),
            models.CheckConstraint(
                condition=Q(metric=Metric.RATE) | Q(denominator_basis=""),
                name="target_basis_only_for_rates",
                violation_error_message=_("Căn cứ tính tỷ lệ chỉ dùng cho chỉ tiêu tỷ lệ."),
            ),
            models.UniqueConstraint(
                fields=["locality", "metric", "start", "end"],
                name="target_unique_per_locality_period",
                violation_error_message=_("Đơn vị này đã có chỉ tiêu cùng loại cho kỳ này."),
            ),
        ]
        indexes = [
            models.Index(fields=["start", "end"], name="target_period"),
            models.Index(fields=["locality", "-end"], name="target_locality_end"),
        ]

    def __str__(self):
        return f"{self.locality.name} {self.start:%Y}–{self.end:%Y}: {self.display_value()}"

    def display_value(self) -> str:
        unit = "%" if self.metric == Metric.RATE else ""
        text = f"{self.value.normalize():f}{unit}"
        if self.value_max is not None:
            text = f"{self.value.normalize():f}–{self.value_max.normalize():f}{unit}"
        prefix = {Qualifier.AT_LEAST: "≥ ", Qualifier.APPROX: "~ "}.get(self.qualifier, "")
        return prefix + text

    def clean(self):
        errors = _period_errors(self.start, self.end)
        if self.value is not None and self.value < 0:
            errors["value"] = _("Giá trị không được âm.")
        if self.value is not None and self.value_max is not None and self.value_max < self.value:
            errors["value_max"] = _("Giá trị tối đa phải lớn hơn hoặc bằng giá trị.")
        if self.metric == Metric.RATE:
            if self.value is not None and self.value > 100:
                errors.setdefault("value", _("Tỷ lệ phải nằm trong khoảng 0–100%."))
            if self.value_max is not None and self.value_max > 100:
                errors.setdefault("value_max", _("Tỷ lệ phải nằm trong khoảng 0–100%."))
        elif self.denominator_basis:
            errors["denominator_basis"] = _("Căn cứ tính tỷ lệ chỉ dùng cho chỉ tiêu tỷ lệ.")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Admission results

BREAKDOWN_FIELDS = (
    "women",
    "ethnic_minority",
    "religious",
    "youth_union",
    "under_30",
    "students",
    "private_enterprise",
)


class AdmissionResultQuerySet(models.QuerySet):
    def for_year(self, year):
        """Results whose as-of date lies in `year`."""
        return self.filter(end__year=year)


class AdmissionResult(Provenance):
    locality = models.ForeignKey(
        Locality, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="results"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("tính đến ngày"))
    admitted = models.PositiveIntegerField(
        _("số kết nạp"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu nguồn chỉ báo tỷ lệ % so với chỉ tiêu."),
    )
    qualifier = models.CharField(
        _("mức"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    reported_percent = models.DecimalField(
        _("% chỉ tiêu (theo báo cáo)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tỷ lệ hoàn thành chỉ tiêu do nguồn báo cáo, ví dụ 103."),
    )
    reported_rate = models.DecimalField(
        _("tỷ lệ kết nạp (% đảng viên, theo báo cáo)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tỷ lệ kết nạp so với tổng số đảng viên do nguồn báo cáo, ví dụ 2,5."),
    )
    end_estimated = models.BooleanField(
        _("ngày tính đến là ước tính"),
        default=False,
        help_text=_("Nguồn không nêu ngày; ngày ghi ở đây là mốc muộn nhất có căn cứ."),
    )
    women = models.PositiveIntegerField(_("nữ"), null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(_("dân tộc thiểu số"), null=True, blank=True)
    religious = models.PositiveIntegerField(_("người có đạo"), null=True, blank=True)
    youth_union = models.PositiveIntegerField(_("đoàn viên thanh niên"), null=True, blank=True)
    under_30 = models.PositiveIntegerField(_("dưới 30 tuổi"), null=True, blank=True)
    students = models.PositiveIntegerField(_("học sinh, sinh viên"), null=True, blank=True)
    private_enterprise = models.PositiveIntegerField(
        _("công nhân doanh nghiệp tư nhân"), null=True, blank=True
    )

    objects = AdmissionResultQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kết quả kết nạp")
        verbose_name_plural = _("kết quả kết nạp")
        ordering = ["-end", "locality__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="result_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(admitted__isnull=True) | Q(admitted__gte=0),
                name="result_admitted_not_negative",
                violation_error_message=_("Số kết nạp không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(admitted__isnull=False)
                | Q(reported_percent__isnull=False)
                | Q(reported_rate__isnull=False),
                name="result_has_a_figure",
                violation_error_message=_("Cần có số kết nạp, % chỉ tiêu hoặc tỷ lệ kết nạp."),
            ),
            models.CheckConstraint(
                condition=Q(reported_rate__isnull=True)
                | Q(reported_rate__gte=0, reported_rate__lte=100),
                name="result_rate_within_0_100",
                violation_error_message=_("Tỷ lệ kết nạp phải nằm trong khoảng 0–100%."),
            ),
            models.CheckConstraint(
                condition=Q(reported_percent__isnull=True)
                | Q(reported_percent__gte=0, reported_percent__lte=1000),
                name="result_percent_within_0_1000",
                violation_error_message=_("% chỉ tiêu phải nằm trong khoảng 0–1000."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | (Q(**{f"{name}__gte": 0}) & Q(**{f"{name}__lte": F("admitted")})),
                    name=f"result_{name}_within_admitted",
                    violation_error_message=_("Số chi tiết không được vượt quá số kết nạp."),
                )
                for name in BREAKDOWN_FIELDS
            ),
            models.UniqueConstraint(
                fields=["locality", "start", "end"],
                name="result_unique_per_locality_period",
                violation_error_message=_("Đơn vị này đã có kết quả cho kỳ và ngày này."),
            ),
        ]
        indexes = [
            models.Index(fields=["locality", "-end"], name="result_locality_end"),
            models.Index(fields=["end"], name="result_end"),
        ]

    def __str__(self):
        figure = self.admitted if self.admitted is not None else f"{self.reported_percent}%"
        return f"{self.locality.name} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}: {figure}"

    def clean(self):
        errors = _period_errors(self.start, self.end)
        if self.admitted is None and self.reported_percent is None and self.reported_rate is None:
            errors["admitted"] = _("Cần có số kết nạp, % chỉ tiêu hoặc tỷ lệ kết nạp.")
        if self.reported_rate is not None and not 0 <= self.reported_rate <= 100:
            errors["reported_rate"] = _("Tỷ lệ kết nạp phải nằm trong khoảng 0–100%.")
        if self.reported_percent is not None and not 0 <= self.reported_percent <= 1000:
            errors["reported_percent"] = _("% chỉ tiêu phải nằm trong khoảng 0–1000.")
        for name in BREAKDOWN_FIELDS:
            part = getattr(self, name)
            if part is not None and (self.admitted is None or part > self.admitted):
                errors[name] = _("Số chi tiết không được vượt quá số kết nạp.")
        if self.admitted and self.locality_id and "admitted" not in errors:
            members = (
                MemberCount.objects.filter(locality_id=self.locality_id, as_of__lte=self.end)
                .order_by("-as_of")
                .values_list("members", flat=True)
                .first()
            )
            if members is not None and self.admitted > members:
                errors["admitted"] = _(
                    "Số kết nạp (%(admitted)s) lớn hơn tổng số đảng viên của đơn vị (%(members)s)."
                ) % {"admitted": self.admitted, "members": members}
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Member counts


class MemberCountQuerySet(models.QuerySet):
    def as_of(self, day):
        """Counts taken on or before `day`."""
        return self.filter(as_of__lte=day)


class MemberCount(Provenance):
    locality = models.ForeignKey(
        Locality,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="member_counts",
    )
    as_of = models.DateField(_("tính đến ngày"))
    members = models.PositiveIntegerField(_("tổng số đảng viên"))
    as_of_estimated = models.BooleanField(
        _("ngày là ước tính"),
        default=False,
        help_text=_("Nguồn không nêu ngày; ngày ghi ở đây là mốc có căn cứ gần nhất."),
    )
    qualifier = models.CharField(
        _("mức"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )

    objects = MemberCountQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số đảng viên")
        verbose_name_plural = _("số đảng viên")
        ordering = ["-as_of", "locality__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(members__gte=0),
                name="membercount_not_negative",
                violation_error_message=_("Tổng số đảng viên không được âm."),
            ),
            models.UniqueConstraint(
                fields=["locality", "as_of"],
                name="membercount_unique_per_locality_date",
                violation_error_message=_("Đơn vị này đã có số đảng viên tại ngày này."),
            ),
        ]
        indexes = [models.Index(fields=["locality", "-as_of"], name="membercount_locality_date")]

    def __str__(self):
        return f"{self.locality.name} {self.as_of:%d/%m/%Y}: {self.members}"

    def clean(self):
        if self.members is not None and self.members < 0:
            raise ValidationError({"members": _("Tổng số đảng viên không được âm.")})


# ---------------------------------------------------------------------------------------------
# Benchmarks (Resolution 21-NQ/TW)


class Benchmark(models.Model):
    code = models.CharField(_("số hiệu"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    rate_min = models.DecimalField(_("tỷ lệ tối thiểu (%)"), max_digits=5, decimal_places=2)
    rate_max = models.DecimalField(_("tỷ lệ tối đa (%)"), max_digits=5, decimal_places=2)
    start = models.DateField(_("áp dụng từ"))
    end = models.DateField(_("áp dụng đến"))
    description = models.TextField(_("mô tả"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chuẩn so sánh")
        verbose_name_plural = _("chuẩn so sánh")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="benchmark_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(rate_min__gte=0, rate_max__lte=100, rate_max__gte=F("rate_min")),
                name="benchmark_rates_ordered_within_0_100",
                violation_error_message=_("Tỷ lệ phải trong 0–100% và tối đa ≥ tối thiểu."),
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.rate_min.normalize():f}–{self.rate_max.normalize():f}%"

    def clean(self):
        errors = _period_errors(self.start, self.end)
        if self.rate_min is not None and not 0 <= self.rate_min <= 100:
            errors["rate_min"] = _("Tỷ lệ phải nằm trong khoảng 0–100%.")
        if self.rate_max is not None and not 0 <= self.rate_max <= 100:
            errors["rate_max"] = _("Tỷ lệ phải nằm trong khoảng 0–100%.")
        elif (
            self.rate_min is not None
            and self.rate_max is not None
            and self.rate_max < self.rate_min
        ):
            errors["rate_max"] = _("Tỷ lệ tối đa phải lớn hơn hoặc bằng tỷ lệ tối thiểu.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def resolution_21(cls):
        return cls.objects.filter(code=RESOLUTION_21_CODE).first()


RESOLUTION_21_CODE = "21-NQ/TW"
