"""A service request sent from the portal, and what its notices tell the beneficiary."""

import base64
import uuid
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError


class BeneficiaryRequestPortal(models.Model):
    _inherit = "beneficiary.request"

    @api.model
    def _create_from_portal(self, beneficiary, service, description, files, key):
        """A request the beneficiary sends from the portal, created with its documents (``files``:
        (document type, name, content)) in one go, so that its received notice lists them;
        their declaration is signed online on the way if it was not yet."""
        # sudo: portal users read their file's contact and its representatives, nothing else
        # of it, here.
        representative = beneficiary.sudo()._representative_of(self.env.user.partner_id)
        # sudo: the file's contact only, compared with the signed-in user's.
        if beneficiary.sudo().partner_id != self.env.user.partner_id and not representative:
            raise AccessError(
                self.env._("A portal request is sent by the beneficiary or their representative.")
            )
        # sudo: as above; only whether it is signed is read.
        if not beneficiary.sudo().declaration_signed:
            beneficiary.action_sign_declaration_online()
        documents = [
            Command.create(
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": doc_type.id,
                    "file": base64.b64encode(content),
                    "file_name": name,
                }
            )
            for doc_type, name, content in files
        ]
        # sudo: portal users create neither requests nor documents; bounded to the signed-in
        # beneficiary's own file, or the one they validly represent (checked above), and a
        # service of the catalogue.
        request = self.sudo().create(
            {
                "beneficiary_id": beneficiary.id,
                "service_id": service.id,
                "channel_id": self.env.ref("beneficiary_relations.beneficiary_channel_portal").id,
                "description": description,
                "portal_submission_key": key or False,
                "document_ids": documents,
                "submitted_by_partner_id": representative.partner_id.id,
            }
        )
        if representative:
            request._note_representative(representative)
        return request

    # Notices --------------------------------------------------------------------------------

    def _notice_prepare(self):
        # The tracking link carries the access token: set the missing ones in one update.
        for request in self.filtered(lambda r: not r.access_token):
            request.access_token = str(uuid.uuid4())

    def _notice_portal_url(self, anchor=None):
        """The request's page on the portal, openable without signing in (its token)."""
        return self._notice_url(self.get_portal_url(anchor=anchor))

    def _notice_decision_label(self):
        """The decision in the notice's language (Approved, Rejected...), for the SMS."""
        labels = dict(self._fields["decision"]._description_selection(self.env))
        return labels.get(self.decision, "")

    def _missing_document_types(self):
        """The service's document types with no valid document yet (verified or waiting to be
        verified), in the file or sent for this request: what the beneficiary is asked for."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        # sudo: confidential documents count too; only their type and status are read.
        documents = (self.beneficiary_id.document_ids | self.document_ids).sudo()
        statuses = defaultdict(set)
        for document in documents:
            statuses[document.document_type_id.id].add(document._status_on(today))
        return self.service_id.document_type_ids.filtered(
            lambda t: not statuses[t.id] & {"verified", "to_verify"}
        )

    def _notice_missing_items(self):
        """What keeps the file incomplete, in the notice's language: the documents of the
        service that are missing, expired or not verified yet, and the unsigned declaration."""
        self.ensure_one()
        beneficiary = self.beneficiary_id
        problems = beneficiary._document_problems(
            self.service_id.document_type_ids, self.document_ids
        )
        problems += [p for p in beneficiary._registration_problems() if p not in problems]
        return problems
