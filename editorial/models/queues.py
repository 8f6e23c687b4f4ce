from editorial.models.releases import Release
from editorial.models.reviews import Review


class ReviewQueueEntry(Review):
    """Open reviews as clinical reviewers work through them (admin list only)."""

    class Meta:
        proxy = True
        verbose_name = "review queue entry"
        verbose_name_plural = "review queue"
        default_permissions = ()


class GuideDueForReview(Release):
    """Live releases whose clinical review is due or overdue (admin list only)."""

    class Meta:
        proxy = True
        verbose_name = "guide due for review"
        verbose_name_plural = "guides due for review"
        default_permissions = ()
