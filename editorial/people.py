"""Saving people and topics.

Who may sign off is decided by the policy, wherever a person's save comes
from. Readers see people and topics as the live releases carrying them have
them (api/public/profiles.py), so a save moves nothing public: the edit
reaches readers with the next signed-off release of each guide showing it.
"""

from django.db import transaction

from editorial import policy
from editorial.exceptions import NotAllowed
from guidance.history import history_reason


def person_save(*, person, user, reason):
    """Save ``person`` (new or changed) with ``user`` and ``reason`` in its history.

    Raises NotAllowed, changing nothing, when the save would change who may
    sign off (credential, reviewer flag, linked account) and ``user`` lacks
    ``guidance.manage_clinical_reviewers``.
    """
    with transaction.atomic():
        if person.pk:
            type(person)._base_manager.select_for_update().filter(pk=person.pk).exists()
        refusal = policy.sign_off_rights_refusal(user, person)
        if refusal:
            raise NotAllowed(refusal)
        person._history_user = user
        person._change_reason = reason
        with history_reason(reason):
            person.save()
    return person


def topic_save(*, topic, user, reason):
    """Save ``topic`` (new or changed) with ``user`` and ``reason`` in its history."""
    with transaction.atomic():
        topic._history_user = user
        topic._change_reason = reason
        topic.save()
    return topic
