from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.groups import MANAGER

DECLARATION_FIELDS = {
    "declaration_signed",
    "declaration_signed_by",
    "declaration_date",
    "declaration_method",
    "declaration_form",
    "declaration_form_name",
}
# Which transitions each state allows; the wizard asks for a reason where one is required.
TRANSITIONS = {
    "draft": {"registered", "archived"},
    "registered": {"suspended", "archived", "draft"},
    "suspended": {"registered", "archived"},
    "archived": {"draft"},
}
STATES_NEEDING_REASON = {"suspended", "archived"}


class BeneficiaryRegistration(models.AbstractModel):
    """What makes a file registered: every required document present, valid and verified, and
    the data-accuracy declaration signed (in person with the signed form, or online by the
    beneficiary); then the states a file goes through, with the reasons some need."""

    _name = "beneficiary.registration"
    _description = "Beneficiary Registration"

    declaration_signed = fields.Boolean(tracking=True, copy=False)
    declaration_signed_by = fields.Char(
        copy=False, help="Who signed: the beneficiary or their legal guardian."
    )
    declaration_date = fields.Datetime(copy=False)
    declaration_method = fields.Selection(
        [("in_person", "In person (signed form)"), ("online", "Online")], copy=False
    )
    declaration_form = fields.Binary(string="Signed Form", attachment=True, copy=False)
    declaration_form_name = fields.Char(copy=False)

    # Lifecycle
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("registered", "Registered"),
            ("suspended", "Suspended"),
            ("archived", "Archived"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    state_reason = fields.Text(string="Reason", tracking=True, copy=False)
    registration_date = fields.Date(readonly=True, copy=False)

    @api.constrains(
        "declaration_signed", "declaration_method", "declaration_form", "declaration_signed_by"
    )
    def _check_declaration(self):
        for beneficiary in self.filtered("declaration_signed"):
            if not (beneficiary.declaration_method and beneficiary.declaration_signed_by):
                raise ValidationError(
                    self.env._(
                        "A signed declaration records who signed it and how (in person or online)."
                    )
                )
            if beneficiary.declaration_method == "in_person" and not beneficiary.declaration_form:
                raise ValidationError(
                    self.env._("A declaration signed in person needs the signed form attached.")
                )

    def action_register(self):
        self.write({"state": "registered"})
        return True

    def action_reset_draft(self):
        self.write({"state": "draft"})
        return True

    def action_open_state_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change Status"),
            "res_model": "beneficiary.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_beneficiary_ids": self.ids,
                "default_new_state": self.env.context.get("new_state", "suspended"),
            },
        }

    def _check_transition(self, new_state, reason):
        if new_state == self.state:
            return
        if new_state not in TRANSITIONS[self.state]:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(name)s cannot go from %(old)s to %(new)s.",
                    name=self.name,
                    old=states[self.state],
                    new=states[new_state],
                )
            )
        if new_state in STATES_NEEDING_REASON and not (reason or "").strip():
            raise UserError(self.env._("Give a reason to suspend or archive %s.", self.name))

    def _registration_problems(self):
        """What still keeps this beneficiary from being registered, as translated lines."""
        self.ensure_one()
        required_types = (
            self.env["beneficiary.document.type"]
            .search([("required_for_registration", "=", True)])
            .filtered(lambda t: t._applies_to(self.category_id))
        )
        problems = self._document_problems(required_types)
        if not self.declaration_signed:
            problems.append(self.env._("The data accuracy declaration is not signed."))
        return problems

    def _document_problems(self, doc_types, extra_documents=None):
        """Why the file's documents (and ``extra_documents``, a request's own) do not satisfy
        each of ``doc_types``, as translated lines."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        statuses = defaultdict(set)
        # sudo: confidential documents are hidden from officers, yet they count towards the
        # file being complete; only their type and status are read.
        documents = self.sudo().document_ids
        if extra_documents:
            # sudo: as above, the documents just handed in with this file; types and statuses.
            documents |= extra_documents.sudo()
        for document in documents:
            statuses[document.document_type_id].add(document._status_on(today))
        problems = [self._document_problem(doc_type, statuses[doc_type]) for doc_type in doc_types]
        return [problem for problem in problems if problem]

    def _document_problem(self, doc_type, statuses):
        """Why documents of ``doc_type`` with these statuses don't satisfy it, or None."""
        if "verified" in statuses:
            return None
        if statuses <= {"missing_file"}:
            return self.env._("%s is missing.", doc_type.name)
        if "to_verify" in statuses:
            return self.env._("%s has not been verified.", doc_type.name)
        return self.env._("%s has expired.", doc_type.name)

    def _check_registration_requirements(self):
        for beneficiary in self:
            problems = beneficiary._registration_problems()
            if problems:
                raise ValidationError(
                    self.env._("%s cannot be registered yet:", beneficiary.name)
                    + "\n- "
                    + "\n- ".join(problems)
                )

    def _check_declaration_rights(self, vals):
        """Staff record a declaration signed in person; an online one is signed by the
        beneficiary themselves (``action_sign_declaration_online``) and only a manager may
        change it afterwards."""
        if self.env.su or not DECLARATION_FIELDS & set(vals):
            return
        if vals.get("declaration_method") == "online":
            raise AccessError(
                self.env._("An online declaration is signed by the beneficiary from the portal.")
            )
        signed_online = self.filtered(
            lambda b: b.declaration_signed and b.declaration_method == "online"
        )
        if signed_online and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._(
                    "%s signed the declaration online: only a manager can change it.",
                    signed_online[0].name,
                )
            )
