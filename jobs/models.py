from django.db import models


class PeriodicJobRun(models.Model):
    """Which period a periodic job last ran for: the row every worker claims, locked.

    A worker runs the job only if it can lock this row and the period has
    moved on, inside the transaction that records the new period: two
    workers (or two hosts) never both run one period.
    """

    name = models.CharField(max_length=100, unique=True)
    period = models.BigIntegerField(
        default=-1, help_text="The last period it ran for: whole intervals since the epoch."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    previous_started_at = models.DateTimeField(
        null=True, blank=True, help_text="Where the window of the run at started_at began."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
