"""Review-queue facts shown on the tracking pages: figures that disagree and wait for a choice."""

from django import template

from ingest.models import ExtractedFigure

register = template.Library()


@register.inclusion_tag("ingest/_conflicts.html", takes_context=True)
def figure_conflicts(context, locality):
    """The unit's conflicting figures (both values with their quotes), one query."""
    figures = list(
        ExtractedFigure.objects.in_conflict()
        .filter(locality=locality)
        .select_related("source")
        .order_by("kind", "period_end", "value", "pk")
    )
    request = context.get("request")
    staff = bool(request and request.user.is_staff)
    return {"figures": figures, "locality": locality, "staff": staff}
