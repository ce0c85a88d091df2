"""Signed links in the e-mails: confirm a subscription, end it.

Django's signing with a salt per purpose, so a link for one purpose never works for the
other. The payload is the subscriber's random key (never the e-mail address, which would
end up in server and proxy logs) and, for confirmation, the topics asked for: signing them
means the link confirms exactly what was asked for, and nobody can alter it.
"""

from django.core import signing

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"

# Confirmation links expire with the unconfirmed address itself (see
# delete_unconfirmed_subscribers): three days.
CONFIRM_MAX_AGE_DAYS = 3
CONFIRM_MAX_AGE = CONFIRM_MAX_AGE_DAYS * 24 * 60 * 60


class InvalidLink(Exception):
    """The link was altered or is incomplete."""


class ExpiredLink(Exception):
    """The link was genuine but is too old."""


def _signer(salt):
    return signing.TimestampSigner(salt=salt)


def confirm_token(subscriber, keys, signer=None):
    signer = signer or _signer(CONFIRM_SALT)
    return signer.sign_object({"k": subscriber.key.hex, "t": sorted(keys)}, compress=True)


def unsubscribe_token(subscriber):
    return _signer(UNSUBSCRIBE_SALT).sign_object({"k": subscriber.key.hex})


def read_confirm_token(token):
    """(key hex, topic keys) from a confirmation token, or InvalidLink/ExpiredLink."""
    data = _load(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    topics = data.get("t")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise InvalidLink
    return data["k"], topics


def read_unsubscribe_token(token):
    """The subscriber key hex from an unsubscribe token (these links never expire)."""
    return _load(token, UNSUBSCRIBE_SALT, None)["k"]


def _load(token, salt, max_age):
    try:
        data = _signer(salt).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise ExpiredLink from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidLink from exc
    if not isinstance(data, dict) or not isinstance(data.get("k"), str):
        raise InvalidLink
    return data
