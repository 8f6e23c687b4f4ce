import math

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from guidance.admin.forms import ChangeReasonForm, PositionedInlineForm, freeze_choices
from guidance.admin.formsets import PositionedInlineFormSet
from guidance.history import history_reason, related_ids_at
from guidance.rendering import render_markdown

DEFAULT_CHANGE_REASON = "Edited in the admin"
DELETE_REASON = "Deleted in the admin"
# Django 6 assumes https for scheme-less URLs; so do we, already.
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


def preview_of(field_name):
    """A read-only admin field showing ``field_name`` rendered as readers will see it.

    static/guidance/admin/markdown-preview.js refreshes it while the editor types.
    """

    @admin.display(description="preview")
    def preview(model_admin, obj):
        return format_html(
            '<div class="markdown-preview" data-markdown-source="{}" data-preview-url="{}">'
            "{}</div>",
            field_name,
            reverse("markdown-preview"),
            mark_safe(render_markdown(getattr(obj, field_name))),
        )

    return preview


def row_label(form):
    """What the editor typed as the row's name, for messages about a row with no object."""
    for name in ("heading", "lead", "citation", "name"):
        if form.data.get(form.add_prefix(name)):
            return form.data[form.add_prefix(name)]
    return form.prefix


class HistoryAdmin(SimpleHistoryAdmin):
    """Admin whose saves record who changed each row and why.

    The reason typed on the page goes into the history of the object and of
    every inline row saved with it; restoring an old version says so.
    """

    form = ChangeReasonForm
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS

    class Media:
        js = ["guidance/admin/markdown-preview.js"]
        css = {"all": ["guidance/admin/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != "change_reason"]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        may_save = (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        )
        if may_save:
            fieldsets.append(("Change note", {"fields": ["change_reason"]}))
        return fieldsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_version = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        version = getattr(request, "restoring_version", None)
        record = version and self.model.history.filter(history_id=version).first()
        if not record:
            return form
        # The restore page starts from the old row; its many-to-many values
        # (topics) live in the history's own tables.
        related_ids = related_ids_at(record)

        class RestoringForm(form):
            # Writes the old version over the current one on purpose: no
            # check against what was loaded (see editorial.admin.versions).
            restoring = True

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(related_ids)

        return RestoringForm

    def history_change_reason(self, request, form):
        reason = form.cleaned_data.get("change_reason", "").strip()
        if reason:
            return reason
        if getattr(request, "restoring_version", None):
            return f"Restored history version {request.restoring_version}"
        return DEFAULT_CHANGE_REASON

    def save_model(self, request, obj, form, change):
        obj._change_reason = self.history_change_reason(request, form)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = self.history_change_reason(request, form)
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        with history_reason(reason):  # also for rows a deletion takes with it
            formset.save()
        for vanished in formset.vanished_forms():
            self.message_user(
                request,
                f"A {vanished.instance._meta.verbose_name} on this page "
                f"(“{row_label(vanished)}”) was deleted by someone else after the page was "
                "loaded. It stays deleted; changes you made to it were not kept.",
                messages.WARNING,
            )

    def delete_model(self, request, obj):
        with history_reason(DELETE_REASON):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with history_reason(DELETE_REASON):
            super().delete_queryset(request, queryset)


class FrozenChoicesInlineMixin:
    """Inline rows share one evaluated list of options per related field."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return freeze_choices(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return freeze_choices(super().formfield_for_manytomany(db_field, request, **kwargs))


class PositionedInlineMixin(FrozenChoicesInlineMixin):
    """Rows ordered by position, a hidden field; reordered with the ↑/↓ buttons."""

    form = PositionedInlineForm
    formset = PositionedInlineFormSet
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    classes = ["reorderable"]
    extra = 0

    class Media:
        js = ["guidance/admin/reorder.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "position":
            # No number to type: reorder.js keeps it in the order of the rows shown.
            formfield.widget = forms.HiddenInput()
        if isinstance(getattr(formfield, "widget", None), RelatedFieldWidgetWrapper):
            # Inline rows pick from what exists; editing those is a page of its own.
            for option in ("can_add_related", "can_change_related", "can_view_related"):
                setattr(formfield.widget, option, False)
        return formfield


class PositionedTabularInline(PositionedInlineMixin, admin.TabularInline):
    """Positioned rows in a table: for rows of a few short fields.

    A table cell has no label of its own (its column heading names it), so
    each field names itself to screen readers.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            widget = getattr(formfield.widget, "widget", formfield.widget)  # inside a wrapper
            widget.attrs.setdefault("aria-label", str(formfield.label or db_field.verbose_name))
        return formfield


class PositionedStackedInline(PositionedInlineMixin, admin.StackedInline):
    """Positioned rows one under another: for rows with a text body."""


class FittedTextarea(forms.Textarea):
    """A text box as tall as the text it holds (within limits), so a body is read whole."""

    def __init__(self, attrs=None, *, min_rows=2, max_rows=24, line_length=90):
        super().__init__({"cols": line_length, **(attrs or {})})
        self.min_rows, self.max_rows, self.line_length = min_rows, max_rows, line_length

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text = str(value or "")
        lines = sum(
            max(1, math.ceil(len(line) / self.line_length)) for line in text.splitlines() or [""]
        )
        rows = min(self.max_rows, max(self.min_rows, lines + 1))
        context["widget"]["attrs"]["rows"] = rows
        return context


class TopicCheckboxes(forms.CheckboxSelectMultiple):
    """Topics as a row of checkboxes: every one visible, no Ctrl-click."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"class": "topic-checkboxes", **(attrs or {})}, choices)
