"""What every change to a guide's structure does, whichever row it touches.

The shape of a workflow step (editorial.services) and of an edit
(editorial.editing): in one transaction, lock the guide row, check the user's
right (the admin's model permissions, editorial.policy), check the version
the change was made on (editorial.versions), then validate and write, with
the user and a reason in every history row written, those of rows a deletion
takes with it included. A refused change raises before any write.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction

from editorial import policy
from editorial.editing import messages_of, topics_of
from editorial.exceptions import InvalidInput, NotAllowed, WrongState
from editorial.versions import check_guide_version
from guidance.history import history_reason, history_user
from guidance.models import Guide

ADD_REASON = "Added through the editorial API"
EDIT_REASON = "Edited through the editorial API"
DELETE_REASON = "Deleted through the editorial API"


@contextmanager
def changing(guide_id, user, action, model, fingerprint, reason):
    """One change to a guide: its row locked, the right and the version checked.

    Yields the locked guide. ``fingerprint`` is the version the change was
    made on: VersionRequired (428) without one, VersionMismatch (412) if the
    guide changed since.
    """
    with transaction.atomic():
        guide = Guide.objects.select_for_update().filter(pk=guide_id).first()
        if guide is None:
            raise WrongState("This guide no longer exists.")
        refuse_without_right(user, action, model)
        # Compared only once the lock is held: a change that waited sees the one before it.
        check_guide_version(guide, fingerprint)
        with recorded(user, reason):
            yield guide


def refuse_without_right(user, action, model):
    refusal = policy.content_refusal(user, action, model)
    if refusal:
        raise NotAllowed(refusal)


@contextmanager
def recorded(user, reason):
    """Every history row written inside names ``user`` and ``reason``."""
    with history_user(user), history_reason(reason):
        yield


def refuse_unknown(data, accepted):
    unknown = sorted(set(data) - set(accepted))
    if unknown:
        raise InvalidInput(
            f"These fields cannot be set here: {', '.join(unknown)}. "
            f"Accepted: {', '.join(accepted)}."
        )


def current(rows, kind):
    row = rows.first()
    if row is None:
        raise WrongState(f"This {kind} no longer exists.")
    return row


def save(row, user, reason, *, topics=None):
    """Validate ``row`` as the admin's form would (``full_clean``), then save it with history.

    ``topics``: topic slugs to set on it, if given. Raises InvalidInput naming
    the field.
    """
    topic_rows = topics_of(topics) if topics is not None else None
    try:
        row.full_clean()
    except ValidationError as error:
        raise InvalidInput(messages_of(error)) from error
    # Set explicitly: the history middleware does not see an API token's user.
    row._history_user = user
    row._change_reason = reason
    with recorded(user, reason):
        row.save()
        if topic_rows is not None:
            row.topics.set(topic_rows)
    return row
