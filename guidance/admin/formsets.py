"""Inline formsets for rows ordered among their siblings (sections, tips, credits).

What a row on the page is, and whether it still exists. The rules of a save
(positions unique among siblings, one level of subsections, anchors, the
order of the writes) are editorial's: editorial.admin's pages use a
subclass of this formset that hands the whole save to editorial.structure.
"""

from django.forms.models import BaseInlineFormSet


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows that keep a unique position among their siblings."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a table cell: its column heading is not its label
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete"

    def has_vanished(self, form):
        """Whether ``form``'s row was deleted by someone else after the page was loaded."""
        return form.instance.pk is None and form in self.initial_forms

    def vanished_forms(self):
        return [form for form in self.initial_forms if self.has_vanished(form)]

    def _should_delete_form(self, form):
        # A row deleted meanwhile stays deleted; the rest of the page saves.
        return self.has_vanished(form) or super()._should_delete_form(form)
