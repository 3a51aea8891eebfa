from odoo import api, fields, models

COMPLAINT = "beneficiary.complaint"


class RatingRating(models.Model):
    _inherit = "rating.rating"

    beneficiary_concerned_user_id = fields.Many2one(
        "res.users",
        compute="_compute_beneficiary_concerned_user_id",
        store=True,
        index="btree_not_null",
        help="The staff member the rated complaint concerns: they may not read this rating.",
    )
    beneficiary_company_id = fields.Many2one(
        "res.company",
        compute="_compute_beneficiary_company_id",
        store=True,
        index="btree_not_null",
        help="The company of the rated complaint: other companies may not read this rating.",
    )

    @api.depends("res_model", "res_id")
    def _compute_beneficiary_concerned_user_id(self):
        complaint_of = self._rated_complaints()
        for rating in self:
            rating.beneficiary_concerned_user_id = complaint_of[rating].concerned_user_id

    @api.depends("res_model", "res_id")
    def _compute_beneficiary_company_id(self):
        complaint_of = self._rated_complaints()
        for rating in self:
            rating.beneficiary_company_id = complaint_of[rating].company_id

    def _rated_complaints(self):
        """Each rating's complaint (empty for the ratings of other documents)."""
        complaint_ids = {rating.res_id for rating in self if rating.res_model == COMPLAINT}
        # sudo: a rating's complaint is read to copy who it concerns and its company, nothing else
        complaints = self.env[COMPLAINT].sudo().browse(complaint_ids).exists()
        by_id = {complaint.id: complaint for complaint in complaints}
        no_complaint = self.env[COMPLAINT]
        return {
            rating: by_id.get(rating.res_id, no_complaint)
            if rating.res_model == COMPLAINT
            else no_complaint
            for rating in self
        }
