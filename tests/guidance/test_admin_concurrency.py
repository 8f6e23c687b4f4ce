"""Two editors saving the same section's tips at the same moment, on real connections.

PostgreSQL only (row locks); CI runs the suite on PostgreSQL, so it always
runs there. The inline formset locks the guide before checking positions
(editorial.structure.rows_check), so the second save sees the first one's
rows: a tip added at a position the first save took goes there and the
first one's tip shifts along (the move rule), instead of either failing on
the database's unique constraint or being lost.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse

from editorial.admin import formsets
from guidance.models import Tip
from tests.admin_pages import page_data, post_at_once
from tests.factories import EditorFactory, SectionFactory, TipFactory
from tests.workflow import on_postgresql

pytestmark = [
    # serialized_rollback: the flush after each test would drop the groups the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not on_postgresql(), reason="row locks are PostgreSQL's"),
]


@pytest.fixture
def slow_checks(monkeypatch):
    """Hold each save for a moment between its checks and its writes: the window a race needs."""
    check = formsets.rows_check

    def check_then_pause(**kwargs):
        problems = check(**kwargs)
        time.sleep(0.5)
        return problems

    monkeypatch.setattr(formsets, "rows_check", check_then_pause)


def test_two_editors_adding_a_tip_at_the_same_position_at_once(slow_checks):
    section = SectionFactory()
    TipFactory(section=section, position=1, lead="Listen")
    url = reverse("admin:guidance_section_change", args=[section.pk])
    posts = []
    for name in ("ann", "ben"):
        client = Client()
        client.force_login(EditorFactory(username=name))
        data = page_data(client.get(url))
        data.update({"tips-TOTAL_FORMS": "2", "tips-1-position": "2", "tips-1-lead": name})
        posts.append((client, data))

    responses = post_at_once(url, posts)

    outcomes = sorted(str(getattr(r, "status_code", type(r).__name__)) for r in responses)
    assert outcomes == ["302", "302"]
    tips = dict(Tip.objects.filter(section=section).values_list("position", "lead"))
    assert tips[1] == "Listen"
    assert {tips[2], tips[3]} == {"ann", "ben"}
    assert len(tips) == 3
