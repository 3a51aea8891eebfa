from odoo import Command, api, models


class BeneficiaryComplaintConfidential(models.AbstractModel):
    """The staff member a complaint concerns (``concerned_user_id``) learns nothing of it:
    never a follower, a recipient, an assignee or a notified partner; and the records that
    point at a complaint (followers, notifications, survey answers, the satisfaction report)
    are hidden from whoever may not read it, through ``_hidden_complaint_domain``."""

    _name = "beneficiary.complaint.confidential"
    _description = "Complaint Confidentiality"

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """The staff member a complaint concerns is never a follower: followers are notified
        of every message."""
        if partner_ids:
            # sudo: who the complaint concerns, to keep them out; never shown.
            excluded = set(self.sudo().concerned_user_id.partner_id.ids)
            partner_ids = [pid for pid in partner_ids if pid not in excluded]
        return super().message_subscribe(partner_ids=partner_ids, subtype_ids=subtype_ids)

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        """The staff member a complaint concerns is never notified of its messages, even when
        named in one."""
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        # sudo: a portal complainant may not read staff accounts; reads only the concerned partner
        concerned = self.sudo().concerned_user_id.partner_id
        return [recipient for recipient in recipients if recipient["id"] not in concerned.ids]

    @api.model
    def _readable_query(self):
        """The complaints the real user may read, as a query for a domain. Under sudo too:
        record rules are evaluated as superuser, where a path through a complaint field
        would skip the complaint's own rules."""
        as_user = self.with_user(self.env.uid)
        if not as_user.has_access("read"):
            return as_user.browse()._as_query()
        return as_user._search([])

    @api.model
    def _readable_ids(self, ids):
        """The ids among ``ids`` of the complaints the real user may read."""
        as_user = self.with_user(self.env.uid)
        if not as_user.has_access("read"):
            return set()
        return set(as_user.search([("id", "in", list(ids))]).ids)

    @api.model
    def _hidden_complaint_domain(self, fname, operator, value):
        """The domain of a search on a 'hidden complaint' flag (``= True``: its complaint is
        one the real user may not read), the complaint being the many2one ``fname``."""
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Unsupported operator {operator!r}")
        readable = self._readable_query()
        if (operator == "=") == bool(value):
            return [(fname, "!=", False), (fname, "not in", readable)]
        return ["|", (fname, "=", False), (fname, "in", readable)]

    def _keep_concerned_user_out(self):
        """The staff member a complaint concerns keeps nothing that shows it to them: no
        subscription, activity, mention or notification."""
        # sudo: the writer may not see the concerned user's traces; only theirs, on these complaints
        for complaint in self.sudo().filtered("concerned_user_id"):
            partner = complaint.concerned_user_id.partner_id
            if partner in complaint.message_partner_ids:
                complaint.message_unsubscribe(partner.ids)
            activities = complaint.activity_ids.filtered(
                lambda a, c=complaint: a.user_id == c.concerned_user_id
            )
            activities.unlink()
            complaint._forget_concerned_partner_in_messages()

    def _forget_concerned_partner_in_messages(self, messages=None):
        """Take the concerned staff member off the recipients of the complaint's messages
        (all of them, or ``messages``) and delete their notifications: a recipient may read
        a message, and a message names its complaint."""
        self.ensure_one()
        partner = self.concerned_user_id.partner_id
        if not partner:
            return
        on_complaint = [("model", "=", self._name), ("res_id", "=", self.id)]
        if messages is not None:
            on_complaint.append(("id", "in", messages.ids))
        # sudo: the messages of this complaint only, whoever may read them
        mentioning = (
            self.env["mail.message"]
            .sudo()
            .search(on_complaint + [("partner_ids", "in", partner.ids)])
        )
        if mentioning:
            mentioning.write({"partner_ids": [Command.unlink(partner.id)]})
        # sudo: the concerned user's own notifications of this complaint's messages only
        notifications = self.env["mail.notification"].sudo()
        notifications.search(
            [("mail_message_id", "any", on_complaint), ("res_partner_id", "=", partner.id)]
        ).unlink()
