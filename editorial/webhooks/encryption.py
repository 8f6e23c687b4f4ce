"""Subscription secrets at rest: encrypted with Fernet under keys from the environment.

Every delivery is signed with HMAC-SHA256 under the very secret the
receiver holds, so the service needs that secret itself, not a hash of it:
it is kept encrypted (``WEBHOOK_SECRET_KEYS``, never in the database), and a
database dump holds only ciphertext. The other way, deriving each secret
from one key in the environment and storing nothing, would tie every
receiver's secret to that key: changing the key would change them all at
once. With Fernet the keys can be replaced without any receiver noticing
(MultiFernet: the first key encrypts, every key decrypts;
``manage.py reencrypt_webhook_secrets`` moves every secret to the first).
"""

import functools
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def secret_new():
    """A new secret: 32 random bytes, as URL-safe text (43 characters)."""
    return secrets.token_urlsafe(32)


def secret_encrypt(secret):
    return _fernet().encrypt(secret.encode()).decode("ascii")


def secret_decrypt(encrypted):
    try:
        return _fernet().decrypt(encrypted.encode("ascii")).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A webhook secret cannot be decrypted with any key in WEBHOOK_SECRET_KEYS: the "
            "key it was encrypted with must stay in the list until "
            "`manage.py reencrypt_webhook_secrets` has run."
        ) from error


def secret_reencrypt(encrypted):
    """The same secret, encrypted under the first key (what MultiFernet.rotate does)."""
    try:
        return _fernet().rotate(encrypted.encode("ascii")).decode("ascii")
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "A webhook secret cannot be decrypted with any key in WEBHOOK_SECRET_KEYS."
        ) from error


def _fernet():
    return _fernet_of(tuple(settings.WEBHOOK_SECRET_KEYS))


@functools.lru_cache(maxsize=4)
def _fernet_of(keys):
    return MultiFernet([Fernet(key) for key in keys])
