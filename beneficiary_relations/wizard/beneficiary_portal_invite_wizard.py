"""Invite a beneficiary registered at the office (or their representative) to the portal: a
portal account on the contact they already have, so that it opens their existing file, and an
invitation by mail (Odoo's own portal invitation) or by SMS (a sign-up link through the sms
module)."""

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools import notice_route


class BeneficiaryPortalInviteWizard(models.TransientModel):
    _name = "beneficiary.portal.invite.wizard"
    _description = "Invite to the Portal"

    beneficiary_id = fields.Many2one("beneficiary.beneficiary", required=True, readonly=True)
    representative_id = fields.Many2one(
        "beneficiary.representative",
        readonly=True,
        help="Invite this representative rather than the beneficiary.",
    )
    partner_id = fields.Many2one("res.partner", compute="_compute_partner_id")
    mobile = fields.Char(compute="_compute_partner_id")
    email = fields.Char(compute="_compute_partner_id")
    channel = fields.Selection(
        [("sms", "SMS"), ("email", "Email")],
        required=True,
        compute="_compute_channel",
        store=True,
        readonly=False,
    )
    login = fields.Char(
        string="Sign-in", compute="_compute_login", help="What they will sign in with."
    )

    @api.depends("beneficiary_id", "representative_id")
    def _compute_partner_id(self):
        for wizard in self:
            if wizard.representative_id:
                partner = wizard.representative_id.partner_id
                wizard.partner_id = partner
                wizard.mobile = partner.mobile or partner.phone
                wizard.email = partner.email_normalized
            else:
                wizard.partner_id = wizard.beneficiary_id.partner_id
                wizard.mobile = wizard.beneficiary_id.mobile
                wizard.email = wizard.beneficiary_id.email

    @api.depends("beneficiary_id", "representative_id")
    def _compute_channel(self):
        for wizard in self:
            if wizard.representative_id:
                wizard.channel = "email" if wizard.representative_id.partner_id.email else "sms"
            else:
                # The invitation is written: by mail where the one rule would write a mail.
                channel, _reason = notice_route(
                    wizard.beneficiary_id._notice_contact(), written_only=True
                )
                wizard.channel = "email" if channel == "email" else "sms"

    @api.depends("partner_id", "channel")
    def _compute_login(self):
        for wizard in self:
            # sudo: officers cannot read users; only the account's sign-in is shown.
            user = wizard.partner_id.sudo().with_context(active_test=False).user_ids[:1]
            wizard.login = user.login or wizard.email or wizard.mobile

    def action_invite(self):
        self.ensure_one()
        problem = self._invite_problem()
        if problem:
            raise UserError(problem)
        if self.channel == "email":
            self._invite_by_mail()
        else:
            self._invite_by_sms()
        target = self.representative_id.partner_id.name or self.beneficiary_id.name
        self.beneficiary_id.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "%(user)s invited %(name)s to the portal by %(channel)s (sign-in: %(login)s).",
                user=self.env.user.name,
                name=target,
                channel=dict(self._fields["channel"]._description_selection(self.env))[
                    self.channel
                ],
                login=self.login,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _invite_problem(self):
        """Why this contact cannot be invited, or None."""
        partner = self.partner_id
        if not partner:
            return self.env._("This file has no contact to invite.")
        if not self.representative_id:
            problem = self.beneficiary_id._partner_problem(partner)
            if problem:
                return problem
        # sudo: officers cannot read users; only whether the contact has an account is checked.
        users = partner.sudo().with_context(active_test=False).user_ids
        if users.filtered(lambda u: not u.share):
            return self.env._("%s has a staff account: staff do not use the portal.", partner.name)
        if users.filtered(lambda u: u.active and u.login_date):
            return self.env._(
                "%s already uses the portal. If they forgot their password, they can reset it "
                "from the sign-in page.",
                partner.name,
            )
        if self.channel == "sms" and not self.mobile:
            return self.env._("%s has no mobile number to send the invitation to.", partner.name)
        if self.channel == "email" and not self.email:
            return self.env._("%s has no email address to send the invitation to.", partner.name)
        return None

    def _invite_by_mail(self):
        """Odoo's portal invitation: the portal account (signing in with the email) and its
        welcome mail with the link to choose a password."""
        partner = self.partner_id
        company = self.beneficiary_id.company_id
        # sudo: officers may not create users. Bounded to this file's (or its representative's)
        # own contact, checked above to be no staff member's, and to the portal group.
        wizard = (
            self.env["portal.wizard"]
            .sudo()
            .with_company(company)
            .create({"partner_ids": [Command.link(partner.id)]})
        )
        wizard_user = wizard.user_ids.filtered(lambda w: w.partner_id == partner)
        wizard_user.email = self.email
        if wizard_user.is_portal:
            wizard_user.action_invite_again()
        else:
            wizard_user.action_grant_access()

    def _invite_by_sms(self):
        """The portal account (signing in with the email if there is one, else the mobile) and
        an SMS with the link to choose a password. The link is never posted in the chatter:
        whoever holds it can take the account."""
        partner = self.partner_id
        company = self.beneficiary_id.company_id
        # sudo: as for the mail above: this contact's own account, in the portal group only.
        partner_sudo = partner.sudo()
        user = partner_sudo.with_context(active_test=False).user_ids[:1]
        if not user:
            login = self.email or self.mobile
            # sudo: whether this login is taken by any account; nothing else is read.
            Users = self.env["res.users"].sudo().with_context(active_test=False)
            if Users.search_count([("login", "=", login)], limit=1):
                raise UserError(
                    self.env._("%s already signs in another account: it cannot be used.", login)
                )
            user = (
                Users.with_company(company)
                .with_context(no_reset_password=True)
                ._create_user_from_template(
                    {
                        "login": login,
                        "email": self.email or False,
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                    }
                )
            )
        portal, public = self.env.ref("base.group_portal"), self.env.ref("base.group_public")
        user.write(
            {"active": True, "groups_id": [Command.link(portal.id), Command.unlink(public.id)]}
        )
        partner_sudo.signup_prepare()
        lang = self.beneficiary_id.lang if not self.representative_id else partner.lang
        url = partner_sudo.with_context(lang=lang)._get_signup_url_for_action(url="/my/home")[
            partner.id
        ]
        # sudo: officers may not read SMS templates; renders only the shipped invitation, for
        # this contact, with the link given in the context (never stored with the template)
        template = self.env.ref("beneficiary_relations.sms_template_portal_invitation").sudo()
        template = template.with_context(
            portal_company_name=company.name, portal_login=user.login, portal_signup_url=url
        )
        body = self.env["beneficiary.beneficiary"]._notice_render_text(
            template, "body", partner.ids
        )[partner.id]
        # sudo: portal users and officers write no SMS; this one goes to the contact's mobile.
        self.env["sms.sms"].sudo().create(
            {"number": self.mobile, "partner_id": partner.id, "body": body}
        )
        # sudo: only triggers Odoo's SMS queue to send it now.
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
