"""The KPI workbook, written with xlsxwriter in ``constant_memory`` mode: each row goes to a
temporary file as soon as the next one starts, so a sheet of 100,000 rows costs no more memory
than a sheet of ten. Rows are therefore written strictly top to bottom, one table a sheet (a
sheet has one autofilter), and the charts point at the rows already written."""

import re
import tempfile
from datetime import date, datetime

import xlsxwriter
from xlsxwriter.utility import datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from odoo import fields

# Excel's limits: a sheet name, a cell's text.
MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32767
FORBIDDEN_IN_SHEET_NAME = str.maketrans({c: " " for c in "[]:*?/\\"})


# Dates from here on have the plain serial number (Excel's 1900 leap-year bug is behind).
EXCEL_EPOCH = datetime(1899, 12, 30)
PLAIN_SERIALS_FROM = date(1900, 3, 1)
# What a cell's text needs done before it goes in the XML (as xlsxwriter does it).
NEEDS_ESCAPING = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
CONTROL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
CONTROL_CHARS = re.compile(r"([\x00-\x08\x0b-\x1f])")


class RowStreamWorksheet(Worksheet):
    """A worksheet that writes the rows of a data table straight into its XML.

    In ``constant_memory`` mode xlsxwriter stores each cell of the current row as an object
    and turns it into XML when the next row starts; for the hundreds of thousands of cells
    of the rows behind the figures, that per-cell work costs more than reading them from the
    database. The cells here are written as the same XML (an inline string, a number with
    its format, a boolean), built from each column's kind once. Relies on the worksheet's
    row file and dimensions of xlsxwriter 3.0 (pinned in requirements.txt); the tests read
    the result back with openpyxl."""

    def write_data_rows(self, first_row, rows, columns):
        """Write ``rows`` (tuples, None for a blank) from ``first_row`` on; ``columns`` are
        ``(kind, cell_format, selection)``. Returns the last row written."""
        assert self.constant_memory, "data rows are streamed in constant_memory mode only"
        builders = [
            self._cell_builder(xl_col_to_name(col), kind, cell_format, selection)
            for col, (kind, cell_format, selection) in enumerate(columns)
        ]
        row = first_row - 1
        for values in rows:
            row += 1
            if row > self.previous_row:
                self._write_single_row(row)  # what the API wrote before (the header)
            number = str(row + 1)
            self.fh.write(
                f'<row r="{number}">'
                + "".join(
                    build(number, value)
                    for build, value in zip(builders, values, strict=True)
                    if value is not None
                )
                + "</row>"
            )
        if row >= first_row:
            self._check_dimensions(row, len(columns) - 1)
        return row

    def _cell_builder(self, letters, kind, cell_format, selection):
        style = f' s="{cell_format._get_xf_index()}"' if cell_format else ""
        if kind in ("int", "float", "percent", "date", "datetime", "month"):
            to_number = _excel_serial if kind in ("date", "datetime", "month") else float
            return lambda ref, value: (
                f'<c r="{letters}{ref}"{style}><v>{to_number(value):.16G}</v></c>'
            )
        if kind == "bool":
            return lambda ref, value: (
                f'<c r="{letters}{ref}"{style} t="b"><v>{int(bool(value))}</v></c>'
            )
        labels = (selection or {}) if kind == "selection" else {}

        def string(ref, value):
            text, preserve = _xml_text(str(labels.get(value, value)))
            return (
                f'<c r="{letters}{ref}"{style} t="inlineStr"><is><t{preserve}>{text}</t></is></c>'
            )

        return string


def _excel_serial(value):
    """A date or a naive datetime as Excel's serial number."""
    day = value.date() if isinstance(value, datetime) else value
    if day < PLAIN_SERIALS_FROM:
        return datetime_to_excel_datetime(value, False, True)
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        return delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return value.toordinal() - EXCEL_EPOCH.toordinal()


def _xml_text(value):
    """A cell's text as inline-string XML, and its whitespace attribute: escaped as xlsxwriter
    escapes it (never read as rich text)."""
    value = value[:MAX_CELL_TEXT]
    if not NEEDS_ESCAPING.search(value):
        return value, ""
    value = CONTROL_ESCAPE.sub(r"_x005F\1", value)
    value = CONTROL_CHARS.sub(lambda m: "_x%04X_" % ord(m.group(1)), value)
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    preserve = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return value, preserve


