from django.conf import settings
from django.db import models

from guidance.history import ContentHistory
from guidance.models.fields import LimitedTextField


class ClinicalCredential(models.TextChoices):
    """Licences that qualify a person to sign off clinical content."""

    LPC = "LPC", "Licensed Professional Counselor (LPC)"
    LCSW = "LCSW", "Licensed Clinical Social Worker (LCSW)"
    LMFT = "LMFT", "Licensed Marriage and Family Therapist (LMFT)"
    LMHC = "LMHC", "Licensed Mental Health Counselor (LMHC)"
    PMHNP_BC = "PMHNP-BC", "Psychiatric-Mental Health Nurse Practitioner (PMHNP-BC)"
    PSYD = "PSYD", "Licensed psychologist (PsyD)"
    PHD = "PHD", "Licensed psychologist (PhD)"
    MD = "MD", "Psychiatrist (MD)"
    DO = "DO", "Psychiatrist (DO)"


class Person(models.Model):
    """Someone credited on guides: writer, reviewer or original author."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=150)
    credentials = models.CharField(
        max_length=100, blank=True, help_text='As shown after the name, e.g. "MS, LPC".'
    )
    clinical_credential = models.CharField(
        max_length=20,
        choices=ClinicalCredential.choices,
        blank=True,
        help_text="The clinical licence this person holds, if any.",
    )
    job_title = models.CharField(max_length=150, blank=True)
    bio = LimitedTextField(max_length=5_000, blank=True, help_text="Markdown.")
    photo_url = models.URLField(blank=True)
    specialties = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The account this person signs in with, if any.",
    )
    is_clinical_reviewer = models.BooleanField(
        default=False,
        help_text="May sign off guides. Requires a clinical credential.",
    )

    history = ContentHistory()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        permissions = [
            (
                "manage_clinical_reviewers",
                "Can grant clinical sign-off rights and link people to accounts",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clinical_credential__in=["", *ClinicalCredential.values]),
                name="person_clinical_credential_known",
            ),
            models.CheckConstraint(
                condition=models.Q(is_clinical_reviewer=False) | ~models.Q(clinical_credential=""),
                name="clinical_reviewer_has_clinical_credential",
                violation_error_message="A clinical reviewer must hold a clinical credential.",
            ),
            models.CheckConstraint(condition=~models.Q(slug=""), name="person_slug_not_empty"),
        ]

    def __str__(self):
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    @property
    def specialty_list(self):
        return [s.strip() for s in self.specialties.split(",") if s.strip()]
