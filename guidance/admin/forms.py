from django import forms
from django.forms.models import ModelChoiceIteratorValue


def pk_or_value(value):
    """A cleaned form value as it is stored: a related object by its primary key."""
    return value.pk if hasattr(value, "pk") else value


class ChangeReasonForm(forms.ModelForm):
    """Asks the editor why, for the history of every row this save touches."""

    change_reason = forms.CharField(
        label="Why this change?",
        required=False,
        max_length=100,
        help_text="Kept in the history of every row this save changes.",
    )


class PositionedInlineForm(forms.ModelForm):
    """An inline row whose place (position, parent) is checked by its formset."""

    place_fields = ("position", "parent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page sends back where each row was when it was loaded, so that
        # a move made meanwhile by someone else is noticed, not undone.
        for name in self.place_fields:
            if name in self.fields:
                self.fields[name].show_hidden_initial = True

    def _get_validation_exclusions(self):
        # Positions are checked across the whole formset instead (rows may
        # swap places in one save), see PositionedInlineFormSet.clean().
        exclusions = super()._get_validation_exclusions()
        exclusions.add("position")
        return exclusions

    def loaded_value(self, name):
        """The value ``name`` had when the page was loaded, as the page sent it back."""
        field = self.fields[name]
        raw = self.data.get(self.add_initial_prefix(name))
        try:
            return pk_or_value(field.to_python(raw))
        except forms.ValidationError:
            return None


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
