"""A row's answer and its ETag are one version: an edit committed between reading the row and
reading the guide's fingerprint must not pair the old row with the new fingerprint.

Found by the soak (benchmarks/soak): two editors on one guide, one read a section while the
other's edit committed; the read answered the body before that edit with the fingerprint
after it, and the PATCH sent back with that ETag was accepted and dropped the other's edit.
"""

import threading

import pytest
from django.db import connection, connections

from editorial import editing
from editorial.snapshot import fingerprint_guide
from guidance.models import Section
from tests.api.editorial.content import part

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two database sessions at once, one waiting on the other's lock: PostgreSQL",
)


class OtherEditor:
    """An execute_wrapper: right after the request's first read of ``section``, another
    session edits it, as a second editor would between that read and the next; it waits up
    to two seconds for that edit, which commits then unless the request holds the lock
    edits take."""

    def __init__(self, section, user, marker):
        self.section, self.user, self.marker = section, user, marker
        self.thread = None

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.thread is None and 'FROM "guidance_section"' in sql:
            self.thread = threading.Thread(target=self.edit)
            self.thread.start()
            self.thread.join(timeout=2)
        return result

    def edit(self):
        try:
            current = Section.objects.select_related("guide").get(pk=self.section.pk)
            editing.section_update(
                section=current,
                user=self.user,
                data={"body": f"{current.body} {self.marker}"},
                fingerprint=fingerprint_guide(current.guide),
            )
        finally:
            connections.close_all()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_section_read_during_another_edit_answers_one_version(api_as, editor, guide):
    section = part(guide, 2)
    other = OtherEditor(section, editor, "theirs")

    with connection.execute_wrapper(other):
        read = api_as(editor).get(f"/api/v1/editorial/sections/{section.pk}/")
    other.thread.join(timeout=30)

    assert read.status_code == 200
    body, etag = read.json()["body"], read.headers["ETag"]
    edit = api_as(editor).patch(
        f"/api/v1/editorial/sections/{section.pk}/",
        {"body": f"{body} mine"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    saved = Section.objects.get(pk=section.pk).body.split()
    # Either the read showed the other edit and both are kept, or it did not and the
    # edit made on it is refused as stale: never "mine" without "theirs".
    if edit.status_code == 200:
        assert "theirs" in saved
        assert "mine" in saved
    else:
        assert edit.status_code == 412
        assert "theirs" in saved
        assert "mine" not in saved
