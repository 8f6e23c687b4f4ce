"""Every registered reviewable kind, as the shared rule matrix drives it.

For each kind: how a test makes a document and edits its working copy, and
what must be live before it is published. Steps go through the one workflow
(editorial.workflow.services) only, so the matrix tests the workflow, not
a kind's code. A kind registered without an entry here fails
tests/editorial/test_rule_matrix.py until it has one.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

import tests.testkind.kind  # noqa: F401  (the kinds register as they are imported)
from editorial.workflow import services as workflow
from editorial.workflow.kind import KINDS
from guidance.models import CrisisResource, Tip
from tests.factories import build_guide
from tests.safety import working_copy
from tests.testkind.models import Leaflet
from tests.workflow import (  # noqa: F401  (the matrix imports the rules from here)
    ALLOWED_FROM,
    RESULTING_STATE,
    ROLES_WITH_RIGHT,
    STATES,
    ensure_safety_information_live,
)


@dataclass(frozen=True)
class KindUnderTest:
    name: str
    make: object  # () -> a document of the kind in its first state
    edit: object  # (document, user) -> edits its working copy as ``user``
    before_publishing: object = lambda people: None

    @property
    def kind(self):
        return KINDS[self.name]


def _edit_a_tip(guide, user):
    tip = Tip.objects.filter(section__guide=guide).first()
    tip.body += " Edited."
    tip._history_user = user
    tip.save()


def _edit_the_crisis_line(document, user):
    line = CrisisResource.objects.order_by("pk").first()
    line.phone += " (press 1)"
    line._history_user = user
    line.save()


def _edit_the_leaflet(leaflet, user):
    leaflet.body += " Edited."
    leaflet._history_user = user
    leaflet.save()


def _make_safety_information():
    working_copy()


UNDER_TEST = {
    "guide": KindUnderTest(
        "guide",
        make=lambda: build_guide(sections=2, tips_per_section=2),
        edit=_edit_a_tip,
        before_publishing=lambda people: ensure_safety_information_live(**people),
    ),
    "safety": KindUnderTest("safety", make=_make_safety_information, edit=_edit_the_crisis_line),
    "leaflet": KindUnderTest(
        "leaflet",
        make=lambda: Leaflet.objects.create(title="Sleep", body="Keep a regular bedtime."),
        edit=_edit_the_leaflet,
    ),
}

# The states, the steps each is allowed from and their results, and who holds
# each right: the guides' (tests/workflow.py), for every kind. "scheduled" and
# "withdrawn" are states of kinds whose releases can be withdrawn only.
ROLES = ["editor", "reviewer", "publisher", "anonymous", "staff"]


def states_of(kind):
    if kind.withdrawable:
        return STATES
    return [state for state in STATES if state not in ("scheduled", "withdrawn")]


def fingerprint(kind, document):
    return kind.fingerprint(document)


def take(step, kind, document, user):
    """Take ``step`` on ``document`` as ``user`` with valid inputs, through the one workflow."""
    if step == "submit":
        return workflow.submit(kind, document, user=user, change_summary="A change.")
    if step == "approve":
        return workflow.approve(
            kind, document, user=user, fingerprint=fingerprint(kind, document), notes="Sound."
        )
    if step == "request_changes":
        return workflow.request_changes(kind, document, user=user, notes="Rework it.")
    if step == "publish":
        return workflow.publish(kind, document, user=user)
    return workflow.withdraw(kind, document, user=user, reason="Unsafe.")


def build_state(under, name, people):
    """A document of the kind whose working copy is in the named state, through the workflow."""
    kind, editor, reviewer, publisher = (
        under.kind,
        people["editor"],
        people["reviewer"],
        people["publisher"],
    )
    under.before_publishing(people)
    document = under.make()
    if name == "draft":
        return document
    workflow.submit(kind, document, user=editor, change_summary="First version.")
    if name == "in_review":
        return document
    if name == "changes_requested":
        workflow.request_changes(kind, document, user=reviewer, notes="Soften it.")
        return document
    workflow.approve(kind, document, user=reviewer, fingerprint=fingerprint(kind, document))
    if name in ("approved", "needs_review_again"):
        if name == "needs_review_again":
            under.edit(document, None)
        return document
    go_live_at = None
    if name == "scheduled":
        go_live_at = timezone.now() + datetime.timedelta(days=3)
    workflow.publish(kind, document, user=publisher, go_live_at=go_live_at)
    if name == "published_with_edits":
        under.edit(document, None)
    if name == "withdrawn":
        workflow.withdraw(kind, document, user=publisher, reason="Outdated advice.")
    return document


def everything_about(kind, document):
    """Every workflow row of the document and its fingerprint, to show nothing changed."""
    key = kind.document_key(document)
    return {
        "fingerprint": fingerprint(kind, document),
        "state": list(kind.state_model.objects.filter(**kind.state_key(document)).values()),
        "reviews": list(kind.review_model.objects.filter(**key).order_by("pk").values()),
        "releases": list(kind.release_model.objects.filter(**key).order_by("pk").values()),
        "events": list(kind.event_model.objects.filter(**key).order_by("pk").values()),
    }
