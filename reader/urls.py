from django.urls import path

from reader import views

app_name = "reader"

urlpatterns = [
    path("", views.guide_index, name="guide-index"),
    path("<slug:slug>/", views.guide_page, name="guide"),
    path("<slug:slug>/preview/", views.guide_preview, name="guide-preview"),
]
