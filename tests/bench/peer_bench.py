"""Measure beneficiary_relations against its peer, OCA's helpdesk_mgmt, in one database.

Run inside an Odoo shell on a scratch database with both modules installed (without demo):
    odoo shell -d <db> --no-http < tests/bench/peer_bench.py
It prints one line per figure, `BENCH <name> ours=<x> peer=<y> ratio=<ours/peer>`, and
`INFO <text>` lines, then commits the portal users and records that
tests/test_benchmark_peer.py needs for the portal pages (`PORTAL <login> <password> <count>`).
Everything stays in the scratch database: drop it afterwards.
"""

import statistics
import time
import tracemalloc

from lxml import etree

from odoo import Command

from odoo.addons.beneficiary_relations.tests.common import saudi_id

CREATE_COUNT = 1000
KANBAN_COUNT = 200
PORTAL_COUNTS = (20, 500)
PORTAL_PASSWORD = "bench-portal-Pw1"  # a scratch database only
HTML = "<p>Benchmark record: the applicant asks for help with the monthly rent.</p>"

env = globals()["env"]  # given by odoo shell
cr = env.cr


def bench(name, ours, peer, digits=1):
    ratio = ours / peer if peer else float("nan")
    print(f"BENCH {name} ours={ours:.{digits}f} peer={peer:.{digits}f} ratio={ratio:.2f}")


def measure(function):
    """Run function, return (result, queries, seconds) with everything flushed."""
    env.invalidate_all()
    queries, started = cr.sql_log_count, time.perf_counter()
    result = function()
    env.flush_all()
    return result, cr.sql_log_count - queries, time.perf_counter() - started


def national_id(n):
    return saudi_id("1", 80_000_000 + n)


# Set-up (not measured) --------------------------------------------------------------------

Users = env["res.users"].with_context(no_reset_password=True)
staff = Users.create(
    {
        "name": "Bench Manager",
        "login": "bench_manager",
        "email": "bench.manager@example.com",
        "groups_id": [
            Command.link(env.ref("base.group_user").id),
            Command.link(env.ref("beneficiary_relations.group_br_manager").id),
            Command.link(env.ref("helpdesk_mgmt.group_helpdesk_manager").id),
        ],
    }
)
staff_env = env(user=staff, su=False)
Request = staff_env["beneficiary.request"]
Ticket = staff_env["helpdesk.ticket"]

service = env["beneficiary.service"].create({"name": "Bench rent support", "response_days": 15})
partners = env["res.partner"].create(
    [{"name": f"Bench Applicant {n}", "email": f"applicant{n}@example.com"} for n in range(100)]
)
beneficiaries = env["beneficiary.beneficiary"].create(
    [
        {"name": p.name, "partner_id": p.id, "email": p.email, "national_id": national_id(n)}
        for n, p in enumerate(partners)
    ]
)


def request_vals(count, people):
    return [
        {
            "beneficiary_id": people[n % len(people)].id,
            "service_id": service.id,
            "description": HTML,
        }
        for n in range(count)
    ]


def ticket_vals(count, people):
    return [
        {
            "name": "Help with the monthly rent",
            "partner_id": people[n % len(people)].id,
            "partner_name": people[n % len(people)].name,
            "partner_email": people[n % len(people)].email,
            "description": HTML,
        }
        for n in range(count)
    ]


cr.commit()

# 1. Create in one call ----------------------------------------------------------------------

# Warm the caches (sequences, templates, access rights) the same way for both.
Request.create(request_vals(10, beneficiaries))
Ticket.create(ticket_vals(10, partners))
cr.commit()

ours_records, ours_q, ours_s = measure(
    lambda: Request.create(request_vals(CREATE_COUNT, beneficiaries))
)
cr.commit()
peer_records, peer_q, peer_s = measure(lambda: Ticket.create(ticket_vals(CREATE_COUNT, partners)))
cr.commit()
assert len(ours_records) == len(peer_records) == CREATE_COUNT
bench(f"create_{CREATE_COUNT}_seconds", ours_s, peer_s, 2)
bench(f"create_{CREATE_COUNT}_queries", ours_q, peer_q, 0)
bench(f"create_{CREATE_COUNT}_queries_per_record", ours_q / CREATE_COUNT, peer_q / CREATE_COUNT, 2)

# 2. First load of the kanban, as the web client asks for it --------------------------------


