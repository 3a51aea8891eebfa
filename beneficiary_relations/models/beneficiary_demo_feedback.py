from datetime import timedelta

from odoo import Command, models

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


class BeneficiaryDemoFeedback(models.AbstractModel):
    _inherit = "beneficiary.demo"

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
                if kind == "suggestion":
                    complaint.write(
                        {
                            "suggestion_outcome": "adopted",
                            "improvement_action": "اعتُمد الاقتراح وأُدرج في خطة التحسين.",
                        }
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
