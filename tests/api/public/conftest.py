import pytest

from tests.api.public.corpus import Corpus
from tests.factories import CrisisResourceFactory, SiteNoticeFactory


@pytest.fixture
def safety_information(db):
    """The disclaimer and the crisis line every guide answer must carry."""
    return {
        "disclaimer": SiteNoticeFactory(
            title="Medical disclaimer", body="This guide is *not* medical advice."
        ),
        "crisis_line": CrisisResourceFactory(
            name="988 Suicide & Crisis Lifeline", description="Call or text **988**.", phone="988"
        ),
    }


@pytest.fixture
def corpus(people, safety_information, django_capture_on_commit_callbacks):
    return Corpus(people, django_capture_on_commit_callbacks)
