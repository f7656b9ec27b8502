"""django-filter FilterSets for the dashboards' query strings."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tracking import progress
from tracking.collation import sort_key
from tracking.models import Level, Locality, Progress, Term


def _years():
    return [(str(year), str(year)) for year in range(2030, 2014, -1)]


class _VietnameseOrder(forms.models.ModelChoiceIterator):
    """Options in Vietnamese alphabetical order (Đ after D), whatever the database collates."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = sorted(
            self.queryset, key=lambda unit: (sort_key(unit.name), unit.valid_until is None)
        )
        for unit in units:
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit by its name ("Bắc Kạn", not "Tỉnh/thành phố Bắc Kạn"); a former one says until."""

    iterator = _VietnameseOrder

    def label_from_instance(self, obj):
        if obj.valid_until:
            return _("%(name)s (đến %(until)s)") % {
                "name": obj.name,
                "until": obj.valid_until.strftime("%d/%m/%Y"),
            }
        return obj.name


class UnitChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class ProgressFilter(django_filters.FilterSet):
    """Year and term choose *which* period each locality shows; the rest narrow the rows."""

    year = django_filters.ChoiceFilter(
        label=_("Năm"), choices=_years, method="keep", empty_label=_("Kỳ gần nhất")
    )
    term = django_filters.ModelChoiceFilter(
        label=_("Nhiệm kỳ"), queryset=Term.objects.all(), method="keep", empty_label=_("Tất cả")
    )
    province = UnitChoiceFilter(
        label=_("Tỉnh/thành phố"),
        queryset=Locality.objects.filter(level=Level.PROVINCE),
        method="filter_province",
        empty_label=_("Tất cả"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp"), field_name="locality__level", choices=Level.choices, empty_label=_("Tất cả")
    )
    status = django_filters.ChoiceFilter(
        label=_("Tình trạng"),
        choices=[(pace.value, label) for pace, label in progress.PACE_LABELS.items()],
        method="filter_status",
        empty_label=_("Tất cả"),
    )

    class Meta:
        model = Progress
        fields = ["year", "term", "province", "level", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        provinces = self.filters["province"].queryset
        self.filters["province"].queryset = provinces.visible_to(user)

    def keep(self, queryset, name, value):
        return queryset  # applied in filter_queryset: they choose each locality's period

    def filter_province(self, queryset, name, value):
        return queryset.for_province(value)

    def filter_status(self, queryset, name, value):
        return queryset.for_pace(progress.Pace(value))

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        year = int(data["year"]) if data.get("year") else None
        term = data.get("term")
        if year or term:
            if year:
                queryset = queryset.for_year(year)
            if term:
                queryset = queryset.for_term(term)
            queryset = queryset.best_per_locality()
        else:
            queryset = queryset.current()
        return super().filter_queryset(queryset)

    @property
    def selected_year(self):
        if self.form.is_valid() and self.form.cleaned_data.get("year"):
            return int(self.form.cleaned_data["year"])
        return None
