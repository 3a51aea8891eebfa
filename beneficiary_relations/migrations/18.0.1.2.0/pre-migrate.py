"""18.0.1.2.0:

- Complaints no longer keep a fingerprint of the network address they were sent from (the
  public form's hourly limit counts attempts kept for an hour only): erase the fingerprints of
  the complaints already received.
- Only staff are officers of requests: requests the portal assigned to the beneficiary who sent
  them become unassigned (their reminders go to the managers).
- The largest upload is 1 to 9 MB, below the web server's 10 MB form limit: bring larger (or
  unlimited, 0) settings down to 9 MB.
"""

from odoo.tools.sql import column_exists


def migrate(cr, version):
    if column_exists(cr, "beneficiary_complaint", "submitted_ip_hash"):
        cr.execute("ALTER TABLE beneficiary_complaint DROP COLUMN submitted_ip_hash")
    cr.execute(
        "UPDATE beneficiary_request AS r SET user_id = NULL FROM res_users AS u "
        "WHERE u.id = r.user_id AND u.share"
    )
    cr.execute(
        "UPDATE res_company SET beneficiary_max_upload_mb = 9 "
        "WHERE beneficiary_max_upload_mb IS NULL OR beneficiary_max_upload_mb NOT BETWEEN 1 AND 9"
    )
