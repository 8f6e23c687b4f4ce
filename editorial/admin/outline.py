"""The guide page's outline: every section, subsection, tip and step of a guide, edited in place.

Stock Django has no nested inlines, so the sections' formset carries one
formset of tips per section (prefix ``sections-N-tips``), built from the
tips the page's one query fetched. The page is validated and saved in the
admin's one transaction, all through editorial.structure: the sections first
(new ones get their keys), then the tips of every section in one change (a
tip may be dragged to another section), each formset checked against the
rows as they are now and refused row by row as the other pages are
(editorial.admin.versions). Positions are hidden fields the page's
script keeps in the order the editor sees; without the script the page
saves the order it was rendered in.
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import admin
from django.db.models import Count, Prefetch
from django.forms.models import inlineformset_factory
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from editorial import policy
from editorial.admin.formsets import StructureInlineFormSet
from editorial.admin.versions import VersionedInlineForm
from editorial.structure import rows_apply
from guidance.admin.base import FittedTextarea, PositionedInlineMixin
from guidance.models import Section, Tip
from guidance.rendering import render_markdown

TIP_FIELDS = ("position", "lead", "body")
# A heading or lead wraps instead of being cut off: a one-line box that grows.
LINE = {"rows": 1, "class": "outline-line"}
TIPS_NEED_ATTENTION = "Some tips need attention: see the marked rows."


class OutlineTipForm(VersionedInlineForm):
    """A tip or step: its lead and body; its topics are on its own page."""

    class Meta:
        model = Tip
        fields = TIP_FIELDS
        widgets = {
            "position": forms.HiddenInput,
            "lead": forms.Textarea(attrs=LINE),
            "body": FittedTextarea(min_rows=3, max_rows=16, line_length=60),
        }

    def preview(self):
        return _preview(self, "body")

    def has_changed(self):
        # A row added and left blank is no change: its position alone is the script's.
        if self.instance.pk is None:
            return any(name != "position" for name in super().changed_data)
        return super().has_changed()


class OutlineTipFormSet(StructureInlineFormSet):
    """The tips of one section on the guide page."""

    may_add = may_change = True

    @property
    def empty_form(self):
        # "__tip__", not "__prefix__": the page's tip template sits inside the
        # sections' own template, whose "__prefix__" the script replaces first.
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__tip__"),
            empty_permitted=True,
            use_required_attribute=False,
            renderer=self.form_renderer,
            **self.get_form_kwargs(None),
        )
        self.add_fields(form, None)
        return form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:
            return  # a new tip stays in the section it is added to
        # A tip may be dragged to another section of its guide: its section is
        # then a hidden field, part of its place, checked as its position is.
        form.fields["section"] = forms.ModelChoiceField(
            queryset=Section.objects.filter(guide_id=self.instance.guide_id),
            initial=form.instance.section_id,
            widget=forms.HiddenInput,
        )
        form.fields["section"].show_hidden_initial = True
        form.content_fields().append("section")
        if form.is_versioned():
            form.saved_values["section"] = str(form.instance.section_id)

    def clean(self):
        new = [f for f in self.extra_forms if f.has_changed() and not self._should_delete_form(f)]
        edited = [f for f in self.initial_forms if f.has_changed()]
        if (new and not self.may_add) or (edited and not self.may_change):
            raise forms.ValidationError(
                "You may not add or edit tips: that takes the rights to add and change tips."
            )
        super().clean()


class OutlineSectionForm(VersionedInlineForm):
    """A section or subsection: heading, anchor, list style and introduction."""

    class Meta:
        model = Section
        fields = ["position", "parent", "heading", "anchor", "list_style", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "anchor" in self.fields:
            self.fields["anchor"].required = False
            self.fields["anchor"].help_text = "Left empty: made from the heading."

    def preview(self):
        return _preview(self, "body")

    def has_changed(self):
        if self.instance.pk is None:
            return any(name not in ("position", "parent") for name in super().changed_data)
        return super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("anchor") and cleaned_data.get("heading"):
            cleaned_data["anchor"] = slugify(cleaned_data["heading"])[:100]
            self.instance.anchor = cleaned_data["anchor"]
        return cleaned_data


@dataclass
class OutlineNode:
    """A section's form with its tips' formset and, for a top-level one, its subsections."""

    form: object
    tips: object
    number: str
    children: list = field(default_factory=list)

    @property
    def is_subsection(self):
        return bool(self.form["parent"].value())


class OutlineFormSet(StructureInlineFormSet):
    """The guide's sections, each with the formset of its tips: the whole outline in one save."""

    tip_formset = None  # the tips' formset class, with this user's rights (OutlineInline)
    editable = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tip_formsets = {form.prefix: self._tips_of(form) for form in self.forms}

    def _tips_of(self, form):
        section = form.instance
        tips = self.tip_formset(
            data=self.data if self.is_bound else None,
            instance=section,
            prefix=f"{form.prefix}-tips",
        )
        # The tips the sections' query prefetched: no query per section.
        tips._queryset = list(section.tips.all()) if section.pk else []
        return tips

    def posted_tip_formsets(self):
        """{section form: its tips' formset} for the sections this save keeps."""
        kept = {}
        for form in self.forms:
            tips = self.tip_formsets[form.prefix]
            if self.is_bound and tips.management_form.prefix + "-TOTAL_FORMS" not in self.data:
                continue  # a section added without the script's tip list
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue  # deleted, with its tips, or an added row left empty
            kept[form] = tips
        return kept

    def vanished_forms(self):
        """Rows of the page deleted by someone else meanwhile, the tips' included."""
        nested = [form for tips in self.tip_formsets.values() for form in tips.vanished_forms()]
        return [*super().vanished_forms(), *nested]

    def nested_forms(self):
        return [tip for tips in self.tip_formsets.values() for tip in tips.forms]

    def is_valid(self):
        sections_valid = super().is_valid()
        tips_valid = all([tips.is_valid() for tips in self.posted_tip_formsets().values()])
        if not tips_valid and TIPS_NEED_ATTENTION not in self._non_form_errors:
            self._non_form_errors.append(TIPS_NEED_ATTENTION)
        return sections_valid and tips_valid

    def save(self, commit=True):
        written = super().save(commit)
        if commit:
            # The tips of every section in one change: one moved from a
            # section to another takes its place among the other's tips.
            changes = {}
            for tips in self.posted_tip_formsets().values():
                changes.update(tips.changes())
            rows_apply(
                guide=self.guide(),
                model=Tip,
                changes=list(changes),
                user=self.editor,
                reason=self.reason,
                lists_every_sibling=True,
            )
        return written

    def outline(self):
        """The sections' forms as the outline's tree, in the order of their positions."""
        nodes = {form.prefix: self._node(form) for form in self.forms}
        by_pk = {node.form.instance.pk: node for node in nodes.values() if node.form.instance.pk}
        top, loose = [], []
        for node in sorted(nodes.values(), key=_place):
            parent = by_pk.get(_as_int(node.form["parent"].value()))
            if parent is not None and not parent.is_subsection:
                parent.children.append(node)
            else:
                (loose if node.is_subsection else top).append(node)
        # A subsection whose parent is gone or is itself a subsection (a save
        # refused for it): shown at the end, with what the save said about it.
        top += loose
        for number, node in enumerate(top, 1):
            node.number = str(number)
            for sub_number, child in enumerate(node.children, 1):
                child.number = f"{number}.{sub_number}"
        return top

    def _node(self, form):
        return OutlineNode(form=form, tips=self.tip_formsets[form.prefix], number="")

    def empty_node(self):
        form = self.empty_form
        return OutlineNode(form=form, tips=self._tips_of(form), number="")

    def empty_tip_form(self):
        return self.tip_formset(instance=Section(), prefix="__tips__").empty_form


