"""The admin pages of the safety information's working copy: site notices (the
disclaimer, the call to action) and crisis resources.

Their edits reach readers only with a safety release: each page says so and
links to the safety information's workflow (editorial.admin.safety).
"""

from django.contrib import admin

from editorial.admin.safety import AwaitsSignOff
from editorial.admin.versions import VersionedAdminMixin
from guidance.admin.base import HistoryAdmin, preview_of
from guidance.models import CrisisResource, SiteNotice


@admin.register(SiteNotice)
class SiteNoticeAdmin(AwaitsSignOff, VersionedAdminMixin, HistoryAdmin):
    list_display = ["kind", "title", "updated_at"]
    fieldsets = [(None, {"fields": ["kind", "title", "body", "preview"]})]
    readonly_fields = ["preview"]

    preview = preview_of("body")


@admin.register(CrisisResource)
class CrisisResourceAdmin(AwaitsSignOff, VersionedAdminMixin, HistoryAdmin):
    list_display = ["name", "region", "position", "phone", "sms", "url", "updated_at"]
    list_filter = ["region"]
    search_fields = ["name", "description"]
    fieldsets = [
        (None, {"fields": ["region", "position", "name", "description", "preview"]}),
        ("How to reach it", {"fields": ["phone", "sms", "url"]}),
    ]
    readonly_fields = ["preview"]

    preview = preview_of("description")
