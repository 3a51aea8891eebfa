"""The measures of issue 16 ("Flat at a million requests") at 1k requests and at a chosen size,
side by side: queries, median ms of 3 runs, and the plan's access method.

Run inside an Odoo shell on a scratch database with beneficiary_relations installed (without
demo data); the data is inserted in SQL and committed, so drop the database afterwards:
    BR_SCALE=1.0 odoo shell -d <db> --no-http < scripts/bench_scale.py
BR_SCALE=1.0 is 100,000 beneficiaries, 1,000,000 requests over three years (5% of them open
and overdue), 200,000 complaints, 200,000 documents and 430,000 survey invitations; the
default, 0.01, is a hundredth of that. The script first builds and measures 1,000 requests
(BR_SCALE=0.001), then grows the same database to BR_SCALE and measures again, each time after
VACUUM ANALYZE. It prints one line a measure and, last, a `BENCH_JSON` line for tests/.

Every measure runs as the superuser (no record rules). "plan" is the access method PostgreSQL
chose for the measure's main query; "index" is the index it can use when sequential scans are
priced out (on a small database a sequential scan wins; what matters there is that an index
matches the query at all).
"""

import json
import os
import re
import statistics
import time

import psycopg2

from odoo import Command
from odoo.sql_db import connection_info_for
from odoo.tools import SQL

SCALE = float(os.environ.get("BR_SCALE", "0.01"))
BASE = 0.001  # 1,000 requests
env = env  # noqa: F821, PLW0127 (odoo shell)
cr = env.cr
COMPANY = env.company.id
PLAN_NODE = re.compile(
    r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?"
    r"(?: using (\S+))? on (\S+)"
)
FIRST = ["Noura", "Sara", "Hessa", "Aisha", "Fatimah", "Mohammed", "Abdullah", "Khalid", "Omar"]
LAST = ["Alharbi", "Alqahtani", "Alotaibi", "Alghamdi", "Alzahrani", "Alshehri", "Aldosari"]


# Data -----------------------------------------------------------------------------------------


def count(table, where="TRUE"):
    cr.execute(f"SELECT count(*) FROM {table} WHERE {where}")  # noqa: S608 (constants)
    return cr.fetchone()[0]


def reference_data():
    """Services, a manager to escalate to, and the bench's first beneficiary id."""
    services = env["beneficiary.service"].search([("name", "like", "Scale bench %")])
    if not services:
        services = env["beneficiary.service"].create(
            [{"name": f"Scale bench {n}", "response_days": 15} for n in range(10)]
        )
        manager = env["res.users"].create(
            {
                "name": "Scale bench manager",
                "login": "scale_bench_manager",
                "email": "manager@scale.example.com",
                "groups_id": [Command.link(env.ref("beneficiary_relations.group_br_manager").id)],
            }
        )
        env.company.beneficiary_escalation_user_ids = [Command.set(manager.ids)]
        env.flush_all()
    return services.ids


