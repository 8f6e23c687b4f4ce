"""Admin pages that never overwrite what the editor did not see.

Every field of an edit page is sent back twice: as the editor left it, and
as it was when the page was loaded (Django's ``show_hidden_initial``). So a
row counts as changed only when the editor changed it, and a changed row is
checked against what the database holds now (editorial.versions), under the
lock the save takes, before anything is written. A conflict leaves the
editor's text on the page, says who changed the row and shows their values;
saving again after merging is checked against those values. The inline rows
of a page are checked by their formset, with the rest of the save
(editorial.admin.formsets, editorial.structure).
"""

from django.contrib import messages
from django.forms import ModelChoiceField, ModelMultipleChoiceField, ValidationError
from django.utils.html import format_html, format_html_join

from editorial.admin import presence
from editorial.admin.formsets import StructureInlineFormSet
from editorial.versions import comparable, lock_for_edit, row_conflict, row_values
from guidance.admin.forms import ChangeReasonForm, PositionedInlineForm
from guidance.admin.formsets import PositionedInlineFormSet

NOT_CONTENT = {"change_reason"}  # what the page asks beside the row, never written to it
PLACE_FIELDS = {"position", "parent"}  # a row's place, in hidden fields on the outline


class RowVersionFormMixin:
    """A model form that knows what the editor loaded, and refuses a stale overwrite."""

    #: Set on the page that restores an old version: it writes that version
    #: over whatever is current, deliberately.
    restoring = False
    #: Set on inline rows: their formset checks them with the page's other
    #: rows (editorial.structure.rows_check) and calls ``refuse_stale``.
    checked_by_formset = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        # The row's own fields, before a formset adds its DELETE box; a
        # row's place counts too where the page keeps it in hidden fields.
        self._content_fields = [
            name
            for name, field in self.fields.items()
            if name not in NOT_CONTENT and (not field.widget.is_hidden or name in PLACE_FIELDS)
        ]
        if self.restoring:
            return
        for name in self.content_fields():
            self.fields[name].show_hidden_initial = True
        # Read before validation copies the editor's values onto the instance.
        self.saved_values = (
            row_values(self.instance, self.content_fields()) if self.is_versioned() else {}
        )

    def is_versioned(self):
        return self.is_bound and not self.restoring and self.instance.pk is not None

    def content_fields(self):
        return self._content_fields

    @property
    def changed_data(self):
        if not self.is_versioned():
            return super().changed_data
        loaded = self.loaded_values()
        return [
            name
            for name in self.content_fields()
            if self._posted(name, self.add_prefix(name), self.fields[name].widget) != loaded[name]
        ]

    def loaded_values(self):
        """Each field's value as the page was loaded, in comparable form."""
        return {
            name: self._posted(
                name, self.add_initial_prefix(name), self.fields[name].hidden_widget()
            )
            for name in self.content_fields()
        }

    def clean(self):
        cleaned_data = super().clean()
        if self.is_versioned() and self.has_changed() and not self.checked_by_formset:
            conflict = row_conflict(self.instance, self.loaded_values(), self.saved_values)
            if conflict:
                self.refuse_stale(conflict)
        return cleaned_data

    def refuse_stale(self, conflict):
        """Show ``conflict``, and take what the row holds now as the version loaded."""
        self.conflict = conflict
        self.add_error(None, self._conflict_message())
        self._reload_saved_values()

    def _conflict_message(self):
        mine = {
            name: self._posted(name, self.add_prefix(name), self.fields[name].widget)
            for name in self.conflict.fields
        }
        rows = format_html_join(
            "",
            "<li>{}: now “{}”; yours “{}”</li>",
            (
                (
                    self.fields[name].label,
                    _shown(self.fields[name], self.saved_values[name]),
                    _shown(self.fields[name], mine[name]),
                )
                for name in self.conflict.fields
            ),
        )
        return ValidationError(
            format_html(
                "{}. Nothing on this page was saved. <ul>{}</ul>Your text is kept below: "
                "merge their changes into it by hand, then save again.",
                self.conflict.describe(),
                rows,
            )
        )

    def _reload_saved_values(self):
        # The page goes back with what the row holds now as its loaded
        # version, so the merged save is checked against it.
        self.data = self.data.copy()
        for name, value in self.saved_values.items():
            key = self.add_initial_prefix(name)
            if isinstance(value, list):
                self.data.setlist(key, value)
            else:
                self.data[key] = "" if value is None else str(value)

    def _posted(self, name, key, widget):
        field = self.fields[name]
        raw = widget.value_from_datadict(self.data, self.files, key)
        if isinstance(field, ModelMultipleChoiceField):
            return sorted(str(item) for item in raw or [])
        if isinstance(field, ModelChoiceField):
            return str(raw or "")
        try:
            return comparable(field.to_python(raw))
        except ValidationError:
            return raw


