import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from guidance.models import ClinicalCredential


class LicenceQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Licences in force on ``day``: a licence expiring that day still counts."""
        return self.filter(expires_on__gte=day)

    def expiring_soon(self, today=None):
        """Licences still valid that expire within ``GUIDANCE_LICENCE_EXPIRY_WARNING_DAYS``."""
        today = today or timezone.localdate()
        soon = today + datetime.timedelta(days=settings.GUIDANCE_LICENCE_EXPIRY_WARNING_DAYS)
        return self.filter(expires_on__gte=today, expires_on__lte=soon)


class Licence(models.Model):
    """A clinical licence a person holds: what a sign-off rests on, and until when.

    Kept apart from ``guidance.Person`` (what is shown about a person) because
    it is a fact of clinical governance: only a reviewer holding a licence
    valid on the day may sign off, and the sign-off records it as it was.
    ``manage.py import_licences`` keeps them in step with a credentialing system.
    """

    person = models.ForeignKey(
        "guidance.Person", on_delete=models.CASCADE, related_name="licences"
    )
    type = models.CharField(max_length=20, choices=ClinicalCredential.choices)
    number = models.CharField(max_length=60)
    jurisdiction = models.CharField(
        max_length=60,
        help_text='Who issued it, e.g. "CA" or "California Board of Behavioral Sciences".',
    )
    expires_on = models.DateField(help_text="Valid up to and including this day.")

    history = HistoricalRecords()
    objects = LicenceQuerySet.as_manager()

    class Meta:
        ordering = ["person__name", "expires_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "type", "number", "jurisdiction"], name="licence_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(type__in=ClinicalCredential.values), name="licence_type_known"
            ),
            models.CheckConstraint(condition=~models.Q(number=""), name="licence_has_number"),
            models.CheckConstraint(
                condition=~models.Q(jurisdiction=""), name="licence_has_jurisdiction"
            ),
        ]

    def __str__(self):
        return f"{self.type} {self.number} ({self.jurisdiction}), expires {self.expires_on}"

    def as_recorded(self):
        """The licence as a sign-off records it: plain data that later changes leave alone."""
        return {
            "type": self.type,
            "number": self.number,
            "jurisdiction": self.jurisdiction,
            "expires_on": self.expires_on.isoformat(),
        }


class LicenceExpiringSoon(Licence):
    """Licences expiring within the warning window (admin list only)."""

    class Meta:
        proxy = True
        verbose_name = "licence expiring soon"
        verbose_name_plural = "licences expiring soon"
        default_permissions = ()
