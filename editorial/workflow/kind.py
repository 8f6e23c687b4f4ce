"""A reviewable kind: what a kind of document declares so that the one workflow serves it.

The workflow (editorial.workflow.services) is written once for every kind,
the way Wagtail's workflows serve any page or snippet model. A kind says
only what is its own:

- its tables (review, release, event and state models, built on
  editorial.models.reviewable) and the field naming the document in them;
- how its working copy is read: ``serialize`` (the canonical serialization
  whose SHA-256 is the fingerprint), ``holds`` (whether a pinned fingerprint
  is still of it, for a kind whose older pins were taken of another form)
  and ``history_rows`` (the rows of it an editor may have changed, for
  separation of duties);
- how a release is written out for readers (``release_form``: the snapshot
  and fingerprint it stores; ``released``, ``withdrawn``: public rows, what
  readers must see at once, announcements);
- its extra checks (``submit_checks``, ``submission_waivers``,
  ``publish_checks``, ``waivers``, ``correction_rests_on``, ``release_fields``);
- the words its messages use (``Words``).

Each kind registers itself (``register``); ``KINDS`` lists them by name.
"""

from dataclasses import dataclass

from editorial.exceptions import InvalidInput, WrongState
from editorial.snapshot import fingerprint_of

KINDS = {}


def register(kind):
    """Add ``kind`` to the registry (once per name) and return it."""
    KINDS.setdefault(kind.name, kind)
    return KINDS[kind.name]


@dataclass(frozen=True)
class Words:
    """How messages name a kind's document. Everything defaults from ``noun``."""

    noun: str  # "guide"
    plural: str = ""  # "guides": what a right is about
    this: str = ""  # "this guide"
    the: str = ""  # "the guide"
    one: str = ""  # "a guide"
    approved_one: str = ""  # "an approved guide"
    it: str = "this one"
    release: str = "release"  # "release 3"
    last_step: str = ""  # "the guide's last step"
    reload: str = "Reload the review"
    published: str = "readers see it now."  # "Published release 3; readers see it now."

    def __post_init__(self):
        defaults = {
            "plural": f"{self.noun}s",
            "this": f"this {self.noun}",
            "the": f"the {self.noun}",
            "one": f"{'an' if self.noun[0] in 'aeiou' else 'a'} {self.noun}",
            "approved_one": f"an approved {self.noun}",
            "last_step": f"the {self.noun}'s last step",
        }
        for name, value in defaults.items():
            if not getattr(self, name):
                object.__setattr__(self, name, value)


class ReviewableKind:
    """The base of every kind: the defaults, for a kind with one row per document."""

    name = ""  # the registry's key, e.g. "guide"
    words: Words
    document_model = None  # the model of the document, locked by each step
    document_field = "document"  # the field naming the document in the kind's tables
    review_model = None
    release_model = None
    event_model = None
    state_model = None
    # Its audit chain entries are named "<prefix>review", "<prefix>release", "<prefix>event".
    audit_prefix = ""
    # A kind whose reviews may be corrections (its review model has kind and rests_on).
    corrections = False

    # Its working copy.

    def serialize(self, document):
        raise NotImplementedError

    def fingerprint(self, document):
        return fingerprint_of(self.serialize(document))

    def holds(self, pin, status):
        """Whether the fingerprint ``pin`` (of a sign-off or a release) is of ``status``'s
        working copy."""
        return pin == status.fingerprint

    def history_rows(self, document):
        """Per model with row history: the rows of ``document`` (a Q). For separation of duties."""
        raise NotImplementedError

    def credits_as_author(self, person, document):
        """Whether ``person`` is credited as an author of ``document``: then not its approver."""
        return False

    # Where its rows are.

    @property
    def withdrawable(self):
        """A kind whose releases have a go-live time and can be withdrawn."""
        return hasattr(self.release_model, "withdrawn_at")

    @property
    def steps(self):
        names = ["submit", "approve", "request_changes", "publish"]
        return [*names, "withdraw"] if self.withdrawable else names

    def document_key(self, document):
        """The filter picking ``document``'s rows in the kind's tables."""
        return {self.document_field: document} if self.document_field else {}

    def state_key(self, document):
        return self.document_key(document)

    def lock(self, document):
        """Lock ``document`` for one step and return it as it is now."""
        locked = self.document_model.objects.select_for_update().filter(pk=document.pk).first()
        if locked is None:
            raise WrongState(f"{self.words.this.capitalize()} no longer exists.")
        return locked

    def audit_names(self):
        prefix = self.audit_prefix
        return {
            f"{prefix}event": self.event_model,
            f"{prefix}review": self.review_model,
            f"{prefix}release": self.release_model,
        }

    # Its extra checks (each raises WrongState to refuse).

    def completeness(self, status):
        """What the working copy lacks before it can be submitted ({"complete", "missing"}),
        for the editor's page; None for a kind with no such check."""
        return None

    def submit_checks(self, status):
        pass

    def submission_waivers(self, status, given):
        """The waivers a submission records ({id: reason} given), or None for a kind with
        nothing a submitter may waive."""
        if given:
            raise InvalidInput(
                f"{self.words.the.capitalize()} has nothing a submitter may waive: "
                "send no waivers."
            )
        return None

    def publish_checks(self, status):
        pass

    def waivers(self, status, given):
        """The waivers an approval records, or None for a kind with no checks to waive."""
        return None

    def correction_rests_on(self, status):
        """The clinical sign-off a correction rests on, or WrongState why it is not one."""
        raise WrongState(f"{self.words.plural.capitalize()} take no corrections.")

    # Its releases, for readers.

    def release_form(self, status, approval):
        """The snapshot and fingerprint a release of ``status``'s working copy stores: the
        form ``approval`` pinned, so that the release's fingerprint is its sign-off's."""
        return status.snapshot, status.fingerprint

    def release_fields(self, status, approval, snapshot):
        """The kind's own columns of a new release of ``snapshot``."""
        return {}

    def released(self, release):
        """A release was written (in the step's transaction): what readers must see at once."""

    def withdrawn(self, document, numbers, reason):
        """Releases were withdrawn (in the step's transaction): what readers must see at once."""
