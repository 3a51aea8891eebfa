import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";

/**
 * Numbers as people type them on an Arabic keyboard. Odoo's number parsers read Western digits
 * only: "١٢٣" in an integer or float field is refused, and a monetary field silently reads it
 * as 0 (its parser strips what it does not take for a digit). This service turns Arabic-Indic
 * (٠-٩) and Persian (۰-۹) digits, and the Arabic decimal and thousands separators, into what
 * the parsers read, as they are typed or pasted into any number field of the back office:
 * integer, float, monetary, percentage, time.
 */
const EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9\u066B\u066C]/g;
const HAS_EASTERN_DIGITS = /[\u0660-\u0669\u06F0-\u06F9\u066B\u066C]/;
const NUMBER_FIELDS = [
    ".o_field_integer",
    ".o_field_float",
    ".o_field_monetary",
    ".o_field_percentage",
    ".o_field_float_time",
    ".o_field_float_factor",
    ".o_field_float_toggle",
    ".o_field_progressbar",
].join(",");

/**
 * @param {string} text
 * @returns {string} ``text`` with Western digits and the user's separators
 */
export function westernNumber(text) {
    return text.replace(EASTERN_DIGITS, (char) => {
        const code = char.charCodeAt(0);
        if (char === "\u066B") {
            return localization.decimalPoint; // Arabic decimal separator
        }
        if (char === "\u066C") {
            return localization.thousandsSep || ""; // Arabic thousands separator
        }
        return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
}

function onInput(ev) {
    const input = ev.target;
    if (
        !(input instanceof HTMLInputElement) ||
        !HAS_EASTERN_DIGITS.test(input.value) ||
        !input.closest(NUMBER_FIELDS)
    ) {
        return;
    }
    const { selectionStart, selectionEnd } = input;
    const before = input.value;
    input.value = westernNumber(before);
    if (selectionStart !== null && input.value.length === before.length) {
        input.setSelectionRange(selectionStart, selectionEnd);
    }
}

export const easternDigitsService = {
    start() {
        // Captured on the document, before the field's own listener reads the value.
        document.addEventListener("input", onInput, true);
    },
};

registry.category("services").add("beneficiary_eastern_digits", easternDigitsService);
