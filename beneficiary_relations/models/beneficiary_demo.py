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
# (stage kind, how many): 48 requests in all.
REQUEST_PLAN = [
    ("received", 6),
    ("completeness", 5),
    ("research", 5),
    ("committee", 7),
    ("decided", 5),
    ("delivered", 8),
    ("closed", 9),
    ("cancelled", 3),
]
DESCRIPTIONS = [
    "الأسرة بلا دخل ثابت منذ وفاة العائل.",
    "تأخر سداد الإيجار ثلاثة أشهر وإنذار من المالك.",
    "يحتاج الابن إلى جهاز سمعي بحسب التقرير الطبي.",
    "عدد أفراد الأسرة سبعة والدخل من الضمان الاجتماعي فقط.",
    "انقطاع الكهرباء متوقع بسبب تراكم الفواتير.",
    "بداية العام الدراسي وثلاثة أبناء في المرحلة الابتدائية.",
]
COMPLAINTS = [
    # (type, stage kind, subject, category xml id or None, channel xml id)
    ("complaint", "new", "لم يصلني رد على طلب مساعدة الإيجار", "delay", "phone"),
    ("complaint", "new", "صعوبة الوصول إلى مقر الجمعية لذوي الإعاقة", "service_quality", "website"),
    ("complaint", "review", "تأخر تسليم الأجهزة الطبية", "delay", "email"),
    ("complaint", "review", "طُلب مني مستند سبق أن قدمته", "service_quality", "interview"),
    ("complaint", "escalated", "نُشرت بياناتي في مجموعة تواصل دون إذني", "privacy", "letter"),
    ("complaint", "resolved", "تعامل غير لائق عند الاتصال", "staff_conduct", "phone"),
    ("complaint", "resolved", "نقص في محتوى السلة الغذائية", "service_quality", "sms"),
    ("complaint", "closed", "تأخر صرف السلة الغذائية الشهرية", "delay", "website"),
    ("complaint", "rejected", "رفض طلبي دون سبب", None, "social_media"),
    ("suggestion", "new", "فتح فرع للجمعية في الأحياء الجنوبية", None, "website"),
    ("suggestion", "review", "إرسال رسالة تذكير قبل موعد التوزيع", None, "sms"),
    ("suggestion", "resolved", "إتاحة تقديم الطلبات عبر الجوال", None, "portal"),
    ("suggestion", "closed", "تخصيص يوم لاستقبال كبار السن", None, "interview"),
    ("inquiry", "new", "ما المستندات المطلوبة لمساعدة الإيجار؟", None, "phone"),
    ("inquiry", "resolved", "هل يمكن تحديث رقم الجوال عبر البوابة؟", None, "email"),
    ("inquiry", "closed", "متى تُصرف السلال الغذائية هذا الشهر؟", None, "sms"),
    ("praise", "new", "شكر لفريق التوزيع على حسن التنظيم", None, "letter"),
    ("praise", "closed", "شكر للباحثة الاجتماعية على المتابعة", None, "website"),
]
SCORES = [5, 5, 4, 4, 4, 5, 3, 4, 2, 5, 4, 3, 5, 1, 4]


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

    def _demo_requests(self, rng, now, services, beneficiaries):
        Request = self.env["beneficiary.request"]
        admin = self.env.ref("base.user_admin")
        channels = self.env["beneficiary.channel"].search([])
        requests = Request
        counter = 0
        for kind, count in REQUEST_PLAN:
            for _index in range(count):
                counter += 1
                service = services[counter % len(services)]
                # Open requests are recent; delivered and closed ones go back up to 9 months.
                if kind in ("received", "completeness"):
                    age = rng.randint(1, 20)
                elif kind in ("research", "committee", "decided"):
                    age = rng.randint(10, 60)
                else:
                    age = rng.randint(20, 270)
                received = self._demo_moment(rng, now, age)
                request = Request.create(
                    {
                        "beneficiary_id": beneficiaries[counter % len(beneficiaries)].id,
                        "service_id": service.id,
                        "channel_id": channels[counter % len(channels)].id,
                        "description": f"<p>{rng.choice(DESCRIPTIONS)}</p>",
                        "priority": "1" if counter % 7 == 0 else "0",
                        "date_received": received,
                        "user_id": admin.id,
                    }
                )
                self._demo_advance(rng, request, kind, received)
                requests |= request
        return requests

    def _demo_advance(self, rng, request, kind, received):
        """Move ``request`` to ``kind`` as the staff would, dated after ``received``."""
        if kind == "received":
            return
        if kind == "cancelled":
            request.action_cancel()
            return
        request._move_to_kind("completeness")
        if kind == "completeness":
            return
        self._demo_service_documents(request, received)
        completed = received + timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5))
        if request.research_required or kind == "research":
            request.researcher_id = self.env.ref("beneficiary_relations.user_researcher_demo")
            request.research_required = True
            request._move_to_kind("research")
        else:
            request._move_to_kind("committee")
        request.date_complete = completed
        if kind == "research":
            return
        if request.stage_kind == "research":
            request.research_date = (completed + timedelta(days=3)).date()
            request.research_report = "<p>زيارة منزلية: الحالة مستحقة وفق المعايير.</p>"
            request._move_to_kind("committee")
        if kind == "committee":
            return
        rejected = kind == "closed" and rng.random() < 0.35
        decided = completed + timedelta(days=rng.randint(4, 20))
        self._demo_decide(request, rejected, min(decided.date(), fields.Date.today()))
        request.decision_date = decided
        if kind == "decided":
            return
        if not rejected:
            request.delivery_note = "تم التسليم في مقر الجمعية"
            request.action_deliver()
            request.delivery_date = decided + timedelta(days=rng.randint(1, 6))
        if kind == "closed":
            request.action_close()

    def _demo_decide(self, request, rejected, meeting_date):
        """The demo research committee's meeting on ``request``: every member present,
        voting alike."""
        committee = self.env.ref("beneficiary_relations.beneficiary_committee_research_demo")
        vote = "reject" if rejected else "approve"
        request._record_meeting_outcome(
            {
                "committee": committee,
                "date": meeting_date,
                "members": committee.member_ids,
                "votes": {user.id: vote for user in committee.member_ids},
                "more_info": False,
                "note": "الدخل يتجاوز حد الاستحقاق" if rejected else "مستحق وفق معايير الجمعية",
                "minutes": False,
                "minutes_name": False,
                "minutes_text": "محضر اجتماع لجنة البحث، معتمد من الأعضاء الحاضرين.",
            }
        )

    def _demo_service_documents(self, request, received):
        """The documents the service asks for, handed in with the request and verified."""
        with file_open("beneficiary_relations/static/demo/document.pdf", "rb") as demo_file:
            pdf = base64.b64encode(demo_file.read())
        self.env["beneficiary.document"].create(
            [
                {
                    "beneficiary_id": request.beneficiary_id.id,
                    "request_id": request.id,
                    "document_type_id": doc_type.id,
                    "file": pdf,
                    "file_name": "document.pdf",
                    "expiry_date": received.date() + timedelta(days=400),
                    "verified_by_id": self.env.ref("base.user_admin").id,
                    "verified_date": received,
                }
                for doc_type in request.service_id.document_type_ids
            ]
        )

    def _demo_complaints(self, rng, now, beneficiaries):
        Complaint = self.env["beneficiary.complaint"]
        admin = self.env.ref("base.user_admin")
        complaints = Complaint
        for index, (kind, stage, subject, category, channel) in enumerate(COMPLAINTS):
            age = rng.randint(2, 8) if stage == "new" else rng.randint(8, 240)
            received = self._demo_moment(rng, now, age)
            anonymous = kind == "suggestion" and index % 2 == 0
            complaint = Complaint.create(
                {
                    "complaint_type": kind,
                    "subject": subject,
                    "description": f"<p>{subject}.</p>",
                    "beneficiary_id": False
                    if anonymous
                    else beneficiaries[index * 3 % len(beneficiaries)].id,
                    "anonymous": anonymous,
                    "category_id": category
                    and self.env.ref(
                        f"beneficiary_relations.beneficiary_complaint_category_{category}"
                    ).id,
                    "channel_id": self.env.ref(
                        f"beneficiary_relations.beneficiary_channel_{channel}"
                    ).id,
                    "user_id": admin.id,
                    "date_received": received,
                }
            )
            if stage in ("review", "escalated", "resolved", "closed", "rejected"):
                complaint.action_review()
            if stage == "escalated":
                complaint._escalate("مس خصوصية المستفيد: يُرفع إلى الإدارة العليا")
            if stage in ("resolved", "closed", "rejected"):
                complaint.resolution = (
                    "<p>لم يثبت ما ورد في الشكوى بعد مراجعة السجلات.</p>"
                    if stage == "rejected"
                    else "<p>تمت معالجة الملاحظة والتواصل مع المستفيد.</p>"
                )
                complaint._move_to_kind("rejected" if stage == "rejected" else "resolved")
                complaint.date_resolved = received + timedelta(days=rng.randint(1, 9))
            if stage == "closed":
                complaint.action_close()
            complaints |= complaint
        return complaints

    def _demo_answers(self, rng, now, requests, complaints, beneficiaries):
        """Questionnaires answered for most delivered requests and resolved complaints, and a
        campaign's; ratings of the resolved complaints; all dated when they would have been."""
        survey = self.env.ref("beneficiary_relations.survey_beneficiary_satisfaction")
        questions = survey.question_ids.filtered(lambda q: q.question_type == "scale")
        overall = self.env.ref("beneficiary_relations.survey_beneficiary_satisfaction_q_overall")
        Answer = self.env["survey.user_input"]
        dated = []
        invited = Answer.search([("beneficiary_request_id", "in", requests.ids)])
        for answer in invited:
            request = answer.beneficiary_request_id
            dated.append((answer, request.delivery_date or request.decision_date or now))
        done_complaints = complaints.filtered(
            lambda c: c.stage_kind in ("resolved", "closed") and not c.anonymous
        )
        sender = self.env["beneficiary.survey.sender"]
        for complaint in done_complaints:
            for answer in sender._send_invitations([(complaint.beneficiary_id, complaint)]):
                dated.append((answer, complaint.date_resolved or now))
        for beneficiary in beneficiaries[:10]:
            for answer in sender._send_invitations([(beneficiary, None)]):
                dated.append((answer, self._demo_moment(rng, now, rng.randint(5, 200))))
        for index, (answer, _moment) in enumerate(dated):
            if index % 5 == 4:
                continue  # not everyone answers
            score = SCORES[index % len(SCORES)]
            answer.write(
                {
                    "state": "done",
                    "user_input_line_ids": [
                        Command.create(
                            {
                                "question_id": question.id,
                                "answer_type": "scale",
                                "value_scale": score
                                if question == overall
                                else max(1, min(5, score + rng.choice([-1, 0, 0, 1]))),
                            }
                        )
                        for question in questions
                    ],
                }
            )
        self.env.flush_all()
        for answer, moment in dated:
            self.env.cr.execute(
                "UPDATE survey_user_input SET create_date = %s WHERE id = %s",
                (moment, answer.id),
            )
        for index, complaint in enumerate(done_complaints):
            token = complaint._rating_get_access_token()
            complaint.rating_apply(SCORES[(index + 3) % len(SCORES)], token=token)
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE rating_rating SET create_date = %s, write_date = %s "
                "WHERE res_model = 'beneficiary.complaint' AND res_id = %s",
                (complaint.date_resolved, complaint.date_resolved, complaint.id),
            )
        self.env.invalidate_all()

    @api.model
    def _demo_moment(self, rng, now, days_ago):
        """A working-hours moment ``days_ago`` days before ``now`` (UTC; 8:00 to 13:00 in
        Riyadh)."""
        day = (now - timedelta(days=days_ago)).date()
        return datetime.combine(day, time(5 + rng.randint(0, 5), rng.choice([0, 15, 30, 45])))
