"""Query count and time of the satisfaction campaign cron for N due beneficiaries.

Run inside an Odoo shell on a scratch database that has beneficiary_relations installed:
    BR_BENCH_N=10000 odoo shell -d <db> --no-http < scripts/bench_campaign.py
The beneficiaries are created in draft in one call and then marked registered in SQL: the
registration rules are tested elsewhere, and only the cron is measured here. Everything the
cron commits stays in the scratch database: drop it afterwards.
"""

import os
import time

from odoo.addons.beneficiary_relations.tests.common import saudi_id

N = int(os.environ.get("BR_BENCH_N", "100"))
Beneficiary = env["beneficiary.beneficiary"]  # noqa: F821 (odoo shell)
start_body = 70_000_000 + Beneficiary.search_count([])


def national_id(n):
    return saudi_id("1", start_body + n)


started = time.perf_counter()
created = Beneficiary.create(
    [
        {"name": f"Bench {n}", "national_id": national_id(n), "email": f"bench{n}@example.com"}
        for n in range(N)
    ]
)
env.flush_all()  # noqa: F821 (else the ORM's pending writes would undo the SQL below)
env.cr.execute(  # noqa: F821
    "UPDATE beneficiary_beneficiary SET state = 'registered', survey_invitation_date = NULL "
    "WHERE id IN %s",
    [tuple(created.ids)],
)
# Everyone else was surveyed just now: only the new ones are due.
env.cr.execute(  # noqa: F821
    "UPDATE beneficiary_beneficiary SET survey_invitation_date = now() WHERE id NOT IN %s",
    [tuple(created.ids)],
)
env.cr.commit()  # noqa: F821
env.invalidate_all()  # noqa: F821
print(f"created {N} beneficiaries in {time.perf_counter() - started:.1f} s")

runs, total_queries, total_seconds = 0, 0, 0.0
while True:
    before, started = env.cr.sql_log_count, time.perf_counter()  # noqa: F821
    done, remaining = env["beneficiary.survey.sender"]._cron_campaign()  # noqa: F821
    env.cr.commit()  # noqa: F821
    queries, seconds = env.cr.sql_log_count - before, time.perf_counter() - started  # noqa: F821
    runs += 1
    total_queries += queries
    total_seconds += seconds
    print(f"run {runs}: invited {done}, {remaining} left, {queries} queries, {seconds:.1f} s")
    if not remaining or not done:
        break
print(
    f"TOTAL for {N} due beneficiaries: {runs} run(s), {total_queries} queries "
    f"({total_queries / N:.2f} per beneficiary), {total_seconds:.1f} s"
)
