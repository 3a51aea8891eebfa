"""Benchmark beneficiary_relations against OCA's helpdesk_mgmt 18.0, side by side.

Both modules are installed in one scratch database; tests/bench/peer_bench.py measures record
creation and the kanban's first load inside an Odoo shell, then this test serves the database
and reads the query counts of the portal list pages from the server's request log. It prints
`BENCH <name> ours=<x> peer=<y> ratio=<ours/peer>` lines and appends them to
$BR_CACHE/bench/peer.txt. Times are only reported: the asserts are on query counts of ours
that must not grow with the number of records.
"""

import os
import re
import shutil
import socket
import statistics
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import requests

SCRIPT = Path(__file__).parent / "bench" / "peer_bench.py"
PAGES = {
    "ours": ("/my/requests", r'href="/my/requests/(\d+)'),
    "peer": ("/my/tickets", r'href="/my/ticket/(\d+)'),
}
REQUEST_LOG = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (\d{3}) - (\d+) ([\d.]+) ([\d.]+)')
WARMUPS, RUNS = 2, 3


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Server:
    """An Odoo HTTP server on the scratch database whose werkzeug log gives each request's
    query count, query time and remaining time."""

    def __init__(self, db, tmp_path):
        self.port = _free_port()
        self.log = tmp_path / "odoo.log"
        command = [
            os.environ["BR_ODOO_BIN"],
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--addons-path={os.environ['BR_ADDONS_PATH']}",
            f"--db_host={os.environ['PGHOST']}",
            f"--db_port={os.environ['PGPORT']}",
            f"--db_user={os.environ['PGUSER']}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--max-cron-threads=0",
            "--workers=0",
            "--log-level=warn",
            "--log-handler=werkzeug:INFO",
            f"--logfile={self.log}",
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen = 0
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-4000:]
            try:
                if requests.get(f"{self.url}/web/health", timeout=5).status_code == 200:
                    self._new_log_entry()
                    return
            except requests.ConnectionError:
                time.sleep(0.5)
        raise AssertionError("the Odoo server did not answer within 300 s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _new_log_entry(self):
        """The next request line of the log: (path, status, queries, milliseconds)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            entries = REQUEST_LOG.findall(self.log.read_text())
            if len(entries) > self.seen:
                path, status, queries, query_s, other_s = entries[self.seen]
                self.seen += 1
                return path, int(status), int(queries), (float(query_s) + float(other_s)) * 1000
            time.sleep(0.05)
        raise AssertionError("no request line in the server log:\n" + self.log.read_text()[-4000:])

    def login(self, login, password, db):
        session = requests.Session()
        answer = session.post(
            f"{self.url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}},
            timeout=60,
        )
        self._new_log_entry()
        assert answer.json().get("result", {}).get("uid"), answer.text[:2000]
        return session

    def get(self, session, path):
        answer = session.get(f"{self.url}{path}", allow_redirects=False, timeout=120)
        logged_path, status, queries, ms = self._new_log_entry()
        assert (logged_path, status) == (path, 200), (logged_path, status, answer.text[:2000])
        return answer.text, queries, ms


def _measure_portal(server, db, portal_users):
    """Queries (lowest of RUNS) and server milliseconds (median) of each list page."""
    lines, info = [], []
    rss = {"start": _rss_kib(server.process.pid)}
    sessions = {count: server.login(login, password, db) for login, password, count in portal_users}
    for session in sessions.values():
        server.get(session, "/my")  # the portal layout both pages share
    for side, (path, _link) in PAGES.items():
        for session in sessions.values():
            for _warmup in range(WARMUPS):
                server.get(session, path)
        rss[side] = _rss_kib(server.process.pid)
    results = {}
    for count, session in sessions.items():
        runs = {side: [] for side in PAGES}
        for _run in range(RUNS):
            for side, (path, _link) in PAGES.items():
                runs[side].append(server.get(session, path))
        for side, (_path, link) in PAGES.items():
            html = runs[side][-1][0]
            results[side, count] = (
                min(queries for _html, queries, _ms in runs[side]),
                statistics.median(ms for _html, _queries, ms in runs[side]),
                len(set(re.findall(link, html))),
            )
        ours, peer = results["ours", count], results["peer", count]
        lines.append(_bench(f"portal_list_{count}_queries", ours[0], peer[0], 0))
        lines.append(_bench(f"portal_list_{count}_ms", ours[1], peer[1], 1))
        info.append(
            f"INFO portal list with {count} records shows rows: ours={ours[2]} peer={peer[2]}"
        )
    rss["end"] = _rss_kib(server.process.pid)
    info.append(
        "INFO server RSS MiB: start={:.0f} after our pages' first renders={:.0f} "
        "after the peer's={:.0f} end={:.0f}".format(
            *(rss[key] / 1024 for key in ("start", "ours", "peer", "end"))
        )
    )
    return lines + info, results


def _bench(name, ours, peer, digits):
    ratio = ours / peer if peer else float("nan")
    return f"BENCH {name} ours={ours:.{digits}f} peer={peer:.{digits}f} ratio={ratio:.2f}"


def _figures(lines):
    figures = {}
    for line in lines:
        if line.startswith("BENCH "):
            name, *pairs = line.split()[1:]
            figures[name] = {key: float(value) for key, value in (p.split("=") for p in pairs)}
    return figures


def _keep(lines):
    cache = Path(os.environ.get("BR_CACHE", Path.home() / ".cache" / "beneficiary-relations"))
    folder = cache / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with (folder / "peer.txt").open("a") as log:
        log.write(f"# {stamp} beneficiary_relations vs helpdesk_mgmt 18.0.1.19.5\n")
        log.write("\n".join(lines) + "\n")


def test_benchmark_against_helpdesk_mgmt(odoo, fresh_db, sql, tmp_path, capsys, record_property):
    try:
        odoo(
            "-d",
            fresh_db,
            "-i",
            "beneficiary_relations,helpdesk_mgmt",
            "--without-demo=all",
            "--stop-after-init",
        )
        installed = sql(
            fresh_db,
            "SELECT name, state FROM ir_module_module "
            "WHERE name IN ('beneficiary_relations', 'helpdesk_mgmt') ORDER BY name",
        )
        assert installed == [("beneficiary_relations", "installed"), ("helpdesk_mgmt", "installed")]

        shell = odoo("shell", "-d", fresh_db, "--no-http", stdin=SCRIPT.read_text())
        output = shell.stdout.splitlines()
        lines = [line for line in output if line.startswith(("BENCH ", "INFO "))]
        portal_users = [
            (login, password, int(count))
            for _tag, login, password, count in (
                line.split() for line in output if line.startswith("PORTAL ")
            )
        ]
        assert len(portal_users) == 2, shell.stdout[-4000:]

        server = Server(fresh_db, tmp_path)
        try:
            portal_lines, portal = _measure_portal(server, fresh_db, portal_users)
        finally:
            server.stop()
        lines += portal_lines
    finally:
        shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / fresh_db, ignore_errors=True)

    table = "\n".join(lines)
    _keep(lines)
    record_property("benchmark", table)
    with capsys.disabled():
        print(f"\nbeneficiary_relations (ours) vs helpdesk_mgmt 18.0.1.19.5 (peer)\n{table}")

    figures = _figures(lines)
    # Reading more records must not mean more queries: no per-record query in the kanban...
    assert figures["kanban_200_queries"]["ours"] == figures["kanban_40_queries"]["ours"]
    # ...nor in the portal list, which shows one page of requests however many there are.
    assert portal["ours", 500][0] <= portal["ours", 20][0]
    assert portal["ours", 20][2] == 20 and portal["ours", 500][2] == 20
