"""Demo data that looks like a year of an association's work: beneficiaries, requests in every
stage of every service, complaints of each type and state, satisfaction answers and ratings
spread over the last months. Called once from the demo data (``demo/beneficiary_demo_data.xml``);
deterministic (a seeded random generator, dates counted back from the day it runs); no
network (the notifications it causes are written to the chatter, then taken out of the
outgoing mail and SMS queues)."""

import base64
import random
from datetime import datetime, time, timedelta

from stdnum import luhn

from odoo import Command, api, fields, models
from odoo.tools import file_open

SEED = 1447
FIRST_NAMES = {
    "male": ["محمد", "عبدالله", "سعد", "فهد", "خالد", "سلمان", "ناصر", "تركي", "ماجد", "يوسف"],
    "female": ["نورة", "سارة", "هيا", "منيرة", "لطيفة", "ريم", "أمل", "جواهر", "مها", "حصة"],
}
FATHERS = ["عبدالرحمن", "إبراهيم", "علي", "حمد", "صالح", "عبدالعزيز", "سليمان", "عمر"]
FAMILIES = [
    "الدوسري",
    "الشمري",
    "الحربي",
    "الزهراني",
    "الغامدي",
    "المطيري",
    "العنزي",
    "السبيعي",
    "الشهري",
    "البقمي",
    "الرشيدي",
    "العمري",
]
CITIES = ["الرياض", "جدة", "الدمام", "مكة المكرمة", "المدينة المنورة", "أبها", "حائل", "تبوك"]
SERVICES = [
    ("beneficiary_service_food_basket_demo", None, 10, False),
    ("beneficiary_service_rent_demo", None, 15, True),
    ("beneficiary_service_medical_demo", None, 15, False),
    ("beneficiary_service_education_demo", "حقيبة وزي مدرسي", 10, False),
    ("beneficiary_service_bills_demo", "سداد فواتير الكهرباء", 15, True),
]


class BeneficiaryDemo(models.AbstractModel):
    _name = "beneficiary.demo"
    _description = "Beneficiary Relations Demo Data"

    @api.model
    def _generate(self):
        if not self.env.su:
            return
        rng = random.Random(SEED)
        now = fields.Datetime.now()
        last = {
            model: self.env[model].search([], order="id desc", limit=1).id
            for model in ("mail.mail", "sms.sms", "mail.notification")
        }
        demo = self.with_context(mail_notrack=True, tracking_disable=True)
        services = demo._demo_services()
        beneficiaries = demo._demo_beneficiaries(rng, now)
        requests = demo._demo_requests(rng, now, services, beneficiaries)
        complaints = demo._demo_complaints(rng, now, beneficiaries)
        demo._demo_answers(rng, now, requests, complaints, beneficiaries)
        # Demo notices are in the chatter, shown as sent; nobody receives them.
        self.env["mail.notification"].search(
            [
                ("id", ">", last["mail.notification"]),
                ("notification_status", "in", ("ready", "process")),
            ]
        ).write({"notification_status": "sent"})
        self.env["mail.mail"].search([("id", ">", last["mail.mail"])]).unlink()
        self.env["sms.sms"].search([("id", ">", last["sms.sms"])]).unlink()

    # Records --------------------------------------------------------------------------------

    def _demo_services(self):
        services = self.env["beneficiary.service"]
        admin = self.env.ref("base.user_admin")
        for xml_id, name, days, research in SERVICES:
            service = self.env.ref(f"beneficiary_relations.{xml_id}", raise_if_not_found=False)
            if not service:
                service = self.env["beneficiary.service"].create(
                    {
                        "name": name,
                        "response_days": days,
                        "research_required": research,
                        "user_ids": [Command.link(admin.id)],
                    }
                )
                self.env["ir.model.data"].create(
                    {
                        "module": "beneficiary_relations",
                        "name": xml_id,
                        "model": service._name,
                        "res_id": service.id,
                        "noupdate": True,
                    }
                )
            services |= service
        return services

    def _demo_beneficiaries(self, rng, now):
        Beneficiary = self.env["beneficiary.beneficiary"]
        categories = self.env["beneficiary.category"].search([])
        id_copy = self.env.ref("beneficiary_relations.beneficiary_document_type_national_id_copy")
        with file_open("beneficiary_relations/static/demo/document.pdf", "rb") as demo_file:
            pdf = base64.b64encode(demo_file.read())
        admin = self.env.ref("base.user_admin")
        values = []
        for index in range(18):
            gender = "female" if index % 2 else "male"
            name = " ".join(
                (
                    rng.choice(FIRST_NAMES[gender]),
                    rng.choice(FATHERS),
                    rng.choice(FAMILIES),
                )
            )
            body = f"1{30000000 + index * 7919:08d}"
            values.append(
                {
                    "name": name,
                    "id_type": "national_id",
                    "national_id": body + luhn.calc_check_digit(body),
                    "gender": gender,
                    "birth_date": now.date() - timedelta(days=rng.randint(20 * 365, 75 * 365)),
                    "mobile": f"05{rng.choice('0345689')}{rng.randint(0, 9999999):07d}",
                    "city": rng.choice(CITIES),
                    "lang": "ar_001",
                    "category_id": categories[index % len(categories)].id if categories else False,
                    "household_size": rng.randint(2, 9),
                    "dependents_count": 1,
                    "monthly_income": rng.choice([0, 1500, 2500, 3200, 4000]),
                    "housing": rng.choice(["rented", "family", "charity", "owned"]),
                    "consent": True,
                    "nationality_id": self.env.ref("base.sa").id,
                }
            )
        created = Beneficiary.create(values)
        self.env["beneficiary.document"].create(
            [
                {
                    "beneficiary_id": beneficiary.id,
                    "document_type_id": id_copy.id,
                    "file": pdf,
                    "file_name": "national_id.pdf",
                    "number": beneficiary.national_id,
                    "expiry_date": now.date() + timedelta(days=rng.randint(60, 1500)),
                    "verified_by_id": admin.id,
                    "verified_date": now - timedelta(days=rng.randint(30, 300)),
                }
                for beneficiary in created
            ]
        )
        for beneficiary in created:
            beneficiary.write(
                {
                    "declaration_signed": True,
                    "declaration_signed_by": beneficiary.name,
                    "declaration_method": "in_person",
                    "declaration_form": pdf,
                    "declaration_form_name": "declaration.pdf",
                }
            )
        created[:15].write({"state": "registered"})
        created[15:16].write({"state": "registered"})
        created[15:16].write({"state": "suspended", "state_reason": "تحديث بيانات الدخل"})
        existing = Beneficiary.search([("state", "=", "registered"), ("id", "not in", created.ids)])
        return existing | created.filtered(lambda b: b.state == "registered")

    @api.model
    def _demo_moment(self, rng, now, days_ago):
        """A working-hours moment ``days_ago`` days before ``now`` (UTC; 8:00 to 13:00 in
        Riyadh)."""
        day = (now - timedelta(days=days_ago)).date()
        return datetime.combine(day, time(5 + rng.randint(0, 5), rng.choice([0, 15, 30, 45])))
