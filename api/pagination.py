from django.db.models import Count, Window
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page-number envelope, with malformed ``page`` and ``page_size`` refused.

    DRF quietly falls back to the default page size when ``page_size`` is not
    a number; a client asking for something else deserves to be told. A
    ``page_size`` above the maximum is capped at it.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "There is no page {page_number}: {message}"

    def get_page_size(self, request):
        self._given_once(request, self.page_size_query_param)
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {"page_size": [_("Give a whole number from 1 to %d.") % self.max_page_size]}
            )
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.get_page_number_asked(request)
        return super().paginate_queryset(queryset, request, view)

    def get_page_number_asked(self, request):
        """The page number the request asks for (1 by default); a 400 for anything else."""
        self._given_once(request, self.page_query_param)
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise exceptions.ValidationError(
                {"page": [_("Give a page number: a whole number from 1.")]}
            )
        return int(raw)

    @staticmethod
    def _given_once(request, name):
        # Given twice, one value would be read and the other quietly ignored.
        if len(request.query_params.getlist(name)) > 1:
            raise exceptions.ValidationError({name: [_("Give it once.")]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_page_size} (more is capped)."
                )
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        # What an example answer's envelope shows (a page of one).
        properties = response["properties"]
        properties["count"]["example"] = 1
        properties["next"]["example"] = properties["previous"]["example"] = None
        return response


class CountedSequence:
    """What a paginator needs of rows that are not a queryset: ``count()``, ``len()`` and
    forward slices, each read by ``page(start, stop)`` (``stop`` None: to the end)."""

    def count(self):
        raise NotImplementedError

    def page(self, start, stop):
        raise NotImplementedError

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise ValueError("Only forward slices are supported.")
        return self.page(index.start or 0, index.stop)


class CountedPage(CountedSequence):
    """A queryset as a sequence a paginator counts and slices with one query for both.

    The page asked for is read with how many rows there are in all, as a
    window count (``COUNT(*) OVER ()``): for a search, whose matches the
    database must find in full either way, a separate count would find them
    twice. ``offset`` and ``limit``: the page the request will ask for. A page
    past the end has no row to carry the count, which is then counted alone.
    """

    def __init__(self, queryset, offset, limit):
        self.queryset = queryset.annotate(counted_in_all=Window(Count("*")))
        self.offset, self.limit = offset, limit
        self._page = None

    def count(self):
        if self._page is None:
            # No list holds two billion rows: a page beyond that is past the end, and
            # its offset would overflow the database's integers.
            end = self.offset + self.limit
            self._page = [] if end > 2**31 - 1 else list(self.queryset[self.offset : end])
        if self._page:
            return self._page[0].counted_in_all
        return self.queryset.count()

    def page(self, start, stop):
        if self._page is not None and start == self.offset and stop <= self.offset + self.limit:
            return self._page[: stop - start]
        return list(self.queryset[start:stop])
