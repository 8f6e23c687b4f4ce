from django import forms
from django.db import transaction
from django.db.models import F, Max
from django.forms.models import BaseInlineFormSet, ModelChoiceIteratorValue


class ChangeReasonForm(forms.ModelForm):
    """Asks the editor why, for the history of every row this save touches."""

    change_reason = forms.CharField(
        label="Why this change?",
        required=False,
        max_length=100,
        help_text="Kept in the history of every row this save changes.",
    )


class PositionedInlineForm(forms.ModelForm):
    def _get_validation_exclusions(self):
        # Positions are checked across the whole formset instead (rows may
        # swap places in one save), see PositionedInlineFormSet.clean().
        exclusions = super()._get_validation_exclusions()
        exclusions.add("position")
        return exclusions


class PositionedInlineFormSet(BaseInlineFormSet):
    """Inline rows that keep a unique position among their siblings.

    Editors reorder by changing positions, so two rows may trade places in
    one save. The database refuses two rows in one place even for a moment,
    so rows that move are first parked above every position in use.
    """

    #: The field whose value splits the rows into groups of siblings, if any.
    group_field = None

    def group_of(self, form):
        if self.group_field is None:
            return None
        value = form.cleaned_data.get(self.group_field)
        return value.pk if value is not None else None

    def kept_forms(self):
        """Forms for rows that will exist after the save."""
        return [
            form
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self._lock_parent()
        taken = self._positions_off_page()
        for form in self.kept_forms():
            position = form.cleaned_data.get("position")
            if position is None:
                continue
            key = (self.group_of(form), position)
            if key in taken:
                form.add_error("position", self._taken_message(position, taken[key]))
            else:
                taken[key] = form.instance

    def _taken_message(self, position, holder):
        if holder.pk and holder.pk not in self._page_pks():
            return (
                f"Position {position} was taken by “{holder}” after this page was loaded. "
                "Reload the page to see it."
            )
        return f"Position {position} is already taken by “{holder}”."

    def _page_pks(self):
        return {form.instance.pk for form in self.initial_forms if form.instance.pk}

    def _siblings(self):
        return self.model._base_manager.filter(**{self.fk.name: self.instance})

    def _lock_parent(self):
        # Two editors saving the same guide (or section) take turns, so the
        # positions checked here are still free when the rows are written.
        if self.instance.pk and transaction.get_connection().in_atomic_block:
            parent = type(self.instance)._base_manager.select_for_update()
            list(parent.filter(pk=self.instance.pk).values_list("pk"))

    def _positions_off_page(self):
        """Siblings saved since the page was loaded, by (group, position)."""
        if self.instance.pk is None:
            return {}
        rows = self._siblings().exclude(pk__in=self._page_pks())
        group_attname = self.group_field and self.model._meta.get_field(self.group_field).attname
        return {
            (getattr(row, group_attname) if group_attname else None, row.position): row
            for row in rows
        }

    def save(self, commit=True):
        if commit:
            self._park_moving_rows()
        return super().save(commit=commit)

    def save_existing_objects(self, commit=True):
        # Changes first, deletions last: deleting a section also deletes its
        # subsections and tips, and a row moved out of it must be saved first.
        saved = []
        self.changed_objects = []
        for form in self.initial_forms:
            if form.instance.pk is None or form in self.deleted_forms or not form.has_changed():
                continue
            self.changed_objects.append((form.instance, form.changed_data))
            saved.append(self.save_existing(form, form.instance, commit=commit))
            if not commit:
                self.saved_forms.append(form)
        self.deleted_objects = [f.instance for f in self.deleted_forms if f.instance.pk]
        for obj in self.deleted_objects:
            self.delete_existing(obj, commit=commit)
        return saved

    def _park_moving_rows(self):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (self._should_delete_form(form) or {"position", "parent"} & set(form.changed_data))
        ]
        if moving:
            siblings = self._siblings()
            top = siblings.aggregate(top=Max("position"))["top"] or 0
            # No history for this step: every parked row is saved or deleted next.
            siblings.filter(pk__in=moving).update(position=F("position") + top)


class SectionInlineFormSet(PositionedInlineFormSet):
    """Sections and their subsections, edited together on the guide's page."""

    group_field = "parent"

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        deleting = {form.instance.pk for form in self.deleted_forms if form.instance.pk}
        final_parent = {
            form.instance.pk: self.group_of(form) for form in self.kept_forms() if form.instance.pk
        }
        for form in self.kept_forms():
            parent = form.cleaned_data.get("parent")
            if parent is None:
                continue
            if parent.pk in deleting:
                # Unchanged subsections simply go with their section.
                if form.has_changed() or form.instance.pk is None:
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


def freeze_choices(formfield):
    """Evaluate a model choice field's options once, for every row of a formset.

    Without this each inline row runs its own query to list the options.
    """
    if formfield is not None:
        formfield.choices = [
            (value.value if isinstance(value, ModelChoiceIteratorValue) else value, label)
            for value, label in formfield.choices
        ]
    return formfield
