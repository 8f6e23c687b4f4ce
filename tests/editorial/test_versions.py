"""The version rule every edit obeys, at the service level."""

import pytest

from editorial.exceptions import VersionMismatch, VersionRequired
from editorial.snapshot import fingerprint_guide
from editorial.versions import check_guide_version, row_conflict
from tests.factories import EditorFactory, TipFactory

pytestmark = pytest.mark.django_db


def test_an_edit_naming_no_version_is_refused():
    tip = TipFactory()
    with pytest.raises(VersionRequired):
        check_guide_version(tip.section.guide, "")


def test_an_edit_made_on_an_older_version_is_refused():
    tip = TipFactory()
    guide = tip.section.guide
    loaded = fingerprint_guide(guide)
    tip.lead = "Changed meanwhile"
    tip.save()

    with pytest.raises(VersionMismatch):
        check_guide_version(guide, loaded)


def test_an_edit_made_on_the_current_version_passes():
    tip = TipFactory()
    check_guide_version(tip.section.guide, fingerprint_guide(tip.section.guide))


def test_a_row_unchanged_since_it_was_loaded_has_no_conflict():
    tip = TipFactory(lead="Listen")
    assert row_conflict(tip, {"lead": "Listen"}, {"lead": "Listen"}) is None


def test_a_conflict_names_the_fields_who_changed_them_and_when():
    tip = TipFactory(lead="Listen", body="Let them talk.")
    tip._history_user = EditorFactory(username="anna", first_name="Anna", last_name="Berg")
    tip.lead = "Listen first"
    tip.save()

    conflict = row_conflict(
        tip,
        {"lead": "Listen", "body": "Let them talk."},
        {"lead": "Listen first", "body": "Let them talk.\r\n"},
    )

    assert conflict.fields == ["lead"]
    assert conflict.changed_by == "Anna Berg"
    assert conflict.changed_at == tip.history.latest().history_date
    assert conflict.describe().startswith("Anna Berg changed this at ")
