from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet, ModelChoiceIteratorValue

from guidance.models.fields import MAX_POSITION

# Moving rows are parked above every real position while a reorder saves.
PARKING_OFFSET = MAX_POSITION + 1


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
    so rows that move are parked above every real position first.
    """

    def sibling_group(self, form):
        """The rows among which ``form``'s position must be unique."""
        return None

    def clean(self):
        super().clean()
        taken = {}
        for form in self.forms:
            if self._should_delete_form(form) or not getattr(form, "cleaned_data", None):
                continue
            position = form.cleaned_data.get("position")
            if position is None:
                continue
            key = (self.sibling_group(form), position)
            if key in taken:
                form.add_error(
                    "position", f"Position {position} is already taken by “{taken[key]}”."
                )
            else:
                taken[key] = form.instance

    def save(self, commit=True):
        if commit:
            self._park_moving_rows()
        return super().save(commit=commit)

    def _park_moving_rows(self):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk
            and (self._should_delete_form(form) or {"position", "parent"} & set(form.changed_data))
        ]
        if moving:
            self.model._base_manager.filter(pk__in=moving).update(
                position=F("position") + PARKING_OFFSET
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
