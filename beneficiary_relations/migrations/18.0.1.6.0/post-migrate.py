"""Upgrade to 18.0.1.6.0.

- Complaints recorded as settled amicably keep that outcome, now that a settlement has its
  attempts and outcome.
"""


def migrate(cr, version):
    cr.execute(
        "UPDATE beneficiary_complaint SET settlement_outcome = 'settled' "
        "WHERE settled_amicably AND settlement_outcome IS NULL"
    )
