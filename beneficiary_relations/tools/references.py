"""References of records from the company's sequence: one way for the whole addon."""


def assign_references(model, vals_list, code):
    """Give each of ``vals_list`` without a reference (``name`` missing or "/") the next one of
    its company's sequence ``code``, looking each company's sequence up once for the batch
    (``next_by_code`` looks it up for every record)."""
    sequences = {}
    for vals in vals_list:
        if vals.get("name", "/") != "/":
            continue
        company = model.env["res.company"].browse(vals.get("company_id")) or model.env.company
        if company not in sequences:
            sequences[company] = (
                # sudo: users cannot read sequences; this code's sequence of this company only.
                model.env["ir.sequence"]
                .sudo()
                .search(
                    [("code", "=", code), ("company_id", "in", [company.id, False])],
                    order="company_id",
                    limit=1,
                )
            )
        sequence = sequences[company]
        vals["name"] = sequence.with_company(company)._next() if sequence else "/"
