"""Merge a freshly exported .pot into a .po: keep the translations of unchanged terms,
add new terms untranslated, drop the terms the code no longer has. Prints what is left to do."""

import sys

import polib

HEADER = {
    "Language": "ar",
    "Plural-Forms": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5;",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "",
}


def merge(pot_path, po_path):
    pot = polib.pofile(pot_path)
    try:
        old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(po_path)}
    except OSError:
        old = {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata, **HEADER)
    po.header = pot.header
    for entry in pot:
        entry.msgstr = old.get((entry.msgctxt, entry.msgid), "")
        po.append(entry)
    po.save(po_path)
    missing = [e.msgid for e in po if not e.msgstr]
    print(f"{po_path}: {len(po)} terms, {len(missing)} untranslated")
    return missing


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2])