def _shown(field, value):
    """A value as the editor knows it: options by their label, long text cut short."""
    labels = {str(key): label for key, label in getattr(field, "choices", ())}
    if isinstance(value, list):
        return ", ".join(str(labels.get(item, item)) for item in value) or "(none)"
    text = "" if value is None else str(labels.get(str(value), value))
    return text if len(text) <= 300 else f"{text[:300]}…"


class VersionedForm(RowVersionFormMixin, ChangeReasonForm):
    pass


class VersionedInlineForm(RowVersionFormMixin, PositionedInlineForm):
    checked_by_formset = True


class VersionedAdminMixin:
    """A content admin whose saves take the edit lock and keep untouched rows as they are.

    ``show_presence``: the page says who else opened it for editing lately.
    """

    form = VersionedForm
    show_presence = False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        lock_for_edit(obj)
        # Read again under the lock: a save that waited sees the one before it.
        return super().get_object(request, object_id, from_field)

    def get_inline_instances(self, request, obj=None):
        instances = super().get_inline_instances(request, obj)
        for inline in instances:  # new instances on every request
            if inline.form is PositionedInlineForm:
                inline.form = VersionedInlineForm
            if inline.formset is PositionedInlineFormSet:
                inline.formset = StructureInlineFormSet
        return instances

    def writes_object(self, form, change):
        """Whether the save writes the page's own row: not when the editor left it as loaded."""
        return not change or form.has_changed() or getattr(form, "restoring", False)

    def save_model(self, request, obj, form, change):
        if self.writes_object(form, change):
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, StructureInlineFormSet):
            formset.editor = request.user
            formset.reason = self.history_change_reason(request, form)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        if not self.writes_object(form, change):
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)
            return
        super().save_related(request, form, formsets, change)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        forms = [context["adminform"].form]
        for inline in context.get("inline_admin_formsets", []):
            forms += [*inline.formset, *getattr(inline.formset, "nested_forms", list)()]
        conflicts = [form.conflict for form in forms if getattr(form, "conflict", None)]
        if conflicts:
            who = sorted({conflict.changed_by or "someone else" for conflict in conflicts})
            self.message_user(
                request,
                f"Nothing was saved: {', '.join(who)} changed "
                f"{'a row' if len(conflicts) == 1 else f'{len(conflicts)} rows'} you changed, "
                "after you opened this page. The marked rows show their version beside yours.",
                messages.ERROR,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if self.show_presence and request.method == "GET":
            self._tell_who_else_is_here(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def _tell_who_else_is_here(self, request, object_id):
        editing = self.has_change_permission(request)
        others = presence.page_opened(self.model, object_id, request.user, editing=editing)
        if not others:
            return
        names = ", ".join(f"{visit.name} ({visit.since})" for visit in others)
        if editing:
            self.message_user(
                request,
                f"Also open for editing: {names}. Your saves do not block each other; if you "
                "both change the same row, the second save is refused and shows both versions.",
                messages.WARNING,
            )
        else:
            # Someone who cannot save has no save to lose: what they read may change, that is all.
            self.message_user(
                request,
                f"Being edited by {names}: what this page shows may change.",
                messages.INFO,
            )
