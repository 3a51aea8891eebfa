from collections import defaultdict

from odoo import api, fields, models

from ..tools.groups import MANAGER, OFFICER

HOME_ACTION = "beneficiary_relations.beneficiary_request_action"


class BeneficiaryPolicyAudience(models.AbstractModel):
    """Who must read and acknowledge a policy (every internal user of the app in its company),
    who has, and the prompt that opening the app shows until they do."""

    _name = "beneficiary.policy.audience"
    _description = "Policy Audience"

    acknowledgement_ids = fields.One2many(
        "beneficiary.policy.acknowledgement", "policy_id", string="Acknowledgements"
    )
    acknowledged_count = fields.Integer(
        string="Acknowledged",
        compute="_compute_acknowledgement_counts",
        groups=MANAGER,
    )
    pending_count = fields.Integer(
        string="Not Yet Acknowledged",
        compute="_compute_acknowledgement_counts",
        groups=MANAGER,
    )
    acknowledged_by_me = fields.Boolean(
        string="Acknowledged by Me", compute="_compute_acknowledged_by_me"
    )

    def _compute_acknowledgement_counts(self):
        acknowledged = {
            policy: (count, users)
            for policy, count, users in self.env["beneficiary.policy.acknowledgement"]._read_group(
                [("policy_id", "in", self.ids)], ["policy_id"], ["__count", "user_id:recordset"]
            )
        }
        audience = self._audience_by_company(self.company_id)
        for policy in self:
            count, users = acknowledged.get(policy._origin, (0, self.env["res.users"]))
            policy.acknowledged_count = count
            policy.pending_count = len(audience[policy.company_id] - users)

    def _compute_acknowledged_by_me(self):
        acknowledged = (
            # sudo: officers read only their own acknowledgements; the search is bounded to them.
            self.env["beneficiary.policy.acknowledgement"]
            .sudo()
            .search([("policy_id", "in", self.ids), ("user_id", "=", self.env.uid)])
            .policy_id
        )
        for policy in self:
            policy.acknowledged_by_me = policy._origin in acknowledged

    def action_acknowledge(self):
        """The current user acknowledges this version online."""
        self.ensure_one()
        self.env["beneficiary.policy.acknowledgement"].create(
            {"policy_id": self.id, "user_id": self.env.uid, "method": "online"}
        )
        return True

    def action_view_acknowledgements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "beneficiary_relations.beneficiary_policy_acknowledgement_action"
        )
        action["domain"] = [("policy_id", "=", self.id)]
        action["context"] = {"default_policy_id": self.id}
        return action

    def action_view_pending_users(self):
        self.ensure_one()
        users = self._audience_by_company(self.company_id)[self.company_id] - (
            self.acknowledgement_ids.user_id
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Not Yet Acknowledged"),
            "res_model": "res.users",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", users.ids)],
            "context": {"create": False},
        }

    @api.model
    def action_open_app(self):
        """What opening the app shows: the active policy to acknowledge while the user has not,
        the requests otherwise."""
        policy = self._policy_to_acknowledge()
        if not policy:
            return self._app_home_action()
        # A saved page to read, not a new record to fill in: no "New" button, nothing unsaved.
        wizard = self.env["beneficiary.policy.acknowledge.wizard"].create({"policy_id": policy.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Policy Acknowledgement"),
            "res_model": "beneficiary.policy.acknowledge.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _app_home_action(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(HOME_ACTION)
        action["target"] = "main"
        return action

    @api.model
    def _policy_to_acknowledge(self, user=None):
        """The active policy of the current company if ``user`` (the current user by default)
        works in the app and has not acknowledged it, else an empty recordset."""
        user = user or self.env.user
        if user.share or not user.has_group(OFFICER):
            return self.browse()
        policy = self.search(
            [("state", "=", "active"), ("company_id", "=", self.env.company.id)], limit=1
        )
        if not policy:
            return policy
        acknowledged = (
            # sudo: whether this user acknowledged this policy, nothing else.
            self.env["beneficiary.policy.acknowledgement"]
            .sudo()
            .search_count([("policy_id", "=", policy.id), ("user_id", "=", user.id)], limit=1)
        )
        return self.browse() if acknowledged else policy

    @api.model
    def _audience_by_company(self, companies):
        """The internal users of the app who work in each of ``companies``."""
        users = (
            # sudo: officers cannot read other users' groups; the audience is only counted
            # or reminded.
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(OFFICER).id),
                    ("share", "=", False),
                    ("company_ids", "in", companies.ids),
                ]
            )
        )
        audience = defaultdict(lambda: self.env["res.users"])
        for company in companies:
            audience[company] = users.filtered(lambda u, c=company: c in u.company_ids).with_env(
                self.env
            )
        return audience
