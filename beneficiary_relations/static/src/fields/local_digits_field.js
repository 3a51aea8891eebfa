import { registry } from "@web/core/registry";
import { CharField, charField } from "@web/views/fields/char/char_field";

const { Settings } = luxon;
const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";

/**
 * A text computed on the server (a Hijri date) written with the digits the web client uses
 * for the dates beside it: Arabic-Indic in Arabic (Saudi, world), Western otherwise. One digit
 * style on a line: "٣٠ مارس ٢٠٢٧ (٢٢ رمضان ١٤٤٨ هـ)", never half of each.
 *
 * @param {string} text
 * @returns {string}
 */
export function localDigits(text) {
    if (!text || Settings.defaultNumberingSystem !== "arab") {
        return text;
    }
    return text.replace(/[0-9]/g, (digit) => ARABIC_INDIC[Number(digit)]);
}

export class LocalDigitsField extends CharField {
    static template = "beneficiary_relations.LocalDigitsField";
    get localValue() {
        return localDigits(this.props.record.data[this.props.name] || "");
    }
}

registry.category("fields").add("local_digits", {
    ...charField,
    component: LocalDigitsField,
    supportedTypes: ["char"],
});