def build(scale, service_ids):
    """Grow the bench's rows to ``scale``: only what is missing is inserted."""
    started = time.perf_counter()
    n_ben, n_req = round(100_000 * scale), round(1_000_000 * scale)
    n_cmp, n_doc, n_inv = round(200_000 * scale), round(200_000 * scale), round(430_000 * scale)
    cstages = dict(env.execute_query(SQL("SELECT kind, id FROM beneficiary_complaint_stage")))
    channel = env["beneficiary.channel"].search([], limit=1).id
    doc_type = env["beneficiary.document.type"].search([], limit=1).id
    survey = env.ref("beneficiary_relations.survey_beneficiary_satisfaction").id
    have = count("beneficiary_beneficiary", "national_id LIKE 'B%'")
    cr.execute(
        """INSERT INTO beneficiary_beneficiary (name, national_id, mobile, company_id, state,
                                                id_type, preferred_contact, create_date,
                                                write_date)
           SELECT (%(first)s)[1 + n %% cardinality(%(first)s)] || ' '
                  || (%(last)s)[1 + (n / 10) %% cardinality(%(last)s)] || ' ' || n,
                  'B' || lpad(n::text, 9, '0'), '+9665' || lpad(n::text, 8, '0'), %(company)s,
                  'registered', 'passport', 'sms', now(), now()
             FROM generate_series(%(start)s, %(stop)s) n""",
        {"first": FIRST, "last": LAST, "company": COMPANY, "start": have + 1, "stop": n_ben},
    )
    cr.execute("SELECT min(id) FROM beneficiary_beneficiary WHERE national_id LIKE 'B%'")
    ben_min = cr.fetchone()[0]
    # Per hundred requests: 5 open and overdue, 2 open and on track, 1 decided, 35 delivered,
    # 52 closed, 5 cancelled; received over three years.
    have = count("beneficiary_request", "name LIKE 'SCL%'")
    cr.execute(
        """INSERT INTO beneficiary_request (name, company_id, stage_id, stage_kind,
                   beneficiary_id, service_id, channel_id, priority, date_received,
                   date_complete, date_deadline, date_reminder, reminder_done,
                   deadline_reminder_done, escalated, create_date, write_date, create_uid,
                   write_uid)
           SELECT 'SCL' || lpad(n::text, 8, '0'), %(company)s, s.id, s.kind,
                  %(ben_min)s + n %% %(n_ben)s, (%(services)s)[1 + n %% 10], %(channel)s,
                  CASE WHEN n %% 20 = 0 THEN '1' ELSE '0' END, r.received, r.received,
                  d.deadline, d.deadline - 3, m >= 5, m >= 5, m >= 5, r.received, r.received,
                  1, 1
             FROM generate_series(%(start)s, %(stop)s) n
             CROSS JOIN LATERAL (SELECT n %% 100 AS m) mm
             CROSS JOIN LATERAL (SELECT CASE
                    WHEN m < 5 THEN (%(open)s)[1 + n %% 4]
                    WHEN m < 7 THEN (%(open)s)[1 + n %% 4]
                    WHEN m < 8 THEN 'decided' WHEN m < 43 THEN 'delivered'
                    WHEN m < 95 THEN 'closed' ELSE 'cancelled' END AS kind) k
             JOIN beneficiary_request_stage s ON s.kind = k.kind
             CROSS JOIN LATERAL (SELECT CASE
                    WHEN m < 5 THEN now() - interval '40 days' - (n %% 60) * interval '1 day'
                    WHEN m < 7 THEN now() - (n %% 3) * interval '1 day'
                    ELSE now() - interval '60 days' - (n %% 1036) * interval '1 day'
                    END::timestamp AS received) r
             CROSS JOIN LATERAL (SELECT CASE
                    WHEN m < 5 THEN current_date - 1 - n %% 60
                    WHEN m < 7 THEN current_date + 10 + n %% 10
                    ELSE r.received::date + 21 END AS deadline) d""",
        {
            "company": COMPANY,
            "ben_min": ben_min,
            "n_ben": n_ben,
            "services": service_ids,
            "channel": channel,
            "open": ["received", "completeness", "research", "committee"],
            "start": have + 1,
            "stop": n_req,
        },
    )
    have = count("beneficiary_complaint", "name LIKE 'SCC%'")
    # Per hundred complaints: 10 open (5 new, 5 in review, deadline ahead), 90 done.
    cr.execute(
        """INSERT INTO beneficiary_complaint (name, company_id, stage_id, stage_kind,
                   channel_id, complaint_type, subject, beneficiary_id, priority,
                   date_received, date_deadline, date_reminder, reminder_done,
                   deadline_reminder_done, escalated, create_date, write_date, create_uid,
                   write_uid)
           SELECT 'SCC' || lpad(n::text, 8, '0'), %(company)s, s.id, s.kind, %(channel)s,
                  'complaint', 'Complaint about the service ' || n,
                  %(ben_min)s + n %% %(n_ben)s, '0', r.received,
                  CASE WHEN n %% 100 < 10 THEN current_date + 10 ELSE r.received::date + 10 END,
                  CASE WHEN n %% 100 < 10 THEN current_date + 7 ELSE r.received::date + 7 END,
                  n %% 100 >= 10, n %% 100 >= 10, n %% 100 >= 10, r.received, r.received, 1, 1
             FROM generate_series(%(start)s, %(stop)s) n
             CROSS JOIN LATERAL (SELECT CASE WHEN n %% 100 < 5 THEN 'new'
                    WHEN n %% 100 < 10 THEN 'review' WHEN n %% 100 < 60 THEN 'resolved'
                    ELSE 'closed' END AS kind) k
             JOIN beneficiary_complaint_stage s ON s.id = (%(cstages)s::jsonb ->> k.kind)::int
             CROSS JOIN LATERAL (SELECT (now() - (n %% 1096) * interval '1 day')::timestamp
                    AS received) r""",
        {
            "company": COMPANY,
            "channel": channel,
            "ben_min": ben_min,
            "n_ben": n_ben,
            "cstages": json.dumps(cstages),
            "start": have + 1,
            "stop": n_cmp,
        },
    )
    have = count("beneficiary_document", "notes = 'scale'")
    cr.execute(
        """INSERT INTO beneficiary_document (beneficiary_id, document_type_id, company_id,
                   expiry_date, notes, create_date, write_date)
           SELECT %(ben_min)s + n %% %(n_ben)s, %(doc_type)s, %(company)s,
                  current_date - 365 + n %% 1460, 'scale', now(), now()
             FROM generate_series(%(start)s, %(stop)s) n""",
        {
            "ben_min": ben_min,
            "n_ben": n_ben,
            "doc_type": doc_type,
            "company": COMPANY,
            "start": have + 1,
            "stop": n_doc,
        },
    )
    have = count("survey_user_input", "access_token LIKE 'scale-%'")
    cr.execute(
        """INSERT INTO survey_user_input (survey_id, access_token, state, beneficiary_id,
                   beneficiary_company_id, beneficiary_service_id, beneficiary_score,
                   test_entry, create_date, write_date)
           SELECT %(survey)s, 'scale-' || n,
                  CASE WHEN n %% 10 < 4 THEN 'done' ELSE 'new' END,
                  %(ben_min)s + n %% %(n_ben)s, %(company)s, (%(services)s)[1 + n %% 10],
                  CASE WHEN n %% 10 < 4 THEN 1 + n %% 5 ELSE 0 END, false,
                  now() - (n %% 1096) * interval '1 day', now()
             FROM generate_series(%(start)s, %(stop)s) n""",
        {
            "survey": survey,
            "ben_min": ben_min,
            "n_ben": n_ben,
            "company": COMPANY,
            "services": service_ids,
            "start": have + 1,
            "stop": n_inv,
        },
    )
    cr.commit()
    env.invalidate_all()
    seconds = time.perf_counter() - started
    vacuum_analyze()
    print(
        f"built scale {scale}: {n_ben} beneficiaries, {n_req} requests, {n_cmp} complaints, "
        f"{n_doc} documents, {n_inv} invitations in {seconds:.0f} s "
        f"(+ VACUUM ANALYZE {time.perf_counter() - started - seconds:.0f} s)",
        flush=True,
    )


