"""Queries and time of the notices to beneficiaries, for N requests at once.

Run inside an Odoo shell on a scratch database that has beneficiary_relations installed:
    BR_BENCH_N=1000 odoo shell -d <db> --no-http < scripts/bench_notices.py
50 beneficiaries with an email address and a mobile number, preferring email, SMS and a phone
call in turn. Measures (1) creating N requests in one call, each with its receipt notice (a
mail, an SMS or a call-back activity), and (2) the deadline cron once they are all overdue:
the escalation plus the apology notice with a new expected date; in between, the same notice
for 10 and for N of them in one batch. The cron commits what it does: drop the scratch
database afterwards.
"""

import os
import time

from odoo.addons.beneficiary_relations.tests.common import saudi_id

N = int(os.environ.get("BR_BENCH_N", "1000"))
Request = env["beneficiary.request"]  # noqa: F821 (odoo shell)
Beneficiary = env["beneficiary.beneficiary"]  # noqa: F821
start_body = 70_000_000 + Beneficiary.search_count([])
preferences = ("email", "sms", "phone")
beneficiaries = Beneficiary.create(
    [
        {
            "name": f"Notified {n}",
            "national_id": saudi_id("1", start_body + n),
            "email": f"notified{n}@example.com",
            "mobile": f"05{n:08d}",
            "preferred_contact": preferences[n % 3],
        }
        for n in range(50)
    ]
)
service = env["beneficiary.service"].create({"name": "Notice bench service"})  # noqa: F821
values = [{"beneficiary_id": beneficiaries[n % 50].id, "service_id": service.id} for n in range(N)]
env.flush_all()  # noqa: F821


def measure(function):
    env.flush_all()  # noqa: F821
    before, started = env.cr.sql_log_count, time.perf_counter()  # noqa: F821
    result = function()
    env.flush_all()  # noqa: F821
    return result, env.cr.sql_log_count - before, time.perf_counter() - started  # noqa: F821


requests, queries, seconds = measure(lambda: Request.create(values))
print(
    f"create {N} requests with their receipt notices: {queries} queries "
    f"({queries / N:.2f} per request), {seconds:.1f} s"
)
env.cr.execute(  # noqa: F821
    "SELECT count(*) FROM mail_mail JOIN mail_message m ON m.id = mail_message_id "
    "WHERE m.model = 'beneficiary.request' AND m.res_id IN %s",
    [tuple(requests.ids)],
)
mails = env.cr.fetchone()[0]  # noqa: F821
texts = env["sms.sms"].search_count([("mail_message_id.res_id", "in", requests.ids)])  # noqa: F821
calls = env["mail.activity"].search_count(  # noqa: F821
    [("res_model", "=", "beneficiary.request"), ("res_id", "in", requests.ids)]
)
print(f"  receipts: {mails} mails, {texts} SMS, {calls} call-back activities")
for batch in (requests[:10], requests):
    _routes, queries, seconds = measure(lambda b=batch: b._notify_beneficiary("received"))
    print(f"notify {len(batch)} requests in one batch: {queries} queries, {seconds:.1f} s")

# Everything else is already escalated and apologised for: only these N are due.
env.cr.execute("UPDATE beneficiary_request SET escalated = true, overdue_notified = true")  # noqa: F821
env.cr.execute(  # noqa: F821
    "UPDATE beneficiary_request SET date_complete = now() - interval '40 days', "
    "date_deadline = CURRENT_DATE - 1, escalated = false, overdue_notified = false, "
    "reminder_done = true, deadline_reminder_done = true WHERE id IN %s",
    [tuple(requests.ids)],
)
env.cr.commit()  # noqa: F821
env.invalidate_all()  # noqa: F821
(done, remaining), queries, seconds = measure(Request._cron_deadline_reminders)
env.cr.commit()  # noqa: F821
apologies = Request.search_count([("id", "in", requests.ids), ("overdue_notified", "=", True)])
print(
    f"deadline cron, {N} overdue requests: escalated {done} ({remaining} left), "
    f"{apologies} apologies sent, {queries} queries, {seconds:.1f} s"
)
