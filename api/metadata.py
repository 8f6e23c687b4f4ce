"""What ``OPTIONS`` answers on every API endpoint."""

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    """DRF's metadata, without ``actions`` where a view has no serializer for its body.

    DRF describes the body of POST and PUT by calling ``get_serializer()``, which fails (a
    500) on views that check their input with a serializer of their own per method (the
    editorial API's create endpoints). Their bodies are described in the OpenAPI schema.
    """

    def determine_actions(self, request, view):
        try:
            view.get_serializer_class()
        except AssertionError:  # DRF's "should either include a `serializer_class`"
            return {}
        return super().determine_actions(request, view)
