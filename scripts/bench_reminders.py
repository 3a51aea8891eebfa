"""Queries and time of the deadline reminder cron for N overdue requests.

Run inside an Odoo shell on a scratch database that has beneficiary_relations installed:
    BR_BENCH_N=1000 odoo shell -d <db> --no-http < scripts/bench_reminders.py
The requests are created in one call, then made overdue in SQL (deadline yesterday, not yet
escalated). The cron commits what it does: drop the scratch database afterwards.
"""

import os
import time

from odoo.addons.beneficiary_relations.tests.common import saudi_id

N = int(os.environ.get("BR_BENCH_N", "10"))
Request = env["beneficiary.request"]  # noqa: F821 (odoo shell)
Beneficiary = env["beneficiary.beneficiary"]  # noqa: F821
start_body = 50_000_000 + Beneficiary.search_count([])


def national_id(n):
    return saudi_id("1", start_body + n)


beneficiaries = Beneficiary.create(
    [{"name": f"Overdue {n}", "national_id": national_id(n)} for n in range(20)]
)
service = env["beneficiary.service"].create({"name": "Reminder bench service"})  # noqa: F821
requests = Request.create(
    [{"beneficiary_id": beneficiaries[n % 20].id, "service_id": service.id} for n in range(N)]
)
env.flush_all()  # noqa: F821 (else the ORM's pending writes would undo the SQL below)
# Everything else is already escalated: only these N are due.
env.cr.execute("UPDATE beneficiary_request SET escalated = true")  # noqa: F821
env.cr.execute(  # noqa: F821
    "UPDATE beneficiary_request SET date_deadline = CURRENT_DATE - 1, escalated = false, "
    "reminder_done = true, deadline_reminder_done = true WHERE id IN %s",
    [tuple(requests.ids)],
)
env.cr.commit()  # noqa: F821
env.invalidate_all()  # noqa: F821

before, started = env.cr.sql_log_count, time.perf_counter()  # noqa: F821
done, remaining = Request._cron_deadline_reminders()
env.cr.commit()  # noqa: F821
queries, seconds = env.cr.sql_log_count - before, time.perf_counter() - started  # noqa: F821
print(
    f"reminder cron, {N} overdue requests: escalated {done}, {remaining} left, "
    f"{queries} queries, {seconds:.2f} s"
)
