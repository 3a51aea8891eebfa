import logging
import tempfile

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from ..tools import run_in_batches
from ..tools.cron import is_testing

_logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BACKGROUND_DAYS_PARAM = "beneficiary_relations.kpi_background_days"
DEFAULT_BACKGROUND_DAYS = 92
# How many times a workbook is started before it is given up: a build killed by the server's
# time or memory limit never reaches the code that would record its failure.
MAX_ATTEMPTS = 3
READY_TEMPLATE = "beneficiary_relations.mail_template_kpi_export_ready"
FAILED_TEMPLATE = "beneficiary_relations.mail_template_kpi_export_failed"


class BeneficiaryKpiExport(models.Model):
    """One KPI workbook a manager asked for, built by a scheduled action rather than in the
    request that asked for it, so that a workbook of a long period blocks no web worker.

    It is built as the manager who asked (their rules, their language, the company they chose)
    and attached to this record; they are told in their inbox when it is ready or why it
    failed. Each manager reads only their own; only the application changes one once asked."""

    _name = "beneficiary.kpi.export"
    _inherit = ["mail.thread"]
    _description = "KPI Workbook Prepared in the Background"
    _order = "id desc"

    user_id = fields.Many2one(
        "res.users",
        string="Requested By",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.user,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    service_ids = fields.Many2many(
        "beneficiary.service",
        "beneficiary_kpi_export_service_rel",
        "export_id",
        "service_id",
        string="Services",
        readonly=True,
    )
    category_ids = fields.Many2many(
        "beneficiary.category",
        "beneficiary_kpi_export_category_rel",
        "export_id",
        "category_id",
        string="Beneficiary Categories",
        readonly=True,
    )
    state = fields.Selection(
        [("queued", "Being Prepared"), ("done", "Ready"), ("failed", "Failed")],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Workbook", readonly=True, ondelete="set null"
    )
    error = fields.Text(string="Why It Failed", readonly=True)
    date_done = fields.Datetime(string="Finished On", readonly=True)
    attempts = fields.Integer(readonly=True, help="How many times the workbook was started.")

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for export in self:
            export.display_name = self.env._(
                "KPI workbook %(start)s to %(end)s",
                start=format_date(self.env, export.date_from),
                end=format_date(self.env, export.date_to),
            )

    @api.model_create_multi
    def create(self, vals_list):
        exports = super().create(vals_list)
        if not self.env.su:
            # Asked by a manager: for themselves, to be prepared, and with options they could
            # download right now (checked as them).
            if any(
                export.user_id != self.env.user
                or export.state != "queued"
                or export.attachment_id
                or export.error
                or export.date_done
                or export.attempts
                for export in exports
            ):
                raise AccessError(
                    self.env._("Only the application records how a workbook was prepared.")
                )
            for export in exports:
                export._kpi_options()
        return exports

    @api.model
    def _background_days(self):
        """Periods longer than this many days are prepared in the background."""
        # sudo: one setting of the addon, read to choose how a workbook is made.
        value = self.env["ir.config_parameter"].sudo().get_param(BACKGROUND_DAYS_PARAM)
        try:
            return int(value) if value else DEFAULT_BACKGROUND_DAYS
        except ValueError:
            return DEFAULT_BACKGROUND_DAYS

    def _kpi_options(self, kpi=None):
        """The workbook's options, checked as the user of ``kpi`` (by default the current
        user): a manager, the company one of theirs, the period the right way."""
        self.ensure_one()
        kpi = kpi if kpi is not None else self.env["beneficiary.kpi"]
        return kpi._options(
            self.date_from,
            self.date_to,
            self.company_id.with_env(kpi.env),
            self.service_ids.with_env(kpi.env),
            self.category_ids.with_env(kpi.env),
        )

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("The workbook is not ready."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    # The scheduled action -------------------------------------------------------------------

    @api.model
    def _cron_prepare_exports(self, max_exports=10):
        """Build the workbooks asked for, oldest first, each in a transaction of its own (a
        done or failed one is never built again; the cron runner calls again at once while
        some remain)."""
        steps = [(self, [("state", "=", "queued")], "id", self._prepare)]
        return run_in_batches(self.env, "beneficiary.kpi.export", steps, 1, max_exports)

    @api.model
    def _prepare(self, exports):
        for export in exports:
            export._prepare_one()

    def _prepare_one(self):
        self.ensure_one()
        if self.state != "queued":
            return
        requester = self.with_context(lang=self.user_id.lang or self.env.lang)
        if self.attempts >= MAX_ATTEMPTS:
            self._fail(
                requester.env._(
                    "The workbook was started %(count)s times without finishing: it is too "
                    "large for the server's limits. Choose a shorter period.",
                    count=self.attempts,
                )
            )
            return
        # Counted before the build and kept whatever becomes of it.
        self.attempts += 1
        if not is_testing():
            self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            with self.env.cr.savepoint():
                name, workbook = self._build_as_requester()
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": name,
                        "raw": workbook,
                        "mimetype": XLSX,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                )
                self.write(
                    {
                        "state": "done",
                        "attachment_id": attachment.id,
                        "date_done": fields.Datetime.now(),
                        "error": False,
                    }
                )
        except UserError as error:  # AccessError included: no longer a manager, or company
            self._fail(str(error.args[0]) if error.args else str(error))
            return
        except Exception:  # pylint: disable=broad-except
            # Whatever broke, the export must end failed rather than be retried at every run.
            _logger.exception("KPI workbook %s could not be prepared", self.id)
            self._fail(
                requester.env._(
                    "The workbook could not be prepared because of an error on the server. "
                    "Ask your administrator, who will find the details in the server log."
                )
            )
            return
        self._tell_requester(READY_TEMPLATE)

    def _build_as_requester(self):
        """The workbook's name and bytes, made as the person who asked for it: under their own
        rules (a complaint about them is left out), in their language, in the company they
        chose."""
        user = self.user_id
        Kpi = self.env["beneficiary.kpi"].with_user(user).with_company(self.company_id)
        Kpi = Kpi.with_context(lang=user.lang or self.env.lang)
        options = self._kpi_options(Kpi)
        with tempfile.TemporaryFile() as out:
            Kpi._write_xlsx(out, options)
            out.seek(0)
            return Kpi._workbook_name(options), out.read()

    def _fail(self, message):
        self.write({"state": "failed", "error": message, "date_done": fields.Datetime.now()})
        self._tell_requester(FAILED_TEMPLATE)

    def _tell_requester(self, template_xmlid):
        """Post the template on the export for its requester (their inbox, or their mail if
        they so chose). The export's state is what counts: a notice that cannot be given is
        logged, and the export stays as it is."""
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        try:
            with self.env.cr.savepoint():
                self.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        except Exception:  # pylint: disable=broad-except
            _logger.exception("Could not tell the requester of KPI workbook %s", self.id)
