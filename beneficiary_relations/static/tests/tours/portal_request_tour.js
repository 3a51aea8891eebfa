import { registry } from "@web/core/registry";

/**
 * A beneficiary asks for a service from the portal, in Arabic, with a PDF document.
 * The test that runs it (tests/test_portal_tour.py) prepares one service requiring one document.
 */
registry.category("web_tour.tours").add("beneficiary_portal_request", {
    url: "/ar/my/requests/new",
    steps: () => [
        {
            content: "The page is right-to-left",
            trigger: "#wrapwrap.o_rtl",
        },
        {
            content: "Choose the service",
            trigger: "a.o_beneficiary_choose_service",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Describe the need",
            trigger: "form.o_beneficiary_request_form textarea[name=description]",
            run: "edit نحتاج إلى مساعدة في دفع الإيجار",
        },
        {
            content: "Attach the PDF",
            trigger: "form.o_beneficiary_request_form input[type=file]",
            run() {
                const file = new File(["%PDF-1.4\n%%EOF\n"], "lease.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Accept the declaration",
            trigger: "form.o_beneficiary_request_form input[name=declaration]",
            run: "click",
        },
        {
            content: "Submit",
            trigger: "button.o_beneficiary_submit_request",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The reference is shown",
            trigger: ".alert-success strong:contains(REQ/)",
        },
    ],
});
