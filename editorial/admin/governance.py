"""Clinical governance in the admin: licences, the audit log of workflow steps, the audit chain.

Licences decide who may sign off, so only holders of the right to manage
clinical reviewers change them (others with the view right read them).
The audit log and the chain are read-only, like releases and reviews.
"""

import csv

from django.contrib import admin
from django.contrib.admin import DateFieldListFilter, RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone

from editorial.admin.releases import ReadOnlyAdmin
from editorial.audit import verify_chain
from editorial.models import AuditEntry, Licence, LicenceExpiringSoon, WorkflowEvent
from editorial.policy import may_grant_sign_off


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["person", "type", "number", "jurisdiction", "expires_on", "validity"]
    list_filter = ["type", "jurisdiction"]
    list_select_related = ["person"]
    search_fields = ["person__name", "person__slug", "number", "jurisdiction"]
    autocomplete_fields = ["person"]
    ordering = ["person__name", "expires_on"]

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("editorial.view_licence") or may_grant_sign_off(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return may_grant_sign_off(request.user)

    def has_change_permission(self, request, obj=None):
        return may_grant_sign_off(request.user)

    def has_delete_permission(self, request, obj=None):
        return may_grant_sign_off(request.user)

    @admin.display(description="valid today")
    def validity(self, licence):
        return "Valid" if licence.expires_on >= timezone.localdate() else "Expired"


@admin.register(LicenceExpiringSoon)
class LicencesExpiringSoonAdmin(ReadOnlyAdmin):
    view_permission = "editorial.view_licence"
    list_display = ["person", "type", "number", "jurisdiction", "expires_on", "days_left"]
    list_display_links = None
    list_select_related = ["person"]
    ordering = ["expires_on", "person__name"]

    def get_queryset(self, request):
        return LicenceExpiringSoon.objects.expiring_soon().select_related("person")

    @admin.display(description="expires in")
    def days_left(self, licence):
        days = (licence.expires_on - timezone.localdate()).days
        return "today (last day valid)" if days == 0 else f"{days} day{'s' if days != 1 else ''}"


EVENT_COLUMNS = [
    "id",
    "at",
    "guide",
    "action",
    "actor",
    "detail",
    "review",
    "release",
    "backdated",
]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    """Every workflow step across guides: filter by guide, person, step and date; export CSV."""

    view_permission = "editorial.view_workflowevent"
    change_list_template = "admin/editorial/workflowevent/change_list.html"
    list_display = ["at", "guide", "action", "actor", "detail", "backdated"]
    list_filter = [
        ("guide", RelatedOnlyFieldListFilter),
        ("actor", RelatedOnlyFieldListFilter),
        "action",
        ("at", DateFieldListFilter),
    ]
    list_select_related = ["guide", "actor"]
    date_hierarchy = "at"
    search_fields = ["detail", "guide__title", "guide__slug", "actor__username"]
    ordering = ["-at", "-pk"]

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name="editorial_workflowevent_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The list as filtered on the page, as CSV (streamed: the log may be long)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        events = self.get_changelist_instance(request).get_queryset(request)
        rows = events.select_related("guide", "actor", "release").iterator(chunk_size=500)
        writer = csv.writer(_Echo())
        lines = (writer.writerow(_event_row(event)) for event in rows)
        response = StreamingHttpResponse(
            _with_header(writer.writerow(EVENT_COLUMNS), lines), content_type="text/csv"
        )
        response["Content-Disposition"] = 'attachment; filename="workflow-events.csv"'
        return response


def _event_row(event):
    return [
        event.pk,
        event.at.isoformat(),
        event.guide.slug,
        event.action,
        _as_text(event.actor.get_username()),
        _as_text(event.detail),
        event.review_id or "",
        event.release.number if event.release_id else "",
        "yes" if event.backdated else "no",
    ]


# What makes a spreadsheet read a cell as a formula (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    """``value`` as a spreadsheet shows it: text people wrote is never run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _with_header(header, lines):
    yield header
    yield from lines


class _Echo:
    """A file-like object that hands back what is written: csv.writer then yields lines."""

    def write(self, value):
        return value


@admin.register(AuditEntry)
class AuditChainAdmin(ReadOnlyAdmin):
    """The audit chain: whether it is whole, and its entries."""

    view_permission = "editorial.view_auditentry"
    change_list_template = "admin/editorial/auditentry/change_list.html"
    list_display = ["pk", "kind", "object_id", "recorded_at", "short_hash"]
    list_display_links = None
    list_filter = ["kind"]
    ordering = ["-pk"]

    @admin.display(description="hash")
    def short_hash(self, entry):
        return entry.hash[:16]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "chain": verify_chain()}
        return super().changelist_view(request, extra_context)
