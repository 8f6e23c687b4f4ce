"""What the public API reads: each release's content, prepared once when it is published.

A release's snapshot is the data the reviewer approved. Readers' apps need
it rendered (Markdown to sanitized HTML), searchable, and filterable by topic
across guides; doing that per request would cost per tip and per guide.
So publishing writes these rows in the same transaction as the release
(editorial.publishing), and nothing changes them after: like the release,
they are what it was.

Which rows readers get is still the release's business: ``live()`` keeps
the rows of live releases (``Release.objects.live()``), so a withdrawal or a
go-live time takes effect here with no further write.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import (
    DEFAULT_DB_ALIAS,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    models,
)

from editorial.models.releases import Release


class PublishedQuerySet(models.QuerySet):
    def live(self, at=None):
        return self.filter(release__in=Release.objects.live(at=at).values("pk"))


class PublishedGuide(models.Model):
    """A release as the public API shows it: listing fields, rendered content, search text."""

    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, primary_key=True, related_name="published"
    )
    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="+")
    slug = models.SlugField(max_length=120, db_index=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    topics = models.JSONField(default=list, help_text="[{slug, name}]")
    authors = models.JSONField(default=list, help_text="[{slug, name, credentials}]")
    reviewer = models.JSONField(help_text="{slug, name, credentials, clinical_credential}")
    last_reviewed = models.DateField()
    review_due = models.DateField()
    go_live_at = models.DateTimeField()
    reading_level = models.FloatField(
        null=True, help_text="Flesch-Kincaid grade of the whole guide (null: not measured)."
    )
    content = models.JSONField(
        help_text="Sections with rendered HTML, contributors and sources, as served."
    )
    sections_json = models.TextField(
        default="[]",
        help_text="content's sections as the public API's JSON, ready to be sent: a guide's "
        "answer is assembled around them, not encoded afresh.",
    )
    tip_count = models.PositiveIntegerField(default=0, help_text="How many tips the release has.")
    text = models.TextField(help_text="Every heading, intro and tip, for search.")
    # What search reads: PostgreSQL's tsvector of the title, summary and text; on
    # SQLite, which has none, their word stems as text (editorial.search_stems).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "slug"]

    def __str__(self):
        return f"{self.title} — release {self.release_id}"


class PublishedTip(models.Model):
    """One tip of a release, with what the tips list and search need beside it."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="published_tips")
    guide = models.ForeignKey("guidance.Guide", on_delete=models.PROTECT, related_name="+")
    public_id = models.UUIDField(db_index=True)
    position = models.PositiveIntegerField(help_text="Order within the guide.")
    lead = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField()
    topics = models.JSONField(default=list, help_text="[{slug, name}]")
    guide_slug = models.SlugField(max_length=120)
    guide_title = models.CharField(max_length=200)
    section_anchor = models.SlugField(max_length=120)
    section_heading = models.CharField(max_length=200)
    last_reviewed = models.DateField()
    # As the guide's: of the lead, body and section heading.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["guide_title", "position"]
        indexes = [
            # A page of the tips list, a guide's tips, and the tip of the day
            # read the tips of a release by position.
            models.Index(fields=["release", "position"], name="published_tip_in_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "public_id"], name="published_tip_once_per_release"
            ),
        ]

    def __str__(self):
        return self.lead


class PublishedTopic(models.Model):
    """A topic shown on a released guide (``tip`` empty) or on one of its tips."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="+")
    tip = models.ForeignKey(
        PublishedTip, on_delete=models.CASCADE, null=True, related_name="topic_tags"
    )
    slug = models.SlugField(max_length=80, db_index=True)
    name = models.CharField(max_length=120)

    objects = PublishedQuerySet.as_manager()

    def __str__(self):
        return self.slug


class PublishedCredit(models.Model):
    """A person credited on a release: a contributor, or the clinician who signed it off."""

    SIGNED_OFF = "signed_off"

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="+")
    # Profiles are found by the person, not by the slug as published: a slug
    # can change, and a later person could take the old one.
    person = models.ForeignKey(
        "guidance.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    person_slug = models.SlugField(max_length=80, help_text="As published.")
    role = models.CharField(max_length=40)

    objects = PublishedQuerySet.as_manager()

    def __str__(self):
        return f"{self.person_slug} ({self.role})"


class PublicVersion(models.Model):
    """A number that moves on, in the same transaction, whenever what readers see changes.

    One row, advanced only by ``editorial.publishing.public_content_changed``:
    publishing and withdrawing a guide and a safety release (people and
    topics are served as released, so their edits move nothing). Cached public
    answers are stored under it, so a change that has committed is never
    answered from the cache of any process, and a change that rolled back
    moved nothing. (A scheduled release going live needs no
    write: cached answers also expire at the next go-live time.)
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.number)

    @classmethod
    def current(cls, using=DEFAULT_DB_ALIAS):
        """The number now (one query), on the primary unless ``using`` names a replica, where
        it says how far the replica has replayed.

        Read first on every public request, so it also stands in for the
        request's connection health check (CONN_HEALTH_CHECKS), which would
        otherwise be a ``SELECT 1`` and a round trip of its own: if the kept
        connection turns out broken, it is closed and the number read again on
        a new one. A new connection that fails is not tried twice.
        """
        connection = connections[using]
        kept = connection.connection is not None
        checking = (
            connection.health_check_enabled
            and not connection.health_check_done
            and not connection.in_atomic_block
        )
        if checking:
            connection.health_check_done = True  # this read is the check
        try:
            row = cls._read_number(connection)
        except (InterfaceError, OperationalError):
            if not (checking and kept) or connection.is_usable():
                raise
            connection.close()
            row = cls._read_number(connection)
        return row[0] if row else 0

    @classmethod
    def _read_number(cls, connection):
        # Plain SQL, with no query to compile.
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {cls._meta.db_table} WHERE id = 1")
            return cursor.fetchone()

    @classmethod
    def advance(cls):
        """Move the number on, inside the caller's transaction; returns the new number.

        One statement (UPDATE ... RETURNING: PostgreSQL, and SQLite from 3.35).
        """
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {cls._meta.db_table} SET number = number + 1 WHERE id = 1 "
                "RETURNING number"
            )
            row = cursor.fetchone()
        if row is None:  # the first change ever
            cls.objects.get_or_create(pk=1)
            return cls.advance()
        return row[0]
