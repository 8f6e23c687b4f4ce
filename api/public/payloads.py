"""A guide's public answer, assembled from its release's stored content.

Nothing here reads the working copy: the content is the release's
(editorial.publishing prepared it when it was published); the update
history comes from the releases readers have had; the disclaimer and crisis
resources are the live safety release's (never the working rows), apart from
any guide's release, so an approved correction reaches every guide at once.
"""

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from api.public.caching.reads import read_live_safety_release
from api.public.rendering import ReadyJSON
from api.public.selectors import live_guide, releases_read
from editorial.safety.regions import resources_for
from editorial.selectors import history_entries
from guidance.rendering import render_markdown


def live_safety_release(using=DEFAULT_DB_ALIAS, state=None):
    """The live safety release on the database ``using``, or None before the first.

    Read once per public version and process given the public ``state`` an
    answer is computed under (one query otherwise).
    """
    if state is None:
        return read_live_safety_release(using)
    return state.safety_release(using)


def safety_information(region, release=None, using=DEFAULT_DB_ALIAS, state=None):
    """The disclaimer and ``region``'s crisis resources, as the live safety release has them.

    ``region``: an ISO 3166-1 alpha-2 code in capitals, or None for the
    default region. One query on ``using`` (none if ``release`` or ``state``
    is given).
    """
    release = release or live_safety_release(using, state)
    snapshot = release.snapshot if release else {"notices": {}, "crisis_resources": []}
    disclaimer = snapshot["notices"].get("disclaimer")
    resources, served = resources_for(snapshot["crisis_resources"], region)
    return {
        "disclaimer": disclaimer
        and {
            "title": disclaimer["title"],
            "body": disclaimer["body"],
            "body_html": render_markdown(disclaimer["body"]),
        },
        "crisis_resources": [
            {
                "region": resource["region"],
                "name": resource["name"],
                "description": resource["description"],
                "description_html": render_markdown(resource["description"]),
                "phone": resource["phone"],
                "sms": resource["sms"],
                "url": resource["url"],
            }
            for resource in resources
        ],
        "region": served,
    }


def live_guide_detail(
    slug, region=None, *, ready_sections=False, using=DEFAULT_DB_ALIAS, state=None
):
    """What ``GET /api/v1/guides/{slug}/`` answers, or None if no guide ``slug`` is live.

    The API and the reader page both call this, so they cannot disagree.
    ``region`` chooses the crisis lines shown (None: the default region's).
    ``ready_sections``: the sections as the JSON text stored when the release
    was published (ReadyJSON), for the API, which sends them as they are.
    ``using``: the database read; ``state``: the public state the answer is
    computed under.
    """
    published = live_guide(slug, ready_sections=ready_sections, using=using)
    if published is None:
        return None
    return guide_detail(published, releases_read(published, using), region, using, state)


def guide_detail(published, releases, region, using=DEFAULT_DB_ALIAS, state=None):
    """The guide detail of ``published`` (a live_guide row) given the releases readers had
    (rows of releases_read_up_to, newest first), read on ``using``."""
    if "sections_json" in published:
        sections = ReadyJSON(published["sections_json"])
        contributors, sources = published["contributors"], published["sources"]
    else:
        content = published["content"]
        sections, contributors, sources = (
            content["sections"],
            content["contributors"],
            content["sources"],
        )
    guide = {
        "slug": published["slug"],
        "title": published["title"],
        "summary": published["summary"],
        "topics": published["topics"],
        "release": published["number"],
        "published_at": releases[-1]["go_live_at"],
        "updated_at": published["updated_at"],
        "last_reviewed": published["last_reviewed"],
        "review_due": published["review_due"],
        "reviewer": published["reviewer"],
        "authors": published["authors"],
        "reading_level": published["reading_level"],
        "sections": sections,
        "contributors": contributors,
        "sources": sources,
        "update_history": history_entries(releases),
        **carried_safety_information(region, using, state),
    }
    guide["json_ld"] = medical_web_page(guide)
    return guide


def carried_safety_information(region, using=DEFAULT_DB_ALIAS, state=None):
    """What an answer with clinical content carries: the disclaimer and the crisis resources."""
    information = safety_information(region, using=using, state=state)
    return {name: information[name] for name in ("disclaimer", "crisis_resources")}


def medical_web_page(guide):
    """schema.org MedicalWebPage for search engines and screen readers' summaries.

    A working copy's preview has no sign-off nor dates yet: what it lacks is left out.
    """
    reviewer = guide["reviewer"]
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "headline": guide["title"],
        "description": guide["summary"],
        "about": [{"@type": "Thing", "name": topic["name"]} for topic in guide["topics"]],
        "author": [_person(author) for author in guide["authors"]],
    }
    if reviewer:
        page["reviewedBy"] = {
            **_person(reviewer),
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "license",
                "name": reviewer["clinical_credential"],
            },
        }
    if guide["last_reviewed"]:
        page["lastReviewed"] = guide["last_reviewed"].isoformat()
    if guide["published_at"]:
        page["datePublished"] = _iso(guide["published_at"])
    if guide["updated_at"]:
        page["dateModified"] = _iso(guide["updated_at"])
    page["citation"] = [_citation(source) for source in guide["sources"]]
    return page


def _person(person):
    entry = {"@type": "Person", "name": person["name"]}
    if person["credentials"]:
        entry["honorificSuffix"] = person["credentials"]
    return entry


def _citation(source):
    entry = {"@type": "CreativeWork", "name": source["citation"]}
    if source["url"]:
        entry["url"] = source["url"]
    if source["published_on"]:
        entry["datePublished"] = source["published_on"]
    return entry


def _iso(moment):
    return timezone.localtime(moment).isoformat()


def person_profile(person, guides):
    """A profile's answer: ``person``, a profile as released (api.public.profiles)."""
    return {
        "slug": person["slug"],
        "name": person["name"],
        "credentials": person["credentials"],
        "job_title": person["job_title"],
        "bio": person["bio"],
        "bio_html": render_markdown(person["bio"]),
        "photo_url": person["photo_url"],
        "specialties": [part.strip() for part in person["specialties"].split(",") if part.strip()],
        "guides": guides,
    }
