# Every governance rule is tested at the service, the admin and the API: the API's client too.
from tests.api.editorial.conftest import api_as  # noqa: F401
