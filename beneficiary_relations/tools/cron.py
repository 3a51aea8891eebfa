"""One way for the addon's scheduled actions to work through a backlog: in committed batches,
with their progress reported to the cron runner, one runner at a time, and each record
processed once even when two runners (two servers, or a "Run manually" beside the scheduled
run) look at the same backlog."""

import threading
import zlib
from contextlib import contextmanager

from odoo.osv import expression
from odoo.tools import SQL, split_every

# The first half of every advisory lock key this addon takes, so that it meets no other's.
LOCK_NAMESPACE = zlib.crc32(b"beneficiary_relations") & 0x7FFFFFFF


def is_testing():
    return getattr(threading.current_thread(), "testing", False)


def commit_cron_progress(env, done, remaining):
    """Report a batch's progress to the running scheduled action and commit it, so that a crash
    or a timeout resumes after the last finished batch. Tests never commit."""
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if not is_testing():
        env.cr.commit()


def run_lock_key(name):
    return LOCK_NAMESPACE, zlib.crc32(name.encode()) & 0x7FFFFFFF


@contextmanager
def run_lock(env, name):
    """Yield whether this runner holds the lock of the run called ``name``, for the whole run.

    The lock is a transaction lock of a cursor of its own, which neither commits nor does
    anything else until the run ends: the run's own commits (one per batch) would release a
    lock taken on ``env.cr``, and a session lock would outlive a run that failed on a pooled
    connection. Closing the cursor ends its transaction and the lock with it, whatever
    happened."""
    lock_cr = env.registry.cursor()
    try:
        lock_cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", *run_lock_key(name)))
        yield lock_cr.fetchone()[0]
    finally:
        lock_cr.rollback()
        lock_cr.close()


def lock_still_matching(records, domain):
    """The records among ``records`` that still match ``domain``, locked for this transaction;
    those another transaction holds are skipped (it is processing them), and those it has
    processed and committed no longer match."""
    model = records.browse()
    query = model._search(expression.AND([domain, [("id", "in", records.ids)]]), order="id")
    table = SQL.identifier(model._table)
    rows = model.env.execute_query(
        SQL("%s FOR NO KEY UPDATE OF %s SKIP LOCKED", query.select(SQL("%s.id", table)), table)
    )
    return model.browse([row[0] for row in rows])


def run_in_batches(
    env, run_name, steps, batch_size=500, max_records=10_000, lock_records=True, on_drained=None
):
    """Work through ``steps``, a list of ``(model, domain, order, process)``: the records of
    ``model`` matching ``domain`` are handed to ``process`` ``batch_size`` at a time, at most
    ``max_records`` in all this run, each batch committed with the progress of the whole run.
    Each batch is checked against ``domain`` again and, unless ``lock_records`` is false (for
    records the run only reads, such as users), locked while it is processed.

    What remains is counted once per step, at the start; the cron runner calls again at once
    while something remains. Once nothing remains, ``on_drained()`` is called, still under the
    run's lock (a runner stepping aside never calls it). Returns ``(done, remaining)``."""
    with run_lock(env, run_name) as locked:
        if not locked:
            return 0, 0  # another runner is working through this backlog right now
        done, remaining = _run_steps(env, steps, batch_size, max_records, lock_records)
        if on_drained and not remaining:
            on_drained()
        return done, remaining


def _run_steps(env, steps, batch_size, max_records, lock_records):
    planned = []
    budget = max_records
    for model, domain, order, process in steps:
        records = model.search(domain, order=order, limit=budget) if budget else model.browse()
        count = model.search_count(domain) if len(records) == budget else len(records)
        budget -= len(records)
        planned.append((domain, process, records, count))
    total = sum(count for _domain, _process, _records, count in planned)
    done = 0
    for domain, process, records, _count in planned:
        for batch in split_every(batch_size, records.ids, records.browse):
            if lock_records:
                still_due = lock_still_matching(batch, domain)
            else:
                still_due = batch.filtered_domain(domain)
            if still_due:
                process(still_due)
            done += len(batch)
            commit_cron_progress(env, done, total - done)
    return done, total - done
