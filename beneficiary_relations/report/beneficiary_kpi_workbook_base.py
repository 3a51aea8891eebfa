import tempfile

import xlsxwriter

from ..tools.xlsx_stream import (
    FORBIDDEN_IN_SHEET_NAME,
    MAX_CELL_TEXT,
    MAX_SHEET_NAME,
    RowStreamWorksheet,
)


class KpiWorkbookBase:
    """The book, its formats, and the tables and charts its sheets are made of."""

    def __init__(self, kpi, options, fileobj):
        self.kpi = kpi
        self.env = kpi.env
        self.options = options
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
        headers = [self.env._("Breakdown"), self.env._("Item")] + [c[1] for c in columns]
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
