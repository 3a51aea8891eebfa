from odoo import fields

LANGUAGES = ("ar_001", "en_US")


def post_init_hook(env):
    _activate_languages(env)
    _set_company_calendars(env)
    _generate_holidays(env)


def _activate_languages(env):
    """Arabic and English, both active with their translations, however the database was
    created (with ``--load-language=ar_001`` English is left inactive)."""
    Lang = env["res.lang"].with_context(active_test=False)
    missing = [
        code for code in LANGUAGES if not Lang.search([("code", "=", code), ("active", "=", True)])
    ]
    if not missing:
        return
    for code in missing:
        Lang._activate_lang(code)
    # Translations of every module installed so far (those installed after this one load
    # them for every active language themselves).
    modules = env["ir.module.module"].search(
        [("state", "in", ("installed", "to install", "to upgrade"))]
    )
    modules._update_translations([code for code in missing if code != "en_US"])


def _set_company_calendars(env):
    """Every company works on the Saudi calendar unless it chose another: the field's default
    does not reach the companies that existed before the addon."""
    calendar = env.ref("beneficiary_relations.resource_calendar_saudi_week")
    env["res.company"].search([("beneficiary_calendar_id", "=", False)]).write(
        {"beneficiary_calendar_id": calendar.id}
    )


def _generate_holidays(env):
    this_year = fields.Date.context_today(env["res.company"]).year
    env["beneficiary.holiday"]._generate(env["res.company"].search([]), [this_year, this_year + 1])
