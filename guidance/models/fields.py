from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

# Forms ask for positions up to this; a reorder parks moving rows above it
# (see guidance.positions).
MAX_POSITION = 9_999


class PositionField(models.PositiveIntegerField):
    """1-based order of a row among its siblings."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(1), MaxValueValidator(MAX_POSITION)])
        kwargs.setdefault("help_text", "Order among its siblings: 1 comes first.")
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": 1, "max_value": MAX_POSITION, **kwargs})

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("help_text") == "Order among its siblings: 1 comes first.":
            kwargs.pop("help_text")
        return name, path, args, kwargs


class LimitedTextField(models.TextField):
    """A TextField whose ``max_length`` the model itself enforces.

    Django hands a TextField's ``max_length`` to its form field (the admin's
    textarea gets ``maxlength``) but never validates it in ``full_clean``, and
    the database column has no limit, so text edited outside the admin (the
    editorial API) could be any size. The validator closes that gap, with the
    same message the form gives.
    """

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
