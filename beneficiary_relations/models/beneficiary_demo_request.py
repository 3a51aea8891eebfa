import base64
from datetime import timedelta

from odoo import fields, models
from odoo.tools import file_open

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


class BeneficiaryDemoRequest(models.AbstractModel):
    _inherit = "beneficiary.demo"

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
            request.cancel_reason = "قُدّم الطلب مرتين"
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
