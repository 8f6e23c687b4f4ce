"""Someone who may only read an admin page is not warned about saving it.

Clinical reviewers and publishers may view a guide's pages but not change
them: notices about concurrent saves and about saving during a review are
for the editors who can save.
"""

import pytest
from django.test import Client
from django.urls import reverse

from editorial import roles
from editorial.admin.in_review import IN_REVIEW_WARNING
from tests.factories import EditorFactory
from tests.workflow import build_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("live_safety_information")]

SAVE_CONFLICT_NOTICE = "the second save is refused"
PAGES = [lambda guide: guide, lambda guide: guide.sections.first()]


def change_url(obj):
    return reverse(f"admin:guidance_{obj._meta.model_name}_change", args=[obj.pk])


def browser_of(user):
    client = Client()
    client.force_login(user)
    return client


def notices(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


@pytest.mark.parametrize("page_of", PAGES, ids=["guide", "section"])
@pytest.mark.parametrize("viewer", ["reviewer", "publisher"])
def test_a_viewer_is_told_who_is_editing_but_not_about_saves(people, page_of, viewer):
    page = change_url(page_of(build_state("draft", people)))
    browser_of(people["editor"]).get(page)

    read = browser_of(people[viewer]).get(page)

    assert read.status_code == 200
    (notice,) = notices(read)
    assert notice[0] == "info"
    assert notice[1].startswith(f"Being edited by {people['editor'].get_username()} (just now)")
    assert SAVE_CONFLICT_NOTICE not in read.content.decode()


def test_an_editor_is_still_told_how_concurrent_saves_are_handled(people):
    page = change_url(build_state("draft", people))
    browser_of(EditorFactory(username="sam", groups=[roles.EDITORS])).get(page)

    seen = browser_of(people["editor"]).get(page)

    (notice,) = notices(seen)
    assert notice[0] == "warning"
    assert notice[1].startswith("Also open for editing: sam (just now).")
    assert SAVE_CONFLICT_NOTICE in notice[1]


@pytest.mark.parametrize("page_of", PAGES, ids=["guide", "section"])
def test_the_save_during_review_warning_is_for_editors_only(people, page_of):
    page = change_url(page_of(build_state("in_review", people)))

    read = browser_of(people["reviewer"]).get(page)
    edited = browser_of(people["editor"]).get(page)

    assert read.status_code == 200
    assert IN_REVIEW_WARNING not in [text for _, text in notices(read)]
    assert ("warning", IN_REVIEW_WARNING) in notices(edited)
