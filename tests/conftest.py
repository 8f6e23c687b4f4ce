import pytest

from tests.factories import EditorFactory, PublisherFactory, ReviewerFactory


@pytest.fixture
def editor(db):
    return EditorFactory(username="edna")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="rita")


@pytest.fixture
def publisher(db):
    return PublisherFactory(username="paul")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return (
        f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''}".rstrip()
    )
