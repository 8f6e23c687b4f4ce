"""Two editors saving the same tip at the same moment, on real connections.

PostgreSQL only (row locks). Each save holds the guide's row lock from
before it reads the rows until it commits, so the second save reads the
first one's text and is refused as a conflict instead of overwriting it.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from editorial.admin.versions import RowVersionFormMixin
from guidance.models import Tip
from tests.admin_pages import edit_row, page_data, post_at_once
from tests.factories import EditorFactory, SectionFactory, TipFactory, build_guide
from tests.workflow import on_postgresql

pytestmark = [
    # serialized_rollback: the flush after each test would drop the groups the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not on_postgresql(), reason="row locks are PostgreSQL's"),
]


@pytest.fixture
def slow_checks(monkeypatch):
    """Hold each save for a moment between its check and its write: the window a race needs."""
    clean = RowVersionFormMixin.clean

    def clean_then_pause(form):
        cleaned_data = clean(form)
        time.sleep(0.5)
        return cleaned_data

    monkeypatch.setattr(RowVersionFormMixin, "clean", clean_then_pause)


def test_two_editors_saving_the_same_tip_at_once(slow_checks):
    section = SectionFactory()
    tip = TipFactory(section=section, position=1, lead="Listen")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    posts = []
    for name in ("ann", "ben"):
        client = Client()
        client.force_login(EditorFactory(username=name))
        data = page_data(client.get(url))
        edit_row(data, "tips", "lead", "Listen", lead=f"Listen, says {name}")
        posts.append((client, data))

    responses = post_at_once(url, posts)

    outcomes = sorted(str(getattr(r, "status_code", type(r).__name__)) for r in responses)
    assert outcomes == ["200", "302"]
    refused = next(response for response in responses if response.status_code == 200)
    assert "changed this at" in refused.content.decode()
    assert Tip.objects.get(pk=tip.pk).lead in ("Listen, says ann", "Listen, says ben")
    assert Tip.history.filter(id=tip.pk).count() == 2  # created, then one save


def test_two_editors_saving_the_whole_guide_page_at_once(slow_checks):
    """On the guide's one page: the same tip is refused to one; their other edits are kept."""
    guide = build_guide(sections=2, tips_per_section=2)
    url = reverse("admin:guidance_guide_change", args=[guide.pk])
    posts = []
    for name, other_tip in (("ann", "Tip 1.2"), ("ben", "Tip 2.2")):
        client = Client()
        client.force_login(EditorFactory(username=name))
        data = page_data(client.get(url))
        edit_row(data, "sections", "lead", "Tip 1.1", body=f"Said by {name}.")
        edit_row(data, "sections", "lead", other_tip, body=f"Also by {name}.")
        posts.append((client, data))

    responses = post_at_once(url, posts)

    outcomes = sorted(str(getattr(r, "status_code", type(r).__name__)) for r in responses)
    assert outcomes == ["200", "302"]
    refused = next(response for response in responses if response.status_code == 200)
    assert "changed this at" in refused.content.decode()
    tips = Tip.objects.filter(section__guide=guide)
    saved_by = tips.get(lead="Tip 1.1").body.removeprefix("Said by ").removesuffix(".")
    assert saved_by in ("ann", "ben")
    theirs = {"ann": "Tip 1.2", "ben": "Tip 2.2"}
    assert tips.get(lead=theirs[saved_by]).body == f"Also by {saved_by}."
