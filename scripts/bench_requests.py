"""Time, queries and memory of creating N service requests in one ``create`` call.

Run inside an Odoo shell on a scratch database that has beneficiary_relations installed:
    BR_BENCH_N=10000 odoo shell -d <db> --no-http < scripts/bench_requests.py
The requests go to beneficiaries with an email address, so each one also queues its
"received" notification, as in real use. Nothing is committed.
"""

import os
import resource
import time

from odoo.addons.beneficiary_relations.tests.common import saudi_id

N = int(os.environ.get("BR_BENCH_N", "1000"))
Beneficiary = env["beneficiary.beneficiary"]  # noqa: F821 (odoo shell)
start_body = 60_000_000 + Beneficiary.search_count([])


def national_id(n):
    return saudi_id("1", start_body + n)


beneficiaries = Beneficiary.create(
    [
        {"name": f"Requester {n}", "national_id": national_id(n), "email": f"r{n}@example.com"}
        for n in range(50)
    ]
)
service = env["beneficiary.service"].create({"name": "Bench service"})  # noqa: F821
values = [{"beneficiary_id": beneficiaries[n % 50].id, "service_id": service.id} for n in range(N)]
env.flush_all()  # noqa: F821
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
before, started = env.cr.sql_log_count, time.perf_counter()  # noqa: F821
requests = env["beneficiary.request"].create(values)  # noqa: F821
env.flush_all()  # noqa: F821
seconds, queries = time.perf_counter() - started, env.cr.sql_log_count - before  # noqa: F821
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(
    f"created {len(requests)} requests in one call: {seconds:.1f} s, {queries} queries "
    f"({queries / N:.1f} per request), peak RSS {rss_after / 1024:.0f} MB "
    f"(was {rss_before / 1024:.0f} MB)"
)
env.cr.rollback()  # noqa: F821
