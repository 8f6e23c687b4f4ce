"""Edits to a guide's working copy outside the admin: its own fields, a section, a tip.

The admin edits through its forms; the editorial API (and any script) edits
through these functions, so both keep the same rules. Each edit has the
shape of a workflow step: in one transaction, lock the guide row, check the
user's right to change that kind of row, validate the row as the admin would
(``full_clean``), then save it with the user and a reason in its history.
Separation of duties (``editorial.policy.edited_since_last_release``) reads
that history, so a reviewer who edits a guide here may not approve it.

``fingerprint`` is required: the version of the working copy the edit was
made on (``editorial.snapshot.fingerprint_guide``). Without one the edit is
refused (VersionRequired, 428), since an edit that names no version could
overwrite someone else's work unseen; if the guide changed since that
version, it is refused too (VersionMismatch, 412). Both are checked after the
lock and the user's right (so a user without the right hears that first), and
before any write. A refused edit changes nothing. An edit that changes nothing
writes nothing.
"""

from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from editorial.exceptions import Conflict, InvalidInput, NotAllowed, WrongState
from editorial.versions import check_guide_version
from guidance.history import history_reason
from guidance.models import Guide, Section, Tip, Topic

EDIT_REASON = "Edited through the editorial API"

GUIDE_FIELDS = ("title", "summary", "topics")
SECTION_FIELDS = ("heading", "body", "list_style", "anchor")
TIP_FIELDS = ("lead", "body", "topics")


def guide_update(*, guide, user, data, fingerprint, reason=EDIT_REASON):
    """Change the guide's title, summary or topics (topic slugs). Its slug never changes.

    Holders of ``guidance.change_guide``. ``fingerprint`` is the version edited.
    Raises NotAllowed, VersionRequired (no fingerprint), VersionMismatch (a
    stale one) or InvalidInput (unknown field, unknown topic, invalid value).
    """
    with _editing(guide.pk, user, "guide", fingerprint) as locked:
        if "slug" in data:
            raise InvalidInput(Guide.SLUG_NEVER_CHANGES)
        _refuse_unknown(data, GUIDE_FIELDS)
        _apply(locked, data, user, reason)
    return locked


def section_update(*, section, user, data, fingerprint, reason=EDIT_REASON):
    """Change a section's heading, body, list style or anchor (unique in its guide).

    Holders of ``guidance.change_section``.
    """
    with _editing(section.guide_id, user, "section", fingerprint) as guide:
        _refuse_unknown(data, SECTION_FIELDS)
        section = _current(Section.objects.filter(pk=section.pk, guide=guide), "section")
        anchor = data.get("anchor", section.anchor)
        if Section.objects.filter(guide=guide, anchor=anchor).exclude(pk=section.pk).exists():
            raise Conflict(
                f"anchor: Another section of this guide already has the anchor “{anchor}”; "
                "anchors are unique in a guide."
            )
        _apply(section, data, user, reason)
    return section


def tip_update(*, tip, user, data, fingerprint, reason=EDIT_REASON):
    """Change a tip's lead, body or topics (topic slugs). Its public id never changes.

    Holders of ``guidance.change_tip``.
    """
    with _editing(tip.section.guide_id, user, "tip", fingerprint) as guide:
        _refuse_unknown(data, TIP_FIELDS)
        tip = _current(Tip.objects.filter(pk=tip.pk, section__guide=guide), "tip")
        _apply(tip, data, user, reason)
    return tip


@contextmanager
def _editing(guide_id, user, model_name, fingerprint):
    """One edit: a transaction holding the guide's row lock, once the user may make it."""
    with transaction.atomic():
        guide = Guide.objects.select_for_update().filter(pk=guide_id).first()
        if guide is None:
            raise WrongState("This guide no longer exists.")
        if not user.has_perm(f"guidance.change_{model_name}"):
            raise NotAllowed(
                f"You may not edit {model_name}s: that takes the right to change {model_name}s."
            )
        # Compared only once the lock is held: an edit that waited sees the one before it.
        check_guide_version(guide, fingerprint)
        yield guide


def _refuse_unknown(data, editable):
    unknown = sorted(set(data) - set(editable))
    if unknown:
        raise InvalidInput(
            f"These fields cannot be edited here: {', '.join(unknown)}. "
            f"Editable: {', '.join(editable)}."
        )


def _current(rows, kind):
    row = rows.first()
    if row is None:
        raise WrongState(f"This {kind} no longer exists.")
    return row


def _apply(instance, data, user, reason):
    """Set the fields in ``data`` on ``instance``, validate it, save it with its history."""
    topics = topics_of(data["topics"]) if "topics" in data else None
    changed = False
    for name, value in data.items():
        if name != "topics" and getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    topics_changed = topics is not None and (
        {topic.pk for topic in topics} != set(instance.topics.values_list("pk", flat=True))
    )
    if not (changed or topics_changed):
        return
    try:
        instance.full_clean()
    except ValidationError as error:
        raise InvalidInput(messages_of(error)) from error
    # Set explicitly: an API request's user is not the one the history
    # middleware sees (token authentication happens in the view).
    instance._history_user = user
    instance._change_reason = reason
    with history_reason(reason):  # and any row written in passing
        if changed:
            instance.save()
        if topics_changed:
            instance.topics.set(topics)


def topics_of(slugs):
    """The topics named by ``slugs``; InvalidInput naming any slug no topic has."""
    topics = list(Topic.objects.filter(slug__in=slugs))
    missing = sorted(set(slugs) - {topic.slug for topic in topics})
    if missing:
        raise InvalidInput(f"topics: No topic has the slug {', '.join(missing)}.")
    return topics


def messages_of(error):
    """``"anchor: Enter a valid slug. heading: This field cannot be blank."``"""
    parts = []
    for field, messages in error.message_dict.items():
        for message in messages:
            parts.append(message if field == NON_FIELD_ERRORS else f"{field}: {message}")
    return " ".join(parts)
