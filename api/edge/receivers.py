"""What purges the proxies: every change readers must see at once, once it has committed.

That is every change that moves the public version
(``editorial.publishing.public_content_changed``): a guide's publish or
withdrawal, a safety-information release. (People and topics reach readers
with a release.)
"""

from django.dispatch import receiver

from api.edge import purge_public_answers
from editorial.signals import public_content_committed


@receiver(public_content_committed)
def _public_content_committed(sender, **kwargs):
    purge_public_answers()
