import { registry } from "@web/core/registry";

/**
 * Someone without an account sends an anonymous suggestion from the public complaint link,
 * in Arabic, then follows it with the tracking link. Run by tests/test_public_complaint.py.
 */
registry.category("web_tour.tours").add("beneficiary_public_complaint", {
    url: "/ar/complaint",
    steps: () => [
        {
            content: "The page is right-to-left",
            trigger: "#wrapwrap.o_rtl #wrap[dir=rtl] form.o_beneficiary_public_complaint_form",
        },
        {
            content: "It is a suggestion",
            trigger: "form.o_beneficiary_public_complaint_form select[name=complaint_type]",
            run: "select suggestion",
        },
        {
            content: "Send it anonymously",
            trigger: "form.o_beneficiary_public_complaint_form input[name=anonymous]",
            run: "check",
        },
        {
            content: "The contact fields are put away",
            trigger: "#o_beneficiary_contact:not(.show)",
        },
        {
            content: "Subject",
            trigger: "form.o_beneficiary_public_complaint_form input[name=subject]",
            run: "edit مواعيد التوزيع",
        },
        {
            content: "Details",
            trigger: "form.o_beneficiary_public_complaint_form textarea[name=description]",
            run: "edit نقترح أن يكون توزيع السلال الغذائية في المساء",
        },
        {
            content: "Send",
            trigger: "button.o_beneficiary_send_complaint",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reference is shown",
            trigger: "#wrap[dir=rtl] .o_beneficiary_complaint_reference:contains(CMP/)",
        },
        {
            content: "Follow the tracking link",
            trigger: "a.o_beneficiary_track_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The status of the suggestion is shown",
            trigger: ".o_beneficiary_complaint_status_card .o_beneficiary_complaint_status",
        },
    ],
});
