from django.urls import path

from tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("localities/<slug:slug>/", views.locality_detail, name="locality-detail"),
    path("benchmark/", views.benchmark, name="benchmark"),
    path("search/", views.search, name="search"),
    path("localities/<slug:slug>/report/", views.report, name="report"),
    path("localities/<slug:slug>/completeness/", views.completeness, name="completeness"),
]
