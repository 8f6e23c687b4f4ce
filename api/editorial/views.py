"""The editorial API's reads and edits of working copies.

Views stay thin: they check the body's shape (inputs.py), call a service
(editorial.editing, editorial.structure) or a selector, and answer one way:
a payload (payloads.py) rendered by its output serializer (serializers.py),
with the guide's fingerprint as the ETag (``EditorialView.answer``). Every
rule, and every refusal's message, is the service's.

Every PATCH must name the version it was made on: ``If-Match: "<fingerprint>"``.
Without it, or with ``If-Match: *`` (which names no version, so would let an
edit overwrite whatever is there), the service refuses the edit with 428 and
its message, after the user's right is checked; a stale version gets 412.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.response import Response

from api.editorial import inputs, payloads, previews, schema
from api.editorial.permissions import CanViewGuides
from api.editorial.serializers import (
    EditedSectionSerializer,
    EditedTipSerializer,
    GuideChecksSerializer,
    GuideDiffSerializer,
    GuidePreviewSerializer,
    WorkingCopySerializer,
    WorkingCopySummarySerializer,
)
from editorial import editing, structure
from editorial.checks import guide_checks
from editorial.diff import diff_snapshots
from editorial.legacy_pins import full_snapshot
from editorial.selectors import diff_base
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of, statuses_of
from editorial.versions import lock_for_edit
from guidance.models import Guide, Section, Tip


class EditorialView(generics.GenericAPIView):
    """Signed in with the right to view guides; answers a guide as it stands after the request."""

    permission_classes = [CanViewGuides]
    pagination_class = None

    def get_guide(self, slug):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise exceptions.NotFound(f"No guide has the slug “{slug}”.")
        return guide

    def answer(self, serializer_class, payload, *, fingerprint, code=200, location=None):
        """The one way an editorial endpoint answers about a guide.

        ``payload`` rendered by its output serializer, the guide's fingerprint
        as the ETag (to send back in If-Match), and a new row's address.
        """
        headers = {"ETag": f'"{fingerprint}"'}
        if location:
            headers["Location"] = location
        data = serializer_class(payload).data if serializer_class else None
        return Response(data, status=code, headers=headers)

    def guide_answer(self, guide, *, code=200, location=None):
        where = status_of(guide)
        payload = payloads.guide_detail(where, self.request.user)
        return self.answer(
            WorkingCopySerializer,
            payload,
            fingerprint=where.fingerprint,
            code=code,
            location=location,
        )

    def row_answer(self, serializer_class, payload_of, row, guide, *, code=200, location=None):
        # The row and the fingerprint are read together, under the lock edits take: an edit
        # committed between two separate reads would pair this row with the fingerprint of
        # a version that has that edit, and a PATCH sent back with it would overwrite it.
        with transaction.atomic():
            lock_for_edit(row)
            try:
                row.refresh_from_db()
            except ObjectDoesNotExist:
                raise exceptions.NotFound("It was deleted meanwhile.") from None
            fingerprint = fingerprint_guide(guide)
            payload = payload_of(row, fingerprint)
        return self.answer(
            serializer_class, payload, fingerprint=fingerprint, code=code, location=location
        )

    def deleted_answer(self, guide):
        """204, with the guide's new fingerprint."""
        return self.answer(
            None, None, fingerprint=fingerprint_guide(guide), code=status.HTTP_204_NO_CONTENT
        )

    def get_row(self, rows, kind, key):
        row = rows.first()
        if row is None:
            raise exceptions.NotFound(f"No {kind} has the id {key}.")
        return row


