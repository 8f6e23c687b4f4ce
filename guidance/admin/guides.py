from django import forms
from django.contrib import admin
from django.db.models import Count

from guidance.admin.base import HistoryAdmin, PositionedTabularInline, preview_of
from guidance.admin.formsets import SectionInlineFormSet
from guidance.models import Contributor, Guide, Section, Source, Tip

SHORT_TEXT = forms.Textarea(attrs={"rows": 3, "cols": 50})


class SectionInline(PositionedTabularInline):
    model = Section
    formset = SectionInlineFormSet
    fields = [
        "outline_number",
        "position",
        "parent",
        "heading",
        "anchor",
        "list_style",
        "tip_count",
    ]
    readonly_fields = ["outline_number", "tip_count"]
    prepopulated_fields = {"anchor": ["heading"]}
    show_change_link = True
    verbose_name_plural = "sections (open a section to edit its introduction and tips)"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(tip_total=Count("tips"))
            .in_outline_order()
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            guide_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(guide_id=guide_id, parent=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="§")
    def outline_number(self, section):
        if section.pk is None:
            return ""
        if section.parent_id:
            return f"{section.parent.position}.{section.position}"
        return str(section.position)

    @admin.display(description="tips")
    def tip_count(self, section):
        return getattr(section, "tip_total", 0)


class ContributorInline(PositionedTabularInline):
    model = Contributor
    fields = ["position", "person", "role"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class SourceInline(PositionedTabularInline):
    model = Source
    fields = ["position", "citation", "url", "published_on"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "citation":
            kwargs["widget"] = SHORT_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Guide)
class GuideAdmin(HistoryAdmin):
    list_display = ["title", "slug", "section_count", "updated_at"]
    list_filter = ["topics"]
    search_fields = ["title", "slug", "summary"]
    filter_horizontal = ["topics"]
    fieldsets = [(None, {"fields": ["title", "slug", "summary", "topics"]})]
    inlines = [SectionInline, ContributorInline, SourceInline]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    def get_readonly_fields(self, request, obj=None):
        # The slug is the guide's public address: set once, never changed.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else {"slug": ["title"]}

    @admin.display(description="sections", ordering="section_total")
    def section_count(self, guide):
        return guide.section_total


class TipInline(PositionedTabularInline):
    model = Tip
    fields = ["position", "lead", "body", "topics", "preview"]
    readonly_fields = ["preview"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = SHORT_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    preview = preview_of("body")


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ["heading", "guide", "parent", "position", "list_style"]
    list_filter = ["list_style", "guide"]
    list_select_related = ["guide", "parent"]
    search_fields = ["heading", "anchor", "body", "guide__title"]
    autocomplete_fields = ["guide"]
    fieldsets = [
        (None, {"fields": ["guide", "parent", "position", "heading", "anchor", "list_style"]}),
        ("Introduction", {"fields": ["body", "preview"]}),
    ]
    readonly_fields = ["preview"]
    inlines = [TipInline]
    save_on_top = True

    def get_queryset(self, request):
        return super().get_queryset(request).in_outline_order()

    def get_readonly_fields(self, request, obj=None):
        # A section's subsections and tips belong to its guide: it never moves to another.
        return [*super().get_readonly_fields(request, obj), *(["guide"] if obj else [])]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "parent" in form.base_fields:
            form.base_fields["parent"].queryset = Section.objects.filter(
                guide_id=obj.guide_id, parent=None
            ).exclude(pk=obj.pk)
        return form

    preview = preview_of("body")


@admin.register(Tip)
class TipAdmin(HistoryAdmin):
    list_display = ["lead", "section", "guide", "position"]
    list_filter = ["topics", "section__guide"]
    list_select_related = ["section__guide"]
    search_fields = ["lead", "body", "=public_id"]
    autocomplete_fields = ["section"]
    filter_horizontal = ["topics"]
    fieldsets = [
        (None, {"fields": ["section", "position", "lead", "body", "preview", "topics"]}),
        ("Identity", {"fields": ["public_id"]}),
    ]
    readonly_fields = ["public_id", "preview"]

    @admin.display(ordering="section__guide__title")
    def guide(self, tip):
        return tip.section.guide

    preview = preview_of("body")


@admin.register(Contributor)
class ContributorAdmin(HistoryAdmin):
    list_display = ["person", "role", "guide", "position"]
    list_filter = ["role", "guide"]
    list_select_related = ["person", "guide"]
    search_fields = ["person__name", "guide__title"]
    autocomplete_fields = ["guide", "person"]


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    list_display = ["__str__", "guide", "position", "published_on"]
    list_filter = ["guide"]
    list_select_related = ["guide"]
    search_fields = ["citation", "url"]
    autocomplete_fields = ["guide"]