class KpiWorkbook:
    def __init__(self, kpi, options, fileobj):
        self.kpi = kpi
        self.env = kpi.env
        self.options = options
        self._ = self.env._
        self.book = xlsxwriter.Workbook(
            fileobj,
            {
                "constant_memory": True,
                "tmpdir": tempfile.gettempdir(),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        self.rtl = (lang.direction if lang else "ltr") == "rtl"
        self.sheet_names = set()
        self._formats()

    # Formats and writers ---------------------------------------------------------------------

    def _formats(self):
        add = self.book.add_format
        base = {"reading_order": 2} if self.rtl else {}
        self.fmt = {
            "title": add(dict(base, bold=True, font_size=14)),
            "label": add(dict(base, bold=True)),
            "header": add(
                dict(
                    base,
                    bold=True,
                    text_wrap=True,
                    valign="vcenter",
                    align="center",
                    bg_color="#DDEBF7",
                    bottom=1,
                )
            ),
            "text": add(dict(base)),
            "int": add(dict(base, num_format="#,##0")),
            "float": add(dict(base, num_format="0.0")),
            "percent": add(dict(base, num_format="0.0%")),
            "date": add(dict(base, num_format="yyyy-mm-dd")),
            "datetime": add(dict(base, num_format="yyyy-mm-dd hh:mm")),
            "month": add(dict(base, num_format="yyyy-mm")),
            "bool": add(dict(base, align="center")),
        }

    def _writer(self, kind, selection=None):
        """A function writing one value of ``kind`` in a cell; None leaves the cell blank."""
        fmt = self.fmt.get(kind, self.fmt["text"])
        if kind in ("int", "float", "percent"):
            return lambda sheet, row, col, value: sheet.write_number(row, col, value, fmt)
        if kind in ("date", "datetime", "month"):
            return lambda sheet, row, col, value: sheet.write_datetime(row, col, value, fmt)
        if kind == "bool":
            return lambda sheet, row, col, value: sheet.write_boolean(row, col, value, fmt)
        if kind == "selection":
            labels = selection or {}
            return lambda sheet, row, col, value: sheet.write_string(
                row, col, labels.get(value, value), fmt
            )
        return lambda sheet, row, col, value: sheet.write_string(
            row, col, str(value)[:MAX_CELL_TEXT], fmt
        )

    def _write_cell(self, sheet, row, col, value, kind):
        if value is None or value is False and kind != "bool":
            return
        self._writer(kind)(sheet, row, col, value)

    # Sheets ----------------------------------------------------------------------------------

    def _sheet(self, name):
        name = name.translate(FORBIDDEN_IN_SHEET_NAME).strip("'")[:MAX_SHEET_NAME]
        unique, counter = name, 2
        while unique.lower() in self.sheet_names:
            suffix = f" {counter}"
            unique = name[: MAX_SHEET_NAME - len(suffix)] + suffix
            counter += 1
        self.sheet_names.add(unique.lower())
        sheet = self.book.add_worksheet(unique, worksheet_class=RowStreamWorksheet)
        if self.rtl:
            sheet.right_to_left()
        return sheet

    def _header(self, sheet, row, headers, widths):
        sheet.set_row(row, 30)
        for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(row, col, header, self.fmt["header"])
        sheet.freeze_panes(row + 1, 0)

    def _finish_table(self, sheet, header_row, last_row, columns):
        sheet.autofilter(header_row, 0, max(header_row, last_row), columns - 1)

    def _stream_table(self, name, model, domain, columns, order=("id",)):
        """A sheet of the rows behind the figures, read and written a batch at a time."""
        sheet = self._sheet(name)
        self._header(sheet, 0, [c.header for c in columns], [c.width for c in columns])
        last_row = sheet.write_data_rows(
            1,
            self.kpi._stream(model, domain, columns, order),
            [(c.kind, self.fmt.get(c.kind, self.fmt["text"]), c.selection) for c in columns],
        )
        self._finish_table(sheet, 0, last_row, len(columns))
        return sheet, last_row

    def _breakdown_table(self, sheet, header_row, columns, sections):
        """A long table: ``Breakdown | Item | figures...``, one section a breakdown.
        ``columns`` are ``(key, header, kind, width)``; ``sections`` ``(label, rows)`` where
        each row is ``(item, item_kind, values)``. Returns where each section's rows are."""
        headers = [self._("Breakdown"), self._("Item")] + [c[1] for c in columns]
        widths = [18, 28] + [c[3] for c in columns]
        self._header(sheet, header_row, headers, widths)
        row = header_row
        spans = {}
        for label, rows in sections:
            first = row + 1
            for item, item_kind, values in rows:
                row += 1
                sheet.write_string(row, 0, label, self.fmt["text"])
                self._write_cell(sheet, row, 1, item, item_kind)
                for col, (key, _header, kind, _width) in enumerate(columns, 2):
                    self._write_cell(sheet, row, col, values.get(key), kind)
            spans[label] = (first, row)
        self._finish_table(sheet, header_row, row, len(headers))
        return spans

    def _chart(self, sheet, kind, title, spans, series, position, categories_col=1, **options):
        """A chart of ``series`` (``(column, name)``) over the rows ``spans`` (first, last)."""
        first, last = spans
        if last < first:
            return None
        chart = self.book.add_chart(dict({"type": kind}, **options))
        for col, name in series:
            chart.add_series(
                {
                    "name": name,
                    "categories": [sheet.name, first, categories_col, last, categories_col],
                    "values": [sheet.name, first, col, last, col],
                }
            )
        chart.set_title({"name": title})
        if len(series) == 1:
            chart.set_legend({"none": True})
        sheet.insert_chart(position[0], position[1], chart, {"x_scale": 1.3, "y_scale": 1.1})
        return chart

    # The workbook ----------------------------------------------------------------------------

    def write(self):
        self.write_summary()
        self.write_requests()
        self.write_overdue_requests()
        self.write_complaints()
        self.write_escalations()
        self.write_satisfaction()
        self.write_supervision()
        self.write_request_rows()
        self.write_complaint_rows()
        self.write_satisfaction_rows()
        self.write_acknowledgements()
        self.book.close()

    def _names(self, records):
        return ", ".join(records.mapped("display_name")) if records else self._("All")

    def write_summary(self):
        _ = self._
        options = self.options
        sheet = self._sheet(_("Summary"))
        sheet.write_string(0, 0, _("Beneficiary relations indicators"), self.fmt["title"])
        meta = [
            (_("Company"), options.company.name, "text"),
            (_("From"), options.date_from, "date"),
            (_("To"), options.date_to, "date"),
            (_("Services"), self._names(options.services), "text"),
            (_("Beneficiary Categories"), self._names(options.categories), "text"),
            (
                _("Generated On"),
                fields.Datetime.context_timestamp(self.kpi, fields.Datetime.now()).replace(
                    tzinfo=None
                ),
                "datetime",
            ),
            (_("Generated By"), self.env.user.name, "text"),
        ]
        for row, (label, value, kind) in enumerate(meta, 1):
            sheet.write_string(row, 0, label, self.fmt["label"])
            self._write_cell(sheet, row, 1, value, kind)
        header_row = len(meta) + 2
        self._header(sheet, header_row, [_("Clause"), _("Indicator"), _("Value")], [34, 60, 16])
        row = header_row
        for _key, clause, label, value, kind in self.kpi._summary(options):
            row += 1
            sheet.write_string(row, 0, clause, self.fmt["text"])
            sheet.write_string(row, 1, label, self.fmt["text"])
            self._write_cell(sheet, row, 2, value, kind)
        self._finish_table(sheet, header_row, row, 3)

    def _grouped(self, rows, empty_label=None):
        """Breakdown rows from ``_aggregate`` results grouped by one many2one or selection."""
        result = []
        for values in rows:
            group = values["groups"][0]
            if hasattr(group, "_name"):
                item = group.display_name if group else (empty_label or self._("(none)"))
            else:
                item = group if group else (empty_label or self._("(none)"))
            result.append((item, "text", values))
        return sorted(result, key=lambda row: str(row[0]))

    def _monthly(self, rows):
        return [(values["groups"][0], "month", values) for values in rows]

    def write_requests(self):
        _ = self._
        kpi, options = self.kpi, self.options
        sheet = self._sheet(_("Requests"))
        columns = [
            ("received", _("Received"), "int", 11),
            ("decided", _("Decided"), "int", 11),
            ("approved", _("Approved"), "int", 11),
            ("rejected", _("Rejected"), "int", 11),
            ("on_time", _("Decided on Time"), "int", 11),
            ("on_time_rate", _("On-time Share"), "percent", 11),
            ("median_days", _("Median Working Days to Decision"), "float", 14),
            ("open", _("Open Today"), "int", 11),
            ("overdue", _("Overdue Today"), "int", 11),
        ]
        month_label = _("Month")
        spans = self._breakdown_table(
            sheet,
            0,
            columns,
            [
                (_("Service"), self._grouped(kpi._request_figures(options, ["service_id"]))),
                (_("Intake Channel"), self._grouped(kpi._request_figures(options, ["channel_id"]))),
                (_("Category"), self._grouped(kpi._request_figures(options, ["category_id"]))),
                (month_label, self._monthly(kpi._requests_by_month(options))),
            ],
        )
        chart_col = len(columns) + 3
        self._chart(
            sheet,
            "column",
            _("Requests by month"),
            spans[month_label],
            [(2, _("Received")), (3, _("Decided")), (6, _("Decided on Time"))],
            (1, chart_col),
        )
        self._chart(
            sheet,
            "bar",
            _("Decided on time, by service"),
            spans[_("Service")],
            [(7, _("On-time Share"))],
            (18, chart_col),
        )

    def write_overdue_requests(self):
        kpi = self.kpi
        self._stream_table(
            self._("Overdue Requests"),
            self.env["beneficiary.request"],
            kpi._overdue_request_domain(self.options),
            kpi._overdue_request_columns(),
            order=("date_deadline", "id"),
        )

    def write_complaints(self):
        _ = self._
        kpi, options = self.kpi, self.options
        sheet = self._sheet(_("Complaints"))
        columns = [
            ("received", _("Received"), "int", 11),
            ("answered", _("Answered"), "int", 11),
            ("on_time", _("Answered on Time"), "int", 11),
            ("on_time_rate", _("On-time Share"), "percent", 11),
            ("amicable", _("Settled Amicably"), "int", 11),
            ("amicable_rate", _("Amicable Share"), "percent", 11),
            ("escalated", _("Escalated"), "int", 11),
            ("open", _("Open Today"), "int", 11),
            ("overdue", _("Overdue Today"), "int", 11),
        ]
        complaint = self.env["beneficiary.complaint"]
        types = kpi._selection_labels(complaint, "complaint_type")
        by_type = [
            (types.get(values["groups"][0], values["groups"][0]), "text", values)
            for values in kpi._complaint_figures(options, ["complaint_type"])
        ]
        type_label, age_label = _("Type"), _("Age Today")
        spans = self._breakdown_table(
            sheet,
            0,
            columns,
            [
                (type_label, by_type),
                (_("Category"), self._grouped(kpi._complaint_figures(options, ["category_id"]))),
                (
                    _("Follow-up Member"),
                    self._grouped(
                        kpi._complaint_figures(options, ["user_id"]), empty_label=_("(unassigned)")
                    ),
                ),
                (
                    _("Intake Channel"),
                    self._grouped(kpi._complaint_figures(options, ["channel_id"])),
                ),
                (_("Month"), self._monthly(kpi._complaints_by_month(options))),
                (
                    age_label,
                    [
                        (values["groups"][0], "text", values)
                        for values in kpi._open_complaints_by_age(options)
                    ],
                ),
            ],
        )
        chart_col = len(columns) + 3
        self._chart(
            sheet,
            "column",
            _("Open complaints by age"),
            spans[age_label],
            [(9, _("Open Today")), (10, _("Overdue Today"))],
            (1, chart_col),
        )
        self._chart(
            sheet,
            "pie",
            _("Received by type"),
            spans[type_label],
            [(2, _("Received"))],
            (18, chart_col),
        )

    def write_escalations(self):
        self._stream_table(
            self._("Escalations"),
            self.env["beneficiary.complaint"],
            self.kpi._escalation_domain(self.options),
            self.kpi._escalation_columns(),
        )

    def write_satisfaction(self):
        _ = self._
        kpi, options = self.kpi, self.options
        sheet = self._sheet(_("Satisfaction"))
        columns = [
            ("sent", _("Questionnaires Sent"), "int", 12),
            ("answers", _("Answers"), "int", 11),
            ("response_rate", _("Response Rate"), "percent", 11),
            ("csat", _("CSAT"), "percent", 11),
            ("score", _("Average Score"), "float", 11),
        ]
        origins = kpi._selection_labels(self.env["beneficiary.satisfaction.report"], "origin")
        month_label = _("Month")
        spans = self._breakdown_table(
            sheet,
            0,
            columns,
            [
                (_("Service"), self._grouped(kpi._satisfaction_figures(options, ["service_id"]))),
                (
                    _("Intake Channel"),
                    self._grouped(kpi._satisfaction_figures(options, ["channel_id"])),
                ),
                (
                    _("Category"),
                    self._grouped(kpi._satisfaction_figures(options, ["category_id"])),
                ),
                (
                    _("Origin"),
                    [
                        (origins.get(values["groups"][0], values["groups"][0]), "text", values)
                        for values in kpi._satisfaction_figures(options, ["origin"])
                    ],
                ),
                (month_label, self._monthly(kpi._satisfaction_by_month(options))),
            ],
        )
        self._chart(
            sheet,
            "line",
            _("Satisfaction by month"),
            spans[month_label],
            [(5, _("CSAT")), (4, _("Response Rate"))],
            (1, len(columns) + 3),
        )

    def write_supervision(self):
        _ = self._
        sheet = self._sheet(_("Supervision"))
        columns = [
            ("care", _("Beneficiaries in Their Care"), "int", 13),
            ("received", _("Requests Received"), "int", 11),
            ("decided", _("Requests Decided"), "int", 11),
            ("on_time", _("Decided on Time"), "int", 11),
            ("on_time_rate", _("On-time Share"), "percent", 11),
            ("open", _("Open Requests"), "int", 11),
            ("overdue", _("Overdue Requests"), "int", 11),
            ("complaints", _("Complaints Received"), "int", 11),
            ("answered", _("Complaints Answered"), "int", 11),
            ("complaints_on_time_rate", _("Answered on Time Share"), "percent", 11),
            ("complaints_open", _("Open Complaints"), "int", 11),
            ("complaints_overdue", _("Overdue Complaints"), "int", 11),
            ("open_items", _("Open Items"), "int", 11),
            ("overdue_items", _("Overdue Items"), "int", 11),
        ]
        headers = [_("Staff Member")] + [c[1] for c in columns]
        self._header(sheet, 0, headers, [26] + [c[3] for c in columns])
        row = 0
        for user, values in self.kpi._supervision(self.options):
            row += 1
            sheet.write_string(row, 0, user.name or "", self.fmt["text"])
            for col, (key, _header, kind, _width) in enumerate(columns, 1):
                self._write_cell(sheet, row, col, values.get(key), kind)
        self._finish_table(sheet, 0, row, len(headers))
        self._chart(
            sheet,
            "bar",
            _("Open and overdue items per staff member"),
            (1, row),
            [(13, _("Open Items")), (14, _("Overdue Items"))],
            (row + 3, 0),
            categories_col=0,
        )

    def write_request_rows(self):
        kpi = self.kpi
        self._stream_table(
            self._("Request Rows"),
            self.env["beneficiary.request"],
            kpi._request_domain(self.options),
            kpi._request_row_columns(self.options),
        )

    def write_complaint_rows(self):
        kpi = self.kpi
        self._stream_table(
            self._("Complaint Rows"),
            self.env["beneficiary.complaint"],
            kpi._complaint_domain(self.options),
            kpi._complaint_row_columns(self.options),
        )

    def write_satisfaction_rows(self):
        kpi = self.kpi
        self._stream_table(
            self._("Satisfaction Rows"),
            self.env["beneficiary.satisfaction.report"],
            kpi._satisfaction_domain(self.options),
            kpi._satisfaction_row_columns(),
        )

    def write_acknowledgements(self):
        _ = self._
        sheet = self._sheet(_("Acknowledgements"))
        policy, staff = self.kpi._acknowledgements(self.options)
        ack_model = self.env["beneficiary.policy.acknowledgement"]
        methods = self.kpi._selection_labels(ack_model, "method")
        headers = [_("Employee"), _("Policy"), _("Acknowledged"), _("Acknowledged On"), _("How")]
        self._header(sheet, 0, headers, [26, 36, 13, 17, 16])
        row = 0
        for row, (user, acknowledgement) in enumerate(staff, 1):
            sheet.write_string(row, 0, user.name or "", self.fmt["text"])
            sheet.write_string(row, 1, policy.display_name or "", self.fmt["text"])
            sheet.write_boolean(row, 2, bool(acknowledgement), self.fmt["bool"])
            if acknowledgement:
                moment = fields.Datetime.context_timestamp(self.kpi, acknowledgement.date)
                sheet.write_datetime(row, 3, moment.replace(tzinfo=None), self.fmt["datetime"])
                sheet.write_string(
                    row, 4, methods.get(acknowledgement.method, ""), self.fmt["text"]
                )
        self._finish_table(sheet, 0, row, len(headers))