def kanban_spec(model):
    """The web_search_read specification that the kanban view's fields make."""
    views = model.get_views([(False, "kanban")])
    fields = views["models"][model._name]["fields"]
    spec = {}
    for node in etree.fromstring(views["views"]["kanban"]["arch"]).iter("field"):
        name, widget = node.get("name"), node.get("widget")
        kind = fields[name]["type"]
        if widget == "kanban_activity":
            spec[name] = {}
            for dependency in (
                "activity_exception_decoration",
                "activity_exception_icon",
                "activity_state",
                "activity_summary",
                "activity_type_icon",
            ):
                spec[dependency] = {}
            spec["activity_type_id"] = {"fields": {"display_name": {}}}
        elif kind in ("many2one", "one2many", "many2many"):
            related = {"display_name": {}}
            if "color_field" in (node.get("options") or ""):
                related["color"] = {}
            spec[name] = {"fields": related}
        else:
            spec.setdefault(name, {})
    spec["activity_state"] = {}  # the progress bar
    return spec


def kanban_load(model, limit):
    """Queries, milliseconds (median of 3) and peak traced KiB of one kanban page."""
    model = model.with_context(bin_size=True)
    spec = kanban_spec(model)
    model.web_search_read([], spec, limit=limit)  # warm-up
    runs = []
    for _attempt in range(3):
        result, queries, seconds = measure(lambda: model.web_search_read([], spec, limit=limit))
        assert len(result["records"]) == limit
        runs.append((queries, seconds))
    env.invalidate_all()
    tracemalloc.start()
    model.web_search_read([], spec, limit=limit)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (
        min(q for q, _s in runs),
        statistics.median(s for _q, s in runs) * 1000,
        peak / 1024,
        len(spec),
    )


def grouped_first_load(model):
    """Queries and milliseconds (median of 3) of the board as it opens: grouped by stage, then
    the first 40 cards of each column that has any."""
    model = model.with_context(bin_size=True)
    spec = kanban_spec(model)

    def load():
        groups = model.web_read_group([], ["stage_id"], ["stage_id"], lazy=True)
        for group in groups["groups"]:
            if group["stage_id_count"]:
                model.web_search_read(group["__domain"], spec, limit=40)

    load()  # warm-up
    runs = [measure(load)[1:] for _attempt in range(3)]
    return min(q for q, _s in runs), statistics.median(s for _q, s in runs) * 1000


ours_grouped, peer_grouped = grouped_first_load(Request), grouped_first_load(Ticket)
bench("kanban_grouped_queries", ours_grouped[0], peer_grouped[0], 0)
bench("kanban_grouped_ms", ours_grouped[1], peer_grouped[1])
ours_small, peer_small = kanban_load(Request, 40), kanban_load(Ticket, 40)
ours_kanban, peer_kanban = kanban_load(Request, KANBAN_COUNT), kanban_load(Ticket, KANBAN_COUNT)
print(f"INFO kanban fields read: ours={ours_kanban[3]} peer={peer_kanban[3]}")
bench(f"kanban_{KANBAN_COUNT}_queries", ours_kanban[0], peer_kanban[0], 0)
bench(f"kanban_{KANBAN_COUNT}_ms", ours_kanban[1], peer_kanban[1])
bench(f"kanban_{KANBAN_COUNT}_peak_kib", ours_kanban[2], peer_kanban[2], 0)
bench("kanban_40_queries", ours_small[0], peer_small[0], 0)

# 3. Portal users and their records for the list pages ------------------------------------

portal = env.ref("base.group_portal")
for count in PORTAL_COUNTS:
    user = Users.create(
        {
            "name": f"Bench Portal {count}",
            "login": f"bench_portal_{count}",
            "password": PORTAL_PASSWORD,
            "email": f"bench.portal.{count}@example.com",
            "groups_id": [Command.set(portal.ids)],
        }
    )
    beneficiary = env["beneficiary.beneficiary"].create(
        {
            "name": user.name,
            "partner_id": user.partner_id.id,
            "email": user.email,
            "national_id": national_id(1000 + count),
        }
    )
    Request.create(request_vals(count, beneficiary))
    Ticket.create(ticket_vals(count, user.partner_id))
    print(f"PORTAL {user.login} {PORTAL_PASSWORD} {count}")
cr.commit()
