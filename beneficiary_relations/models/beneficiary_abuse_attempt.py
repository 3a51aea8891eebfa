from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import create_index

WINDOW = timedelta(hours=1)


class BeneficiaryAbuseAttempt(models.Model):
    """One attempt at a limited form (the public complaint form, the portal registration): the
    form's scope and a keyed fingerprint of the sender, never their address or account. Kept
    for the hour the limit counts, then erased. Only the system reads or writes them."""

    _name = "beneficiary.abuse.attempt"
    _description = "Form Attempt (anti-abuse)"
    _order = "id desc"

    scope = fields.Char(required=True)
    fingerprint = fields.Char(required=True)

    def init(self):
        create_index(
            self.env.cr,
            "beneficiary_abuse_attempt_sender_index",
            self._table,
            ["scope", "fingerprint", "create_date"],
        )

    @api.model
    def _over_limit(self, scope, fingerprint, limit):
        """Whether ``limit`` attempts of this sender are already recorded within the hour; if
        not, record this one. The caller holds the sender's lock."""
        since = self.env.cr.now() - WINDOW
        self._purge(since)
        recent = self.search_count(
            [
                ("scope", "=", scope),
                ("fingerprint", "=", fingerprint),
                ("create_date", ">=", since),
            ],
            limit=limit,
        )
        if recent >= limit:
            return True
        self.create({"scope": scope, "fingerprint": fingerprint})
        return False

    @api.model
    def _purge(self, before):
        self.search([("create_date", "<", before)]).unlink()

    @api.model
    def _cron_purge(self):
        """Erase the attempts the limits no longer count, even when nobody sends a form."""
        self._purge(self.env.cr.now() - WINDOW)
