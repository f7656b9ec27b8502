"""Data entry: the people who enter and correct figures work here."""

from django import forms
from django.contrib import admin
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tracking.collation import sort_key
from tracking.models import (
    AdmissionResult,
    Benchmark,
    Level,
    Locality,
    MemberCount,
    Target,
    Term,
)

admin.site.site_header = _("Theo dõi kết nạp đảng viên mới — Quản trị")
admin.site.site_title = _("Kết nạp đảng viên")
admin.site.index_title = _("Nhập và sửa số liệu")


class ProvinceFilter(admin.SimpleListFilter):
    title = _("tỉnh/thành phố")
    parameter_name = "province"
    locality_path = "locality__"

    def lookups(self, request, model_admin):
        provinces = Locality.objects.filter(level=Level.PROVINCE).only("pk", "name")
        return [(p.pk, p.name) for p in sorted(provinces, key=lambda p: sort_key(p.name))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        path = self.locality_path
        return queryset.filter(
            Q(**{f"{path}province_id": self.value()}) | Q(**{f"{path}pk": self.value()})
        )


class LocalityProvinceFilter(ProvinceFilter):
    locality_path = ""


class YearFilter(admin.SimpleListFilter):
    """Year of the period's end date (the as-of date for results)."""

    title = _("năm")
    parameter_name = "year"
    date_field = "end"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates(self.date_field, "year", order="DESC")
        return [(d.year, str(d.year)) for d in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.date_field}__year": self.value()})
        return queryset


class MemberCountYearFilter(YearFilter):
    date_field = "as_of"


class FigureForm(forms.ModelForm):
    """A figure's admin form: one clear message per wrong field.

    A negative count reads "Số kết nạp không được âm." (not Django's "greater than or equal to
    0"), and a field that already failed its own check gets no second, misleading message from
    the model's cross-field checks (a negative count is not "missing").
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if any(
                isinstance(v, MinValueValidator) and v.limit_value == 0 for v in field.validators
            ):
                field.error_messages["min_value"] = _("%(label)s không được âm.") % {
                    "label": str(field.label).capitalize()
                }

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            failed = set(self._errors or ())
            errors.error_dict = {
                name: messages for name, messages in errors.error_dict.items() if name not in failed
            }
            if not errors.error_dict:
                return
        super()._update_errors(errors)


class FigureAdmin(SimpleHistoryAdmin):
    """Shared behaviour of the figure admins: who entered it, provenance read-only."""

    form = FigureForm

    autocomplete_fields = ["locality"]
    readonly_fields = ["entered_by", "created_at", "updated_at"]
    list_select_related = ["locality", "locality__province"]
    search_fields = ["locality__name", "quote", "source__title"]
    raw_id_fields = ["source"]

    def save_model(self, request, obj, form, change):
        if not change and obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("tỉnh"), ordering="locality__province__name")
    def province(self, obj):
        province = obj.locality.province
        return province.name if province else ""


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["start", "end", "metric", "value", "value_max", "qualifier", "denominator_basis"]
    show_change_link = True


class ResultInline(admin.TabularInline):
    model = AdmissionResult
    extra = 0
    fields = ["start", "end", "admitted", "qualifier", "reported_percent", "reported_rate"]
    show_change_link = True


class MemberCountInline(admin.TabularInline):
    model = MemberCount
    extra = 0
    fields = ["as_of", "members", "qualifier"]
    show_change_link = True


@admin.register(Locality)
class LocalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "parent", "province", "code", "valid_from", "valid_until"]
    list_filter = ["level", LocalityProvinceFilter]
    search_fields = ["name", "code", "slug"]
    autocomplete_fields = ["parent", "successors"]
    list_select_related = ["parent", "province"]
    readonly_fields = ["province"]
    inlines = [TargetInline, ResultInline, MemberCountInline]
    fieldsets = [
        (None, {"fields": ["name", "level", "parent", "province", "code", "slug"]}),
        (_("Hiệu lực và sáp nhập"), {"fields": ["valid_from", "valid_until", "successors"]}),
    ]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["name", "start", "end"]
    search_fields = ["name"]


@admin.register(Target)
class TargetAdmin(FigureAdmin):
    list_display = [
        "locality",
        "province",
        "start",
        "end",
        "metric",
        "display_value",
        "qualifier",
        "term",
        "source",
    ]
    list_filter = ["metric", "qualifier", "locality__level", ProvinceFilter, YearFilter, "term"]
    date_hierarchy = "start"
    list_select_related = ["locality", "locality__province", "term", "source"]
    fieldsets = [
        (None, {"fields": ["locality", "term", "start", "end"]}),
        (
            _("Chỉ tiêu"),
            {"fields": ["metric", "value", "value_max", "qualifier", "denominator_basis", "note"]},
        ),
        (_("Nguồn"), {"fields": ["source", "quote", "entered_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("giá trị"))
    def display_value(self, obj):
        return obj.display_value()


@admin.register(AdmissionResult)
class AdmissionResultAdmin(FigureAdmin):
    list_display = [
        "locality",
        "province",
        "start",
        "end",
        "admitted",
        "qualifier",
        "reported_percent",
        "source",
    ]
    list_filter = ["qualifier", "locality__level", ProvinceFilter, YearFilter]
    date_hierarchy = "end"
    list_select_related = ["locality", "locality__province", "source"]
    fieldsets = [
        (None, {"fields": ["locality", "start", "end", "end_estimated", "admitted", "qualifier"]}),
        (_("Tỷ lệ theo báo cáo"), {"fields": ["reported_percent", "reported_rate"]}),
        (
            _("Chi tiết (mỗi số không vượt quá số kết nạp)"),
            {
                "fields": [
                    "women",
                    "ethnic_minority",
                    "religious",
                    "youth_union",
                    "under_30",
                    "students",
                    "private_enterprise",
                ],
                "classes": ["collapse"],
            },
        ),
        (_("Nguồn"), {"fields": ["source", "quote", "entered_by", "created_at", "updated_at"]}),
    ]


@admin.register(MemberCount)
class MemberCountAdmin(FigureAdmin):
    list_display = ["locality", "province", "as_of", "members", "qualifier", "source"]
    list_filter = ["qualifier", "locality__level", ProvinceFilter, MemberCountYearFilter]
    date_hierarchy = "as_of"
    list_select_related = ["locality", "locality__province", "source"]
    fields = [
        "locality",
        "as_of",
        "as_of_estimated",
        "members",
        "qualifier",
        "source",
        "quote",
        "entered_by",
        "created_at",
        "updated_at",
    ]


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "rate_min", "rate_max", "start", "end"]
    search_fields = ["code", "name"]
