"""Articles and the figures extracted from them, waiting for review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tracking.access import ScopedQuerySetMixin, is_unrestricted
from tracking.models import Level, Qualifier


class FigureKind(models.TextChoices):
    ADMITTED = "admitted", _("Số kết nạp")
    TARGET_COUNT = "target_count", _("Chỉ tiêu (số)")
    PERCENT_OF_TARGET = "percent_of_target", _("% chỉ tiêu")
    TARGET_RATE = "target_rate", _("Chỉ tiêu tỷ lệ (%)")
    ADMISSION_RATE = "admission_rate", _("Tỷ lệ kết nạp (%)")
    MEMBERS_TOTAL = "members_total", _("Tổng số đảng viên")


class FigureStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    ACCEPTED = "accepted", _("Đã duyệt")
    REJECTED = "rejected", _("Đã loại")


class SourceQuerySet(ScopedQuerySetMixin, models.QuerySet):
    def _in_scope(self, user, role):
        """Articles with at least one figure about a unit in scope."""
        if is_unrestricted(user):
            return self.all()
        figures = ExtractedFigure.objects.all()._in_scope(user, role)
        return self.filter(pk__in=figures.values("source"))


class Source(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=500)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    published = models.DateField(_("ngày đăng"), null=True, blank=True)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    text = models.TextField(_("nội dung"))
    text_hash = models.CharField(
        _("mã băm nội dung"),
        max_length=64,
        unique=True,
        help_text=_("SHA-256 của nội dung đã chuẩn hoá (NFC, xuống dòng LF, bỏ BOM)."),
    )
    ingested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    extraction_error = models.TextField(
        _("lỗi trích xuất"),
        blank=True,
        help_text=_(
            "Trình trích xuất gặp lỗi với bài này: số liệu của bài chưa được đọc, "
            "cần nhập tay hoặc báo lỗi."
        ),
    )

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nguồn (bài viết)")
        verbose_name_plural = _("nguồn (bài viết)")
        ordering = ["-published", "title"]

    def __str__(self):
        return self.title


LIVE = [FigureStatus.PENDING, FigureStatus.ACCEPTED]
_NO_DAY = date(1, 1, 1)  # stands for an unknown period bound, so that two unknowns compare equal


class ExtractedFigureQuerySet(ScopedQuerySetMixin, models.QuerySet):
    """Scoped by the matched unit (`visible_to`): an unmatched figure is the superuser's."""

    def _with_keys(self):
        # An unknown bound or maximum compares equal to another unknown one.
        return self.annotate(
            _start_key=Coalesce("period_start", Value(_NO_DAY)),
            _end_key=Coalesce("period_end", Value(_NO_DAY)),
            _max_key=Coalesce("value_max", Value(Decimal(-1)), output_field=models.DecimalField()),
        )

    def with_conflict(self):
        """Annotate `in_conflict`: another live figure (pending or accepted, this article or
        another) gives a different value for the same matched unit, kind and period."""
        others = (
            ExtractedFigure.objects.all()
            ._with_keys()
            .filter(
                locality=OuterRef("locality"),
                kind=OuterRef("kind"),
                _start_key=OuterRef("_start_key"),
                _end_key=OuterRef("_end_key"),
                status__in=LIVE,
            )
            .exclude(pk=OuterRef("pk"))
            .exclude(value=OuterRef("value"), _max_key=OuterRef("_max_key"))
        )
        return self._with_keys().annotate(in_conflict=Exists(others))

    def in_conflict(self):
        """Live figures that disagree with another one about the same unit, kind and period."""
        return self.with_conflict().filter(in_conflict=True, status__in=LIVE)


class ExtractedFigure(models.Model):
    source = models.ForeignKey(
        Source, verbose_name=_("nguồn"), on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveIntegerField(_("thứ tự trong bài"))
    kind = models.CharField(_("loại"), max_length=20, choices=FigureKind.choices)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    value_max = models.DecimalField(
        _("giá trị tối đa"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    qualifier = models.CharField(
        _("mức"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    locality_name = models.CharField(_("đơn vị (như trong bài)"), max_length=200)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, blank=True)
    province_name = models.CharField(_("tỉnh"), max_length=100, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    quote = models.TextField(_("trích dẫn"))
    quote_start = models.PositiveIntegerField(_("vị trí đầu"))
    quote_end = models.PositiveIntegerField(_("vị trí cuối"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=FigureStatus.choices,
        default=FigureStatus.PENDING,
        db_index=True,
    )
    locality = models.ForeignKey(
        "tracking.Locality",
        verbose_name=_("đơn vị (đã đối chiếu)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extracted_figures",
    )
    # Several register units carry the name and the article's context does not tell which
    # (many "Tân Lập"): the reviewer picks one of these.
    candidates = models.ManyToManyField(
        "tracking.Locality",
        verbose_name=_("các đơn vị có thể là"),
        blank=True,
        related_name="+",
        help_text=_("Các đơn vị trùng tên mà bài viết chưa đủ căn cứ để chọn; hãy chọn một."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    objects = ExtractedFigureQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("số liệu trích xuất")
        verbose_name_plural = _("số liệu trích xuất (hàng chờ duyệt)")
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "position"], name="extractedfigure_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="extractedfigure_value_not_negative",
                violation_error_message=_("Giá trị không được âm."),
            ),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=F("value")),
                name="extractedfigure_value_max_not_below_value",
                violation_error_message=_("Giá trị tối đa phải lớn hơn hoặc bằng giá trị."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="extractedfigure_end_after_start",
                violation_error_message=_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
            ),
        ]

    def __str__(self):
        value = self.value
        if value is not None and value == value.to_integral_value():
            value = int(value)  # "500", not "500.00"
        return f"{self.get_kind_display()} {self.locality_name}: {formats.localize(value)}"

    def rivals(self):
        """The live figures that give another value for this one's unit, kind and period."""
        if self.locality_id is None:
            return ExtractedFigure.objects.none()
        rivals = ExtractedFigure.objects.filter(
            locality_id=self.locality_id,
            kind=self.kind,
            period_start=self.period_start,
            period_end=self.period_end,
            status__in=LIVE,
        ).exclude(pk=self.pk)
        same = Q(value=self.value) & (
            Q(value_max=self.value_max) if self.value_max is not None else Q(value_max__isnull=True)
        )
        return rivals.exclude(same)
