"""The figures the product holds: localities, terms, targets, results, member counts, benchmarks.

Every invariant is enforced twice: in `clean()` (a translated message on the offending field,
for the admin and the services) and in the database (`CheckConstraint` / `UniqueConstraint`,
for every other writer). History of every figure is kept by django-simple-history.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracking.access import ScopedQuerySetMixin


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
# Locality


# The day the 2025 reorganisation took effect: units valid until the day before are the old
# ones (63 provinces, districts, about 10,000 communes), units valid from it the new ones.
REORGANISATION_DATE = date(2025, 7, 1)


def _valid_on(prefix: str, day) -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def _links_beneath(unit, on=None, include_self=True, depth=None):
    """LocalityLink rows under `unit` (as of `on` when given)."""
    links = LocalityLink.objects.filter(ancestor=unit)
    if on is not None:
        links = links.filter(_valid_on("", on))
    if depth is not None:
        links = links.filter(depth=depth)
    elif not include_self:
        links = links.filter(depth__gt=0)
    return links


class BeneathQuerySetMixin(ScopedQuerySetMixin):
    """`beneath(unit, on=None)` for querysets of rows with a `locality` foreign key."""

    def beneath(self, unit, on=None, include_self=True):
        """Rows whose locality lies beneath `unit` (as of `on`), one SQL statement."""
        links = _links_beneath(unit, on, include_self)
        return self.filter(locality__in=links.values("descendant"))


class LocalityQuerySet(ScopedQuerySetMixin, models.QuerySet):
    scope_path = "pk"

    def for_province(self, province):
        """Localities that are `province` itself or lie inside it."""
        return self.filter(Q(pk=province.pk) | Q(province=province))

    def valid_on(self, day):
        """Localities that existed on `day` (validity bounds inclusive, open ends allowed)."""
        return self.filter(_valid_on("", day))

    def beneath(self, unit, on=None, include_self=True):
        """Everything beneath `unit` at every depth, through the closure table (one filter).

        With `on`, only what lay beneath it that day: an old district lies beneath its old
        province until 30/06/2025; a new province on a day before 01/07/2025 holds its
        predecessor provinces' subtrees. Without `on`, whatever ever lay beneath it."""
        qs = self.filter(pk__in=_links_beneath(unit, on, include_self).values("descendant"))
        return qs.filter(_valid_on("", on)) if on is not None else qs

    def children_of(self, unit, on=None):
        """The units directly beneath `unit` (in force on `on` when given)."""
        qs = self.filter(pk__in=_links_beneath(unit, on, depth=1).values("descendant"))
        return qs.filter(_valid_on("", on)) if on is not None else qs

    def register(self):
        """Units of the official register (those with a register key)."""
        return self.filter(register_key__isnull=False)


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
    kind = models.CharField(
        _("loại"), max_length=20, blank=True, help_text=_("Tỉnh, Huyện, Xã, Phường, Đặc khu …")
    )
    # The unit's id in seeds/register/units.csv; empty for units outside the register.
    register_key = models.CharField(
        _("mã trong danh mục"), max_length=24, unique=True, null=True, blank=True, editable=False
    )
    # For a register unit valid across 01/07/2025 whose parent changed then: its parent until
    # 30/06/2025 (its old district); `parent` is the one it has since.
    former_parent = models.ForeignKey(
        "self",
        verbose_name=_("trực thuộc trước 01/07/2025"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
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
    main_successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Khi một đơn vị được chia cho nhiều đơn vị: đơn vị nhận phần chính."),
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
            # Old and new provinces may share a name (old Lào Cai, code 10; new Lào Cai, 15).
            models.UniqueConstraint(
                fields=["level", "name"],
                condition=Q(parent__isnull=True, valid_until__isnull=True),
                name="locality_unique_top_level_name",
                violation_error_message=_("Đã có đơn vị cấp cao nhất cùng tên và cấp."),
            ),
            models.UniqueConstraint(
                fields=["level", "name", "valid_until"],
                condition=Q(parent__isnull=True, valid_until__isnull=False),
                name="locality_unique_top_level_name_until",
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
        indexes = [
            models.Index(fields=["province", "level"], name="locality_province_level"),
            models.Index(fields=["code"], name="locality_code"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.name}"

    def current_units(self):
        """The units this one is now part of: its successors (main first), or itself."""
        main_first = Case(When(pk=self.main_successor_id, then=0), default=1)
        return Locality.objects.filter(predecessors=self).order_by(main_first, "name")

    def predecessor_units(self):
        """The units this one was formed from (its predecessors under the 2025 reorganisation):
        for a province, the old provinces (its old districts' successor is it too)."""
        predecessors = self.predecessors.all()
        if self.level == Level.PROVINCE:
            predecessors = predecessors.filter(level=Level.PROVINCE)
        return predecessors.order_by("name")

    def ancestors(self, on=None):
        """The units above this one (as of `on`), nearest first."""
        links = LocalityLink.objects.filter(descendant=self, depth__gt=0)
        if on is not None:
            links = links.filter(_valid_on("", on))
        return Locality.objects.filter(pk__in=links.values("ancestor")).order_by("-level")

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
        links_stale = self._state.adding or self._hierarchy_changed()
        super().save(*args, **kwargs)
        if links_stale:
            from tracking.hierarchy import links_refresh

            links_refresh(unit=self)

    def _hierarchy_changed(self) -> bool:
        fields = ("parent_id", "former_parent_id", "valid_from", "valid_until", "main_successor_id")
        saved = Locality.objects.filter(pk=self.pk).values(*fields).first()
        return saved is None or any(saved[f] != getattr(self, f) for f in fields)

    def _unique_slug(self) -> str:
        parts = [self.name]
        if self.province is not None and self.level != Level.PROVINCE:
            parts.append(self.province.name)
        base = slugify("-".join(parts).replace("đ", "d").replace("Đ", "D"))[:200] or "don-vi"
        slug, n = base, 2
        while Locality.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class LocalityLink(models.Model):
    """The hierarchy's closure table: `descendant` lies `depth` levels beneath `ancestor`
    between `valid_from` and `valid_until` (open ends allowed; the intersection of the
    validity of every step on the path). Depth 0 links each unit to itself, always valid.

    Built by `tracking.hierarchy` from `parent`, `former_parent` and the main successors (a
    new unit holds, for days before 01/07/2025, the old units that went into it); never edited
    by hand. "Everything beneath X as of D" is then one indexed filter on this table."""

    ancestor = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="+")
    descendant = models.ForeignKey(Locality, on_delete=models.CASCADE, related_name="+")
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "depth"], name="link_ancestor_depth"),
            models.Index(fields=["descendant", "depth"], name="link_descendant_depth"),
        ]

    def __str__(self):
        return f"{self.ancestor_id} > {self.descendant_id} ({self.depth})"


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


