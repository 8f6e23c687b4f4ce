"""Adding rows to a guide, and its contributors and sources, over HTTP (editorial.structure).

Every change names the guide's version in ``If-Match`` (428 without, 412
stale) and answers with the new one as its ETag; a create answers 201 with
the new row and its address (``Location``), a delete 204. A row placed on a
taken position goes there and shifts its siblings; an anchor or a credit
already taken is a 409; a malformed field a 400 naming it.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view

from api.editorial import inputs, payloads, schema
from api.editorial.serializers import (
    EditedContributorSerializer,
    EditedSectionSerializer,
    EditedSourceSerializer,
    EditedTipSerializer,
)
from api.editorial.views import EditorialView, fingerprint_in_if_match, valid_input
from editorial import structure
from guidance.models import Contributor, Section, Source


def create_schema(summary, input_class, output_class):
    return extend_schema(
        tags=["editorial"],
        summary=summary,
        request=input_class,
        parameters=[schema.EDIT_IF_MATCH, schema.etag(201), schema.LOCATION],
        responses={201: output_class, **schema.CREATE_ERRORS},
    )


@create_schema(
    "Add a section, or a subsection (parent)", inputs.SectionCreate, EditedSectionSerializer
)
class SectionCreate(EditorialView):
    """Add a section at ``position`` (default: after the last), or a subsection under ``parent``.

    ``anchor`` defaults to the heading as a slug. Holders of the right to add sections.
    """

    def post(self, request, slug):
        section = structure.section_create(
            guide=self.get_guide(slug),
            user=request.user,
            data=valid_input(inputs.SectionCreate, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        location = reverse("editorial:section-detail", args=[section.pk])
        return self.row_answer(
            EditedSectionSerializer,
            payloads.section_detail,
            section,
            section.guide,
            code=201,
            location=location,
        )


@create_schema("Add a tip to a section", inputs.TipCreate, EditedTipSerializer)
class TipCreate(EditorialView):
    """Add a tip (``lead`` required) at ``position`` (default: after the last)."""

    def post(self, request, section_id):
        section = self.get_row(
            Section.objects.filter(pk=section_id).select_related("guide"), "section", section_id
        )
        tip = structure.tip_create(
            section=section,
            user=request.user,
            data=valid_input(inputs.TipCreate, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        location = reverse("editorial:tip-detail", args=[tip.public_id])
        return self.row_answer(
            EditedTipSerializer,
            payloads.tip_detail,
            tip,
            section.guide,
            code=201,
            location=location,
        )


class RowCreate(EditorialView):
    """POST .../guides/{slug}/<rows>/: a new contributor or source."""

    input_class = output_class = payload_of = create = url_name = None

    def post(self, request, slug):
        row = self.create(
            guide=self.get_guide(slug),
            user=request.user,
            data=valid_input(self.input_class, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        location = reverse(self.url_name, args=[row.pk])
        return self.row_answer(
            self.output_class, self.payload_of, row, row.guide, code=201, location=location
        )


class RowDetail(EditorialView):
    """GET, PATCH (``position`` moves it) and DELETE on a contributor or a source."""

    model = input_class = output_class = payload_of = update = remove = None

    def get_object(self, row_id):
        rows = self.model.objects.filter(pk=row_id).select_related("guide")
        return self.get_row(rows, self.model._meta.verbose_name, row_id)

    def get(self, request, row_id):
        row = self.get_object(row_id)
        return self.row_answer(self.output_class, self.payload_of, row, row.guide)

    def patch(self, request, row_id):
        row = self.update(
            self.get_object(row_id),
            user=request.user,
            data=valid_input(self.input_class, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.row_answer(self.output_class, self.payload_of, row, row.guide)

    def delete(self, request, row_id):
        guide = self.remove(
            self.get_object(row_id),
            user=request.user,
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.deleted_answer(guide)


def detail_schema(kind, input_class, output_class):
    return extend_schema_view(
        get=extend_schema(
            tags=["editorial"],
            summary=f"Read a {kind}",
            parameters=[schema.etag(200)],
            responses={200: output_class, **schema.READ_ERRORS},
        ),
        patch=extend_schema(
            tags=["editorial"],
            summary=f"Change a {kind}, or move it (position)",
            request=input_class,
            parameters=[schema.EDIT_IF_MATCH, schema.etag(200)],
            responses={200: output_class, **schema.CHANGE_ERRORS},
        ),
        delete=extend_schema(
            tags=["editorial"],
            summary=f"Delete a {kind}",
            parameters=[schema.EDIT_IF_MATCH, schema.etag(204)],
            responses={204: None, **schema.DELETE_ERRORS},
        ),
    )


@create_schema(
    "Credit a person on the guide", inputs.ContributorCreate, EditedContributorSerializer
)
class ContributorCreate(RowCreate):
    """Credit a person (their slug) in a role, at ``position`` (default: after the last)."""

    input_class = inputs.ContributorCreate
    output_class = EditedContributorSerializer
    payload_of = staticmethod(payloads.contributor_detail)
    create = staticmethod(structure.contributor_create)
    url_name = "editorial:contributor-detail"


@detail_schema("contributor", inputs.ContributorChange, EditedContributorSerializer)
class ContributorDetail(RowDetail):
    model = Contributor
    input_class = inputs.ContributorChange
    output_class = EditedContributorSerializer
    payload_of = staticmethod(payloads.contributor_detail)

    @staticmethod
    def update(contributor, **kwargs):
        return structure.contributor_update(contributor=contributor, **kwargs)

    @staticmethod
    def remove(contributor, **kwargs):
        return structure.contributor_delete(contributor=contributor, **kwargs)


@create_schema("Add a source to the guide", inputs.SourceCreate, EditedSourceSerializer)
class SourceCreate(RowCreate):
    """Add a source (``citation`` required) at ``position`` (default: after the last)."""

    input_class = inputs.SourceCreate
    output_class = EditedSourceSerializer
    payload_of = staticmethod(payloads.source_detail)
    create = staticmethod(structure.source_create)
    url_name = "editorial:source-detail"


@detail_schema("source", inputs.SourceChange, EditedSourceSerializer)
class SourceDetail(RowDetail):
    model = Source
    input_class = inputs.SourceChange
    output_class = EditedSourceSerializer
    payload_of = staticmethod(payloads.source_detail)

    @staticmethod
    def update(source, **kwargs):
        return structure.source_update(source=source, **kwargs)

    @staticmethod
    def remove(source, **kwargs):
        return structure.source_delete(source=source, **kwargs)
