"""18.0.1.3.0: Saudi-ready out of the box.

- The public holidays are generated for any year (``beneficiary.holiday``) instead of being
  shipped for 2027 only: the 2027 holidays of the old data are adopted by the generator, as
  generated when unchanged, as changed by a manager otherwise (it leaves those alone), and no
  longer belong to the module's data.
- Companies without a working calendar get the Saudi one (the field's default never reached
  the companies that existed before the addon), then the holidays of this year and the next.
- Arabic and English are both active.
"""

from odoo import SUPERUSER_ID, api

from odoo.addons.beneficiary_relations.hooks import (
    _activate_languages,
    _generate_holidays,
    _set_company_calendars,
)
from odoo.addons.beneficiary_relations.tools.saudi_holidays import saudi_holidays

OLD_HOLIDAYS = {
    "founding_day": "resource_calendar_leave_founding_day_2027",
    "eid_al_fitr": "resource_calendar_leave_eid_al_fitr_2027",
    "eid_al_adha": "resource_calendar_leave_eid_al_adha_2027",
    "national_day": "resource_calendar_leave_national_day_2027",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    _adopt_2027_holidays(env)
    _set_company_calendars(env)
    _generate_holidays(env)
    _activate_languages(env)


def _adopt_2027_holidays(env):
    calendar = env.ref(
        "beneficiary_relations.resource_calendar_saudi_week", raise_if_not_found=False
    )
    if not calendar:
        return
    company = (
        env["res.company"].search([("beneficiary_calendar_id", "=", calendar.id)], limit=1)
        or env.company
    )
    expected = {h.kind: h for h in saudi_holidays(2027, company._beneficiary_holiday_rule())}
    data = env["ir.model.data"].search(
        [("module", "=", "beneficiary_relations"), ("name", "in", list(OLD_HOLIDAYS.values()))]
    )
    by_name = {row.name: row for row in data}
    Holiday = env["beneficiary.holiday"]
    for kind, name in OLD_HOLIDAYS.items():
        row = by_name.get(name)
        leave = env["resource.calendar.leaves"].browse(row.res_id).exists() if row else None
        holiday = expected[kind]
        already = Holiday.search_count(
            [
                ("calendar_id", "=", calendar.id),
                ("kind", "=", kind),
                ("year", "=", 2027),
                ("hijri_year", "=", holiday.hijri_year),
            ]
        )
        if row and not already:
            # A deleted old holiday is recorded as deleted: the generator leaves it so.
            Holiday.create(
                {
                    "calendar_id": calendar.id,
                    "kind": kind,
                    "year": 2027,
                    "hijri_year": holiday.hijri_year,
                    "date_from": holiday.first_day,
                    "date_to": holiday.last_day,
                    "leave_id": leave.id if leave else False,
                }
            )
    data.unlink()
