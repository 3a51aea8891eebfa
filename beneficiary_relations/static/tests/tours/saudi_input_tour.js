import { registry } from "@web/core/registry";

/**
 * Arabic-Indic digits typed in a monetary field of the back office (the compensation's
 * amount) are read as the number they are. The test that runs it (tests/test_saudi_ready.py)
 * opens the compensation form and checks the amount saved.
 */
registry.category("web_tour.tours").add("beneficiary_arabic_indic_amount", {
    steps: () => [
        {
            content: "Type the amount in Arabic-Indic digits, with the Arabic decimal separator",
            trigger: ".o_form_view .o_field_widget[name=amount] input",
            run: "edit ١٢٣٤٫٥",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved, no field marked invalid",
            trigger: ".o_form_view .o_form_saved:not(:has(.o_field_invalid))",
        },
    ],
});

/**
 * The beneficiaries' board: the quick "+" is offered in the Draft column only, and creates a
 * draft file without an error (in the Registered column it used to end in one: a file
 * cannot be created registered).
 */
registry.category("web_tour.tours").add("beneficiary_kanban_quick_create", {
    steps: () => [
        {
            content: "No quick add in the Registered column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains(Registered)):not(:has(.o_kanban_quick_add))",
        },
        {
            content: "Quick add in the Draft column",
            trigger: ".o_kanban_group:has(.o_column_title:contains(Draft)) .o_kanban_quick_add",
            run: "click",
        },
        {
            content: "Name",
            trigger: ".o_kanban_quick_create .o_field_widget[name=name] input",
            run: "edit Quick Draft Beneficiary",
        },
        {
            content: "ID number, in Arabic-Indic digits",
            trigger: ".o_kanban_quick_create .o_field_widget[name=national_id] input",
            run: "edit ١٠٠٠٠٠٠٠٠٨",
        },
        {
            content: "Add",
            trigger: ".o_kanban_quick_create .o_kanban_add",
            run: "click",
        },
        {
            content: "The new file is on the board, in Draft, and no error was shown",
            trigger:
                "body:not(:has(.o_error_dialog)) .o_kanban_group:has(.o_column_title:contains(Draft)) .o_kanban_record:contains(Quick Draft Beneficiary)",
        },
    ],
});
