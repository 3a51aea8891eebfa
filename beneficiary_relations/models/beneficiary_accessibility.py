from odoo import api, fields, models

# The needs the accessibility summary lists, in this order.
ACCESS_NEEDS = ("access_mobility", "access_visual", "access_hearing", "access_cognitive")


class BeneficiaryAccessibility(models.AbstractModel):
    """What staff keep in mind when serving and contacting a beneficiary: their needs, the
    format they read, a home visit or an interpreter, and whether they prefer a call."""

    _name = "beneficiary.accessibility"
    _description = "Beneficiary Accessibility Needs"

    # Accessibility: what staff keep in mind when serving and contacting the beneficiary
    access_mobility = fields.Boolean(string="Mobility Need")
    access_visual = fields.Boolean(string="Visual Need")
    access_hearing = fields.Boolean(string="Hearing Need")
    access_cognitive = fields.Boolean(string="Cognitive Need")
    access_format = fields.Selection(
        [
            ("large_print", "Large print"),
            ("audio", "Audio"),
            ("braille", "Braille"),
            ("sign_language", "Sign language"),
            ("easy_read", "Easy read"),
        ],
        string="Preferred Format",
    )
    access_home_visit = fields.Boolean(
        string="Needs a Home Visit", help="Serve them at home rather than at the office."
    )
    access_interpreter = fields.Boolean(string="Needs an Interpreter")
    access_interpreter_language = fields.Char(
        string="Interpreter For", help="The language, or sign language, to interpret."
    )
    access_prefers_call = fields.Boolean(
        string="Prefers a Phone Call",
        help="Messages are followed by a phone call. Never for a hearing need, whose messages "
        "stay written.",
    )
    access_notes = fields.Text(string="Accessibility Notes")
    has_access_needs = fields.Boolean(
        string="Accessibility Needs", compute="_compute_has_access_needs", store=True
    )
    access_summary = fields.Char(string="Accessibility", compute="_compute_access_summary")

    @api.depends(*ACCESS_NEEDS, "access_format", "access_home_visit", "access_interpreter")
    def _compute_has_access_needs(self):
        for beneficiary in self:
            beneficiary.has_access_needs = (
                any(
                    beneficiary[name]
                    for name in (*ACCESS_NEEDS, "access_format", "access_home_visit")
                )
                or beneficiary.access_interpreter
            )

    @api.depends(
        *ACCESS_NEEDS,
        "access_format",
        "access_home_visit",
        "access_interpreter",
        "access_interpreter_language",
    )
    @api.depends_context("lang")
    def _compute_access_summary(self):
        """One line for staff (the request's banner, the kanban card), in the reader's
        language: the needs, the format, a home visit, an interpreter."""
        labels = {
            name: self._fields[name]._description_string(self.env)
            for name in (*ACCESS_NEEDS, "access_home_visit", "access_interpreter")
        }
        formats = dict(self._fields["access_format"]._description_selection(self.env))
        for beneficiary in self:
            parts = [labels[name] for name in ACCESS_NEEDS if beneficiary[name]]
            if beneficiary.access_format:
                parts.append(formats[beneficiary.access_format])
            if beneficiary.access_home_visit:
                parts.append(labels["access_home_visit"])
            if beneficiary.access_interpreter:
                language = beneficiary.access_interpreter_language
                interpreter = labels["access_interpreter"]
                parts.append(f"{interpreter} ({language})" if language else interpreter)
            beneficiary.access_summary = " · ".join(parts) or False
