ALIAS_NAMES = ("complaints", "beneficiary-complaints")


def post_init_hook(env):
    _create_complaint_alias(env)


def _create_complaint_alias(env):
    """The complaints address, under the first name no other alias of the database uses."""
    # sudo: installation code creating the addon's own alias.
    Alias = env["mail.alias"].sudo()
    used = set(Alias.search([("alias_name", "!=", False)]).mapped("alias_name"))
    name = next((n for n in ALIAS_NAMES if n not in used), None)
    counter = 2
    while name is None:
        candidate = f"beneficiary-complaints-{counter}"
        name = candidate if candidate not in used else None
        counter += 1
    alias = Alias.create(
        {
            "alias_name": name,
            "alias_model_id": env["ir.model"]._get_id("beneficiary.complaint"),
            "alias_contact": "everyone",
            "alias_defaults": "{}",
        }
    )
    env["ir.model.data"].create(
        {
            "module": "beneficiary_relations",
            "name": "mail_alias_complaints",
            "model": "mail.alias",
            "res_id": alias.id,
            "noupdate": True,
        }
    )
    return alias
