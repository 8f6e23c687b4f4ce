"""Forms for the workflow steps. They only carry input: the services judge it."""

from django import forms
from django.utils import timezone

TEXT = forms.Textarea(attrs={"rows": 4, "cols": 80})


class DescribedRadioSelect(forms.RadioSelect):
    """Radio buttons, each labelled by a short name with its description under it."""

    template_name = "editorial/widgets/described_radio.html"
    option_template_name = "editorial/widgets/described_radio_option.html"

    def __init__(self, descriptions, attrs=None):
        super().__init__(attrs)
        self.descriptions = descriptions

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["description"] = self.descriptions.get(value, "")
        return option


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of change",
        choices=[("clinical", "Clinical change"), ("correction", "Correction")],
        initial="clinical",
        required=False,  # left out, as by a page made before corrections: clinical
        widget=DescribedRadioSelect(
            {
                "clinical": "A clinical reviewer signs it off.",
                "correction": "Case, punctuation, whitespace or spelling only: a second "
                "person approves it, resting on the last clinical sign-off.",
            }
        ),
        help_text="A correction is refused, with the reasons, unless the checks find "
        "that the change since the live release is one.",
    )
    change_summary = forms.CharField(
        widget=TEXT,
        required=False,
        max_length=2000,
        help_text="What changed and why. Reviewers read it; it becomes the public update "
        "history entry.",
    )


class ReviewForm(forms.Form):
    notes = forms.CharField(
        widget=TEXT,
        required=False,
        max_length=5000,
        help_text="Required when requesting changes: say what must change.",
    )
    # The version the reviewer read; a decision on a version nobody read is refused.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)


class GoLivePicker(forms.SplitDateTimeWidget):
    """The browser's own date and time pickers (no script needed), in the server's time zone."""

    def __init__(self):
        super().__init__(
            date_attrs={"type": "date", "aria-label": "Go-live date"},
            time_attrs={"type": "time", "aria-label": "Go-live time"},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        )


class PublishForm(forms.Form):
    go_live_at = forms.SplitDateTimeField(
        required=False,
        widget=GoLivePicker,
        label="Go live at",
        input_time_formats=["%H:%M", "%H:%M:%S"],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone_name()
        self.fields["go_live_at"].label = f"Go live at ({zone})"
        self.fields["go_live_at"].help_text = (
            f"Date and time in {zone} (now {timezone.localtime():%Y-%m-%d %H:%M} there). "
            "Leave both empty to go live now; a later time schedules the release."
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=TEXT,
        required=False,
        max_length=2000,
        help_text="Why readers must stop seeing this guide. Recorded on every release withdrawn.",
    )
