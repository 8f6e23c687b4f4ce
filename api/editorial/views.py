"""The editorial API's reads and edits of working copies.

Views stay thin: they check the body's shape (inputs.py), call a service
(editorial.editing) or a selector, and render (payloads.py). Every rule, and
every refusal's message, is the service's.

Every PATCH must name the version it was made on: ``If-Match: "<fingerprint>"``.
Without it, or with ``If-Match: *`` (which names no version, so would let an
edit overwrite whatever is there), the service refuses the edit with 428 and
its message, after the user's right is checked; a stale version gets 412.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
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
from editorial import editing
from editorial.checks import guide_checks
from editorial.diff import diff_snapshots
from editorial.selectors import diff_base
from editorial.snapshot import fingerprint_guide
from editorial.status import status_of, statuses_of
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

    def guide_answer(self, guide):
        status = status_of(guide)
        data = WorkingCopySerializer(payloads.guide_detail(status, self.request.user)).data
        return Response(data, headers={"ETag": f'"{status.fingerprint}"'})


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


@extend_schema(
    tags=["editorial"],
    responses={200: WorkingCopySummarySerializer(many=True), **schema.LIST_ERRORS},
)
class GuideList(EditorialView):
    """Every guide's working copy, by title: its state, fingerprint, releases and open review."""

    pagination_class = generics.GenericAPIView.pagination_class

    def get(self, request):
        page = self.paginate_queryset(Guide.objects.order_by("title", "slug"))
        summaries = [payloads.guide_summary(status) for status in statuses_of(page)]
        return self.get_paginated_response(WorkingCopySummarySerializer(summaries, many=True).data)


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
        status = status_of(self.get_guide(slug))
        base, _ = diff_base(status)
        diff = diff_snapshots(base.snapshot if base else None, status.snapshot)
        return Response(GuideDiffSerializer(payloads.guide_diff(status, base, diff)).data)


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
        data = GuidePreviewSerializer(previews.guide_preview(status)).data
        return Response(data, headers={"ETag": f'"{status.fingerprint}"'})


@extend_schema(
    tags=["editorial"],
    parameters=[schema.ETAG],
    responses={200: GuideChecksSerializer, **schema.READ_ERRORS},
)
class GuideChecks(EditorialView):
    """The checks on the working copy: safe-messaging findings, reading level, correction.

    The same function answers the admin's review page. Approving needs a
    written waiver for each id in ``waivers_required``.
    """

    def get(self, request, slug):
        status = status_of(self.get_guide(slug))
        return Response(
            GuideChecksSerializer(guide_checks(status)).data,
            headers={"ETag": f'"{status.fingerprint}"'},
        )


@extend_schema(
    tags=["editorial"],
    request=inputs.SectionEdit,
    parameters=[schema.EDIT_IF_MATCH],
    responses={200: EditedSectionSerializer, **schema.EDIT_ERRORS},
)
class SectionDetail(EditorialView):
    """Edit a section's heading, body, list style or anchor (unique in its guide)."""

    def patch(self, request, section_id):
        section = Section.objects.filter(pk=section_id).first()
        if section is None:
            raise exceptions.NotFound(f"No section has the id {section_id}.")
        section = editing.section_update(
            section=section,
            user=request.user,
            data=valid_input(inputs.SectionEdit, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        fingerprint = fingerprint_guide(section.guide)
        return Response(
            EditedSectionSerializer(payloads.section_detail(section, fingerprint)).data
        )


@extend_schema(
    tags=["editorial"],
    request=inputs.TipEdit,
    parameters=[schema.EDIT_IF_MATCH],
    responses={200: EditedTipSerializer, **schema.EDIT_ERRORS},
)
class TipDetail(EditorialView):
    """Edit a tip's lead, body or topics (slugs). ``id`` is the tip's public id."""

    def patch(self, request, public_id):
        tip = Tip.objects.filter(public_id=public_id).select_related("section").first()
        if tip is None:
            raise exceptions.NotFound(f"No tip has the id {public_id}.")
        tip = editing.tip_update(
            tip=tip,
            user=request.user,
            data=valid_input(inputs.TipEdit, request),
            fingerprint=fingerprint_in_if_match(request),
        )
        fingerprint = fingerprint_guide(tip.section.guide)
        return Response(EditedTipSerializer(payloads.tip_detail(tip, fingerprint)).data)
