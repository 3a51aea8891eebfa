from datetime import date

from lxml import etree

from odoo.tests import Form, HttpCase, tagged
from odoo.tools.misc import format_date

from ..hooks import LANGUAGES, _activate_languages
from ..tools import format_hijri
from .common import ComplaintCase, saudi_id


@tagged("post_install", "-at_install")
class TestSaudiInput(ComplaintCase):
    """IDs, phones and amounts as people type them, and beneficiaries found the same way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hessa = cls.create_beneficiary(
            name="حصة ناصر الدوسري", national_id=saudi_id(1, 55504321), mobile="0551234567"
        )
        cls.other = cls.create_beneficiary(
            name="Other Beneficiary", national_id=saudi_id(1, 12345678), mobile="0509876543"
        )

    def test_arabic_indic_and_persian_digits_round_trip(self):
        beneficiary = self.create_beneficiary(national_id="١٠٠٠٠٠٠٠٠٨", mobile="٠٥٠ ١١١ ٢٢٣٣")
        self.assertEqual(beneficiary.national_id, "1000000008")
        self.assertEqual(beneficiary.mobile, "+966501112233")
        beneficiary.write({"national_id": "۲۰۰۰۰۰۰۰۰۶", "id_type": "iqama", "mobile": "۰۵۵۵۵۵۵۵۵۵"})
        self.assertEqual(beneficiary.national_id, "2000000006")
        self.assertEqual(beneficiary.mobile, "+966555555555")

    def test_arabic_indic_amount(self):
        complaint = self.create_complaint()
        compensation = self.env["beneficiary.compensation"].create(
            {"complaint_id": complaint.id, "amount": "١٢٣٤.٥"}
        )
        self.assertEqual(compensation.amount, 1234.5)

    def test_one_digit_style_per_date_line(self):
        """The portal and the mails write a date and its Hijri date in Western digits both
        (the back office writes both in its own digits: the local_digits widget)."""
        day = date(2027, 3, 30)
        hijri = format_hijri(day, "ar_001")
        gregorian = format_date(self.env, day, lang_code="ar_001")
        self.assertEqual(hijri, "22 شوال 1448 هـ")
        for text in (hijri, gregorian):
            self.assertFalse(set(text) & set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"), text)
        views = self.env["beneficiary.request"].get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        self.assertEqual(
            arch.xpath("//field[@name='date_deadline_hijri']/@widget"), ["local_digits"]
        )

    def test_phones_are_read_as_saudi(self):
        for typed in ("0551234567", "551234567", "+966551234567", "00966551234567"):
            self.assertEqual(
                self.env["beneficiary.beneficiary"]._normalized_mobile(typed), "+966551234567"
            )

    def test_name_search_by_id_digits_and_mobile(self):
        Beneficiary = self.env["beneficiary.beneficiary"]
        national_id = self.hessa.national_id
        typed = [
            national_id,  # the whole ID
            national_id[-4:],  # its last 4 digits
            national_id[-4:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
            "0551234567",
            "055 123 4567",
            "551234567",
            "+966551234567",
            "+966 55 123 4567",
            "00966551234567",
            "٠٥٥١٢٣٤٥٦٧",
            "۰۵۵۱۲۳۴۵۶۷",
            "0551",  # the start of the mobile, as typed
            "حصة",
        ]
        for text in typed:
            with self.subTest(text=text):
                found = [row[0] for row in Beneficiary.name_search(text, limit=10)]
                self.assertIn(self.hessa.id, found)
                self.assertNotIn(self.other.id, found)

    def test_pickers_and_search_views_find_the_same(self):
        """Requests, complaints and compensation find a beneficiary typed in their pickers and
        search views as the registry does."""
        complaint = self.create_complaint(beneficiary_id=self.hessa.id)
        self.env["beneficiary.compensation"].create({"complaint_id": complaint.id, "amount": 10})
        for model in ("beneficiary.complaint", "beneficiary.compensation"):
            with self.subTest(model=model):
                found = self.env[model].search([("beneficiary_id", "ilike", "٠٥٥١٢٣٤٥٦٧")])
                self.assertEqual(found.beneficiary_id, self.hessa)
        found = self.env["beneficiary.beneficiary"].search(
            [("display_name", "ilike", self.hessa.national_id[-4:])]
        )
        self.assertEqual(found, self.hessa)
        # The search view's own filter.
        search = self.env["beneficiary.beneficiary"].get_views([(False, "search")])
        arch = etree.fromstring(search["views"]["search"]["arch"])
        self.assertIn("display_name", arch.xpath("//field[@name='name']/@filter_domain")[0])

    def test_phone_and_id_read_left_to_right(self):
        views = self.env["beneficiary.beneficiary"].get_views(
            [(False, "list"), (False, "form"), (False, "kanban")]
        )
        for view_type, view in views["views"].items():
            arch = etree.fromstring(view["arch"])
            for name in ("national_id", "mobile"):
                for node in arch.xpath(f"//field[@name='{name}']"):
                    with self.subTest(view=view_type, field=name):
                        self.assertIn("o_force_ltr", node.get("class", ""))


@tagged("post_install", "-at_install")
class TestSaudiDefaults(ComplaintCase):
    def test_arabic_and_english_active_after_install(self):
        Lang = self.env["res.lang"].with_context(active_test=False)
        self.assertEqual(
            set(Lang.search([("code", "in", LANGUAGES), ("active", "=", True)]).mapped("code")),
            set(LANGUAGES),
        )
        # A database created with --load-language=ar_001 has English inactive: the
        # installation activates it.
        self.env.cr.execute("UPDATE res_lang SET active = FALSE WHERE code = 'en_US'")
        self.env.registry.clear_cache()
        Lang.invalidate_model()
        _activate_languages(self.env)
        self.assertTrue(Lang.search([("code", "=", "en_US")]).active)

    def test_response_days_in_settings_and_new_services(self):
        self.assertEqual(self.env.company.beneficiary_response_policy, "policy_002")
        self.env.company.beneficiary_response_policy = "two_weeks"
        self.assertEqual(self.env.company.beneficiary_response_days, 10)
        service = self.env["beneficiary.service"].create({"name": "Rent"})
        self.assertEqual(service.response_days, 10)


@tagged("post_install", "-at_install")
class TestBeneficiaryKanbanQuickCreate(ComplaintCase):
    def test_quick_create_in_the_draft_column(self):
        """The board's quick create form makes a draft file (the "+" of the other columns is
        gone: a file is never created registered, see the tour)."""
        kanban = self.env["beneficiary.beneficiary"].get_views([(False, "kanban")])
        arch = etree.fromstring(kanban["views"]["kanban"]["arch"])
        self.assertEqual(arch.get("js_class"), "beneficiary_kanban")
        quick_view = arch.get("quick_create_view")
        self.assertTrue(self.env.ref(quick_view))
        with Form(
            self.env["beneficiary.beneficiary"].with_context(default_state="draft"),
            view=quick_view,
        ) as quick:
            quick.name = "Quick Draft"
            quick.national_id = "١٠٠٠٠٠٠٠٠٨"
        beneficiary = quick.save()
        self.assertEqual(beneficiary.state, "draft")
        self.assertEqual(beneficiary.national_id, "1000000008")


@tagged("post_install", "-at_install")
class TestSaudiReadyTours(HttpCase, ComplaintCase):
    """In a real headless Chromium, as people type."""

    def test_arabic_indic_amount_in_the_web_client(self):
        complaint = self.create_complaint()
        compensation = self.env["beneficiary.compensation"].create(
            {"complaint_id": complaint.id, "damage_description": "Lost documents"}
        )
        self.start_tour(
            f"/odoo/action-beneficiary_relations.beneficiary_compensation_action/{compensation.id}",
            "beneficiary_arabic_indic_amount",
            login=self.manager.login,
        )
        self.assertEqual(compensation.amount, 1234.5)

    def test_kanban_quick_create(self):
        self.create_ready_beneficiary(name="Registered One").action_register()
        self.create_beneficiary(name="Draft One")
        self.manager.lang = "en_US"  # the tour reads the columns' English titles
        self.start_tour(
            "/odoo/action-beneficiary_relations.beneficiary_beneficiary_action",
            "beneficiary_kanban_quick_create",
            login=self.manager.login,
        )
        created = self.env["beneficiary.beneficiary"].search(
            [("name", "=", "Quick Draft Beneficiary")]
        )
        self.assertEqual(created.state, "draft")
        self.assertEqual(created.national_id, "1000000008")
