"""The addon's security groups, by role: one name for each xml id, used wherever Python
checks or declares a group."""

OFFICER = "beneficiary_relations.group_br_officer"
RESEARCHER = "beneficiary_relations.group_br_researcher"
COMMITTEE = "beneficiary_relations.group_br_committee"
RESEARCH_COMMITTEE = "beneficiary_relations.group_br_research_committee"
FOLLOW_UP = "beneficiary_relations.group_br_follow_up_committee"
INVESTIGATION = "beneficiary_relations.group_br_investigation_committee"
MANAGER = "beneficiary_relations.group_br_manager"
# Who may read a beneficiary's income, health notes and confidential documents.
SENSITIVE = f"{RESEARCHER},{COMMITTEE}"
