"""Upgrade to 18.0.1.8.0.

The requests board opens on the requests awaiting a decision, with the delivered requests'
column folded as the closed and cancelled ones already were: the shipped stages are noupdate
(staff may rename or reorder them), so the fold of the shipped "Service Delivered" stage is set
here, once. The new indexes are created by the models' ``init()`` during the upgrade.
"""


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
