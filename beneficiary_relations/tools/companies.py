def check_linked_records_readable(model, vals_list):
    """Refuse, naming nothing, links to records the user may not read (another company's):
    Odoo's company check would name them in its error."""
    for name, field in model._fields.items():
        if field.type == "many2one" and field.check_company:
            ids = {vals[name] for vals in vals_list if vals.get(name)}
            if ids:
                model.env[field.comodel_name].browse(ids).check_access("read")


def default_company_from_beneficiary(model, vals_list):
    """A new record given a beneficiary but no company is in the beneficiary's company."""
    for vals in vals_list:
        if vals.get("beneficiary_id") and not vals.get("company_id"):
            beneficiary = model.env["beneficiary.beneficiary"].browse(vals["beneficiary_id"])
            vals["company_id"] = beneficiary.company_id.id