def vacuum_analyze():
    _db, info = connection_info_for(cr.dbname)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


# Measures -------------------------------------------------------------------------------------


def plan_of(query, force_index=False):
    """The access methods of ``query``'s plan on its main table (``seq`` or index names)."""
    if force_index:
        cr.execute("SET LOCAL enable_seqscan = off")
    rows = env.execute_query(SQL("EXPLAIN %s", query))
    if force_index:
        cr.execute("SET LOCAL enable_seqscan = on")
    methods = []
    for method, index, table in PLAN_NODE.findall("\n".join(row[0] for row in rows)):
        if method == "Seq Scan":
            label = f"seq {table}"
        else:
            label = index or table  # a bitmap index scan names its index after "on"
        if label not in methods:
            methods.append(label)
    return ",".join(methods)


def timed(function):
    """(queries of one run, median ms of 3), each run on empty caches after a warm-up."""
    function()
    env.invalidate_all()
    times = []
    for _run in range(3):
        before, started = cr.sql_log_count, time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
        queries = cr.sql_log_count - before
        env.invalidate_all()
    return queries, statistics.median(times)


def search_query(model, domain, order=None, limit=None):
    return model._search(domain, order=order or model._order, limit=limit).select()


def month_sums():
    """The hourly cron's sums of the satisfaction questionnaires, rebuilt in full (its daily
    run) before the pivot is measured."""
    Month = env["beneficiary.satisfaction.month"]
    started = time.perf_counter()
    months = Month._refresh()
    cr.commit()
    return {
        "satisfaction months, full sum": {
            "months": len(months),
            "rows": count(Month._table),
            "ms": round((time.perf_counter() - started) * 1000),
        }
    }


