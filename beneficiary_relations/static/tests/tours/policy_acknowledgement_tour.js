import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A user of the app who has not acknowledged the policy in force opens the app: the policy
 * comes first; once acknowledged, the app opens on the requests, and again the next time.
 * The test that runs it (tests/test_policy.py) activates a policy for the user's company.
 */
registry.category("web_tour.tours").add("beneficiary_policy_acknowledgement", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the app",
            trigger: ".o_app[data-menu-xmlid='beneficiary_relations.beneficiary_relations_menu_root']",
            run: "click",
        },
        {
            content: "The policy in force is shown first",
            trigger: ".o_form_view .o_field_html:contains(Text of version 1)",
        },
        {
            content: "A page to read, not a new record: no New button, nothing to save",
            trigger:
                ".o_action_manager:not(:has(.o_form_button_create)):not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
        {
            content: "Acknowledge it",
            trigger: ".o_form_view button[name=action_acknowledge]",
            run: "click",
        },
        {
            content: "The app opens on the requests",
            trigger: ".o_action_manager .o_kanban_view",
        },
        {
            content: "No breadcrumb leads back to the policy",
            trigger: ".o_control_panel .o_breadcrumb:not(:contains(Policy Acknowledgement))",
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the app again",
            trigger: ".o_app[data-menu-xmlid='beneficiary_relations.beneficiary_relations_menu_root']",
            run: "click",
        },
        {
            content: "Straight to the requests this time",
            trigger: ".o_action_manager .o_kanban_view",
        },
    ],
});
