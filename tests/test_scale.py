"""scripts/bench_scale.py at a small size (5,000 requests against 1,000): the query counts stay
within their ceilings and flat where they do not depend on the data shown, each listed query
has an index that matches it, and the reminder backlog drains in one run with one digest.
Times are printed, never asserted (2 shared cores)."""

import json
from pathlib import Path

SCRIPT = Path(__file__).parent.parent / "scripts" / "bench_scale.py"
SCALE = "0.005"

# measure: (indexes one of which the query must be able to use, ceiling of queries)
MEASURES = {
    "kanban as it opens": (["beneficiary_request_"], 45),
    "default list (80 rows)": (["beneficiary_request_"], 20),
    "request search: reference": (["beneficiary_request__name_index"], 2),
    "request search: beneficiary name": (["beneficiary_beneficiary__name_index"], 2),
    "beneficiary search: name": (["beneficiary_beneficiary__name_index"], 2),
    "beneficiary search: ID last digits": (["beneficiary_beneficiary__national_id_index"], 2),
    "beneficiary search: mobile 05...": (["beneficiary_beneficiary__mobile_index"], 2),
    "satisfaction pivot (last 12 months)": (["beneficiary_satisfaction_month__month_index"], 2),
    "reminder cron search, requests": (
        ["beneficiary_request_open_deadline_index", "beneficiary_request_open_reminder_index"],
        5,
    ),
    "reminder cron search, complaints (nothing due)": (
        ["beneficiary_complaint_open_deadline_index", "beneficiary_complaint_open_reminder_index"],
        5,
    ),
    "document expiry cron search": (["beneficiary_document__expiry_date_index"], 4),
}
# Counts that do not depend on what the rows hold (activities, tags): the same at both sizes.
FLAT = [name for name in MEASURES if "search" in name or "pivot" in name]


def test_scale_benchmark(odoo, fresh_db, monkeypatch, capsys):
    odoo("-d", fresh_db, "-i", "beneficiary_relations", "--without-demo=all", "--stop-after-init")
    monkeypatch.setenv("BR_SCALE", SCALE)
    shell = odoo("shell", "-d", fresh_db, "--no-http", stdin=SCRIPT.read_text())
    lines = shell.stdout.splitlines()
    with capsys.disabled():
        print("\n" + "\n".join(line for line in lines if line.startswith("SCALE ")))
    results = json.loads(
        next(line for line in lines if line.startswith("BENCH_JSON "))[len("BENCH_JSON ") :]
    )
    small, large = results["1k"], results["chosen"]
    for name, (indexes, ceiling) in MEASURES.items():
        usable = large[name]["index"].split(",")
        assert any(i.startswith(tuple(indexes)) for i in usable), (name, usable)
        assert large[name]["queries"] <= ceiling, (name, large[name])
        assert small[name]["queries"] <= ceiling, (name, small[name])
    for name in FLAT:
        assert small[name]["queries"] == large[name]["queries"], (name, small[name], large[name])
    for row in (small, large):
        sums = row["satisfaction months, full sum"]
        assert sums["months"] >= 12 and sums["rows"] >= sums["months"], sums
        drain = row["reminder drain"]
        assert drain["overdue"] > 0 and drain["runs"] == 1 and drain["digests"] == 1, drain
        assert row["complaint escalation"]["queries"] <= 60, row["complaint escalation"]
    assert results["index_build"]["indexes"] >= 21
