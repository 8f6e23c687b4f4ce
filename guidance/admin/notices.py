from django.contrib import admin

from guidance.admin.base import HistoryAdmin, preview_of
from guidance.models import CrisisResource, SiteNotice


@admin.register(SiteNotice)
class SiteNoticeAdmin(HistoryAdmin):
    list_display = ["kind", "title", "updated_at"]
    fieldsets = [(None, {"fields": ["kind", "title", "body", "preview"]})]
    readonly_fields = ["preview"]

    preview = preview_of("body")


@admin.register(CrisisResource)
class CrisisResourceAdmin(HistoryAdmin):
    list_display = ["name", "region", "position", "phone", "sms", "url", "updated_at"]
    list_filter = ["region"]
    search_fields = ["name", "description"]
    fieldsets = [
        (None, {"fields": ["region", "position", "name", "description", "preview"]}),
        ("How to reach it", {"fields": ["phone", "sms", "url"]}),
    ]
    readonly_fields = ["preview"]

    preview = preview_of("description")
