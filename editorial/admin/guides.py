"""The guide admin: its page and outline, with its workflow (state, releases and the
steps this user may take)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import reverse

from editorial.admin.content import (
    ContributorInline,
    SourceInline,
    TopicsAsCheckboxesMixin,
)
from editorial.admin.in_review import InReviewMixin
from editorial.admin.outline import OutlineInline
from editorial.admin.steps import step_url, step_view, workflow_panel
from editorial.admin.versions import VersionedAdminMixin
from editorial.kinds.guide import GUIDE
from editorial.models import GuideState, WorkflowEvent
from guidance.admin.base import HistoryAdmin
from guidance.models import Guide


@admin.register(Guide)
class GuideAdmin(InReviewMixin, VersionedAdminMixin, TopicsAsCheckboxesMixin, HistoryAdmin):
    show_presence = True
    change_form_template = "admin/editorial/guide/change_form.html"
    object_history_template = "admin/editorial/guide/object_history.html"
    list_display = ["title", "slug", "section_count", "updated_at", "workflow_state"]
    list_filter = ["workflow__state", "topics"]
    # Editors look a guide up by anything in it: a tip's words, a topic, a contributor.
    search_fields = [
        "title",
        "slug",
        "summary",
        "topics__name",
        "sections__heading",
        "sections__tips__lead",
        "sections__tips__body",
        "sections__tips__topics__name",
        "contributors__person__name",
    ]
    fieldsets = [(None, {"fields": ["title", "slug", "summary", "topics"]})]
    # The whole outline (sections, subsections, tips, steps) is edited here.
    inlines = [OutlineInline, ContributorInline, SourceInline]
    save_on_top = True

    class Media:
        css = {"all": ["editorial/admin/workflow.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(section_total=Count("sections", distinct=True))
            .select_related("workflow")
        )

    def get_readonly_fields(self, request, obj=None):
        # The slug is the guide's public address: set once, never changed.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["title"]}

    @admin.display(description="sections", ordering="section_total")
    def section_count(self, guide):
        return guide.section_total

    @staticmethod
    def guide_id_of(guide):
        return guide.pk

    def view_on_site(self, guide):
        """The reader page: what readers see of this guide now."""
        return reverse("reader:guide", args=[guide.slug])

    @admin.display(description="workflow", ordering="workflow__state")
    def workflow_state(self, guide):
        workflow = getattr(guide, "workflow", None)
        return workflow.get_state_display() if workflow else GuideState.DRAFT.label

    def get_urls(self):
        route = "<path:object_id>/workflow/<slug:step>/"
        steps = step_url(self, route, self.workflow_step_view, "guidance_guide_workflow")
        return [steps, *super().get_urls()]

    def workflow_step_view(self, request, object_id, step):
        # Not VersionedAdminMixin's get_object: its edit lock needs the
        # transaction a content save runs in, and a step's service locks the
        # guide in its own.
        guide = super(VersionedAdminMixin, self).get_object(request, unquote(object_id))
        if guide is None:
            raise Http404("No such guide.")
        if not self.has_view_permission(request, guide):
            raise PermissionDenied
        return step_view(self, request, guide, step)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(workflow_panel(GUIDE, request.user, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        guide = self.get_object(request, unquote(object_id))
        if guide is None:
            raise Http404("No such guide.")
        events = WorkflowEvent.objects.filter(guide=guide).select_related(
            "actor", "release", "review"
        )
        extra_context = {**(extra_context or {}), "workflow_events": events}
        return super().history_view(request, object_id, extra_context)
