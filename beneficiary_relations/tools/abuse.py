"""Anti-abuse for the forms of the website and the portal: a one-time form key signed for the
browser session, a keyed fingerprint of the sender instead of their address, and an hourly limit
of attempts per sender.

The attempts (``beneficiary.abuse.attempt``) are kept only as long as the limit looks at them,
one hour, then erased: afterwards nothing ties a message to the network it came from."""

import hashlib
import ipaddress
import uuid

from odoo import SUPERUSER_ID, api
from odoo.tools import consteq
from odoo.tools.misc import hmac


def new_form_key(env, scope, session_id):
    """A random key signed for this browser session: a resubmitted form is recognised, and a
    key taken from someone else's page (a cached one, say) is refused."""
    nonce = uuid.uuid4().hex
    return f"{nonce}.{_key_signature(env, scope, session_id, nonce)}"


def valid_form_key(env, scope, session_id, key):
    nonce, _dot, signature = (key or "").partition(".")
    return bool(nonce and signature) and consteq(
        signature, _key_signature(env, scope, session_id, nonce)
    )


def _key_signature(env, scope, session_id, nonce):
    # su: the key is the database secret, which only the superuser reads.
    return hmac(env(su=True), scope, (nonce, session_id))[:32]


def fingerprint(env, scope, value):
    """A keyed hash of ``value``, different in each scope: the value itself is never stored."""
    # su: the key is the database secret, which only the superuser reads.
    return hmac(env(su=True), scope, value)[:32]


def address_fingerprint(env, scope, address):
    """The fingerprint of a network address; of its /64 network for IPv6, which one subscriber
    holds whole."""
    address = address or ""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6:
            address = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    except ValueError:
        pass
    return fingerprint(env, scope, address)


def hourly_limit(env, param, default):
    """The limit a system parameter sets, else ``default``; 0 or less: no limit."""
    # sudo: a limit the administrator set; only read.
    value = env["ir.config_parameter"].sudo().get_param(param)
    try:
        return int(value) if value else default
    except ValueError:
        return default


def over_hourly_limit(env, scope, sender, limit):
    """Whether ``sender`` (a fingerprint) already made ``limit`` attempts in ``scope`` within
    the hour; if not, this attempt is recorded.

    The attempt is counted and recorded in a transaction of its own, committed at once, under a
    lock of this sender taken before counting: parallel posts wait for each other and each one
    counts the attempts committed before it (16 at once with a limit of 5: 5 pass)."""
    if limit <= 0:
        return False
    with env.registry.cursor() as cr:
        if not env.registry.in_test_mode():
            # Odoo's transactions read a snapshot taken at their first query: it would predate
            # the lock, and miss the attempts committed while this one waited for it.
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        cr.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(scope, sender)])
        # The superuser: attempts are no one else's business (no access right is granted).
        attempts = api.Environment(cr, SUPERUSER_ID, {})["beneficiary.abuse.attempt"]
        return attempts._over_limit(scope, sender, limit)


def _lock_key(scope, sender):
    """A 64-bit key for PostgreSQL's advisory locks, one per scope and sender."""
    digest = hashlib.sha256(f"{scope}\n{sender}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
