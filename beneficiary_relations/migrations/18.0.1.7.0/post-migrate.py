"""Upgrade to 18.0.1.7.0.

- The notices are rewritten: every event has a mail and an SMS template, in the person's
  language (``object._notice_lang()``); the complaint's answer links to the tracking page,
  where the rating is offered with nothing chosen in advance, instead of a pre-selected
  ``/rate/<token>/5``. Their data files are noupdate, so that staff edits survive upgrades:
  this once, the shipped templates are reloaded over the old ones (texts staff had changed
  must be edited again; the previous versions are in the module's history).
- Complaints received before get their short tracking code, so that the answer's notice can
  link to the tracking page.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file

TEMPLATE_FILES = ("data/mail_template_data.xml", "data/sms_template_data.xml")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for filename in TEMPLATE_FILES:
        # "init": the file's noupdate flag would otherwise keep the existing records as they are.
        convert_file(env, "beneficiary_relations", filename, {}, mode="init", noupdate=True)
    cr.execute("SELECT id FROM beneficiary_complaint WHERE tracking_code IS NULL ORDER BY id")
    ids = [row[0] for row in cr.fetchall()]
    if ids:
        codes = env["beneficiary.complaint"]._new_tracking_codes(len(ids))
        cr.executemany(
            "UPDATE beneficiary_complaint SET tracking_code = %s WHERE id = %s",
            list(zip(codes, ids, strict=True)),
        )
