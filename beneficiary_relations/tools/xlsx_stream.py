import re
from datetime import date, datetime

from xlsxwriter.utility import datetime_to_excel_datetime, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

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
