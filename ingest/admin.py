from django.contrib import admin

from ingest.models import ExtractedFigure, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "published", "url", "file_name", "created_at"]
    search_fields = ["title", "url", "text"]
    date_hierarchy = "published"


@admin.register(ExtractedFigure)
class ExtractedFigureAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "value", "value_max", "locality_name", "status"]
    list_filter = ["status", "kind"]
