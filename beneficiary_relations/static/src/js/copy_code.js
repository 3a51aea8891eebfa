import publicWidget from "@web/legacy/js/public/public_widget";

/**
 * The "Copy the code" button of the public complaint's thank-you page: copies the tracking
 * code to the clipboard (or, where the browser refuses, selects it for a manual copy) and
 * says so.
 */
publicWidget.registry.BeneficiaryCopyCode = publicWidget.Widget.extend({
    selector: ".o_beneficiary_copy_code",
    events: { click: "_onClick" },

    async _onClick(ev) {
        ev.preventDefault();
        const code = this.el.dataset.copy || "";
        let copied = false;
        try {
            await navigator.clipboard.writeText(code);
            copied = true;
        } catch {
            const shown = document.querySelector(".o_beneficiary_complaint_code");
            if (shown) {
                const range = document.createRange();
                range.selectNodeContents(shown);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
            }
        }
        if (copied) {
            this.el.querySelector(".o_beneficiary_copy_label")?.classList.add("d-none");
            this.el.querySelector(".o_beneficiary_copied_label")?.classList.remove("d-none");
        }
    },
});

export default publicWidget.registry.BeneficiaryCopyCode;
