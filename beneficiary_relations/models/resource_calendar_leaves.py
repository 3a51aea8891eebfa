from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """A public holiday added, moved or removed in an association's working calendar moves the
    deadlines of its open cases that it falls before: the days left are working days."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        leaves._recompute_deadlines(leaves._cases_to_recompute())
        return leaves

    def write(self, vals):
        if not {"date_from", "date_to", "calendar_id", "resource_id"} & set(vals):
            return super().write(vals)
        before = self._cases_to_recompute()
        result = super().write(vals)
        self._recompute_deadlines(before)
        self._recompute_deadlines(self._cases_to_recompute())
        return result

    def unlink(self):
        # Found first, marked once the holiday is gone: unlink flushes pending computations
        # while the holiday still exists.
        cases = self._cases_to_recompute()
        result = super().unlink()
        self._recompute_deadlines(cases)
        return result

    def _cases_to_recompute(self):
        """The open cases, in the companies working to these holidays' calendars, whose
        deadline runs past the first of these days."""
        holidays = self.filtered(lambda leave: leave.calendar_id and not leave.resource_id)
        if not holidays:
            return []
        # sudo: which companies work to these calendars, and which of their open cases run
        # past the holiday; only their deadlines are recomputed, as the ORM would.
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("beneficiary_calendar_id", "in", holidays.calendar_id.ids)])
        )
        if not companies:
            return []
        first_day = min(holidays.mapped("date_from")).date()
        found = []
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
                found.append(cases)
        return found

    def _recompute_deadlines(self, found):
        for cases in found:
            for name in ("date_deadline", "date_reminder"):
                self.env.add_to_compute(cases._fields[name], cases)
