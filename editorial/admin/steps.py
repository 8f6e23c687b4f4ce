"""The admin's workflow, for every kind: the panel of where a document stands and the steps
offered (``workflow_panel``), the address of its step pages (``step_url``), and taking
a page's step through the table of steps (``take_page``); and a guide's step pages: see
the state, the diff (with the editors' notes since the submission) and the checks, then
take a step.

Each page calls exactly one service; a refused step shows the service's
message with its status code (403, 409 or 400) and changes nothing. The
"changes" page shows the diff alone, for whoever may view the guide.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from editorial.admin.forms import PublishForm, ReviewForm, SubmitForm, WithdrawForm
from editorial.change_notes import change_notes_since, notes_on_guide_diff
from editorial.checks import guide_checks
from editorial.checks.readability import max_grade
from editorial.diff import diff_snapshots
from editorial.exceptions import WorkflowError
from editorial.kinds.guide import GUIDE
from editorial.legacy_pins import full_snapshot
from editorial.models import DocumentState, ReviewState
from editorial.selectors import diff_base
from editorial.services import allowed_steps
from editorial.status import status_of
from editorial.steps import STEPS
from editorial.workflow import services as workflow
from editorial.workflow.status import status_for

STEP_PAGES = {
    "changes": ("Changes since the live release", None),
    "submit": ("Submit for clinical review", SubmitForm),
    "review": ("Clinical review", ReviewForm),
    "publish": ("Publish", PublishForm),
    "withdraw": ("Withdraw", WithdrawForm),
}


def workflow_panel(kind, user, document):
    """What a document's page shows of the workflow, and the steps ``user`` may take now.

    ``workflow``: where it stands; ``workflow_allowed``: each step, None or why
    not; ``workflow_steps``: the step pages offered (``review`` decides between
    approving and requesting changes).
    """
    status = status_for(kind, document)
    allowed = workflow.allowed_steps(kind, user, status)
    last_decision = None
    if status.state == DocumentState.CHANGES_REQUESTED:
        last_decision = (
            kind.review_model.objects.filter(
                **kind.document_key(document), state=ReviewState.CHANGES_REQUESTED
            )
            .order_by("-decided_at")
            .first()
        )
    pages = {
        "submit": allowed["submit"] is None,
        "review": allowed["approve"] is None or allowed["request_changes"] is None,
        "publish": allowed["publish"] is None,
        "withdraw": allowed.get("withdraw", "") is None,
    }
    return {
        "workflow": status,
        "workflow_allowed": allowed,
        "workflow_last_decision": last_decision,
        "workflow_steps": [page for page, offered in pages.items() if offered],
    }


def step_url(model_admin, route, view, name):
    """The admin address of a kind's workflow steps, served by ``view`` of ``model_admin``."""
    return path(route, model_admin.admin_site.admin_view(view), name=name)


def step_view(model_admin, request, guide, step):
    if step not in STEP_PAGES:
        raise Http404("No such workflow step.")
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    title, form_class = STEP_PAGES[step]
    if form_class is None and request.method == "POST":
        return HttpResponseNotAllowed(["GET"])
    form, error = None, None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                done = take_page(GUIDE, guide, step, request.user, form.cleaned_data, request.POST)
            except WorkflowError as refusal:
                error = refusal
                messages.error(request, refusal.message)
            else:
                messages.success(request, done)
                return HttpResponseRedirect(
                    reverse("admin:guidance_guide_change", args=[guide.pk])
                )
    # Read where the guide stands only now: after a refusal, as it is now.
    status = status_of(guide)
    if form is None and form_class is not None:
        form = form_class(initial={"fingerprint": status.fingerprint})
    allowed = allowed_steps(request.user, status)
    base, since = diff_base(status)
    diff = diff_snapshots(full_snapshot(base) if base else None, status.snapshot)
    if status.open_review is not None:
        # What the editors said of their edits since the submission, at the rows they edited.
        notes = change_notes_since(GUIDE, guide, status.open_review.submitted_at)
        notes_on_guide_diff(diff, notes)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"{title}: {guide}",
        "guide": guide,
        "step": step,
        "status": status,
        "allowed": allowed,
        "form": form,
        "diff": diff,
        "diff_since": since,
        # The same checks as GET .../guides/{slug}/checks/, from the same function.
        "checks": _checks_shown(step, status, _waivers(request.POST)),
        "asks_waivers": step == "review",
    }
    return TemplateResponse(
        request,
        "admin/editorial/guide/workflow_step.html",
        context,
        status=_status_code(request, error),
    )


def _status_code(request, error):
    if error is not None:
        return error.status_code
    # A POST that reaches here did not validate (a malformed date, say).
    return 400 if request.method == "POST" else 200


def _checks_shown(step, status, given):
    """The checks, each finding with the waiver typed for it (kept after a refusal)."""
    if step not in ("submit", "review"):
        return None
    checks = guide_checks(status)
    checks["safe_messaging"] = [
        {**finding, "waiver": given.get(finding["id"], "")} for finding in checks["safe_messaging"]
    ]
    level = checks["readability"]
    level["waiver"] = given.get("reading_level", "")
    level["sections_over_limit"] = [
        section
        for section in level["sections"]
        if section["grade"] is not None and section["grade"] > max_grade()
    ]
    return checks


def _waivers(posted):
    """The waiver reasons typed on the review page: fields named ``waiver-<finding id>``."""
    prefix = "waiver-"
    return {
        key[len(prefix) :]: value.strip()
        for key, value in posted.items()
        if key.startswith(prefix)
    }


# The review page decides between two steps; the other pages are one step each.
DECISIONS = {"approve", "request_changes"}


def take_page(kind, document, page, user, data, posted):
    """Take the step of an admin page (``review`` decides between two) on ``document`` of
    ``kind`` through the table of steps; return what to tell the user. Every kind's pages."""
    name = page
    if page == "review":
        name = posted.get("decision")
        if name not in DECISIONS:
            raise WorkflowError("Choose “Approve” or “Request changes”.")
    given = dict(data)
    if name == "submit":
        given["kind"] = data.get("kind") or "clinical"
    if name == "approve":
        given["waivers"] = {key: reason for key, reason in _waivers(posted).items() if reason}
    return STEPS[name].take(kind, document, user=user, **given)
