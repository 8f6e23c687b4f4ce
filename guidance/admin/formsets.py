"""Inline formsets for rows ordered among their siblings (sections, tips, credits).

An editor may reorder, reparent, add and delete rows in one save, and two
editors may have the same page open. Everything a save would do is checked
against the rows as they are now, before anything is written; the writes
are then ordered so that no database constraint is broken on the way.
"""

from django.db import transaction
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet

from guidance import positions
from guidance.admin.forms import pk_or_value


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows that keep a unique position among their siblings.

    Rows that move are first parked above every position a form may ask for,
    so two rows can trade places in one save.
    """

    #: The field whose value splits the rows into groups of siblings, if any.
    group_field = None

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a table cell: its column heading is not its label
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete"

    # What the checks read ------------------------------------------------

    def group_of(self, form):
        return pk_or_value(form.cleaned_data.get(self.group_field)) if self.group_field else None

    def group_of_row(self, row):
        if self.group_field is None:
            return None
        return getattr(row, self.model._meta.get_field(self.group_field).attname)

    def has_vanished(self, form):
        """Whether ``form``'s row was deleted by someone else after the page was loaded."""
        return form.instance.pk is None and form in self.initial_forms

    def vanished_forms(self):
        return [form for form in self.initial_forms if self.has_vanished(form)]

    def _should_delete_form(self, form):
        # A row deleted meanwhile stays deleted; the rest of the page saves.
        return self.has_vanished(form) or super()._should_delete_form(form)

    def kept_forms(self):
        """Forms for rows that will exist after the save."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]

    def writes(self, form):
        return form.instance.pk is None or form.has_changed()

    def place_of(self, form):
        """Where the row will be after the save: (group, position).

        A row the editor did not change is not written, so it stays where it
        is now, even if someone moved it after the page was loaded.
        """
        saved = self.saved_rows().get(form.instance.pk)
        if saved is not None and not self.writes(form):
            return self.group_of_row(saved), saved.position
        return self.group_of(form), form.cleaned_data.get("position")

    def page_pks(self):
        return {form.instance.pk for form in self.initial_forms if form.instance.pk}

    def deleting_pks(self):
        return {form.instance.pk for form in self.deleted_forms if form.instance.pk}

    def siblings(self):
        return self.model._base_manager.filter(**{self.fk.name: self.instance})

    def saved_rows(self):
        """The siblings as they are in the database now, by primary key."""
        if self.instance.pk is None:
            return {}
        if not hasattr(self, "_saved_rows"):
            self._saved_rows = {row.pk: row for row in self.siblings()}
        return self._saved_rows

    # Checks ----------------------------------------------------------------

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self._lock_parent()
        self._check_not_moved_meanwhile()
        self._check_positions()
        self._check_unique_values()

    def _lock_parent(self):
        # Two editors saving the same guide (or section) take turns, so what
        # is checked here still holds when the rows are written.
        if self.instance.pk and transaction.get_connection().in_atomic_block:
            parent = type(self.instance)._base_manager.select_for_update()
            list(parent.filter(pk=self.instance.pk).values_list("pk"))

    def _check_not_moved_meanwhile(self):
        saved = self.saved_rows()
        for form in self.kept_forms():
            row = saved.get(form.instance.pk)
            if row is None or not self.writes(form):
                continue
            for name in form.place_fields:
                if name not in form.fields:
                    continue
                now = getattr(row, self.model._meta.get_field(name).attname)
                if form.loaded_value(name) != now:
                    form.add_error(
                        name,
                        "Someone else moved this row after this page was loaded. "
                        "Reload the page to see where it is now.",
                    )

    def _check_positions(self):
        page = self.page_pks()
        taken = {
            (self.group_of_row(row), row.position): row
            for pk, row in self.saved_rows().items()
            if pk not in page
        }
        for form in self.kept_forms():
            key = self.place_of(form)
            position = key[1]
            if position is None:
                continue
            holder = taken.setdefault(key, form.instance)
            if holder is form.instance:
                continue
            if holder.pk and holder.pk not in page:
                message = (
                    f"Position {position} was taken by “{holder}” after this page was loaded. "
                    "Reload the page to see it."
                )
            else:
                message = positions.taken_message(holder, position)
            form.add_error("position", message)

    def unique_value_fields(self):
        """Field sets unique among siblings other than the position (a section's anchor)."""
        return [
            [name for name in constraint.fields if name != self.fk.name]
            for constraint in self.model._meta.constraints
            if isinstance(constraint, UniqueConstraint)
            and constraint.condition is None
            and self.fk.name in constraint.fields
            and "position" not in constraint.fields
        ]

    def _check_unique_values(self):
        # Django checks these between the rows of the page, not against rows
        # saved meanwhile, nor against the order in which rows are written.
        page, deleting, saved = self.page_pks(), self.deleting_pks(), self.saved_rows()
        for names in self.unique_value_fields():
            attnames = [self.model._meta.get_field(name).attname for name in names]
            holders = {
                tuple(getattr(row, attname) for attname in attnames): row for row in saved.values()
            }
            for form in self.kept_forms():
                if form.instance.pk and not set(names) & set(form.changed_data):
                    continue
                value = tuple(pk_or_value(form.cleaned_data.get(name)) for name in names)
                holder = holders.get(value)
                if holder is None or holder.pk == form.instance.pk:
                    continue
                if holder.pk in deleting and not self.saved_before_deletions(form):
                    continue
                shown = ", ".join(str(form.cleaned_data.get(name)) for name in names)
                if holder.pk not in page:
                    message = (
                        f"“{shown}” was taken by “{holder}” after this page was loaded. "
                        "Reload the page to see it."
                    )
                else:
                    message = (
                        f"“{shown}” still belongs to “{holder}” while this row is saved: "
                        "change them in two saves."
                    )
                form.add_error(names[-1], message)

    # Writes ----------------------------------------------------------------

    def saved_before_deletions(self, form):
        """Rows moving to another parent are saved before deletions cascade."""
        return bool(self.group_field) and self.group_field in form.changed_data

    def save(self, commit=True):
        if commit:
            self._park_moving_rows()
        return super().save(commit=commit)

    def _park_moving_rows(self):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (
                self._should_delete_form(form)
                or {"position", self.group_field} & set(form.changed_data)
            )
        ]
        positions.park(self.siblings(), moving)

    def save_existing_objects(self, commit=True):
        # Rows moving to another parent first (deleting a section deletes its
        # subsections, so those moving out must have left); then deletions,
        # which free positions and anchors; then the other changes.
        changed = [
            form
            for form in self.initial_forms
            if form.instance.pk and form not in self.deleted_forms and form.has_changed()
        ]
        first = [form for form in changed if self.saved_before_deletions(form)]
        last = [form for form in changed if not self.saved_before_deletions(form)]
        self.changed_objects, saved = [], []
        for form in first:
            saved.append(self._save_changed(form, commit))
        deleting = self.deleting_pks()
        self.deleted_objects = [f.instance for f in self.deleted_forms if f.instance.pk]
        for obj in self.deleted_objects:
            if self.group_of_row(obj) not in deleting:  # else its parent's deletion takes it
                self.delete_existing(obj, commit=commit)
        for form in last:
            saved.append(self._save_changed(form, commit))
        return saved

    def _save_changed(self, form, commit):
        self.changed_objects.append((form.instance, form.changed_data))
        if not commit:
            self.saved_forms.append(form)
        return self.save_existing(form, form.instance, commit=commit)


class SectionInlineFormSet(PositionedInlineFormSet):
    """Sections and their subsections, edited together on the guide's page."""

    group_field = "parent"

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleting = self.deleting_pks()
        final_parent = {
            form.instance.pk: self.place_of(form)[0]
            for form in self.kept_forms()
            if form.instance.pk
        }
        for form in self.kept_forms():
            parent = form.cleaned_data.get("parent")
            # Unchanged rows stay as they are now (unchanged subsections go
            # with their section).
            if parent is None or not self.writes(form):
                continue
            if parent.pk in deleting:
                form.add_error(
                    "parent",
                    f"“{parent}” is being deleted in this save, with its subsections: "
                    "choose another parent, or leave this row as it was.",
                )
            elif final_parent.get(parent.pk, parent.parent_id) is not None:
                form.add_error(
                    "parent",
                    f"“{parent}” becomes a subsection in this save, and subsections go one "
                    "level deep: choose a top-level section.",
                )
