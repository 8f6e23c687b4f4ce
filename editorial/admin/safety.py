"""The safety information in the admin: its workflow page, its read-only releases, and a
note on the notice and crisis resource pages that their edits wait for sign-off.

The page shows the state, the fingerprint, the live release, what changed since
it (word by word, with the editors' notes since the submission), and then the steps
this user may take, the review's decision in a bar that stays in view: the workflow panel every
kind shares (editorial.admin.steps.workflow_panel), from the same guards the
steps run. Each step posts to the table of steps (take_page); a refusal shows
its message with its status code and changes nothing.
"""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from editorial.admin.forms import ReviewForm, SubmitForm
from editorial.admin.releases import ReadOnlyAdmin, ReleasePagesAdmin
from editorial.admin.steps import step_url, take_page, workflow_panel
from editorial.change_notes import change_notes_since, notes_on_safety_changes
from editorial.exceptions import WorkflowError
from editorial.kinds.safety import SAFETY
from editorial.models import SafetyEvent, SafetyRelease, SafetyWorkflow
from editorial.safety.diff import diff_safety_information

PAGE = "admin:editorial_safetyworkflow_changelist"


@admin.register(SafetyWorkflow)
class SafetyInformationAdmin(ReadOnlyAdmin):
    """One page, not a list: the safety information and its workflow."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("guidance.view_sitenotice") or request.user.has_perm(
            "guidance.view_crisisresource"
        )

    def get_urls(self):
        steps = step_url(
            self, "step/<slug:step>/", self.step_view, "editorial_safetyworkflow_step"
        )
        return [steps, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise Http404("No such page.")
        return self.page(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse(PAGE))

    def step_view(self, request, step):
        if not self.has_view_permission(request):
            raise Http404("No such page.")
        if step not in ("submit", "review", "publish"):
            raise Http404("No such workflow step.")
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form_class = {"submit": SubmitForm, "review": ReviewForm}.get(step)
        form = form_class(request.POST) if form_class else None
        if form is not None and not form.is_valid():
            return self.page(request, forms={step: form}, status=400)
        try:
            done = take_page(
                SAFETY, None, step, request.user, form.cleaned_data if form else {}, request.POST
            )
        except WorkflowError as refusal:
            messages.error(request, refusal.message)
            return self.page(request, forms={step: form}, status=refusal.status_code)
        messages.success(request, done)
        return HttpResponseRedirect(reverse(PAGE))

    def page(self, request, *, forms=None, status=200):
        # Read only now: after a refusal, as it stands now.
        panel = workflow_panel(SAFETY, request.user, None)
        safety, allowed = panel["workflow"], panel["workflow_allowed"]
        live = safety.live_release
        forms = forms or {}
        changes = diff_safety_information(live.snapshot if live else None, safety.snapshot)
        notes = []
        if safety.open_review is not None:
            notes = change_notes_since(SAFETY, None, safety.open_review.submitted_at)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Safety information",
            "safety": safety,
            "allowed": allowed,
            "submit_form": forms.get("submit") or SubmitForm(),
            "review_form": forms.get("review")
            or ReviewForm(initial={"fingerprint": safety.fingerprint}),
            "changes": changes,
            # The editors' notes since the submission: at their changes, the rest on top.
            "change_notes": notes_on_safety_changes(changes, notes),
            "events": SafetyEvent.objects.select_related("actor", "release")[:20],
            "releases_url": reverse("admin:editorial_safetyrelease_changelist"),
            "notices_url": reverse("admin:guidance_sitenotice_changelist"),
            "crisis_resources_url": reverse("admin:guidance_crisisresource_changelist"),
        }
        return TemplateResponse(
            request, "admin/editorial/safety/page.html", context, status=status
        )


@admin.register(SafetyRelease)
class SafetyReleaseAdmin(ReleasePagesAdmin):
    view_permission = "editorial.view_safetyrelease"
    list_display = ["__str__", "published_at", "published_by", "signed_off", "change_summary"]
    list_select_related = ["published_by", "review"]
    fields = [
        "number",
        "change_summary",
        "signed_off",
        "fingerprint",
        "published_by",
        "published_at",
        "backdated",
        "recorded_at",
        "snapshot",
    ]
    readonly_fields = fields


class AwaitsSignOff:
    """The working copy's admin pages say where their edits go, and link to the workflow."""

    change_form_template = "admin/editorial/safety/working_copy_change_form.html"
    change_list_template = "admin/editorial/safety/working_copy_change_list.html"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "safety_note": sign_off_note()}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "safety_note": sign_off_note()}
        return super().changelist_view(request, extra_context)


def sign_off_note():
    return format_html(
        "Edits here change the working copy only: readers get them once a clinical reviewer "
        'has signed off the <a href="{}">safety information</a> and it is published.',
        reverse(PAGE),
    )