def valid_input(input_class, request):
    serializer = input_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def fingerprint_in_if_match(request):
    """The fingerprint an ``If-Match: "<fingerprint>"`` header names, or None (none, or ``*``).

    ``*`` names no version, so it counts as none: an edit refuses it (428) and
    a decision looks for the fingerprint in its body.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if len(tags) != 1 or tags[0].startswith("W/"):
        raise exceptions.ValidationError(
            {"If-Match": ['Name one version: If-Match: "<fingerprint>".']}
        )
    return tags[0].strip('"')


class GuideList(EditorialView):
    """Every guide's working copy, by title; or a new guide."""

    pagination_class = generics.GenericAPIView.pagination_class

    @extend_schema(
        tags=["editorial"],
        responses={200: WorkingCopySummarySerializer(many=True), **schema.LIST_ERRORS},
    )
    def get(self, request):
        """Every guide's working copy, by title: state, fingerprint, releases, open review."""
        page = self.paginate_queryset(Guide.objects.order_by("title", "slug"))
        summaries = [payloads.guide_summary(where) for where in statuses_of(page)]
        return self.get_paginated_response(WorkingCopySummarySerializer(summaries, many=True).data)

    @extend_schema(
        tags=["editorial"],
        request=inputs.GuideCreate,
        parameters=[schema.etag(201), schema.LOCATION],
        responses={201: WorkingCopySerializer, **schema.GUIDE_CREATE_ERRORS},
    )
    def post(self, request):
        """Create a guide (slug, title, summary, topics) with an empty outline; no If-Match."""
        guide = structure.guide_create(
            user=request.user, data=valid_input(inputs.GuideCreate, request)
        )
        location = reverse("editorial:guide-detail", args=[guide.slug])
        return self.guide_answer(guide, code=201, location=location)


