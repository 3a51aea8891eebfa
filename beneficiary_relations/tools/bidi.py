"""Right-to-left text for wkhtmltopdf.

Debian's wkhtmltopdf (Qt WebKit) lays out Arabic text wrongly: a text node that mixes Arabic
with digits or Latin letters overlaps itself after a number or runs off the page ("15 يوم عمل"
or a date "18 فبراير, 2027" come out garbled), and a long Arabic sentence is never wrapped at
the end of the line. Each word in its own element is laid out and wrapped right, so the PDFs
of this addon put every word of a text with Arabic in it in a ``<span>`` before wkhtmltopdf
sees the page; spaces and punctuation stay between the words.
"""

import re

import lxml.html

# Arabic letters and marks; its punctuation (، ؛ ؟) stays between the words like spaces.
_LETTERS = (
    "\u0621-\u065f\u066e-\u06d3\u06d5-\u06ef\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
)
_WORD = "0-9A-Za-z\u0660-\u0669\u06f0-\u06f9"
ARABIC = re.compile(f"[{_LETTERS}]")
LTR_RUN = re.compile(f"[{_WORD}]+(?:[/\\-.:,+@_%][{_WORD}]+)*%?")
# A number or Latin word (with the punctuation inside it, as in 2027-02-18), or an Arabic word.
TOKEN = re.compile(f"({LTR_RUN.pattern}|[{_LETTERS}]+)")
SKIPPED = {"script", "style", "head", "title", "textarea"}


def _arabic(text):
    return bool(text and ARABIC.search(text) and len(TOKEN.findall(text)) > 1)


def _spans(parts):
    """Spans for ``[word, text, word, text...]``: each word in a span, the text after it (spaces,
    punctuation) as its tail."""
    spans = []
    for index in range(0, len(parts), 2):
        span = lxml.html.Element("span")
        span.text = parts[index]
        span.tail = parts[index + 1] if index + 1 < len(parts) else None
        spans.append(span)
    return spans


def isolate_ltr_runs(html):
    """``html`` (bytes) with each word of a text with Arabic in it in its own span."""
    root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in SKIPPED:
            continue
        if _arabic(element.text):
            first, *rest = TOKEN.split(element.text)
            element.text = first
            for index, span in enumerate(_spans(rest)):
                element.insert(index, span)
        parent = element.getparent()
        if parent is not None and _arabic(element.tail):
            first, *rest = TOKEN.split(element.tail)
            element.tail = first
            position = parent.index(element)
            for offset, span in enumerate(_spans(rest), 1):
                parent.insert(position + offset, span)
    return lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
