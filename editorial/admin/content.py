"""The admin pages of a guide's rows (sections, tips, credits, sources) and the guide
page's inline lists of credits and sources (its outline: editorial.admin.outline).

Every page keeps the edit rules of editorial: a save takes the edit lock and
refuses to overwrite what the editor did not see (editorial.admin.versions),
and while the guide is in review the page warns and asks why
(editorial.admin.in_review). "Save" on a section or tip returns to its
guide's outline.
"""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from editorial.admin.in_review import InReviewMixin
from editorial.admin.versions import VersionedAdminMixin
from guidance.admin.base import (
    FittedTextarea,
    HistoryAdmin,
    PositionedStackedInline,
    PositionedTabularInline,
    TopicCheckboxes,
    preview_of,
)
from guidance.models import Contributor, Section, Source, Tip

OUTLINE = "sections-group"  # the guide page's list of sections, in outline order


def guide_outline_url(guide_id):
    """The guide's page, scrolled to its outline: where a saved section or tip returns."""
    return reverse("admin:guidance_guide_change", args=[guide_id]) + f"#{OUTLINE}"


class TopicsAsCheckboxesMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            kwargs["widget"] = TopicCheckboxes
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
            kwargs["widget"] = FittedTextarea(line_length=45)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class TipInline(TopicsAsCheckboxesMixin, PositionedStackedInline):
    """Tips one under another: a tip's body is prose, read and edited whole."""

    model = Tip
    fields = ["position", "lead", "body", "preview", "topics"]
    readonly_fields = ["preview"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("topics")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = FittedTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    preview = preview_of("body")


class ReturnToOutlineMixin:
    """ "Save" on a section or tip goes back to its guide's outline, not to a flat list."""

    def response_post_save_change(self, request, obj):
        return HttpResponseRedirect(guide_outline_url(self.guide_id_of(obj)))

    def response_post_save_add(self, request, obj):
        return HttpResponseRedirect(guide_outline_url(self.guide_id_of(obj)))


@admin.register(Section)
class SectionAdmin(InReviewMixin, VersionedAdminMixin, ReturnToOutlineMixin, HistoryAdmin):
    show_presence = True
    change_form_template = "admin/editorial/section/change_form.html"
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = FittedTextarea(min_rows=4)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).in_outline_order()

    @staticmethod
    def guide_id_of(section):
        return section.guide_id

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
class TipAdmin(
    InReviewMixin, VersionedAdminMixin, ReturnToOutlineMixin, TopicsAsCheckboxesMixin, HistoryAdmin
):
    change_form_template = "admin/editorial/tip/change_form.html"
    list_display = ["lead", "section", "guide", "position"]
    list_filter = ["topics", "section__guide"]
    list_select_related = ["section__guide"]
    search_fields = ["lead", "body", "=public_id"]
    autocomplete_fields = ["section"]
    fieldsets = [
        (None, {"fields": ["section", "position", "lead", "body", "preview", "topics"]}),
        ("Identity", {"fields": ["public_id"]}),
    ]
    readonly_fields = ["public_id", "preview"]

    @admin.display(ordering="section__guide__title")
    def guide(self, tip):
        return tip.section.guide

    @staticmethod
    def guide_id_of(tip):
        return tip.section.guide_id

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = FittedTextarea
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    preview = preview_of("body")


@admin.register(Contributor)
class ContributorAdmin(InReviewMixin, VersionedAdminMixin, HistoryAdmin):
    list_display = ["person", "role", "guide", "position"]
    list_filter = ["role", "guide"]
    list_select_related = ["person", "guide"]
    search_fields = ["person__name", "guide__title"]
    autocomplete_fields = ["guide", "person"]

    @staticmethod
    def guide_id_of(contributor):
        return contributor.guide_id


@admin.register(Source)
class SourceAdmin(InReviewMixin, VersionedAdminMixin, HistoryAdmin):
    list_display = ["__str__", "guide", "position", "published_on"]
    list_filter = ["guide"]
    list_select_related = ["guide"]
    search_fields = ["citation", "url"]
    autocomplete_fields = ["guide"]

    @staticmethod
    def guide_id_of(source):
        return source.guide_id
