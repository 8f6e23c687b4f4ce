"""The tamper-evident audit chain over workflow events, reviews and releases.

``record(row)`` appends the row, as it now is in the database, to one chain
for the whole service, inside the caller's transaction; every workflow step
calls it for each row it writes. ``verify_chain()`` walks the chain and
compares each row with its latest entry, so a row changed, inserted or
deleted behind the workflow's back (say, with the immutability triggers
disabled) is named. ``manage.py verify_audit`` and the admin's "Audit chain"
page show the result.

Each entry's hash is an HMAC keyed outside the database
(``GUIDANCE_AUDIT_KEY``): with write access to the database alone, nobody
can rewrite a row and recompute a chain that still verifies.
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

from django.apps import apps
from django.conf import settings

from editorial.snapshot import canonical_json

GENESIS = "0" * 64
# Large fields are audited by their SHA-256: the digest pins them as well.
DIGESTED = {"snapshot"}


def _key():
    configured = settings.GUIDANCE_AUDIT_KEY
    if configured:
        return configured.encode()
    return hashlib.sha256(b"guidance audit chain\0" + settings.SECRET_KEY.encode()).digest()


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


def content_of(row):
    """The row's fields as the chain records them: every column, by attribute name."""
    content = {}
    for model_field in row._meta.concrete_fields:
        value = getattr(row, model_field.attname)
        if model_field.attname in DIGESTED:
            value = {"sha256": hashlib.sha256(canonical_json(value)).hexdigest()}
        content[model_field.attname] = _plain(value)
    return content


def link_hash(previous_hash, kind, object_id, content):
    digest = hashlib.sha256(canonical_json(content)).hexdigest()
    message = f"{previous_hash}\n{kind}\n{object_id}\n{digest}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def chained():
    """The models in the chain, by the kind their entries name: every reviewable kind's
    events, reviews and releases (``"event"``, ``"safety_review"``, ...)."""
    import editorial.kinds.guide
    import editorial.kinds.safety  # noqa: F401
    from editorial.workflow.kind import KINDS

    return {
        name: model._meta.label
        for kind in KINDS.values()
        for name, model in kind.audit_names().items()
    }


def kind_of(row):
    label = row._meta.label
    for kind, model_label in chained().items():
        if model_label == label:
            return kind
    raise ValueError(f"{label} rows are not in the audit chain.")


def record(*rows, entry_model=None, head_model=None):
    """Append ``rows``, as the database now holds them, to the chain (in the caller's transaction).

    The chain's head row is locked first, so concurrent steps append one
    after the other and the chain never forks. (``entry_model`` and
    ``head_model``: the historical models, when a migration builds the chain.)
    """
    entries = []
    for row in rows:
        # Read back: the entry must hold what verification will read.
        stored = type(row)._base_manager.get(pk=row.pk)
        entries.append((kind_of(stored), stored.pk, content_of(stored)))
    _append(entries, entry_model, head_model)


def append(kind, object_id, content, *, entry_model=None, head_model=None):
    """Append one entry of ``content`` (plain JSON) about ``object_id`` to the chain.

    For what the chain pins besides rows of chained() models (the digests of a
    release's public rows, editorial.public_rows); in the caller's transaction.
    """
    _append([(kind, object_id, content)], entry_model, head_model)


def _append(entries, entry_model, head_model):
    entry_model = entry_model or apps.get_model("editorial", "AuditEntry")
    head_model = head_model or apps.get_model("editorial", "AuditHead")
    head = head_model.objects.select_for_update().filter(pk=1).first()
    if head is None:  # made by migration 0009; only a flushed test database lacks it
        head_model.objects.get_or_create(pk=1, defaults={"hash": GENESIS, "length": 0})
        head = head_model.objects.select_for_update().get(pk=1)
    for kind, object_id, content in entries:
        new_hash = link_hash(head.hash, kind, object_id, content)
        entry_model.objects.create(
            kind=kind,
            object_id=object_id,
            content=content,
            previous_hash=head.hash,
            hash=new_hash,
        )
        head.hash, head.length = new_hash, head.length + 1
    head.save(update_fields=["hash", "length"])


@dataclass
class Problem:
    position: float  # the entry's place in the chain; rows with no entry come last
    row: str
    message: str

    def __str__(self):
        return f"{self.row}: {self.message}"


@dataclass
class ChainState:
    length: int
    head: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def is_whole(self):
        return not self.problems

    @property
    def first_problem(self):
        return self.problems[0] if self.problems else None


def verify_chain():
    """Walk the chain and compare every chained row with its latest entry.

    Returns a ChainState whose ``problems`` are in chain order: the first is
    the first row that does not match.
    """
    from editorial.models import AuditEntry, AuditHead

    problems, latest = [], {}
    previous, length = GENESIS, 0
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=500):
        length += 1
        expected = link_hash(previous, entry.kind, entry.object_id, entry.content)
        if entry.previous_hash != previous or entry.hash != expected:
            problems.append(
                Problem(
                    entry.pk,
                    f"audit entry #{entry.pk} ({entry.kind} {entry.object_id})",
                    "does not follow from the entry before it: the chain was altered here.",
                )
            )
        latest[(entry.kind, entry.object_id)] = entry
        previous = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.hash != previous or head.length != length:
        problems.append(
            Problem(
                length + 0.5,
                "the chain's head",
                "names another last entry: entries were removed from the end of the chain.",
            )
        )
    for kind, model_label in chained().items():
        model = apps.get_model(model_label)
        seen = set()
        for row in model._base_manager.order_by("pk").iterator(chunk_size=200):
            seen.add(row.pk)
            entry = latest.get((kind, row.pk))
            if entry is None:
                problems.append(
                    Problem(
                        float("inf"),
                        describe(kind, row),
                        "has no audit entry: it was written outside the workflow.",
                    )
                )
                continue
            current = content_of(row)
            changed = [
                name
                for name, value in entry.content.items()
                if canonical_json(current.get(name)) != canonical_json(value)
            ]
            if changed:
                problems.append(
                    Problem(
                        entry.pk,
                        describe(kind, row),
                        f"{', '.join(changed)} changed since audit entry #{entry.pk}.",
                    )
                )
        for (entry_kind, object_id), entry in latest.items():
            if entry_kind == kind and object_id not in seen:
                problems.append(
                    Problem(
                        entry.pk, f"{kind} {object_id}", f"was deleted (audit entry #{entry.pk})."
                    )
                )
    problems.sort(key=lambda problem: problem.position)
    return ChainState(length=length, head=previous, problems=problems)


def describe(kind, row):
    """A row as a person finds it: ``release 12 (guide “slug”, number 3)``."""
    if kind.startswith("safety_"):
        return f"safety information {kind.removeprefix('safety_')} {row.pk}"
    guide = getattr(row, "guide", None)
    slug = guide.slug if guide is not None else "?"
    if kind == "release":
        return f"release {row.pk} (guide “{slug}”, release {row.number})"
    if kind == "review":
        return f"review {row.pk} (guide “{slug}”, submitted {row.submitted_at:%Y-%m-%d})"
    if kind == "event":
        return f"workflow event {row.pk} (guide “{slug}”, {row.action} at {row.at:%Y-%m-%d %H:%M})"
    return f"{kind.replace('_', ' ')} {row.pk}"
