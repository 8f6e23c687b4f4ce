from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from guidance.admin.views import markdown_preview

admin.site.site_header = "Guidance content service"
admin.site.site_title = "Guidance admin"
admin.site.index_title = "Guides, review and publishing"
# "View site" opens what readers see.
admin.site.site_url = "/guides/"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path(
        "admin/markdown-preview/",
        admin.site.admin_view(markdown_preview),
        name="markdown-preview",
    ),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("guides/", include("reader.urls")),
]

handler400 = "api.errors.bad_request"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
