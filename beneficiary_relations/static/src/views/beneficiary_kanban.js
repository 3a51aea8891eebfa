import { registry } from "@web/core/registry";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

/**
 * The beneficiaries' board, grouped by status: a new file starts as a draft, so only the
 * Draft column offers the quick "+" (a file is registered, suspended or archived by the
 * buttons that check what each status needs, never by being created in its column).
 */
export class BeneficiaryKanbanHeader extends KanbanHeader {
    canQuickCreate() {
        const { groupByField, value } = this.group;
        if (groupByField.name === "state" && value !== "draft") {
            return false;
        }
        return super.canQuickCreate();
    }
}

export class BeneficiaryKanbanRenderer extends KanbanRenderer {
    static components = { ...KanbanRenderer.components, KanbanHeader: BeneficiaryKanbanHeader };
}

registry.category("views").add("beneficiary_kanban", {
    ...kanbanView,
    Renderer: BeneficiaryKanbanRenderer,
});
