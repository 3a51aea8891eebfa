from datetime import datetime, time

from pytz import timezone, utc

from odoo import api, fields, models

from ..tools.saudi_holidays import saudi_holidays

KINDS = [
    ("founding_day", "Founding Day"),
    ("eid_al_fitr", "Eid al-Fitr"),
    ("eid_al_adha", "Eid al-Adha"),
    ("national_day", "National Day"),
]


class BeneficiaryHoliday(models.Model):
    """What the holiday generator created: one row per public holiday of a calendar and year.

    The generator never creates a holiday twice, and never touches one a manager changed or
    deleted (a holiday moved by royal decree stays where the manager put it). A holiday left
    as generated follows the association's settings when they change."""

    _name = "beneficiary.holiday"
    _description = "Generated Public Holiday"
    _order = "date_from desc, id desc"

    calendar_id = fields.Many2one(
        "resource.calendar", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    year = fields.Integer(required=True, readonly=True, help="The Gregorian year it falls in.")
    hijri_year = fields.Integer(readonly=True, help="The Hijri year of an Eid; 0 otherwise.")
    date_from = fields.Date(string="Generated From", required=True, readonly=True)
    date_to = fields.Date(string="Generated To", required=True, readonly=True)
    leave_id = fields.Many2one(
        "resource.calendar.leaves", string="Holiday", ondelete="set null", readonly=True
    )
    status = fields.Selection(
        [
            ("generated", "As generated"),
            ("changed", "Changed by a manager"),
            ("deleted", "Deleted by a manager"),
        ],
        compute="_compute_status",
    )

    _sql_constraints = [
        (
            "calendar_kind_year_uniq",
            "unique(calendar_id, kind, year, hijri_year)",
            "This holiday was already generated for this calendar.",
        ),
    ]

    @api.depends("leave_id.date_from", "leave_id.date_to", "date_from", "date_to")
    def _compute_status(self):
        for holiday in self:
            if not holiday.leave_id:
                holiday.status = "deleted"
            elif holiday._leave_days() != (holiday.date_from, holiday.date_to):
                holiday.status = "changed"
            else:
                holiday.status = "generated"

    @api.model
    def action_open_leaves(self, company):
        """The public holidays of ``company``'s working calendar, to review and edit."""
        calendar = company.beneficiary_calendar_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Public Holidays: %s", calendar.display_name),
            "res_model": "resource.calendar.leaves",
            "view_mode": "list",
            "views": [
                (
                    self.env.ref("beneficiary_relations.beneficiary_holiday_leave_view_list").id,
                    "list",
                )
            ],
            "domain": [("calendar_id", "=", calendar.id), ("resource_id", "=", False)],
            "context": {"default_calendar_id": calendar.id, "default_time_type": "leave"},
        }

    # Generation -----------------------------------------------------------------------------

    @api.model
    def _cron_generate(self):
        """The holidays of this year and the next, for every company's calendar."""
        this_year = fields.Date.context_today(self).year
        self._generate(self.env["res.company"].search([]), [this_year, this_year + 1])

    @api.model
    def _generate(self, companies, years):
        """Create the missing holidays of ``years`` in the calendars of ``companies``, and move
        those still as generated when the settings changed. A calendar shared by several
        companies follows the settings of the first one (by id)."""
        done = set()
        for company in companies.sorted("id"):
            calendar = company.beneficiary_calendar_id
            if not calendar or calendar in done:
                continue
            done.add(calendar)
            for year in years:
                self._generate_year(calendar, year, company._beneficiary_holiday_rule())

    @api.model
    def _generate_year(self, calendar, year, rule):
        workdays = {int(a.dayofweek) for a in calendar.attendance_ids if a.day_period != "lunch"}
        expected = saudi_holidays(year, rule, workdays or (6, 0, 1, 2, 3))
        # sudo: the generator's own record of what it created, for this calendar and year.
        existing = {
            (h.kind, h.hijri_year): h
            for h in self.sudo().search([("calendar_id", "=", calendar.id), ("year", "=", year)])
        }
        lang = calendar.company_id.partner_id.lang or self.env.company.partner_id.lang
        names = self.with_context(lang=lang)._holiday_names()
        for holiday in expected:
            days = (holiday.first_day, holiday.last_day)
            generated = existing.get((holiday.kind, holiday.hijri_year))
            if not generated:
                leave = self._create_leave(calendar, names[holiday.kind], holiday)
                # sudo: the record that this holiday was generated, so it never is again.
                self.sudo().create(
                    {
                        "calendar_id": calendar.id,
                        "kind": holiday.kind,
                        "year": year,
                        "hijri_year": holiday.hijri_year,
                        "date_from": holiday.first_day,
                        "date_to": holiday.last_day,
                        "leave_id": leave.id,
                    }
                )
            elif generated.status == "generated" and (generated.date_from, generated.date_to) != (
                days
            ):
                # Untouched since generated: it follows the new settings.
                # sudo: this calendar's holiday that the generator itself created.
                generated.leave_id.sudo().write(_leave_times(calendar, *days))
                # sudo: the same generated holiday, its dates only.
                generated.sudo().write({"date_from": days[0], "date_to": days[1]})

    def _holiday_names(self):
        return {
            "founding_day": self.env._("Founding Day"),
            "eid_al_fitr": self.env._("Eid al-Fitr holiday"),
            "eid_al_adha": self.env._("Eid al-Adha holiday"),
            "national_day": self.env._("Saudi National Day"),
        }

    @api.model
    def _create_leave(self, calendar, name, holiday):
        # sudo: a public holiday (a global leave: no resource) of the association's calendar;
        # the cron and the installation create it for every company.
        leave = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .create(
                {
                    "name": name,
                    "calendar_id": calendar.id,
                    "time_type": "leave",
                    **_leave_times(calendar, holiday.first_day, holiday.last_day),
                }
            )
        )
        # The calendar's company, none for a calendar shared by all: every company using the
        # calendar sees its holidays (the leave's default is the current company).
        leave.company_id = calendar.company_id
        return leave

    def _leave_days(self):
        """The first and last days of the leave, in the calendar's time zone."""
        self.ensure_one()
        tz = timezone(self.calendar_id.tz or "UTC")
        leave = self.leave_id
        return (
            utc.localize(leave.date_from).astimezone(tz).date(),
            utc.localize(leave.date_to).astimezone(tz).date(),
        )


def _leave_times(calendar, first_day, last_day):
    """The UTC bounds of whole days ``first_day`` to ``last_day`` in the calendar's zone."""
    tz = timezone(calendar.tz or "UTC")
    start = tz.localize(datetime.combine(first_day, time.min)).astimezone(utc)
    end = tz.localize(datetime.combine(last_day, time(23, 59, 59))).astimezone(utc)
    return {
        "date_from": start.replace(tzinfo=None),
        "date_to": end.replace(tzinfo=None),
    }
