from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import create_index

from ..tools import (
    assign_references,
    check_linked_records_readable,
    default_company_from_beneficiary,
)


class BeneficiaryStagedMixin(models.AbstractModel):
    """What requests and complaints share: a reference from the company's sequence, a way
    through configurable stages whose technical kind carries the rules, a deadline while the
    stage is open, a portal page, a chatter.

    Implementers redefine ``stage_id`` with their stage model (``_stage_model``), set the
    class attributes below, and enforce their own rules in ``_on_stage_change(old_kind)``."""

    _name = "beneficiary.staged.mixin"
    _description = "Case Moving Through Stages"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "mail.tracking.duration.mixin",
        "beneficiary.deadline.mixin",
    ]
    _track_duration_field = "stage_id"
    _mail_post_access = "read"
    _check_company_auto = True
    _stage_model = None
    _initial_stage_kind = None
    _open_stage_kinds = ()
    # The stages the board opens on (its default filter); the open ones unless said otherwise.
    _board_stage_kinds = ()
    _sequence_code = None
    _portal_path = None

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    # Implementers name their stage model, with the rest of the field's definition from here.
    stage_id = fields.Many2one(
        "beneficiary.stage.mixin",
        required=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    color = fields.Integer()
    date_received = fields.Datetime(default=fields.Datetime.now, required=True, copy=False)
    # The portal's conversation also shows the notices sent by SMS (public, never internal),
    # so that the beneficiary sees there what they were told by text.
    website_message_ids = fields.One2many(
        domain=lambda self: [
            ("model", "=", self._name),
            ("message_type", "in", ("comment", "email", "email_outgoing", "auto_comment", "sms")),
        ]
    )

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "This reference is already used."),
    ]

    def init(self):
        super().init()
        if self._abstract or not self._auto:
            return
        table = self._table
        open_kinds = self.env.cr.mogrify(
            "stage_kind IN %s", [tuple(self._open_stage_kinds)]
        ).decode()
        board_kinds = self.env.cr.mogrify(
            "stage_kind IN %s", [tuple(self._board_stage_kinds or self._open_stage_kinds)]
        ).decode()
        # The board and the list sort by _order: without a matching index every column sorts
        # all its history (the delivered column of a million requests) to show 40 cards.
        indexes = {
            "order": (["priority DESC", "date_deadline", "id DESC"], ""),
            "stage_order": (["stage_id", "priority DESC", "date_deadline", "id DESC"], ""),
            # What the reminder cron and the overdue filter look for: the open deadlines only,
            # not the closed history the plain date_deadline index walks through.
            "open_deadline": (["date_deadline"], open_kinds),
            "open_reminder": (["date_reminder"], open_kinds),
            "date_received": (["date_received"], ""),
            # The board as it opens: its columns counted and coloured by deadline from the
            # index alone, not from the rows of a million requests.
            "board": (["stage_id", "date_deadline"], board_kinds),
            # The list as it opens (its default filter: the cases in progress), sorted without
            # walking past the closed cases that sort first.
            "board_order": (["priority DESC", "date_deadline", "id DESC"], board_kinds),
        }
        for suffix, (expressions, where) in indexes.items():
            create_index(self.env.cr, f"{table}_{suffix}_index", table, expressions, where=where)

    def _default_stage(self):
        return self._stage_of_kind(self._initial_stage_kind)

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([], order=stages._order)

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for record in self:
            record.access_url = f"{self._portal_path}/{record.id}"
        return result

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        check_linked_records_readable(self, vals_list)
        default_company_from_beneficiary(self, vals_list)
        assign_references(self, vals_list, self._sequence_code)
        self._set_shared_defaults(vals_list)
        records = super().create(vals_list)
        moved = records.filtered(lambda r: r.stage_kind != self._initial_stage_kind)
        for record in moved:
            record._on_stage_change(self._initial_stage_kind)
        if moved:
            moved._after_stage_change(dict.fromkeys(moved.ids, self._initial_stage_kind), True)
        return records

    def write(self, vals):
        check_linked_records_readable(self, [vals])
        if "stage_id" not in vals:
            return super().write(vals)
        # What entering the stage sets goes in the same write as the move (one write, one
        # tracking message); records that need the same values are written together.
        kind = self.env[self._stage_model].browse(vals["stage_id"]).kind
        now = fields.Datetime.now()
        by_values = defaultdict(lambda: self.browse())
        for record in self:
            entry = record._stage_entry_values(kind, vals, now)
            by_values[tuple(sorted(entry.items()))] |= record
        changed = {}
        for entry, records in by_values.items():
            old_kinds = {record: record.stage_kind for record in records}
            super(BeneficiaryStagedMixin, records).write(dict(vals, **dict(entry)))
            for record, old_kind in old_kinds.items():
                if record.stage_kind != old_kind:
                    record._on_stage_change(old_kind)
                    changed[record.id] = old_kind
        if changed:
            self.browse(list(changed))._after_stage_change(changed)
        return True

    @api.model
    def _shared_defaults(self):
        """Defaults that are the same for every record: ``{field: method}``."""
        return {"stage_id": self._default_stage}

    @api.model
    def _set_shared_defaults(self, vals_list):
        """The shared defaults, evaluated once for the batch instead of once per record; a
        default given in the context (a kanban column's stage) still wins."""
        for field_name, default in self._shared_defaults().items():
            if f"default_{field_name}" in self.env.context:
                continue
            missing = [vals for vals in vals_list if field_name not in vals]
            if missing:
                record_id = default().id
                for vals in missing:
                    vals[field_name] = record_id

    def _stage_entry_values(self, kind, vals, now):
        """What entering a stage of ``kind`` sets on this record besides the stage, written
        with the move."""
        return {}

    def _on_stage_change(self, old_kind):
        """Enforce the rules of a move from ``old_kind`` and do what the new stage entails."""

    def _note_representative(self, representative):
        """Say on the record that ``representative`` sent it from the portal, for whom."""
        # sudo: the record was just created for the file they validly represent; the note
        # says who acted for whom.
        self.sudo().message_post(
            body=self.env._(
                "Sent from the portal by %(name)s (%(relation)s) on behalf of %(beneficiary)s.",
                name=representative.partner_id.name,
                relation=representative._relation_label(),
                beneficiary=representative.beneficiary_id.name,
            ),
            author_id=representative.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )

    def _after_stage_change(self, old_kinds, created=False):
        """What the moves of a whole batch entail, once the rules of each were checked:
        ``old_kinds`` maps each record's id to the kind it left; ``created`` when the records
        were created past their first stage. Notices go here, one batch per kind of step."""

    def _stage_of_kind(self, kind):
        return self.env[self._stage_model].search([("kind", "=", kind)], limit=1)

    def _move_to_kind(self, kind):
        stage = self._stage_of_kind(kind)
        if not stage:
            raise UserError(self.env._("No stage is configured for this step."))
        return self.write({"stage_id": stage.id})

    @api.model
    def _deadline_open_domain(self):
        return [("stage_kind", "in", self._open_stage_kinds)]

    def _deadline_responsible(self):
        return self.user_id

    def _move_in_bulk(self, kind, note):
        """Move many records to the stage of ``kind`` in one write. Each stage change is still
        logged on its record, with ``note`` (the time spent per stage depends on it), but as
        one bulk insert of messages and of tracking values, not a tracked write per record."""
        stage = self._stage_of_kind(kind)
        to_move = self.filtered(lambda r: r.stage_kind != kind)
        if not stage or not to_move:
            return
        old_stages = {record: record.stage_id for record in to_move}
        to_move.with_context(mail_notrack=True).write({"stage_id": stage.id})
        messages = to_move._log_notes_in_bulk(Markup("<p>%s</p>") % note)
        stage_info = self.fields_get(["stage_id"], attributes=("string", "type"))["stage_id"]
        Tracking = self.env["mail.tracking.value"]
        # sudo: the tracking values of those notes, as the stage field's tracking writes them.
        Tracking.sudo().create(
            [
                dict(
                    Tracking._create_tracking_values(
                        old_stages[record], stage, "stage_id", stage_info, record
                    ),
                    mail_message_id=message.id,
                )
                for record, message in zip(to_move, messages, strict=True)
            ]
        )

    def _log_notes_in_bulk(self, body):
        """One internal note with ``body`` on each record, in one insert; nobody notified."""
        author = self.env.user.partner_id
        # Given here, so that mail does not look them up message by message.
        reply_to = self._notify_get_reply_to(default=author.email_formatted)
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        # sudo: log notes of the application's own, on these records only.
        return (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": self._name,
                        "res_id": record.id,
                        "message_type": "notification",
                        "subtype_id": subtype_id,
                        "is_internal": True,
                        "author_id": author.id,
                        "email_from": author.email_formatted,
                        "reply_to": reply_to[record.id],
                        "body": body,
                        "record_alias_domain_id": False,
                        "record_company_id": record.company_id.id,
                        "record_name": record.display_name,
                    }
                    for record in self
                ]
            )
        )
