"""The reader pages: a live guide as readers see it, the index of live guides, and
the staff-only preview of a working copy.

Each page renders the very payload the API serves (api.public.payloads, or
api.editorial.previews for a preview), so a page and its API answer cannot
disagree. Live pages are cached and revalidated exactly like the API's
answers (api.public.caching): stored under the public version, with an
ETag of their bytes, and rendered with no request, so nothing of a visitor
ends up in a cached page. A preview is never stored by anyone.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_safe

from api.editorial.previews import guide_preview as working_copy_preview
from api.public import caching, payloads, profiles, selectors
from api.public.serializers import GuideSummarySerializer
from editorial.safety.regions import UnknownRegion, region_code
from editorial.status import status_of
from guidance.models import Guide

HTML = "text/html; charset=utf-8"


class NoLiveGuide(Exception):
    pass


class BadRegion(Exception):
    pass


@require_safe
def guide_index(request):
    """Every live guide, by title."""

    def build(using, state):
        return GuideSummarySerializer(selectors.live_guides(using), many=True).data

    def render(guides):
        return render_to_string("reader/index.html", {"guides": guides}).encode()

    key = caching.answer_key(request, [])
    return caching.respond(
        request, key, lambda using, state: _fresh_page(build, render, using, state)
    )


@require_safe
def guide_page(request, slug):
    """A live guide as its live release has it, with the crisis lines for ``?region=``."""
    try:
        region = requested_region(request)
    except BadRegion as error:
        return _error_page(request, 400, "This region is not one we know", str(error))

    def build(using, state):
        guide = payloads.live_guide_detail(slug, region, using=using, state=state)
        if guide is None:
            raise NoLiveGuide
        # Who the contributors are and what the topics mean, as the release carries them.
        return {**guide, "about": profiles.carried_by_live_guide(slug, using)}

    def render(guide):
        return _render_guide(guide, region=region).encode()

    key = caching.answer_key(request, [("region", region or "")], guide=slug)
    try:
        return caching.respond(
            request, key, lambda using, state: _fresh_page(build, render, using, state)
        )
    except NoLiveGuide:
        return _error_page(
            request,
            404,
            "This guide is not available",
            "No guide is published at this address. It may have been withdrawn.",
        )


@require_safe
def guide_preview(request, slug):
    """The working copy rendered as the reader page, for signed-in staff who may view guides."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied
    if not request.user.has_perm("guidance.view_guide"):
        raise PermissionDenied
    try:
        region = requested_region(request)
    except BadRegion as error:
        return _error_page(request, 400, "This region is not one we know", str(error))
    guide = get_object_or_404(Guide, slug=slug)
    status = status_of(guide)
    payload = working_copy_preview(status, region)
    snapshot = status.snapshot
    about = profiles.about_people_and_topics(snapshot["people"], snapshot["topic_details"])
    payload = {**payload, "about": about}
    html = _render_guide(
        payload,
        region=region,
        preview=payload["preview"],
        admin_url=reverse("admin:guidance_guide_change", args=[guide.pk]),
    )
    response = HttpResponse(html, content_type=HTML)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _fresh_page(build, render, using, state):
    """The page ``render(build(using, state))``, read on the database ``using`` (a replica
    that has replayed the public version, or the primary) under the public ``state``."""
    return caching.fresh_answer(
        lambda: build(using, state), render, HTML, state=state, using=using
    )


def requested_region(request):
    """The two-letter region code asked for with ``?region=``, in capitals, or None."""
    values = request.GET.getlist("region")
    if not values:
        return None
    if len(values) > 1:
        raise BadRegion("Give one country as a two-letter code, e.g. ?region=US.")
    try:
        return region_code(values[0])
    except UnknownRegion as error:
        raise BadRegion(str(error)) from error


def _render_guide(guide, **context):
    return render_to_string("reader/guide.html", {"guide": guide, **context})


def _error_page(request, status, title, message):
    response = TemplateResponse(
        request, "reader/error.html", {"title": title, "message": message}, status=status
    )
    patch_cache_control(response, public=True, no_cache=True)
    return response