class GuideDetail(EditorialView):
    """A guide's working copy: read it, or edit its own fields."""

    @extend_schema(
        tags=["editorial"],
        parameters=[schema.ETAG],
        responses={200: WorkingCopySerializer, **schema.READ_ERRORS},
    )
    def get(self, request, slug):
        """A guide's working copy, where it stands, and the steps you may take now."""
        return self.guide_answer(self.get_guide(slug))

    @extend_schema(
        tags=["editorial"],
        request=inputs.GuideEdit,
        parameters=[schema.EDIT_IF_MATCH, schema.ETAG],
        responses={200: WorkingCopySerializer, **schema.EDIT_ERRORS},
    )
    def patch(self, request, slug):
        """Edit the guide's title, summary or topics (slugs). Its slug never changes."""
        guide = editing.guide_update(
            guide=self.get_guide(slug),
            user=request.user,
            data=valid_input(inputs.GuideEdit, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.guide_answer(guide)


@extend_schema(tags=["editorial"], responses={200: GuideDiffSerializer, **schema.READ_ERRORS})
class GuideDiff(EditorialView):
    """What changed in the working copy since the live release, section by section and tip by tip.

    With no release live, since the last release readers had (withdrawn since);
    before the first release, everything reads as added.
    """

    def get(self, request, slug):
        where = status_of(self.get_guide(slug))
        base, _ = diff_base(where)
        diff = diff_snapshots(full_snapshot(base) if base else None, where.snapshot)
        return self.answer(
            GuideDiffSerializer,
            payloads.guide_diff(where, base, diff),
            fingerprint=where.fingerprint,
        )


@extend_schema(tags=["editorial"], responses={200: GuidePreviewSerializer, **schema.READ_ERRORS})
class GuidePreview(EditorialView):
    """The working copy as readers would get it if it were published now, for headless preview.

    The public guide detail's shape (sections with ``body_html``, contributors,
    sources, JSON-LD, the disclaimer and crisis resources), built from the
    working copy; ``preview`` says which version and where it stands. The
    admin's preview page renders the same payload.
    """

    def get(self, request, slug):
        status = status_of(self.get_guide(slug))
        return self.answer(
            GuidePreviewSerializer, previews.guide_preview(status), fingerprint=status.fingerprint
        )


@extend_schema(
    tags=["editorial"],
    parameters=[schema.ETAG],
    responses={200: GuideChecksSerializer, **schema.READ_ERRORS},
)
class GuideChecks(EditorialView):
    """The checks on the working copy: completeness, safe-messaging findings, reading level,
    correction.

    The same function answers the admin's submit and review pages. Submitting
    is refused while ``completeness`` lists a part missing (a missing source
    may be waived with a reason at submission); approving needs a written
    waiver for each id in ``waivers_required``.
    """

    def get(self, request, slug):
        status = status_of(self.get_guide(slug))
        return self.answer(
            GuideChecksSerializer, guide_checks(status), fingerprint=status.fingerprint
        )


class SectionDetail(EditorialView):
    """A section: read it, edit or move it, or delete it with its subsections and tips."""

    def get_section(self, section_id):
        rows = Section.objects.filter(pk=section_id).select_related("guide")
        return self.get_row(rows, "section", section_id)

    @extend_schema(
        tags=["editorial"],
        parameters=[schema.etag(200)],
        responses={200: EditedSectionSerializer, **schema.READ_ERRORS},
    )
    def get(self, request, section_id):
        section = self.get_section(section_id)
        return self.row_answer(
            EditedSectionSerializer, payloads.section_detail, section, section.guide
        )

    @extend_schema(
        tags=["editorial"],
        request=inputs.SectionChange,
        parameters=[schema.EDIT_IF_MATCH, schema.etag(200)],
        responses={200: EditedSectionSerializer, **schema.CHANGE_ERRORS},
    )
    def patch(self, request, section_id):
        """Edit a section's heading, body, list style or anchor (unique in its guide); move it.

        ``position`` moves it among its siblings (to a free position);
        ``parent`` moves a subsection under another top-level section, or
        with null to the top level.
        """
        section = structure.section_change(
            section=self.get_section(section_id),
            user=request.user,
            data=valid_input(inputs.SectionChange, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.row_answer(
            EditedSectionSerializer, payloads.section_detail, section, section.guide
        )

    @extend_schema(
        tags=["editorial"],
        parameters=[schema.EDIT_IF_MATCH, schema.etag(204)],
        responses={204: None, **schema.DELETE_ERRORS},
    )
    def delete(self, request, section_id):
        """Delete a section, with its subsections and all their tips."""
        guide = structure.section_delete(
            section=self.get_section(section_id),
            user=request.user,
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.deleted_answer(guide)


class TipDetail(EditorialView):
    """A tip (``id``: its public id): read it, edit or move it, or delete it."""

    def get_tip(self, public_id):
        rows = Tip.objects.filter(public_id=public_id).select_related("section__guide")
        return self.get_row(rows, "tip", public_id)

    @extend_schema(
        tags=["editorial"],
        parameters=[schema.etag(200)],
        responses={200: EditedTipSerializer, **schema.READ_ERRORS},
    )
    def get(self, request, public_id):
        tip = self.get_tip(public_id)
        return self.row_answer(EditedTipSerializer, payloads.tip_detail, tip, tip.section.guide)

    @extend_schema(
        tags=["editorial"],
        request=inputs.TipChange,
        parameters=[schema.EDIT_IF_MATCH, schema.etag(200)],
        responses={200: EditedTipSerializer, **schema.CHANGE_ERRORS},
    )
    def patch(self, request, public_id):
        """Edit a tip's lead, body or topics (slugs); ``position`` and ``section`` move it."""
        tip = structure.tip_change(
            tip=self.get_tip(public_id),
            user=request.user,
            data=valid_input(inputs.TipChange, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.row_answer(EditedTipSerializer, payloads.tip_detail, tip, tip.section.guide)

    @extend_schema(
        tags=["editorial"],
        parameters=[schema.EDIT_IF_MATCH, schema.etag(204)],
        responses={204: None, **schema.DELETE_ERRORS},
    )
    def delete(self, request, public_id):
        """Delete a tip."""
        guide = structure.tip_delete(
            tip=self.get_tip(public_id),
            user=request.user,
            fingerprint=fingerprint_in_if_match(request),
        )
        return self.deleted_answer(guide)
