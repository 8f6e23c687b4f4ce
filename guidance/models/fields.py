from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Positions shown to editors stay well below this, so that a reorder can
# park rows above it while it swaps them (see guidance.ordering).
MAX_POSITION = 9_999


class PositionField(models.PositiveIntegerField):
    """1-based order of a row among its siblings."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(1), MaxValueValidator(MAX_POSITION)])
        kwargs.setdefault("help_text", "Order among its siblings: 1 comes first.")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        if kwargs.get("help_text") == "Order among its siblings: 1 comes first.":
            kwargs.pop("help_text")
        return name, path, args, kwargs
