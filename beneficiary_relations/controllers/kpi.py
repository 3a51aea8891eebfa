import os
import tempfile

from werkzeug.exceptions import BadRequest, Forbidden

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from ..tools.groups import MANAGER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BeneficiaryKpiController(http.Controller):
    @http.route("/beneficiary_relations/report/kpi.xlsx", type="http", auth="user", methods=["GET"])
    def kpi_xlsx(self, **params):
        """The KPI workbook, for managers only, built under the manager's own access rules,
        written to a temporary file and streamed from it."""
        if not request.env.user.has_group(MANAGER):
            raise Forbidden()
        Kpi = request.env["beneficiary.kpi"]
        try:
            options = Kpi._options_from_params(params)
        except AccessError as error:
            raise Forbidden() from error
        except (UserError, ValueError) as error:
            raise BadRequest(str(error)) from error
        with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as out:
            path = out.name
        try:
            with open(path, "wb") as out:
                Kpi._write_xlsx(out, options)
            stream = http.Stream(
                type="path",
                path=path,
                mimetype=XLSX,
                as_attachment=True,
                download_name=Kpi._workbook_name(options),
                size=os.path.getsize(path),
                conditional=False,
                etag=False,
                max_age=0,
            )
            # The response holds the file open: removing its name leaves nothing on disk.
            return stream.get_response()
        finally:
            os.unlink(path)
