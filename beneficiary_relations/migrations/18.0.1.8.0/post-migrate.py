"""Upgrade to 18.0.1.8.0.

- The requests board opens on the requests in progress, with the delivered requests' column
  folded as the closed and cancelled ones already were: the shipped stages are noupdate (staff
  may rename or reorder them), so the fold of the shipped "Service Delivered" stage is set
  here, once. The new indexes are created by the models' ``init()`` during the upgrade.
- Four SMS texts held English words inside their expressions, which no translation reaches
  (an Arabic reader got "Answer expected by", "upheld: your request is approved"). Where
  staff left them as shipped, they take the new texts; their Arabic is then loaded from the
  module's catalogue.
"""

from lxml import etree

from odoo.tools.misc import file_path

# (xml id, data file, a piece only the old shipped text has)
REWORDED_SMS = (
    ("sms_template_request_received", "sms_template_data.xml", "' Decision expected by '"),
    ("sms_template_complaint_received", "sms_template_data.xml", "' Answer expected by '"),
    ("sms_template_appeal_received", "beneficiary_committee_data.xml", "' Answer expected by '"),
    ("sms_template_appeal_decided", "beneficiary_committee_data.xml", "'upheld: your request"),
)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE beneficiary_request_stage s
           SET fold = TRUE
          FROM ir_model_data d
         WHERE d.module = 'beneficiary_relations'
           AND d.name = 'beneficiary_request_stage_delivered'
           AND d.model = 'beneficiary.request.stage'
           AND s.id = d.res_id
        """
    )
    for xmlid, filename, old_piece in REWORDED_SMS:
        data = etree.parse(file_path(f"beneficiary_relations/data/{filename}"))
        body = data.xpath(f"//record[@id='{xmlid}']/field[@name='body']")[0].text
        cr.execute(
            """
            UPDATE sms_template t
               SET body = jsonb_build_object('en_US', %s)
              FROM ir_model_data d
             WHERE d.module = 'beneficiary_relations'
               AND d.name = %s
               AND d.model = 'sms.template'
               AND t.id = d.res_id
               AND t.body->>'en_US' LIKE %s
            """,
            (body, xmlid, f"%{old_piece}%"),
        )
