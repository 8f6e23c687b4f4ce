import pytest

# Every governance rule is tested at the service, the admin and the API: the API's client too.
from tests.api.editorial.conftest import api_as  # noqa: F401
from tests.workflow import ensure_safety_information_live


@pytest.fixture(autouse=True)
def live_safety_information(db, people):
    """These tests publish guides, and no guide goes out without live safety information."""
    return ensure_safety_information_live(**people)