def measures(service_ids):
    sums = month_sums()
    Request = env["beneficiary.request"]
    Complaint = env["beneficiary.complaint"]
    Beneficiary = env["beneficiary.beneficiary"]
    Report = env["beneficiary.satisfaction.summary"]
    action = env.ref("beneficiary_relations.beneficiary_request_action")
    open_domain = [
        ("stage_kind", "in", ("received", "completeness", "research", "committee", "decided"))
    ]
    assert "search_default_in_progress" in action.context
    spec = {
        "name": {},
        "priority": {},
        "beneficiary_id": {"fields": {"display_name": {}}},
        "service_id": {"fields": {"display_name": {}}},
        "date_deadline": {},
        "deadline_state": {},
        "stage_kind": {},
        "stage_id": {"fields": {"display_name": {}}},
        "user_id": {"fields": {"display_name": {}}},
        "activity_ids": {},
        "activity_state": {},
    }
    progress_bar = {
        "field": "deadline_state",
        "colors": {"on_track": "success", "overdue": "danger"},
    }

    def kanban():
        groups = Request.web_read_group(open_domain, ["stage_id"], ["stage_id"])
        Request.read_progress_bar(open_domain, "stage_id", progress_bar)
        for group in groups["groups"]:
            if not group.get("__fold"):
                Request.web_search_read(group["__domain"], spec, limit=40)

    stage = env["beneficiary.request.stage"].search([("kind", "=", "received")])
    column = [*open_domain, ("stage_id", "=", stage.id)]
    sample_ben = Beneficiary.search([("national_id", "like", "B%")], order="id desc", limit=1)
    sample_req = Request.search([("name", "like", "SCL%")], order="id desc", limit=1)
    name_part = " ".join(sample_ben.name.split()[:1] + sample_ben.name.split()[2:])
    mobile = "0" + sample_ben.mobile[4:]
    year_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 365 * 86400))
    report_domain = [("date", ">=", year_ago)]

    def remind_search(model):
        return lambda: [
            model.search(model._reminder_step_domain(step), order="date_deadline, id", limit=10000)
            for step in ("before", "due", "overdue")
        ]

    result = {
        "kanban as it opens": (
            kanban,
            search_query(Request, column, limit=40),
        ),
        "default list (80 rows)": (
            # count_limit: the web client counts up to 10,001 rows ("1-80 / 10000+")
            lambda: Request.web_search_read(open_domain, spec, limit=80, count_limit=10001),
            search_query(Request, open_domain, limit=80),
        ),
        "request search: reference": (
            lambda: Request.search([("name", "ilike", sample_req.name)]),
            search_query(Request, [("name", "ilike", sample_req.name)]),
        ),
        "request search: beneficiary name": (
            lambda: Request.search([("beneficiary_id", "ilike", name_part)], limit=80),
            search_query(Beneficiary, [("display_name", "ilike", name_part)]),
        ),
        "beneficiary search: name": (
            lambda: Beneficiary.name_search(name_part),
            search_query(Beneficiary, [("display_name", "ilike", name_part)]),
        ),
        "beneficiary search: ID last digits": (
            lambda: Beneficiary.name_search(sample_ben.national_id[-6:]),
            search_query(Beneficiary, [("display_name", "ilike", sample_ben.national_id[-6:])]),
        ),
        "beneficiary search: mobile 05...": (
            lambda: Beneficiary.name_search(mobile),
            search_query(Beneficiary, [("display_name", "ilike", mobile)]),
        ),
        "satisfaction pivot (last 12 months)": (
            lambda: Report.read_group(
                report_domain,
                ["invitation_count:sum", "response_rate:avg", "csat:avg", "score:avg"],
                ["service_id", "date:quarter"],
                lazy=False,
            ),
            Report._search(report_domain).select(),
        ),
        "reminder cron search, requests": (
            remind_search(Request),
            search_query(Request, Request._reminder_step_domain("overdue"), "date_deadline, id"),
        ),
        "reminder cron search, complaints (nothing due)": (
            remind_search(Complaint),
            search_query(
                Complaint, Complaint._reminder_step_domain("overdue"), "date_deadline, id"
            ),
        ),
        "document expiry cron search": (
            lambda: env["beneficiary.document"].search(
                env["beneficiary.document"]._expiry_notice_domain(), limit=10000
            ),
            search_query(
                env["beneficiary.document"],
                env["beneficiary.document"]._expiry_notice_domain(),
                "expiry_date, id",
            ),
        ),
    }
    rows = {}
    for name, (function, query) in result.items():
        queries, ms = timed(function)
        rows[name] = {
            "queries": queries,
            "ms": round(ms, 1),
            "plan": plan_of(query),
            "index": plan_of(query, force_index=True),
        }
        cr.rollback()
    rows.update(sums)
    rows.update(drain(Request))
    rows.update(escalation(Complaint))
    return rows


