import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { GraphModel } from "@web/views/graph/graph_model";
import { graphView } from "@web/views/graph/graph_view";
import { PivotModel } from "@web/views/pivot/pivot_model";
import { pivotView } from "@web/views/pivot/pivot_view";

/**
 * What an empty group is called in the app's pivots and graphs, instead of Odoo's "None": a
 * complaint with no category, a request not decided yet, a questionnaire of the periodic
 * campaign (no service)...
 *
 * @param {string} fieldName
 * @returns {string|undefined}
 */
export function emptyGroupLabel(fieldName) {
    const labels = {
        beneficiary_id: _t("Anonymous"),
        category_id: _t("No category"),
        channel_id: _t("No channel"),
        complaint_id: _t("No complaint"),
        concerned_user_id: _t("No staff member concerned"),
        decision: _t("Not decided yet"),
        region_id: _t("No region"),
        researcher_id: _t("No researcher"),
        service_id: _t("No service"),
        user_id: _t("Unassigned"),
    };
    return labels[fieldName] || _t("Not set");
}

export class BeneficiaryPivotModel extends PivotModel {
    _getEmptyGroupLabel(fieldName) {
        return emptyGroupLabel(fieldName);
    }
}

export class BeneficiaryGraphModel extends GraphModel {
    _getDefaultFilterLabel(field) {
        return emptyGroupLabel(field.fieldName);
    }
}

registry.category("views").add("beneficiary_pivot", { ...pivotView, Model: BeneficiaryPivotModel });
registry.category("views").add("beneficiary_graph", { ...graphView, Model: BeneficiaryGraphModel });
