//! The one answer contract every operation of the protocol and every bridge service call
//! follows; `tools/codegen` writes it to docs/answers.md, PHP (`ShopCredit\Generated\Answer`)
//! and TypeScript (`js/src/generated/codes.ts`).

/// A field of the contract: its name on the wire, its type, where it appears, what it means.
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub scope: &'static str,
    pub meaning: &'static str,
}

pub const FIELDS: &[Field] = &[
    Field { name: "accepted", kind: "bool", scope: "every answer that can book or refuse", meaning: "true: applied now or before (a replay); false: refused, nothing was written (the reasons say why)" },
    Field { name: "reasons", kind: "list of codes", scope: "with accepted", meaning: "why not, in precedence order (docs/codes.md); on an accepted answer, why nothing was done again (`already_applied`, `duplicate_event`, `stale_update`)" },
    Field { name: "replay", kind: "bool", scope: "every answer of a keyed call", meaning: "true only when the same key with the same input was already applied: the stored answer, nothing new booked; the same key with other input is refused with `exists_with_different_amount` (only the amount differs) or another `exists_with_different_*` code" },
    Field { name: "written", kind: "int", scope: "bridge service answers", meaning: "ledger transfers this call stored (0 on a replay or a refusal)" },
    Field { name: "applied", kind: "bool", scope: "events (orders, webhooks, returns, polls)", meaning: "this delivery changed something; false for a duplicate, a stale or backward update, or an event already taken into account, with the reason" },
    Field { name: "transferId", kind: "id or null", scope: "movements", meaning: "the transfer booked (now or before); null on a refusal: no id of something not written" },
    Field { name: "remainingCredit", kind: "amount", scope: "credit line answers", meaning: "what can still be ordered on account (limit minus exposure)" },
    Field { name: "remainingToPay", kind: "amount", scope: "payments and reservations", meaning: "what is left to pay by other means after this method" },
    Field { name: "error", kind: "{code, message, path}", scope: "malformed input", meaning: "`ok:false`, nothing changed; PHP throws one exception type, ShopCredit\\InvalidInput (errorCode, path), for the core's and the bridge's refusals of bad input" },
];
