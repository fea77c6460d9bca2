"""Reading and writing the CSV tables of the plugin.

Inputs written by hand or by Excel come in many shapes: UTF-8 with or without
BOM, GBK/GB18030 from a Chinese Excel, comma, semicolon or tab separated,
blank lines, '#' comment lines, headers in any case. Every parse error names
the file, the row and the column and says what was expected.

Outputs are UTF-8 with BOM (Excel then shows Chinese class names correctly;
pandas and csv.reader(encoding='utf-8-sig') read it as plain UTF-8).
"""

import csv
import io
import math

from .errors import LandCarbonError

ENCODINGS = ("utf-8-sig", "gb18030")


def _decode(path, label):
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise LandCarbonError("Cannot read %s (%s)." % (label, exc.strerror or exc)) from None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LandCarbonError("%s is neither UTF-8 nor GBK/GB18030 text. Save it as CSV "
                          "(UTF-8)." % label)


def read_rows(path, label=None):
    """All non-empty, non-comment rows of a CSV file as lists of stripped strings."""
    label = label or str(path)
    text = _decode(path, label)
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise LandCarbonError("%s is empty." % label)
    first = lines[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    rows = [[cell.strip() for cell in row]
            for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)]
    return [row for row in rows if any(row)]


def read_table(path, label=None, required=(), aliases=None):
    """A CSV with a header row, as (header, rows).

    Header names are lower-cased and stripped; ``aliases`` maps other
    accepted names to the canonical one (e.g. {'colour': 'color'}).
    Missing ``required`` columns are an error that lists what was found.
    """
    label = label or str(path)
    rows = read_rows(path, label)
    aliases = aliases or {}
    header = [aliases.get(h.lower(), h.lower()) for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise LandCarbonError("%s lacks the column(s) %s; its header is: %s. Expected "
                              "columns: %s." % (label, ", ".join(missing), ", ".join(rows[0]),
                                                ", ".join(required)))
    dup = sorted({h for h in header if h and header.count(h) > 1})
    if dup:
        raise LandCarbonError("%s has the column(s) %s more than once." % (label, ", ".join(dup)))
    return header, rows[1:]


def parse_float(text, label, row, column, allow_empty=False):
    """A finite float from a table cell, or an error naming row and column.

    ``row`` counts data rows from 1 (the header is row 0), as a user reading
    the file in a spreadsheet would see it (+1)."""
    text = (text or "").strip()
    if not text:
        if allow_empty:
            return None
        raise LandCarbonError("%s, data row %d: column '%s' is empty; give a number."
                              % (label, row, column))
    try:
        value = float(text.replace(" ", ""))
    except ValueError:
        raise LandCarbonError("%s, data row %d: column '%s' holds '%s', which is not a "
                              "number (use a dot as decimal separator)."
                              % (label, row, column, text)) from None
    if not math.isfinite(value):
        raise LandCarbonError("%s, data row %d: column '%s' is %s; give a finite number."
                              % (label, row, column, text))
    return value


def parse_int(text, label, row, column):
    """An integer (class code, year) from a table cell."""
    value = parse_float(text, label, row, column)
    if value != int(value):
        raise LandCarbonError("%s, data row %d: column '%s' holds %s; a whole number is "
                              "expected." % (label, row, column, text))
    return int(value)


def parse_number_list(text, what, integer=False):
    """'2000, 2010,2020' -> [2000, 2010, 2020]; separators: comma, semicolon, space."""
    parts = [p for p in str(text or "").replace(";", ",").replace(" ", ",").split(",") if p]
    if not parts:
        raise LandCarbonError("%s is empty; give one or more numbers separated by commas."
                              % what)
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            raise LandCarbonError("%s: '%s' is not a number (give numbers separated by "
                                  "commas, e.g. 2000,2010,2020)." % (what, part)) from None
        if not math.isfinite(value):
            raise LandCarbonError("%s: '%s' is not a finite number." % (what, part))
        if integer:
            if value != int(value):
                raise LandCarbonError("%s: '%s' is not a whole number." % (what, part))
            value = int(value)
        values.append(value)
    return values


def format_value(value):
    """Numbers as they should look in a CSV: integers plain, floats with 12
    significant digits, None and NaN as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (hasattr(value, "dtype") and value.dtype.kind in "iu"):
        return str(int(value))
    if isinstance(value, float) or (hasattr(value, "dtype") and value.dtype.kind == "f"):
        value = float(value)
        if math.isnan(value):
            return ""
        return "%.12g" % value
    return str(value)


def write_table(path, header, rows):
    """Write a CSV (UTF-8 with BOM, comma separated)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([format_value(v) for v in row])
