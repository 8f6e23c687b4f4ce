from rest_framework import permissions


class CanViewGuides(permissions.IsAuthenticated):
    """Signed in, with the right to view guides: the gate to every editorial endpoint.

    Only a coarse gate. Each edit and step checks its own right in its
    service (editorial.editing, editorial.services), with the reason why not.
    """

    message = "You may not read guides' working copies: that takes the right to view guides."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.has_perm(
            "guidance.view_guide"
        )
