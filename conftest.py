"""Session-wide pytest settings for the addon's Odoo tests and the system tests."""

import pytest
from _pytest.unittest import TestCaseFunction

import odoo

if not hasattr(TestCaseFunction, "wasSuccessful"):
    # Odoo 18's BaseCase.run() asks its result object whether the test passed, to decide
    # on retries (ODOO_TEST_FAILURE_RETRIES); under pytest that object is the test item.
    TestCaseFunction.wasSuccessful = lambda self: not self._excinfo

if not hasattr(TestCaseFunction, "addSubTest"):
    # Odoo's assertQueryCount reports through subTest(); pytest alone has no subtests.
    def _add_sub_test(self, test, subtest, outcome):
        if outcome is not None:
            self.addFailure(test, outcome)

    TestCaseFunction.addSubTest = _add_sub_test


@pytest.fixture(scope="session", autouse=True)
def load_http(request):
    """Serve Odoo over HTTP once for the whole session when --odoo-http is given.

    Overrides pytest-odoo's module-scoped fixture, which spawns a new server for every test
    module and so fails to bind the port from the second module on."""
    running = getattr(odoo.service.server.server, "httpd", None)
    if request.config.getoption("--odoo-http") and not running:
        server = odoo.service.server.ThreadedServer(odoo.http.root)
        server.http_spawn()
        # HttpCase finds the port through this module global, as under odoo-bin.
        odoo.service.server.server = server


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    """Fail the run on any skipped test: a skip here means a suite silently did not run
    (e.g. an HttpCase without --odoo-http, or Chromium missing)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"ERROR: {len(skipped)} test(s) were skipped; every test must run.", red=True
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
