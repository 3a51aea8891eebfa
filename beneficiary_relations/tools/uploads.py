"""Checks for files that beneficiaries and the public upload."""

from odoo.tools.mimetypes import guess_mimetype

# Odoo reads a posted form into memory up to 10 MB (odoo/http.py, HTTPRequest's
# max_form_memory_size) and answers more with an error page, before any form can say what is
# wrong. A file just over the largest upload must still reach the form's own check: one MB of
# margin for it and the form's other fields.
SERVER_FORM_LIMIT_MB = 10
MAX_UPLOAD_MB = SERVER_FORM_LIMIT_MB - 1

ALLOWED_MIMETYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
}


def upload_error(env, filename, content, max_mb):
    """A translated message saying what is wrong with an uploaded file, or None.

    The type is read from the content, not from the file's name or the browser's claim."""
    if not content:
        return env._("The file %s is empty.", filename)
    if max_mb and len(content) > max_mb * 1024 * 1024:
        return env._("The file %(name)s is larger than %(limit)s MB.", name=filename, limit=max_mb)
    if guess_mimetype(content) not in ALLOWED_MIMETYPES:
        return env._(
            "The file %(name)s is not accepted: send a PDF, JPEG or PNG file.", name=filename
        )
    return None
