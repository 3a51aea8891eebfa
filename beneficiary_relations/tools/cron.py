import threading


def commit_cron_progress(env, done, remaining):
    """Report a batch's progress to the running scheduled action and commit it, so that a crash
    or a timeout resumes after the last finished batch. Tests never commit."""
    env["ir.cron"]._notify_progress(done=done, remaining=remaining)
    if not getattr(threading.current_thread(), "testing", False):
        env.cr.commit()
