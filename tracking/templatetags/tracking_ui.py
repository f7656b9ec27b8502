"""Page furniture: the filters a printed page shows, in words ("Năm: 2023"); the status legend."""

from __future__ import annotations

from django import forms, template
from django.utils.translation import gettext as _

from tracking import progress

register = template.Library()


def _display(field: forms.BoundField) -> str:
    """The chosen value as the select shows it (the option's label, not its id)."""
    value = field.value()
    if value in (None, "", []):
        return ""
    chosen = getattr(field.form, "cleaned_data", {}).get(field.name)
    if isinstance(field.field, forms.ModelChoiceField):  # the chosen row, no second query
        return field.field.label_from_instance(chosen) if chosen is not None else str(value)
    choices = getattr(field.field, "choices", None)
    if choices is not None:
        for key, label in choices:
            key = getattr(key, "value", key)  # ModelChoiceIteratorValue
            if str(key) == str(value):
                return str(label)
    return str(value)


@register.simple_tag
def filter_summary(filters, exclude="") -> list[tuple[str, str]]:
    """(label, chosen value) for every filter the query string sets, but those in `exclude`."""
    if filters is None or not hasattr(filters, "form"):
        return []
    skip = {name.strip() for name in exclude.split(",") if name.strip()}
    form = filters.form
    form.is_valid()  # binds choices; an invalid value is still shown as typed
    summary = []
    for field in form:
        if field.name in skip:
            continue
        shown = _display(field)
        if shown:
            summary.append((str(field.label), shown))
    return summary


@register.simple_tag
def print_scope(filters=None, unit="", period="") -> dict:
    """What a printed page covers: its unit, its period and the other filters chosen.

    The unit and period come from the filters (province, year or term) unless given.
    """
    chosen = dict(filter_summary(filters))
    fields = filters.form.fields if filters is not None and hasattr(filters, "form") else {}
    labels = {name: str(field.label) for name, field in fields.items()}
    unit = unit or chosen.pop(labels.get("province"), "")
    period = period or chosen.pop(labels.get("year"), "") or chosen.pop(labels.get("term"), "")
    chosen.pop(labels.get("year"), None)
    chosen.pop(labels.get("term"), None)
    chosen.pop(labels.get("province"), None)
    return {"unit": unit, "period": period, "filters": list(chosen.items())}


def _pct(share: float) -> str:
    return f"{share * 100:g}%"


@register.simple_tag
def pace_legend() -> list[tuple[str, str, str]]:
    """(status, label, when it applies) for every pace status, from progress.PACE_THRESHOLDS."""
    rules = {
        progress.Pace.ACHIEVED: _("đã kết nạp từ 100% chỉ tiêu trở lên"),
    }
    upper = None
    for status, share in progress.PACE_THRESHOLDS:
        if upper is None:
            rules[status] = _("đã kết nạp từ %(low)s mức cần đạt theo thời gian đã qua trở lên") % {
                "low": _pct(share)
            }
        else:
            rules[status] = _(
                "đã kết nạp từ %(low)s đến dưới %(high)s mức cần đạt theo thời gian đã qua"
            ) % {"low": _pct(share), "high": _pct(upper)}
        upper = share
    if upper is not None:
        rules.setdefault(
            progress.Pace.AT_RISK,
            _("đã kết nạp dưới %(high)s mức cần đạt theo thời gian đã qua") % {"high": _pct(upper)},
        )
    return [
        (str(getattr(status, "value", status)), str(label), str(rules.get(status, "")))
        for status, label in progress.PACE_LABELS.items()
    ]
