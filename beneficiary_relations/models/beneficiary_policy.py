from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import format_hijri

# Which states each state may move to. Activating supersedes the version in force through
# ``action_activate``; nothing ever returns to draft or comes back from superseded.
TRANSITIONS = {
    "draft": {"active"},
    "active": {"superseded"},
    "superseded": set(),
}
# Set by activating and superseding, never by a client.
TRANSITION_FIELDS = {"activation_date", "superseded_date", "superseded_by_id"}
# What a superseded version keeps as it was approved (a superseded version takes no write at
# all but its chatter's; these also refuse translations).
LOCKED_FIELDS = {
    "name",
    "version",
    "body",
    "approving_body",
    "resolution_number",
    "approval_date",
    "attachment_ids",
    "company_id",
}


class BeneficiaryPolicy(models.Model):
    _name = "beneficiary.policy"
    _description = "Beneficiary Relations Policy"
    _inherit = ["beneficiary.policy.audience", "mail.thread", "mail.activity.mixin"]
    _order = "company_id, id desc"

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    version = fields.Char(required=True, default="1", copy=False, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
    )
    approving_body = fields.Char(
        tracking=True, help="Who approved this version, e.g. the board of directors."
    )
    resolution_number = fields.Char(copy=False, tracking=True)
    approval_date = fields.Date(copy=False, tracking=True)
    approval_date_hijri = fields.Char(
        string="Approval Date (Hijri)", compute="_compute_approval_date_hijri"
    )
    body = fields.Html(string="Text", translate=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "beneficiary_policy_ir_attachment_rel",
        "policy_id",
        "attachment_id",
        string="Attachments",
        copy=False,
        help="The approved document, the board resolution...",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("superseded", "Superseded")],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    activation_date = fields.Date(readonly=True, copy=False)
    superseded_date = fields.Date(readonly=True, copy=False)
    superseded_by_id = fields.Many2one("beneficiary.policy", readonly=True, copy=False)

    _sql_constraints = [
        # Backs the Python check below against two activations committed at the same time;
        # deferred, so that superseding and activating within one transaction is fine.
        (
            "one_active_per_company",
            "EXCLUDE (company_id WITH =) WHERE (state = 'active') DEFERRABLE INITIALLY DEFERRED",
            "A company has one active policy at most.",
        ),
    ]

    @api.depends("name", "version")
    def _compute_display_name(self):
        for policy in self:
            policy.display_name = (
                self.env._(
                    "%(title)s, version %(version)s", title=policy.name, version=policy.version
                )
                if policy.version
                else policy.name
            )

    @api.depends("approval_date")
    @api.depends_context("lang")
    def _compute_approval_date_hijri(self):
        for policy in self:
            policy.approval_date_hijri = format_hijri(policy.approval_date, self.env.lang)

    @api.constrains("state", "company_id")
    def _check_one_active_per_company(self):
        active = self.filtered(lambda p: p.state == "active")
        if not active:
            return
        # sudo: the active versions of these companies, which may be hidden from the user;
        # only their existence is checked.
        in_force = self.sudo().search(
            [("state", "=", "active"), ("company_id", "in", active.company_id.ids)]
        )
        for policy in active:
            others = (
                in_force.filtered(lambda p, pol=policy: p.company_id == pol.company_id) - policy
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has an active policy: %(policy)s. Activate the "
                        "new version with its Activate button, which supersedes the current one.",
                        company=policy.company_id.name,
                        policy=others[:1].display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            self._check_transition_fields(vals)
            if vals.get("state", "draft") not in TRANSITIONS:
                raise UserError(self.env._("%s is not a status of a policy.", vals["state"]))
            if vals.get("state") == "active":
                vals["activation_date"] = today
        policies = super().create(vals_list)
        policies._check_attachments_owned()
        return policies

    def write(self, vals):
        self._check_transition_fields(vals)
        new_state = vals.get("state")
        if new_state:
            for policy in self:
                policy._check_transition(new_state)
        if any(not self._is_chatter_field(name) for name in vals):
            self._check_editable()
        today = fields.Date.context_today(self)
        if new_state == "active":
            vals = dict(vals, activation_date=today)
        elif new_state == "superseded":
            vals = dict(vals, superseded_date=today)
        text_changed = self.filtered(lambda p: p.state == "active") if "body" in vals else None
        result = super().write(vals)
        if new_state == "superseded":
            self.env["beneficiary.policy.reminder"]._remove_for(self)
        if "attachment_ids" in vals:
            self._check_attachments_owned()
            self._link_attachments()
        if text_changed:
            for policy in text_changed:
                policy.message_post(
                    body=self.env._(
                        "The text of this policy was changed while it is in force; "
                        "earlier acknowledgements refer to the previous text."
                    )
                )
        return result

    def _update_field_translations(self, field_name, translations, digest=None, source_lang=None):
        if field_name in LOCKED_FIELDS:
            self._check_editable()
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_force(self):
        if any(policy.state != "draft" for policy in self):
            raise UserError(
                self.env._(
                    "Only draft versions of the policy can be deleted; an active or superseded "
                    "version is part of the association's records."
                )
            )

    # Actions ---------------------------------------------------------------------------------

    def action_activate(self):
        """Put these draft versions in force; the version each replaces is superseded."""
        if len(self.company_id) != len(self):
            raise UserError(self.env._("Activate one version of the policy per company."))
        for policy in self:
            if policy.state != "draft":
                raise UserError(
                    self.env._("Only a draft can be activated: %s is not.", policy.display_name)
                )
            current = self.search(
                [("state", "=", "active"), ("company_id", "=", policy.company_id.id)]
            )
            current.check_access("write")
            # sudo: which version replaced it is set by activation only, never by a client;
            # the user may write the version in force (checked above).
            current.sudo().write({"state": "superseded", "superseded_by_id": policy.id})
            policy.write({"state": "active"})
            for old in current:
                old.message_post(
                    body=self.env._("Superseded by %s.", policy.display_name),
                )
        return True

    def action_new_version(self):
        self.ensure_one()
        new_version = self.copy({"version": self._next_version()})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_version.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # Helpers ---------------------------------------------------------------------------------

    def _check_transition(self, new_state):
        if new_state not in TRANSITIONS:
            raise UserError(self.env._("%s is not a status of a policy.", new_state))
        if new_state == self.state:
            return
        if new_state not in TRANSITIONS[self.state]:
            states = dict(self._fields["state"]._description_selection(self.env))
            message = self.env._(
                "%(policy)s cannot go from %(old)s to %(new)s.",
                policy=self.display_name,
                old=states[self.state],
                new=states[new_state],
            )
            if self.state == "superseded":
                message += " " + self.env._(
                    "A superseded version stays superseded: to bring its text back, create a "
                    "new version from it."
                )
            raise UserError(message)

    @api.model
    def _is_chatter_field(self, name):
        return name.startswith(("message_", "activity_"))

    def _check_transition_fields(self, vals):
        if TRANSITION_FIELDS & set(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "When a version came into force, and which version superseded it, are "
                    "recorded by its activation."
                )
            )

    def _check_attachments_owned(self):
        """A policy's attachments are uploaded to it: the client may not bring in a file that
        belongs to another record, nor another user's upload."""
        for policy in self:
            # sudo: reading who uploaded the files and where they belong, nothing else.
            foreign = policy.sudo().attachment_ids.filtered(
                lambda a, p=policy: not (
                    a.res_model == p._name
                    and a.res_id in (0, p.id)
                    and (a.res_id or a.create_uid == self.env.user)
                )
            )
            if foreign:
                raise UserError(
                    self.env._(
                        "%s can only be attached to the policy it was uploaded for.",
                        foreign[0].name,
                    )
                )

    def _check_editable(self):
        superseded = self.filtered(lambda p: p.state == "superseded")
        if superseded:
            raise UserError(
                self.env._(
                    "%s is superseded: its text and approval are kept as they were. Create a "
                    "new version to change them.",
                    superseded[:1].display_name,
                )
            )

    def _link_attachments(self):
        """Attachments uploaded from the form belong to the policy, so that whoever reads the
        policy reads them."""
        for policy in self:
            # sudo: only this user's own pending uploads to a policy reach here (checked by
            # _check_attachments_owned); they are tied to the policy they were uploaded for.
            policy.sudo().attachment_ids.filtered(lambda a: not a.res_id).write(
                {"res_model": self._name, "res_id": policy.id}
            )

    def _next_version(self):
        head, separator, last = (self.version or "").rpartition(".")
        if last.isdigit():
            return f"{head}{separator}{int(last) + 1}"
        return f"{self.version}.1" if self.version else "1"
