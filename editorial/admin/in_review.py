"""Editing a guide while a clinical reviewer reads it: the editor is told, and says why.

A save changes the version under review (the reviewer's decision names the
version read, so they must reload before deciding), so on the pages of a
guide in review the page warns whoever may save it, and "Why this change?" is
required.
"""

from django.contrib import messages

from editorial.models import GuideState, Workflow

IN_REVIEW_WARNING = (
    "This guide is in clinical review. A save changes the version the reviewer is reading: "
    "they will have to reload it before they can decide. Say why in “Why this change?”."
)


def guide_is_in_review(guide_id):
    return Workflow.objects.filter(guide_id=guide_id, state=GuideState.IN_REVIEW).exists()


class InReviewMixin:
    """For the admin of a guide or of a row of one: ``guide_id_of(obj)`` names the guide."""

    def in_review(self, obj):
        return obj is not None and obj.pk is not None and guide_is_in_review(self.guide_id_of(obj))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not self.in_review(obj) or "change_reason" not in form.base_fields:
            return form

        class ReasonRequiredForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                reason = self.fields["change_reason"]
                reason.required = True
                reason.help_text = "Required while the guide is in review: the reviewer reads it."
                reason.widget.attrs["required"] = True

        return ReasonRequiredForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.in_review(obj):
            # The warning is about saving: not for someone who may only read the page
            # (a reviewer reading the guide they review).
            if self.has_change_permission(request, obj):
                self.message_user(request, IN_REVIEW_WARNING, messages.WARNING)
            context["guide_in_review"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)
