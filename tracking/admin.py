"""Data entry: the people who enter and correct figures work here."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from tracking import access
from tracking.collation import sort_key
from tracking.models import (
    AdmissionResult,
    Benchmark,
    Level,
    Locality,
    MemberCount,
    Target,
    Term,
    UnitAccess,
)
from tracking.services import access_grant

admin.site.site_header = _("Theo dõi kết nạp đảng viên mới — Quản trị")
admin.site.site_title = _("Kết nạp đảng viên")
admin.site.index_title = _("Nhập và sửa số liệu")


class ScopedAdminMixin:
    """The account's units only: changelist, change forms, foreign-key choices (the units it may
    write to), history pages (404 outside the scope, like a unit that does not exist); rows
    outside its writing scope are shown read-only. The rule itself is `tracking.access`."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Locality:
            kwargs["queryset"] = Locality.objects.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Locality:
            kwargs["queryset"] = Locality.objects.editable_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def scope_unit(self, obj):
        """The unit whose scope decides who may change `obj`."""
        return obj.locality_id

    def may_write(self, request, obj) -> bool:
        return access.can_edit(request.user, self.scope_unit(obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_write(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_write(request, obj))

    def _in_scope_or_404(self, request, object_id):
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ProvinceFilter(admin.SimpleListFilter):
    title = _("tỉnh/thành phố")
    parameter_name = "province"
    locality_path = "locality__"

    def lookups(self, request, model_admin):
        provinces = Locality.objects.filter(level=Level.PROVINCE).visible_to(request.user)
        provinces = provinces.only("pk", "name")
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


class FigureAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
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
class LocalityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
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

    def scope_unit(self, obj):
        return obj.pk

    def may_write(self, request, obj) -> bool:
        return access.is_unrestricted(request.user)  # the register is the superuser's

    def get_search_results(self, request, queryset, search_term):
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") and request.GET.get("model_name") != "locality":
            # Autocomplete for a figure's unit: only units the account may write to.
            queryset = queryset.editable_by(request.user)
        return queryset, duplicates


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


class UnitAccessInline(admin.TabularInline):
    model = UnitAccess
    extra = 1
    autocomplete_fields = ["unit"]
    verbose_name = _("đơn vị và vai trò")
    verbose_name_plural = _("đơn vị và vai trò (phạm vi)")


class GrantOnSaveMixin:
    """Every grant goes through `access_grant` (group membership, staff flag)."""

    def _grant(self, access_row):
        access_grant(user=access_row.user, role=access_row.role, unit=access_row.unit)


@admin.register(UnitAccess)
class UnitAccessAdmin(GrantOnSaveMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__slug"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._grant(obj)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(GrantOnSaveMixin, UserAdmin):
    inlines = [UnitAccessInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for row in formset.new_objects + [pair[0] for pair in formset.changed_objects]:
            self._grant(row)
