from django import forms
from django.forms.models import ModelChoiceIteratorValue


class ChangeReasonForm(forms.ModelForm):
    """Asks the editor why, for the history of every row this save touches."""

    change_reason = forms.CharField(
        label="Why this change?",
        required=False,
        max_length=100,
        help_text="Kept in the history of every row this save changes.",
    )


class PositionedInlineForm(forms.ModelForm):
    """An inline row whose place (position, parent) is checked with its siblings'."""

    def _get_validation_exclusions(self):
        # Positions are checked across the whole formset instead (rows may
        # swap places in one save), see editorial.structure.rows.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("position")
        return exclusions


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
