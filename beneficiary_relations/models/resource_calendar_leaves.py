from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A public holiday added, moved or removed in an association's working calendar moves the
    deadlines of its open cases that it falls before: the days left are working days."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._recompute_beneficiary_deadlines()
        return leaves

    def write(self, vals):
        if not {"date_from", "date_to", "calendar_id", "resource_id"} & set(vals):
            return super().write(vals)
        self._recompute_beneficiary_deadlines()
        result = super().write(vals)
        self._recompute_beneficiary_deadlines()
        return result

    def unlink(self):
        self._recompute_beneficiary_deadlines()
        return super().unlink()

    def _recompute_beneficiary_deadlines(self):
        """Mark for recomputation the deadlines of the open cases, in the companies working to
        these holidays' calendars, that run past the first of these days."""
        holidays = self.filtered(lambda leave: leave.calendar_id and not leave.resource_id)
        if not holidays:
            return
        # sudo: which companies work to these calendars, and which of their open cases run
        # past the holiday; only their deadlines are recomputed, as the ORM would.
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("beneficiary_calendar_id", "in", holidays.calendar_id.ids)])
        )
        if not companies:
            return
        first_day = min(holidays.mapped("date_from")).date()
        for model in self.env.registry.descendants(["beneficiary.deadline.mixin"], "_inherit"):
            Cases = self.env[model]
            if Cases._abstract:
                continue
            # sudo: see above.
            cases = Cases.sudo().search(
                [
                    *Cases._deadline_open_domain(),
                    ("company_id", "in", companies.ids),
                    ("date_deadline", ">=", first_day),
                ]
            )
            if cases:
                self.env.add_to_compute(Cases._fields["date_deadline"], cases)
                self.env.add_to_compute(Cases._fields["date_reminder"], cases)