def drain(Request):
    """The overdue backlog, drained as the cron runner does: called again while any remains."""
    overdue = Request.search_count(Request._reminder_step_domain("overdue"))
    mails_before = count("mail_mail")
    started, queries_before, runs = time.perf_counter(), cr.sql_log_count, 0
    remaining = 1
    while remaining:
        _done, remaining = Request._cron_deadline_reminders()
        cr.commit()
        runs += 1
    seconds = time.perf_counter() - started
    digests = count("mail_mail") - mails_before
    return {
        "reminder drain": {
            "overdue": overdue,
            "runs": runs,
            "queries": cr.sql_log_count - queries_before,
            "ms": round(seconds * 1000),
            "digests": digests,
        }
    }


class Rollback(Exception):
    pass


def escalation(Complaint):
    """Queries to escalate (up to) 500 open complaints at once, rolled back afterwards."""
    complaints = Complaint.search(
        [("stage_kind", "in", ("new", "review")), ("escalated", "=", False)], limit=501
    )
    complaints[:1]._send_reminders("overdue")  # warm-up, as a running cron is
    complaints = complaints[1:]
    env.flush_all()
    env.invalidate_all()
    try:
        with cr.savepoint():
            before = cr.sql_log_count
            complaints._send_reminders("overdue")
            env.flush_all()
            queries = cr.sql_log_count - before
            raise Rollback
    except Rollback:
        pass
    cr.rollback()
    env.invalidate_all()
    return {"complaint escalation": {"complaints": len(complaints), "queries": queries}}


def index_build_seconds():
    """Time to create this addon's indexes over the data, as an upgrade from 18.0.1.7.0 does."""
    ours = re.compile(
        r"_(order|stage_order|open_deadline|open_reminder|date_received|board|create_uid)_index$"
        r"|^beneficiary_beneficiary__(name|national_id|mobile)_index$"
        r"|^beneficiary_complaint__(subject|user_id)_index$"
        r"|^beneficiary_document__expiry_date_index$|^survey_user_input_beneficiary_(date|write)_index$"
    )
    rows = env.execute_query(SQL("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
    names = [row[0] for row in rows if ours.search(row[0])]
    for name in names:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    cr.commit()
    started = time.perf_counter()
    models = ["beneficiary.request", "beneficiary.complaint", "beneficiary.beneficiary"]
    models += ["beneficiary.document", "survey.user_input"]
    env.registry.check_indexes(env.cr, models)
    for model in models:
        env[model].init()
    cr.commit()
    return len(names), time.perf_counter() - started


# Run ------------------------------------------------------------------------------------------

service_ids = reference_data()
sizes = {"1k": BASE, "chosen": SCALE} if SCALE > BASE else {"1k": BASE}
results = {}
for label, scale in sizes.items():
    build(scale, service_ids)
    results[label] = measures(service_ids)
    print(f"measured at scale {scale}", flush=True)
index_count, index_seconds = index_build_seconds()
results["index_build"] = {"indexes": index_count, "seconds": round(index_seconds, 1)}

chosen = results.get("chosen", results["1k"])
print(f"\nScale {SCALE} against 1k requests (queries / median ms of 3 / plan / usable index):")
for name, small in results["1k"].items():
    large = chosen[name]
    if "plan" in small:
        print(
            f"SCALE {name}: 1k {small['queries']} q {small['ms']} ms {small['plan']} | "
            f"{SCALE} {large['queries']} q {large['ms']} ms {large['plan']} "
            f"[index: {large['index']}]"
        )
    else:
        print(f"SCALE {name}: 1k {small} | {SCALE} {large}")
print(f"SCALE index build: {index_count} indexes in {index_seconds:.1f} s")
print("BENCH_JSON " + json.dumps({"scale": SCALE, **results}))
