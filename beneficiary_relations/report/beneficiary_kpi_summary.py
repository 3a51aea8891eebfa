from odoo import models


class BeneficiaryKpiSummary(models.AbstractModel):
    _inherit = "beneficiary.kpi"

    # Supervision -----------------------------------------------------------------------------

    def _supervision(self, options):
        """Per officer, follow-up member and contact officer: workload, on-time rates, open and
        overdue items."""
        Beneficiary = self.env["beneficiary.beneficiary"]
        users = {}

        def entry(user):
            return users.setdefault(
                user,
                {
                    "care": 0,
                    "received": 0,
                    "decided": 0,
                    "on_time": 0,
                    "open": 0,
                    "overdue": 0,
                    "complaints": 0,
                    "answered": 0,
                    "complaints_on_time": 0,
                    "complaints_open": 0,
                    "complaints_overdue": 0,
                },
            )

        for row in self._request_figures(options, ["user_id"]):
            if row["groups"][0]:
                values = entry(row["groups"][0])
                for key in ("received", "decided", "on_time", "open", "overdue"):
                    values[key] = row[key]
        for row in self._complaint_figures(options, ["user_id"]):
            if row["groups"][0]:
                values = entry(row["groups"][0])
                values["complaints"] = row["received"]
                values["answered"] = row["answered"]
                values["complaints_on_time"] = row["on_time"]
                values["complaints_open"] = row["open"]
                values["complaints_overdue"] = row["overdue"]
        care_domain = [("company_id", "=", options.company.id), ("state", "=", "registered")]
        if options.categories:
            care_domain.append(("category_id", "in", options.categories.ids))
        for user, count in Beneficiary._read_group(
            care_domain, ["contact_officer_id"], ["__count"]
        ):
            if user:
                entry(user)["care"] = count
        rows = []
        for user, values in sorted(users.items(), key=lambda item: item[0].name or ""):
            values["on_time_rate"] = (
                values["on_time"] / values["decided"] if values["decided"] else None
            )
            values["complaints_on_time_rate"] = (
                values["complaints_on_time"] / values["answered"] if values["answered"] else None
            )
            values["open_items"] = values["open"] + values["complaints_open"]
            values["overdue_items"] = values["overdue"] + values["complaints_overdue"]
            rows.append((user, values))
        return rows

    # Summary ---------------------------------------------------------------------------------

    def _summary(self, options):
        """The headline figures, per clause of the policy: ``(key, clause, label, value,
        kind)`` where kind says how to write the value (int, percent, float)."""
        requests = self._request_figures(options)[0]
        complaints = self._complaint_figures(options)[0]
        by_type = {
            row["groups"][0]: row["received"]
            for row in self._complaint_figures(options, ["complaint_type"])
        }
        ages = self._open_complaints_by_age(options)
        satisfaction = self._satisfaction_figures(options)[0]
        policy, staff = self._acknowledgements(options)
        acknowledged = sum(1 for _user, ack in staff if ack)
        clause_4 = self.env._("4. Decision within the deadline")
        clause_7 = self.env._("7. Complaints and disputes")
        clause_9 = self.env._("9. Contact officers")
        clause_10 = self.env._("10. Satisfaction")
        clause_11 = self.env._("11. Policy acknowledgement")
        type_labels = self._selection_labels(self.env["beneficiary.complaint"], "complaint_type")
        supervision = self._supervision(options)
        rows = [
            (
                "requests_received",
                clause_4,
                self.env._("Requests received"),
                requests["received"],
                "int",
            ),
            (
                "requests_decided",
                clause_4,
                self.env._("Requests decided (approved or rejected)"),
                requests["decided"],
                "int",
            ),
            (
                "requests_on_time",
                clause_4,
                self.env._("Decided within the deadline"),
                requests["on_time"],
                "int",
            ),
            (
                "requests_on_time_rate",
                clause_4,
                self.env._("Share decided within the deadline"),
                requests["on_time_rate"],
                "percent",
            ),
            (
                "requests_median_days",
                clause_4,
                self.env._("Median working days from a complete request to its decision"),
                requests["median_days"],
                "float",
            ),
            (
                "requests_open",
                clause_4,
                self.env._("Requests awaiting a decision today"),
                requests["open"],
                "int",
            ),
            (
                "requests_overdue",
                clause_4,
                self.env._("Requests overdue today"),
                requests["overdue"],
                "int",
            ),
        ]
        for kind, label in type_labels.items():
            rows.append(
                (
                    f"received_{kind}",
                    clause_7,
                    self.env._("Received: %s", label),
                    by_type.get(kind, 0),
                    "int",
                )
            )
        rows += [
            (
                "complaints_answered",
                clause_7,
                self.env._("Answered (resolved or rejected as unfounded)"),
                complaints["answered"],
                "int",
            ),
            (
                "complaints_on_time_rate",
                clause_7,
                self.env._("Share answered within the deadline"),
                complaints["on_time_rate"],
                "percent",
            ),
            (
                "complaints_amicable_rate",
                clause_7,
                self.env._("Share of answers settled amicably"),
                complaints["amicable_rate"],
                "percent",
            ),
            (
                "complaints_escalated",
                clause_7,
                self.env._("Escalated to top management"),
                complaints["escalated"],
                "int",
            ),
            (
                "complaints_open",
                clause_7,
                self.env._("Complaints open today"),
                complaints["open"],
                "int",
            ),
            (
                "complaints_overdue",
                clause_7,
                self.env._("Complaints overdue today"),
                complaints["overdue"],
                "int",
            ),
        ]
        for index, age in enumerate(ages):
            rows.append(
                (
                    f"complaints_age_{index}",
                    clause_7,
                    self.env._("Complaints open today, %s", age["groups"][0]),
                    age["open"],
                    "int",
                )
            )
        rows += [
            (
                "officers",
                clause_9,
                self.env._("Staff following requests, complaints or beneficiaries"),
                len(supervision),
                "int",
            ),
            (
                "officers_overdue",
                clause_9,
                self.env._("Of whom with overdue items today"),
                sum(1 for _user, values in supervision if values["overdue_items"]),
                "int",
            ),
            (
                "survey_sent",
                clause_10,
                self.env._("Questionnaires sent"),
                satisfaction["sent"],
                "int",
            ),
            ("survey_answers", clause_10, self.env._("Answers"), satisfaction["answers"], "int"),
            (
                "survey_response_rate",
                clause_10,
                self.env._("Response rate"),
                satisfaction["response_rate"],
                "percent",
            ),
            (
                "csat",
                clause_10,
                self.env._("CSAT (answers rating 4 or 5 out of 5)"),
                satisfaction["csat"],
                "percent",
            ),
            (
                "survey_score",
                clause_10,
                self.env._("Average score (1-5)"),
                satisfaction["score"],
                "float",
            ),
            (
                "policy",
                clause_11,
                self.env._("Policy in force"),
                policy.display_name if policy else self.env._("None"),
                "text",
            ),
            (
                "policy_staff",
                clause_11,
                self.env._("Staff who must acknowledge it"),
                len(staff),
                "int",
            ),
            (
                "policy_acknowledged",
                clause_11,
                self.env._("Staff who acknowledged it"),
                acknowledged,
                "int",
            ),
            (
                "policy_coverage",
                clause_11,
                self.env._("Acknowledgement coverage"),
                acknowledged / len(staff) if staff else None,
                "percent",
            ),
        ]
        return rows
