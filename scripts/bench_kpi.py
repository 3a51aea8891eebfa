"""The KPI workbook against Odoo's own XLSX export of the same request rows, and the
management dashboard's queries at two sizes.

Run inside an Odoo shell on a scratch database that has beneficiary_relations installed:
    BR_BENCH_N=100000 odoo shell -d <db> --no-http < scripts/bench_kpi.py
Requests are inserted in SQL (N in all, spread over 2026: mostly decided, some open and
overdue), then, as the first Beneficiary Relations manager:
- the dashboard's queries with 1,000 requests and with N;
- the workbook of 2026 (every sheet, including the N request rows), written to a temporary
  file, against Odoo's native XLSX export (``web.controllers.export``) of the same rows and
  fields: seconds in a plain run, peak Python memory (tracemalloc) in a second run.
The script commits its data: drop the scratch database afterwards.
"""

import os
import random
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from psycopg2.extras import execute_values

from odoo.addons.beneficiary_relations.tests.common import saudi_id
from odoo.addons.web.controllers import export as web_export

env = globals()["env"]  # the odoo shell's environment
N = int(os.environ.get("BR_BENCH_N", "100000"))
FIRST = 1000
random.seed(13)
company = env.company
manager = env.ref("beneficiary_relations.group_br_manager").users.filtered(
    lambda u: company in u.company_ids
)[:1]
assert manager, "a Beneficiary Relations manager is needed"

# Reference data: services, beneficiaries, officers -------------------------------------------
Beneficiary = env["beneficiary.beneficiary"]
start_body = 60_000_000 + Beneficiary.search_count([])
category = env["beneficiary.category"].create({"name": f"Bench {start_body}"})
beneficiaries = Beneficiary.create(
    [
        {
            "name": f"مستفيد {n}",
            "national_id": saudi_id("1", start_body + n),
            "category_id": category.id,
        }
        for n in range(300)
    ]
)
services = env["beneficiary.service"].create(
    [{"name": f"Bench service {n}", "response_days": 15} for n in range(6)]
)
officers = env["res.users"].create(
    [
        {
            "name": f"Bench officer {n}",
            "login": f"bench_officer_{start_body}_{n}",
            "groups_id": [(4, env.ref("beneficiary_relations.group_br_officer").id)],
        }
        for n in range(8)
    ]
)
channels = env["beneficiary.channel"].search([])
stages = {s.kind: s.id for s in env["beneficiary.request.stage"].search([])}
env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM beneficiary_request")
offset = env.cr.fetchone()[0]


