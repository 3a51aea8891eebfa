"""Upgrade to 18.0.1.6.0: committees are records, and their rights follow membership.

- Each company gets one research, one follow-up and one investigation committee holding the
  users who had the committee group, so that nobody loses the right to decide requests or
  handle complaints silently (quorum: a majority of them; no chair yet). Managers adjust
  them in Configuration → Committees.
- The record rules are noupdate: the complaint rules and the complaint ratings rule that gave
  every committee member all complaints now give them to the follow-up committee only.
- Complaints recorded as settled amicably keep that outcome.
"""

from odoo import SUPERUSER_ID, Command, api

KINDS = {
    "research": ("Research Committee", "لجنة البحث"),
    "follow_up": ("Follow-up Committee", "لجنة المتابعة"),
    "investigation": ("Investigation Committee", "لجنة التحقيق والمتابعة"),
}
FOLLOW_UP_RULES = (
    "beneficiary_relations.beneficiary_complaint_rule_committee",
    "beneficiary_relations.rating_rating_rule_complaint_committee",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Committee = env["beneficiary.committee"].with_context(active_test=False)
    members = env.ref("beneficiary_relations.group_br_committee").users.filtered(
        lambda u: not u.share and u.active
    )
    arabic = env["res.lang"]._lang_get("ar_001")
    for company in env["res.company"].search([]):
        company_members = members.filtered(lambda u, c=company: c in u.company_ids)
        for kind, (name, arabic_name) in KINDS.items():
            if Committee.search_count([("kind", "=", kind), ("company_id", "=", company.id)]):
                continue
            committee = Committee.create(
                {
                    "name": name,
                    "kind": kind,
                    "company_id": company.id,
                    "member_ids": [Command.set(company_members.ids)],
                    "quorum": max(1, len(company_members) // 2 + 1),
                }
            )
            if arabic and arabic.active:
                committee.with_context(lang="ar_001").name = arabic_name
    follow_up = env.ref("beneficiary_relations.group_br_follow_up_committee")
    for xmlid in FOLLOW_UP_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.groups = follow_up
    cr.execute(
        "UPDATE beneficiary_complaint SET settlement_outcome = 'settled' "
        "WHERE settled_amicably AND settlement_outcome IS NULL"
    )
