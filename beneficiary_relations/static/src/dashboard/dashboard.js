import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The management dashboard: the figures come computed and labelled from the server
 * (beneficiary.dashboard), each card opening the records behind it.
 */
export class BeneficiaryDashboard extends Component {
    static template = "beneficiary_relations.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("beneficiary.dashboard", "get_dashboard_data", []);
    }

    open(action) {
        if (action) {
            this.actionService.doAction(action);
        }
    }

    openWorkbook() {
        this.actionService.doAction("beneficiary_relations.beneficiary_kpi_report_wizard_action");
    }
}

registry.category("actions").add("beneficiary_relations.dashboard", BeneficiaryDashboard);