class OutlineInline(PositionedInlineMixin, admin.StackedInline):
    """The guide page's sections, subsections, tips and steps (see the module's docstring)."""

    model = Section
    form = OutlineSectionForm
    formset = OutlineFormSet
    fields = ["position", "parent", "heading", "anchor", "list_style", "body"]
    template = "admin/editorial/guide/outline.html"
    classes = []
    verbose_name = "section"
    verbose_name_plural = "outline"

    class Media:
        js = ["guidance/admin/markdown-preview.js", "editorial/admin/outline.js"]
        css = {"all": ["editorial/admin/outline.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(tip_total=Count("tips"))
            .prefetch_related(Prefetch("tips", queryset=Tip.objects.order_by("position")))
            .in_outline_order()
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("position", "parent"):
            formfield.widget = forms.HiddenInput()  # kept by the page's script
        elif db_field.name == "heading":
            formfield.widget = forms.Textarea(attrs=LINE)
        elif db_field.name == "body":
            formfield.widget = FittedTextarea(min_rows=2, max_rows=12, line_length=60)
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            guide_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(guide_id=guide_id, parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        user = request.user
        may = {
            action: not policy.content_refusal(user, action, Tip)
            for action in ("add", "change", "delete")
        }
        tip_formset = inlineformset_factory(
            Section,
            Tip,
            form=OutlineTipForm,
            formset=OutlineTipFormSet,
            # A new list each time: an inline formset appends its foreign key to it.
            fields=list(TIP_FIELDS),
            extra=0,
            can_delete=may["delete"],
        )
        tip_formset.may_add, tip_formset.may_change = may["add"], may["change"]
        return type(
            formset.__name__,
            (formset,),
            {
                "tip_formset": tip_formset,
                "editable": self.has_change_permission(request, obj),
                "may_add_tips": may["add"],
            },
        )


def _place(node):
    position = node.form["position"].value()
    return (_as_int(position) or 10**6, node.form.prefix)


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _preview(form, name):
    """The body as readers will see it, refreshed by markdown-preview.js while typed."""
    return format_html(
        '<div class="markdown-preview" data-markdown-source="{}" data-preview-url="{}">{}</div>',
        form.add_prefix(name),
        reverse("markdown-preview"),
        mark_safe(render_markdown(form[name].value() or "")),  # rendered and sanitized
    )
