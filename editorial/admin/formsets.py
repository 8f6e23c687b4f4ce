"""The inline rows of the guide and section pages, saved by editorial.structure.

The formset only translates: each row of the page becomes a change
(editorial.structure.rows), each problem the service finds goes back onto
the field of the row it names, and the save is the service's, with the
editor and the reason they gave. So a page and an API call that move rows
are held to the same rules, in the same words.
"""

from django.db import transaction

from editorial.structure import RowChange, rows_apply, rows_check
from editorial.versions import lock_for_edit
from guidance.admin.formsets import PositionedInlineFormSet
from guidance.models import Guide


class StructureInlineFormSet(PositionedInlineFormSet):
    """Sections, tips, contributors or sources of one page, checked and saved together."""

    #: Who saves and why: set by the admin (VersionedAdminMixin.save_formset).
    editor = None
    reason = None

    def guide(self):
        return self.instance if isinstance(self.instance, Guide) else self.instance.guide

    def changes(self):
        """{change: form} for every row of the page that still exists or is new."""
        changes = {}
        for form in self.forms:
            if self.has_vanished(form) or not getattr(form, "cleaned_data", None):
                continue  # deleted meanwhile, or an extra row left empty
            new = form.instance.pk is None
            if self._should_delete_form(form):
                if not new:
                    changes[RowChange(form.instance, delete=True, checked=True)] = form
                continue
            if new:
                setattr(form.instance, self.fk.name, self.instance)  # saved by now, if new
            # A row the editor left as it was is listed all the same: the
            # service then knows the page showed it, and leaves it as it is now.
            writes = new or form.has_changed()
            changes[
                RowChange(
                    form.instance,
                    frozenset(form.changed_data) if writes else frozenset(),
                    loaded=form.loaded_values() if writes and _is_versioned(form) else None,
                    related=self._related(form) if writes else {},
                    checked=True,  # its form has validated its fields
                )
            ] = form
        return changes

    def _related(self, form):
        return {
            field.name: form.cleaned_data[field.name]
            for field in self.model._meta.many_to_many
            if field.name in form.cleaned_data
        }

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        guide = self.guide()
        if guide.pk and transaction.get_connection().in_atomic_block:
            # Two editors saving the same guide take turns, so what is checked
            # here still holds when the rows are written.
            lock_for_edit(guide)
        changes = self.changes()
        problems = rows_check(
            guide=guide, model=self.model, changes=list(changes), lists_every_sibling=True
        )
        for problem in problems:
            form = changes[problem.change]
            if problem.conflict is not None:
                form.refuse_stale(problem.conflict)
            else:
                form.add_error(
                    problem.field if problem.field in form.fields else None, problem.message
                )

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        changes = self.changes()
        new = [change.row for change in changes if change.row.pk is None]
        self.deleted_objects = [change.row for change in changes if change.delete]
        self.changed_objects = [
            (change.row, form.changed_data)
            for change, form in changes.items()
            if change.row.pk and change.writes()
        ]
        written = rows_apply(
            guide=self.guide(),
            model=self.model,
            changes=list(changes),
            user=self.editor,
            reason=self.reason,
            lists_every_sibling=True,
        )
        self.new_objects = new
        return written


def _is_versioned(form):
    return getattr(form, "checked_by_formset", False) and form.is_versioned()
