import uuid

from django.core.exceptions import ValidationError
from django.db import models

from guidance.history import ContentHistory
from guidance.models.fields import LimitedTextField, PositionField


class Guide(models.Model):
    """A guide's working copy: the rows editors edit.

    Readers never see these rows directly; they see releases made from them.
    """

    SLUG_NEVER_CHANGES = "A guide's slug never changes."

    slug = models.SlugField(
        max_length=120, unique=True, help_text="Part of the guide's public address; never changes."
    )
    title = models.CharField(max_length=200)
    summary = LimitedTextField(max_length=1_000, blank=True)
    topics = models.ManyToManyField("guidance.Topic", blank=True, related_name="guides")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = ContentHistory(m2m_fields=[topics])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(slug=""), name="guide_slug_not_empty"),
            models.CheckConstraint(condition=~models.Q(title=""), name="guide_title_not_empty"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Apps bookmark guides by slug and releases are filed under it, so it
        # holds whatever path the save comes by (admin, API, import, shell).
        if self._slug_changed():
            raise ValidationError({"slug": self.SLUG_NEVER_CHANGES})
        super().save(*args, **kwargs)
        self._saved_slug = self.slug

    def clean(self):
        super().clean()
        if self._slug_changed():
            raise ValidationError({"slug": self.SLUG_NEVER_CHANGES})

    @classmethod
    def from_db(cls, db, field_names, values):
        guide = super().from_db(db, field_names, values)
        guide._saved_slug = guide.__dict__.get("slug")
        return guide

    def _slug_changed(self):
        saved = getattr(self, "_saved_slug", None)
        return saved is not None and self.slug != saved


class ListStyle(models.TextChoices):
    BULLETED = "bulleted", "Bulleted tips"
    NUMBERED = "numbered", "Numbered steps"


class SectionQuerySet(models.QuerySet):
    def in_outline_order(self):
        """Top-level sections by position, each followed by its subsections."""
        return self.annotate(
            outline_position=models.functions.Coalesce("parent__position", "position"),
        ).order_by("outline_position", models.F("parent").asc(nulls_first=True), "position")


class Section(models.Model):
    """An H2 section of a guide, or an H3 subsection of one (one level only)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subsections",
        help_text="Leave empty for a top-level section.",
    )
    position = PositionField()
    heading = models.CharField(max_length=200)
    anchor = models.SlugField(
        max_length=100, help_text="The #fragment that links to this section; unique in its guide."
    )
    body = LimitedTextField(max_length=10_000, blank=True, help_text="Introduction, in Markdown.")
    list_style = models.CharField(
        max_length=10, choices=ListStyle.choices, default=ListStyle.BULLETED
    )

    history = ContentHistory()
    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["guide", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "anchor"], name="section_anchor_unique_in_guide"
            ),
            models.UniqueConstraint(
                fields=["guide", "position"],
                condition=models.Q(parent__isnull=True),
                name="section_position_unique_in_guide",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=models.Q(parent__isnull=False),
                name="subsection_position_unique_in_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="section_position_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(anchor=""), name="section_anchor_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(list_style__in=ListStyle.values),
                name="section_list_style_known",
            ),
        ]

    def __str__(self):
        return self.heading

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        parent = self.parent
        if parent.pk == self.pk:
            raise ValidationError({"parent": "A section cannot be its own parent."})
        if parent.guide_id != self.guide_id:
            raise ValidationError({"parent": "The parent section must be in the same guide."})
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Subsections go one level deep: choose a top-level section."}
            )
        if self.pk and self.subsections.exists():
            raise ValidationError(
                {"parent": "This section has subsections of its own, so it must stay top-level."}
            )


class Tip(models.Model):
    """A tip (bulleted) or step (numbered) in a section.

    ``public_id`` is what apps bookmark: it is set once and survives every
    edit, move and release.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tips")
    position = PositionField()
    lead = models.CharField(max_length=200, help_text="Short phrase, shown in bold.")
    body = LimitedTextField(max_length=4_000, blank=True, help_text="Markdown.")
    topics = models.ManyToManyField("guidance.Topic", blank=True, related_name="tips")

    history = ContentHistory(m2m_fields=[topics])

    class Meta:
        ordering = ["section", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"], name="tip_position_unique_in_section"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="tip_position_positive"
            ),
            models.CheckConstraint(condition=~models.Q(lead=""), name="tip_lead_not_empty"),
        ]

    def __str__(self):
        return self.lead
