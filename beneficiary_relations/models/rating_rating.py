from odoo import api, fields, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    beneficiary_concerned_user_id = fields.Many2one(
        "res.users",
        compute="_compute_beneficiary_concerned_user_id",
        store=True,
        index="btree_not_null",
        help="The staff member the rated complaint concerns: they may not read this rating.",
    )

    @api.depends("res_model", "res_id")
    def _compute_beneficiary_concerned_user_id(self):
        complaint_ratings = self.filtered(lambda r: r.res_model == "beneficiary.complaint")
        (self - complaint_ratings).beneficiary_concerned_user_id = False
        complaints = (
            self.env["beneficiary.complaint"].sudo().browse(complaint_ratings.mapped("res_id"))
        )
        concerned = {complaint.id: complaint.concerned_user_id for complaint in complaints.exists()}
        for rating in complaint_ratings:
            rating.beneficiary_concerned_user_id = concerned.get(rating.res_id, False)
