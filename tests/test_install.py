"""Install and uninstall the addon in fresh databases, through Odoo's own command line."""

# The addon's groups: the staff roles, one group per committee the policies name, managers.
GROUPS = [
    "group_br_officer",
    "group_br_researcher",
    "group_br_committee",
    "group_br_research_committee",
    "group_br_follow_up_committee",
    "group_br_investigation_committee",
    "group_br_manager",
]

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
    # A year of work on the boards and in the reports: requests in every stage and service,
    # complaints of each type and state, answers over several months.
    stages = dict(
        sql(
            fresh_db,
            "SELECT s.kind, count(*) FROM beneficiary_request r "
            "JOIN beneficiary_request_stage s ON s.id = r.stage_id GROUP BY s.kind",
        )
    )
    assert 40 <= sum(stages.values()) <= 60, stages
    assert set(stages) == {
        "received",
        "completeness",
        "research",
        "committee",
        "decided",
        "delivered",
        "closed",
        "cancelled",
    }
    services = sql(fresh_db, "SELECT count(DISTINCT service_id) FROM beneficiary_request")[0][0]
    assert services == sql(fresh_db, "SELECT count(*) FROM beneficiary_service")[0][0]
    types = sql(fresh_db, "SELECT DISTINCT complaint_type FROM beneficiary_complaint")
    assert {row[0] for row in types} == {"complaint", "suggestion", "inquiry", "praise"}
    complaint_stages = sql(
        fresh_db,
        "SELECT DISTINCT s.kind FROM beneficiary_complaint c "
        "JOIN beneficiary_complaint_stage s ON s.id = c.stage_id",
    )
    assert len(complaint_stages) == 6
    months = sql(
        fresh_db,
        "SELECT count(DISTINCT date_trunc('month', create_date)) FROM survey_user_input "
        "WHERE state = 'done' AND beneficiary_score > 0",
    )[0][0]
    assert months >= 4
    assert sql(fresh_db, "SELECT count(*) FROM rating_rating WHERE consumed")[0][0] >= 3
    # Saudi-ready: riyals and Saudi Arabia on the demo company, both languages, the working
    # calendar with its public holidays.
    company = sql(
        fresh_db,
        "SELECT cur.name, country.code, c.beneficiary_calendar_id IS NOT NULL "
        "FROM res_company c JOIN res_currency cur ON cur.id = c.currency_id "
        "JOIN res_partner p ON p.id = c.partner_id "
        "LEFT JOIN res_country country ON country.id = p.country_id WHERE c.id = 1",
    )
    assert company == [("SAR", "SA", True)]
    languages = sql(fresh_db, "SELECT code FROM res_lang WHERE active ORDER BY code")
    assert [row[0] for row in languages] == ["ar_001", "en_US"]
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_holiday")[0][0] >= 8


def test_arabic_and_english_after_install_in_arabic(odoo, fresh_db, sql):
    """A database created in Arabic (as scripts/run does) keeps English active too."""
    odoo(
        "-d",
        fresh_db,
        "-i",
        "beneficiary_relations",
        "--load-language=ar_001",
        "--without-demo=all",
        "--stop-after-init",
    )
    languages = sql(fresh_db, "SELECT code FROM res_lang WHERE active ORDER BY code")
    assert [row[0] for row in languages] == ["ar_001", "en_US"]
    calendars = sql(
        fresh_db, "SELECT count(*) FROM res_company WHERE beneficiary_calendar_id IS NULL"
    )
    assert calendars == [(0,)]


def test_install_without_demo_then_uninstall(odoo, fresh_db, sql):
    odoo("-d", fresh_db, "-i", "beneficiary_relations", "--without-demo=all", "--stop-after-init")
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_beneficiary")[0][0] == 0
    assert sql(fresh_db, "SELECT count(*) FROM beneficiary_document_type")[0][0] > 0
    groups = sql(
        fresh_db,
        "SELECT name FROM ir_model_data WHERE module = 'beneficiary_relations' "
        "AND model = 'res.groups' ORDER BY name",
    )
    assert [row[0] for row in groups] == sorted(GROUPS)

    odoo("shell", "-d", fresh_db, "--no-http", stdin=UNINSTALL)
    state = sql(fresh_db, "SELECT state FROM ir_module_module WHERE name = 'beneficiary_relations'")
    assert state == [("uninstalled",)]
    tables = sql(fresh_db, "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'beneficiary_%'")
    assert tables == [(0,)]
    leftovers = sql(fresh_db, "SELECT count(*) FROM ir_model WHERE model LIKE 'beneficiary.%'")
    assert leftovers == [(0,)]