def rows(first, last):
    """Requests ``first`` to ``last``: 80 % decided (a fifth of them late), 10 % open and
    overdue, 10 % not complete yet."""
    now = datetime(2026, 12, 1, 8, 0)
    for n in range(first, last):
        received = datetime(2026, 1, 1, 8, 0) + timedelta(minutes=random.randrange(480 * 24 * 60))
        complete = received + timedelta(days=random.randrange(3))
        kind = random.random()
        values = {
            "received": received,
            "complete": complete,
            "deadline": (complete + timedelta(days=21)).date(),
            "decision": None,
            "decided": None,
            "days": 0,
            "on_time": False,
            "stage": stages["decided"],
            "stage_kind": "decided",
        }
        if kind < 0.8:
            days = random.randrange(1, 20)
            values.update(
                decision=random.choice(["approved", "rejected"]),
                decided=complete + timedelta(days=days * 7 // 5),
                days=days,
                on_time=days <= 15,
            )
        elif kind < 0.9:
            values.update(stage=stages["committee"], stage_kind="committee")
            values["deadline"] = min(values["deadline"], (now - timedelta(days=3)).date())
        else:
            values.update(
                stage=stages["received"], stage_kind="received", complete=None, deadline=None
            )
        yield (
            f"BENCH/{offset + n:07d}",
            company.id,
            beneficiaries[n % len(beneficiaries)].id,
            category.id,
            services[n % len(services)].id,
            channels[n % len(channels)].id,
            values["stage"],
            values["stage_kind"],
            officers[n % len(officers)].id,
            values["received"],
            values["complete"],
            values["deadline"],
            values["decision"],
            values["decided"],
            values["days"],
            values["on_time"],
            "0",
        )


def insert(first, last):
    for start in range(first, last, 10_000):
        execute_values(
            env.cr._obj,
            """INSERT INTO beneficiary_request
                   (name, company_id, beneficiary_id, category_id, service_id, channel_id,
                    stage_id, stage_kind, user_id, date_received, date_complete, date_deadline,
                    decision, decision_date, decision_working_days, decided_on_time, priority)
               VALUES %s""",
            list(rows(start, min(start + 10_000, last))),
            page_size=10_000,
        )
    env.cr.execute("ANALYZE beneficiary_request")  # as autovacuum does after a bulk load
    env.cr.commit()
    env.invalidate_all()


def dashboard_queries():
    Dashboard = env["beneficiary.dashboard"].with_user(manager)
    Dashboard.get_dashboard_data()  # warm the caches
    env.invalidate_all()
    before, started = env.cr.sql_log_count, time.perf_counter()
    Dashboard.get_dashboard_data()
    return env.cr.sql_log_count - before, time.perf_counter() - started


insert(0, FIRST)
small = dashboard_queries()
insert(FIRST, N)
large = dashboard_queries()
total = env["beneficiary.request"].search_count([])
print(f"dashboard, {FIRST:,} bench requests: {small[0]} queries, {small[1] * 1000:.0f} ms")
print(
    f"dashboard, {N:,} bench requests ({total:,} in all): {large[0]} queries, "
    f"{large[1] * 1000:.0f} ms"
)

# The workbook against the native export ------------------------------------------------------
Kpi = env["beneficiary.kpi"].with_user(manager).with_context(lang=manager.lang or "en_US")
options = Kpi._options(date(2026, 1, 1), date(2026, 12, 31), company)
Request = Kpi._in_company(options).env["beneficiary.request"]
domain = Kpi._in_company(options)._request_domain(options)
FIELDS = [
    ("name", "Reference"),
    ("date_received", "Received On"),
    ("beneficiary_id", "Beneficiary"),
    ("category_id", "Category"),
    ("service_id", "Service"),
    ("channel_id", "Intake Channel"),
    ("user_id", "Officer"),
    ("stage_id", "Stage"),
    ("date_complete", "Completed On"),
    ("date_deadline", "Deadline"),
    ("decision", "Decision"),
    ("decision_date", "Decided On"),
    ("decision_working_days", "Working Days to Decision"),
    ("decided_on_time", "Decided on Time"),
]


def ours():
    with tempfile.TemporaryFile() as out:
        Kpi._write_xlsx(out, options)
        return out.tell()


def native():
    """What /web/export/xlsx does for these rows and fields (web.controllers.export)."""
    web_export.request = SimpleNamespace(env=Request.env)  # the writer reads request.env
    records = Request.search(domain, offset=0, limit=False, order=False)
    field_names = [name for name, _label in FIELDS]
    data = records.export_data(field_names).get("datas", [])
    fields = [
        {"name": name, "label": label, "type": Request._fields[name].type} for name, label in FIELDS
    ]
    xlsx = web_export.ExcelExport().from_data(fields, [label for _name, label in FIELDS], data)
    return len(xlsx)


def timed(function):
    env.invalidate_all()
    started = time.perf_counter()
    size = function()
    return time.perf_counter() - started, size


def peak(function):
    env.invalidate_all()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


rows_count = Request.search_count(domain)
ours_time, ours_size = timed(ours)
native_time, native_size = timed(native)
ours_peak, native_peak = peak(ours), peak(native)
mib = 1024 * 1024
print(f"request rows in the workbook and the export: {rows_count:,}")
print(
    f"KPI workbook (11 sheets, constant_memory, temporary file): {ours_time:.1f} s, "
    f"peak {ours_peak / mib:.1f} MiB, {ours_size / mib:.1f} MiB file"
)
print(
    f"native XLSX export of the same rows and fields: {native_time:.1f} s, "
    f"peak {native_peak / mib:.1f} MiB, {native_size / mib:.1f} MiB file"
)
print(
    f"ratio: time {ours_time / native_time:.2f}x (target <= 0.5), "
    f"memory {ours_peak / native_peak:.2f}x (target <= 0.2)"
)
