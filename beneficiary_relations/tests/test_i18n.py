import io
import os
import re
from collections import Counter

import polib

from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

# Only the opening of a {{ }} expression: an SMS template may translate words inside it.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{")
TAG = re.compile(r"</?([a-zA-Z][\w.-]*)")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.i18n = os.path.join(get_module_path("beneficiary_relations"), "i18n")
        cls.pot = polib.pofile(os.path.join(cls.i18n, "beneficiary_relations.pot"))
        cls.ar = polib.pofile(os.path.join(cls.i18n, "ar.po"))

    @staticmethod
    def _terms(catalog):
        return {(entry.msgctxt, entry.msgid) for entry in catalog if entry.msgid}

    def test_pot_is_generated_from_the_code(self):
        buffer = io.BytesIO()
        trans_export(None, ["beneficiary_relations"], buffer, "po", self.env.cr)
        exported = polib.pofile(buffer.getvalue().decode())
        missing = self._terms(exported) - self._terms(self.pot)
        stale = self._terms(self.pot) - self._terms(exported)
        self.assertFalse(missing, "Terms missing from the .pot (run scripts/update-translations)")
        self.assertFalse(stale, "Terms the code no longer has (run scripts/update-translations)")

    def test_arabic_translates_every_term(self):
        translated = {(e.msgctxt, e.msgid) for e in self.ar if e.msgid and e.msgstr.strip()}
        untranslated = sorted(t[1] for t in self._terms(self.pot) - translated)
        self.assertFalse(
            untranslated,
            f"{len(untranslated)} terms lack an Arabic translation, e.g. {untranslated[:5]}",
        )

    def test_arabic_keeps_placeholders_and_markup(self):
        """A translation that drops a %s or a tag breaks the message or the page in Arabic."""
        broken = [
            entry.msgid[:60]
            for entry in self.ar
            if entry.msgstr.strip()
            and (
                Counter(PLACEHOLDER.findall(entry.msgid))
                != Counter(PLACEHOLDER.findall(entry.msgstr))
                or Counter(TAG.findall(entry.msgid)) != Counter(TAG.findall(entry.msgstr))
            )
        ]
        self.assertFalse(broken, f"{len(broken)} translations lose placeholders or tags")

    def test_arabic_is_loaded_into_the_database(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(
            ["beneficiary_relations"], ["ar_001"], overwrite=True
        )
        field = self.env["ir.model.fields"]._get("beneficiary.beneficiary", "national_id")
        self.assertNotEqual(field.with_context(lang="ar_001").field_description, "ID Number")

    def test_errors_reach_arabic_users_in_arabic(self):
        self.env["res.lang"]._activate_lang("ar_001")
        beneficiaries = self.env["beneficiary.beneficiary"].with_context(lang="ar_001")
        with self.assertRaises(ValidationError) as caught:
            beneficiaries.create({"name": "x", "national_id": "1000000007"})
        message = str(caught.exception)
        self.assertIn("1000000007", message)
        self.assertRegex(message, "[\u0600-\u06ff]", "the error is not in Arabic")
        self.assertNotIn("check digit", message)
