"""Write out the people and topics a release carries, for the profile and topics answers.

Called by ``index_release`` (editorial.publishing) with the release's rows,
in publishing's transaction: what readers see of a person or a topic is
what the release's snapshot holds, signed off with it.
"""

from editorial.models import PublishedPerson, PublishedTopicDetail
from editorial.snapshot_people import PROFILE_FIELDS, TOPIC_DETAIL_FIELDS


def write_profiles(release, snapshot, people):
    """Write the profiles and topic details of ``snapshot`` (format 2) for ``release``.

    ``people``: {slug: Person id} of the people credited, found now.
    """
    PublishedPerson.objects.bulk_create(
        PublishedPerson(
            release=release,
            person_id=people.get(profile["slug"]),
            **{name: profile[name] for name in PROFILE_FIELDS},
        )
        for profile in snapshot["people"]
    )
    PublishedTopicDetail.objects.bulk_create(
        PublishedTopicDetail(
            release=release, **{name: topic[name] for name in TOPIC_DETAIL_FIELDS}
        )
        for topic in snapshot["topic_details"]
    )
