"""What readers see of the people and topics of each release, and what former pins stand for.

A release's snapshot (format 2) holds the public profiles of the people it
credits and the name and description of the topics it uses
(editorial.snapshot_people). Publishing writes them out here, beside the
release's other public rows (published.py), so a profile and the topics
list are served as released: an edit reaches readers with the next release
that carries it, never at once.
"""

from django.db import models

from editorial.models.published import PublishedQuerySet
from editorial.models.releases import Release


class PublishedPerson(models.Model):
    """A person's public profile as a release carries it."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="+")
    # Found by the person, as credits are: a slug can change, and be taken again.
    person = models.ForeignKey(
        "guidance.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    slug = models.SlugField(max_length=80, help_text="As released.")
    name = models.TextField()
    credentials = models.TextField(blank=True)
    job_title = models.TextField(blank=True)
    bio = models.TextField(blank=True, help_text="Markdown.")
    photo_url = models.TextField(blank=True)
    specialties = models.TextField(blank=True, help_text="Comma-separated.")

    objects = PublishedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "slug"], name="published_person_once_per_release"
            ),
        ]

    def __str__(self):
        return f"{self.name} (release {self.release_id})"


class PublishedTopicDetail(models.Model):
    """A topic's name and description as a release that uses it carries them."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="+")
    slug = models.SlugField(max_length=80, db_index=True)
    name = models.TextField()
    description = models.TextField(blank=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "slug"], name="published_topic_detail_once_per_release"
            ),
        ]

    def __str__(self):
        return self.slug


class LegacyPin(models.Model):
    """The people and topics a fingerprint taken of a format-1 snapshot stands for.

    Releases and sign-offs made before snapshots carried people and topics
    pinned the rest of the guide only. Migration 0016 wrote, for each such
    fingerprint, the profiles and topic details readers were then shown (the
    rows as they were), so an unchanged guide still matches its release and
    its approval, and an edit of a bio since does not (editorial.legacy_pins).
    Written once by that migration; nothing writes them after.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    people = models.JSONField(default=list)
    topic_details = models.JSONField(default=list)

    def __str__(self):
        return self.fingerprint
