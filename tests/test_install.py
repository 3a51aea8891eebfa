"""Install and uninstall the addon in fresh databases, through Odoo's own command line."""

UNINSTALL = """
module = env["ir.module.module"].search([("name", "=", "beneficiary_relations")])
module.button_immediate_uninstall()
env.cr.commit()
"""


def test_install_with_demo_data(odoo, fresh_db, sql):
    odoo("-d", fresh_db, "-i", "beneficiary_relations", "--stop-after-init")
    states = dict(
        sql(fresh_db, "SELECT state, count(*) FROM beneficiary_beneficiary GROUP BY state")
    )
    assert set(states) == {"draft", "registered", "suspended", "archived"}
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_channel")[0][0] >= 12


def test_install_without_demo_then_uninstall(odoo, fresh_db, sql):
    odoo("-d", fresh_db, "-i", "beneficiary_relations", "--without-demo=all", "--stop-after-init")
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_beneficiary")[0][0] == 0
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_document_type")[0][0] > 0
    groups = sql(
        fresh_db,
        "SELECT count(*) FROM ir_model_data WHERE module = 'beneficiary_relations' "
        "AND model = 'res.groups'",
    )[0][0]
    assert groups == 4

    odoo("shell", "-d", fresh_db, "--no-http", stdin=UNINSTALL)
    state = sql(fresh_db, "SELECT state FROM ir_module_module WHERE name = 'beneficiary_relations'")
    assert state == [("uninstalled",)]
    tables = sql(fresh_db, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'beneficiary_%'")
    assert tables == [(0,)]
    leftovers = sql(fresh_db, "SELECT count(*) FROM ir_model WHERE model LIKE 'beneficiary.%'")
    assert leftovers == [(0,)]