# The largest count any unit can have: the whole Party has under six million members. The same
# limit on every database (a model validator and a CheckConstraint): PostgreSQL's integer stops
# at 2,147,483,647 while SQLite stored 10^12; both now refuse anything above this.
MAX_COUNT = 10_000_000
count_limit = MaxValueValidator(MAX_COUNT)


def _period_errors(start, end) -> dict:
    if start and end and end < start:
        return {"end": _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")}
    return {}


# ---------------------------------------------------------------------------------------------
# Target


class TargetQuerySet(BeneathQuerySetMixin, models.QuerySet):
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
        """Annotate admitted, admitted_as_of, reported_percent: the latest result counting from
        the target's start (the rule of `tracking.progress.period_rows`)."""
        matched = AdmissionResult.objects.filter(
            locality=OuterRef("locality"), start=OuterRef("start"), end__lte=OuterRef("end")
        ).order_by("-end")
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
    value = models.DecimalField(
        _("giá trị"), max_digits=10, decimal_places=2, validators=[count_limit]
    )
    value_max = models.DecimalField(
        _("giá trị tối đa"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[count_limit],
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
                condition=Q(value__lte=MAX_COUNT)
                & (Q(value_max__isnull=True) | Q(value_max__lte=MAX_COUNT)),
                name="target_value_within_limit",
                violation_error_message=_("Giá trị vượt quá giới hạn 10.000.000."),
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


class AdmissionResultQuerySet(BeneathQuerySetMixin, models.QuerySet):
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
        validators=[count_limit],
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
                condition=Q(admitted__isnull=True) | Q(admitted__lte=MAX_COUNT),
                name="result_admitted_within_limit",
                violation_error_message=_("Số kết nạp vượt quá giới hạn 10.000.000."),
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
        # `end` is None when its field failed (31/02/2030) or was left empty: that field
        # carries the error; comparing with the members needs a date.
        if self.admitted and self.locality_id and self.end and "admitted" not in errors:
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


class MemberCountQuerySet(BeneathQuerySetMixin, models.QuerySet):
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
    members = models.PositiveIntegerField(_("tổng số đảng viên"), validators=[count_limit])
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
            models.CheckConstraint(
                condition=Q(members__lte=MAX_COUNT),
                name="membercount_within_limit",
                violation_error_message=_("Tổng số đảng viên vượt quá giới hạn 10.000.000."),
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


# ---------------------------------------------------------------------------------------------
# Progress: one row per locality and period, derived from the figures above


class ProgressQuerySet(BeneathQuerySetMixin, models.QuerySet):
    def current(self):
        """Each locality's current period (rank 1: see `tracking.progress.period_rows`)."""
        return self.filter(rank=1)

    def for_year(self, year):
        """Periods that overlap calendar `year`."""
        return self.filter(period_start__year__lte=year, period_end__year__gte=year)

    def for_term(self, term):
        """Periods that lie inside `term`'s dates."""
        return self.filter(period_start__gte=term.start, period_end__lte=term.end)

    def best_per_locality(self):
        """Of the periods in this queryset, each locality's best-ranked one (one row each).

        A window over the filtered rows (one sort), not a subquery per row: 3–4× faster at
        40,000 localities. Wrapped in `pk__in` so that later filters (the status) apply to the
        chosen rows instead of changing which row is chosen.
        """
        best = self.annotate(
            best=Window(RowNumber(), partition_by=[F("locality")], order_by=F("rank").asc())
        ).filter(best=1)
        return self.filter(pk__in=best.values("pk"))

    def for_province(self, province):
        """Periods of `province` itself and of the localities inside it."""
        return self.filter(Q(locality=province) | Q(locality__province=province))

    def for_pace(self, *statuses):
        """Periods whose pace status is one of `statuses`."""
        return self.filter(pace_status__in=[str(s) for s in statuses])


class Progress(models.Model):
    """A locality's progress over one period: its target, best result, member count, and the
    figures `tracking.progress.assess` derives from them (stored so that national-scale pages
    filter and sort in SQL). Rebuilt by `tracking.services.progress_refresh` whenever a
    target, result or member count of the locality changes; never edited by hand."""

    locality = models.ForeignKey(
        Locality, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="progress"
    )
    rank = models.PositiveSmallIntegerField(_("thứ tự"), help_text=_("1 = kỳ hiện tại"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    has_target = models.BooleanField(_("có chỉ tiêu"))
    target_value = models.DecimalField(
        _("chỉ tiêu"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    target_value_max = models.DecimalField(
        _("chỉ tiêu tối đa"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    target_qualifier = models.CharField(max_length=10, choices=Qualifier.choices, blank=True)
    admitted = models.PositiveIntegerField(_("số kết nạp"), null=True, blank=True)
    admitted_as_of = models.DateField(_("tính đến ngày"), null=True, blank=True)
    admitted_as_of_estimated = models.BooleanField(default=False)
    admitted_qualifier = models.CharField(max_length=10, choices=Qualifier.choices, blank=True)
    reported_percent = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    members = models.PositiveIntegerField(_("số đảng viên (mẫu số)"), null=True, blank=True)
    members_as_of = models.DateField(null=True, blank=True)
    progress_pct = models.FloatField(_("tiến độ (%)"), null=True, blank=True)
    expected_pct = models.FloatField(_("mức cần đạt theo thời gian (%)"), null=True, blank=True)
    rate_pct = models.FloatField(_("tỷ lệ kết nạp/năm (%)"), null=True, blank=True)
    denominator_estimated = models.BooleanField(default=True)
    pace_status = models.CharField(max_length=10, blank=True, db_index=True)
    projection = models.FloatField(_("dự kiến cuối kỳ"), null=True, blank=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiến độ theo kỳ")
        verbose_name_plural = _("tiến độ theo kỳ")
        constraints = [
            models.UniqueConstraint(fields=["locality", "rank"], name="progress_unique_rank"),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="progress_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["rank", "locality"], name="progress_rank"),
            models.Index(fields=["period_start", "period_end"], name="progress_period"),
        ]

    def __str__(self):
        return f"{self.locality_id} {self.period_start}–{self.period_end} #{self.rank}"

    @property
    def assessment(self):
        """The stored figures as `tracking.progress.Assessment` (fractions, not percentages)."""
        from tracking import progress

        return progress.Assessment(
            progress=None if self.progress_pct is None else self.progress_pct / 100,
            expected=None if self.expected_pct is None else self.expected_pct / 100,
            pace=progress.Pace(self.pace_status) if self.pace_status else None,
            projection=self.projection,
            rate=self.rate_pct,
            denominator_estimated=self.denominator_estimated,
        )

    @property
    def name(self):
        return self.locality.name

    @property
    def slug(self):
        return self.locality.slug

    def get_absolute_url(self):
        return self.locality.get_absolute_url()


# ---------------------------------------------------------------------------------------------
# Access: who sees and changes which units (the rules live in tracking/access.py)


class Role(models.TextChoices):
    """Each role includes the ones before it; the Django group of the same label holds its
    model permissions (created by a data migration)."""

    VIEWER = "xem", _("Xem")
    EDITOR = "nhap-lieu", _("Nhập liệu")
    APPROVER = "phe-duyet", _("Phê duyệt")


# The groups' names: Vietnamese, fixed (not translated: they are stored rows).
ROLE_GROUPS = {Role.VIEWER: "Xem", Role.EDITOR: "Nhập liệu", Role.APPROVER: "Phê duyệt"}


class UnitAccess(models.Model):
    """An account's scope: `unit` and everything beneath it (the closure table, every date,
    so a new province includes its predecessor provinces' units before 07/2025), in `role`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.CASCADE,
        related_name="unit_access",
    )
    unit = models.ForeignKey(
        Locality, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phạm vi của tài khoản")
        verbose_name_plural = _("phạm vi của tài khoản")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"],
                name="unitaccess_unique_user_unit",
                violation_error_message=_("Tài khoản này đã có quyền trên đơn vị này."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit.name}"
