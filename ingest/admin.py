"""The review queue: extracted figures are checked, corrected and accepted here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from ingest.models import ExtractedFigure, FigureStatus, Source
from ingest.services import figure_accept, figure_choose, figure_reject
from tracking.admin import ScopedAdminMixin
from tracking.models import Qualifier
from tracking.templatetags.tracking_format import period_label

SENTENCE_ENDS = ".!?\n"
CONTEXT_CHARS = 120  # of the sentence on either side of the quote


def sentence_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """(before, quote, after): the quote with the rest of its sentence on either side."""
    left = max((text.rfind(c, 0, start) for c in SENTENCE_ENDS), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in SENTENCE_ENDS) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:start].lstrip(), text[start:end], text[end:right].rstrip()


class FigureInline(admin.TabularInline):
    model = ExtractedFigure
    extra = 0
    fields = ["position", "kind", "value", "value_max", "locality_name", "status", "quote"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Source)
class SourceAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "published",
        "link",
        "file_name",
        "figure_count",
        "extraction_failed",
        "created_at",
    ]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "published"
    readonly_fields = ["text_hash", "ingested_by", "created_at", "extraction_error"]
    inlines = [FigureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_figures=Count("figures"))

    def may_write(self, request, obj) -> bool:
        return request.user.is_superuser  # articles come from `ingest`; only the admin edits

    def has_add_permission(self, request):
        # Articles come in through `manage.py ingest`, which extracts and hashes them.
        return False

    @admin.display(description=_("lỗi trích xuất"), boolean=True)
    def extraction_failed(self, obj):
        return bool(obj.extraction_error)

    @admin.display(description=_("số liệu"), ordering="n_figures")
    def figure_count(self, obj):
        return obj.n_figures

    @admin.display(description=_("đường dẫn"))
    def link(self, obj):
        if not obj.url:
            return ""
        return format_html('<a href="{}" rel="noopener" target="_blank">{}</a>', obj.url, "↗")


def unit_label(unit) -> str:
    """“Xã Tân Lập (06917) — Hòa An, Cao Bằng, đến 30/06/2025”: enough to tell namesakes apart
    (the unit's parent and province are to be selected with it)."""
    text = f"{unit.kind or unit.get_level_display()} {unit.name}"
    if unit.code:
        text += f" ({unit.code})"
    above = [a.name for a in (unit.parent, unit.province) if a is not None]
    if above:
        text += " — " + ", ".join(dict.fromkeys(above))
    if unit.valid_until:
        text += str(_(", đến %(day)s")) % {"day": unit.valid_until.strftime("%d/%m/%Y")}
    elif unit.valid_from:
        text += str(_(", từ %(day)s")) % {"day": unit.valid_from.strftime("%d/%m/%Y")}
    return text


def plain_decimal(value):
    """100.00 -> 100, 2.50 -> 2.5: what the article said, without the column's two decimals."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


class ExtractedFigureForm(forms.ModelForm):
    """The review form: when the name fits several units, the reviewer picks one of them.

    Values read and are typed the Vietnamese way ("100", "2,5"), not "100.00".
    """

    candidate = forms.ModelChoiceField(
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("chọn đơn vị"),
        help_text=_("Tên này trùng với nhiều đơn vị; chọn đơn vị bài viết nói đến."),
    )

    class Meta:
        model = ExtractedFigure
        fields = ["locality"]  # the admin's fieldsets give the rest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = self.instance.candidates.select_related("parent", "province").order_by("code")
        field = self.fields["candidate"]
        field.queryset = units
        field.choices = [("", _("(giữ đơn vị đã chọn ở trên)"))] + [
            (unit.pk, unit_label(unit)) for unit in units
        ]
        field.initial = self.instance.locality_id
        for name in ("value", "value_max"):
            if name in self.fields:
                self.fields[name].localize = True
                self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
                self.fields[name].widget.is_localized = True
                self.initial[name] = plain_decimal(self.initial.get(name))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("candidate") is not None:
            cleaned["locality"] = cleaned["candidate"]
            self.instance.locality = cleaned["candidate"]
        return cleaned


class ConflictFilter(admin.SimpleListFilter):
    title = _("mâu thuẫn")
    parameter_name = "conflict"

    def lookups(self, request, model_admin):
        return [("yes", _("Có số liệu mâu thuẫn"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.in_conflict()
        return queryset


@admin.register(ExtractedFigure)
class ExtractedFigureAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    form = ExtractedFigureForm
    # The quote comes third so that it is on screen at 1366 px without scrolling sideways.
    list_display = [
        "kind",
        "value_display",
        "quote_in_sentence",
        "locality_name",
        "locality",
        "candidate_count",
        "period_display",
        "status",
        "conflict",
    ]
    list_filter = ["status", ConflictFilter, "kind", "source"]
    list_select_related = ["source", "locality"]
    search_fields = ["locality_name", "quote", "source__title"]
    autocomplete_fields = ["locality"]
    actions = ["accept", "choose", "reject"]
    list_per_page = 50
    readonly_fields = [
        "source",
        "quote_in_sentence",
        "locality_name",
        "province_name",
        "status",
        "reviewed_by",
        "reviewed_at",
    ]
    fieldsets = [
        (None, {"fields": ["source", "quote_in_sentence", "status", "reviewed_by", "reviewed_at"]}),
        (
            _("Số liệu (sửa trước khi duyệt nếu sai)"),
            {
                "fields": [
                    "kind",
                    "value",
                    "value_max",
                    "qualifier",
                    "locality_name",
                    "province_name",
                    "level",
                    "locality",
                    "candidate",
                    "period_start",
                    "period_end",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/review.css"]}

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return (
            super().get_queryset(request).with_conflict().annotate(n_candidates=Count("candidates"))
        )

    # Accept / reject from the figure's own page (templates/admin/ingest/extractedfigure/).
    def _next_pending_url(self, request, figure) -> str:
        """The next figure waiting in the same article (else in any), else the pending list."""
        following = (
            self.get_queryset(request)
            .filter(status=FigureStatus.PENDING)
            .exclude(pk=figure.pk)
            .order_by("source_id", "position", "pk")
        )
        after = following.filter(source_id=figure.source_id, position__gt=figure.position).first()
        target = after or following.first()
        if target is not None:
            return reverse("admin:ingest_extractedfigure_change", args=[target.pk])
        return reverse("admin:ingest_extractedfigure_changelist") + "?status__exact=pending"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_reject" in request.POST and object_id:
            figure = self.get_object(request, object_id)
            if figure is not None and self.has_change_permission(request, figure):
                if figure.status != FigureStatus.REJECTED:
                    figure_reject(figure=figure, user=request.user)
                    self.message_user(request, _("Đã loại số liệu: %s") % figure, messages.SUCCESS)
                return HttpResponseRedirect(self._next_pending_url(request, figure))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_accept" not in request.POST:
            return super().response_change(request, obj)
        try:
            with transaction.atomic():
                figure_accept(figure=obj, user=request.user)
        except (ValidationError, IntegrityError) as exc:
            reason = "; ".join(getattr(exc, "messages", [str(exc)]))
            self.message_user(request, _("Chưa duyệt được: %s") % reason, messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, _("Đã duyệt số liệu: %s") % obj, messages.SUCCESS)
        return HttpResponseRedirect(self._next_pending_url(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.candidates.exists():
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "candidate"]})
            for name, opts in fieldsets
        ]

    @admin.display(description=_("mâu thuẫn"), boolean=True, ordering="in_conflict")
    def conflict(self, obj):
        """Another live figure gives another value for this unit, kind and period."""
        return bool(obj.in_conflict) and obj.status != FigureStatus.REJECTED

    @admin.display(description=_("đơn vị trùng tên"), ordering="n_candidates")
    def candidate_count(self, obj):
        return obj.n_candidates or ""

    @admin.display(description=_("giá trị"), ordering="value")
    def value_display(self, obj):
        """ "≥ 500", "3–4", "2,5", "5.544": Vietnamese digits, the qualifier in front."""
        text = formats.localize(plain_decimal(obj.value))
        if obj.value_max is not None:
            text = f"{text}–{formats.localize(plain_decimal(obj.value_max))}"
        prefix = {Qualifier.AT_LEAST: "≥ ", Qualifier.APPROX: "~ "}.get(obj.qualifier, "")
        return prefix + text

    @admin.display(description=_("kỳ"), ordering="period_end")
    def period_display(self, obj):
        return period_label(obj.period_start, obj.period_end)

    @admin.display(description=_("trích dẫn trong câu"))
    def quote_in_sentence(self, obj):
        before, quote, after = sentence_around(obj.source.text, obj.quote_start, obj.quote_end)
        if len(before) > CONTEXT_CHARS:
            before = "…" + before[-CONTEXT_CHARS:]
        if len(after) > CONTEXT_CHARS:
            after = after[:CONTEXT_CHARS] + "…"
        return format_html("{}<mark>{}</mark>{}", before, quote, after)

    @admin.action(description=_("Duyệt: đưa số liệu đã chọn vào hệ thống"))
    def accept(self, request, queryset):
        done, failed = 0, []
        writable = set(queryset.editable_by(request.user).values_list("pk", flat=True))
        for figure in queryset.select_related("source", "locality"):
            if figure.status == FigureStatus.ACCEPTED:
                continue
            if figure.pk not in writable:
                failed.append(f"{figure}: {_('đơn vị ngoài phạm vi được nhập liệu')}")
                continue
            try:
                with transaction.atomic():
                    figure_accept(figure=figure, user=request.user)
                done += 1
            except (ValidationError, IntegrityError) as exc:
                reason = "; ".join(getattr(exc, "messages", [str(exc)]))
                failed.append(f"{figure}: {reason}")
        if done:
            self.message_user(
                request,
                ngettext("Đã duyệt %(n)d số liệu.", "Đã duyệt %(n)d số liệu.", done) % {"n": done},
                messages.SUCCESS,
            )
        for line in failed:
            self.message_user(request, _("Chưa duyệt được: %s") % line, messages.ERROR)

    @admin.action(description=_("Chọn số liệu này khi mâu thuẫn (loại các số liệu khác)"))
    def choose(self, request, queryset):
        done, failed = 0, []
        queryset = queryset.editable_by(request.user)
        for figure in queryset.select_related("source", "locality"):
            figure.refresh_from_db(fields=["status"])
            if figure.status == FigureStatus.REJECTED:  # two rivals chosen at once: the first wins
                failed.append(f"{figure}: {_('đã bị loại vì một số liệu khác được chọn')}")
                continue
            try:
                with transaction.atomic():  # a refused accept (e.g. approved period) rejects none
                    figure_choose(figure=figure, user=request.user)
                done += 1
            except (ValidationError, IntegrityError) as exc:
                reason = "; ".join(getattr(exc, "messages", [str(exc)]))
                failed.append(f"{figure}: {reason}")
        if done:
            self.message_user(
                request,
                ngettext("Đã chọn %(n)d số liệu.", "Đã chọn %(n)d số liệu.", done) % {"n": done},
                messages.SUCCESS,
            )
        for line in failed:
            self.message_user(request, _("Chưa chọn được: %s") % line, messages.ERROR)

    @admin.action(description=_("Loại: số liệu đã chọn không đúng"))
    def reject(self, request, queryset):
        count = 0
        queryset = queryset.editable_by(request.user)
        for figure in queryset.exclude(status=FigureStatus.REJECTED):
            figure_reject(figure=figure, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("Đã loại %(n)d số liệu.", "Đã loại %(n)d số liệu.", count) % {"n": count},
            messages.SUCCESS,
        )
