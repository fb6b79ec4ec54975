//! What the customer no longer owes on an order on account: a refund to the credit line (a credit
//! note on the receivable) or the order cancelled after its credit check.
//!
//! | op | input | result |
//! |---|---|---|
//! | `credit.creditNote` | `{receivable, amount}` | `{receivable, applied, excess}` |
//! | `credit.cancelOrder` | `{key, orderRef, receivable, account, salesAccount, transfers}` | `{accepted, reasons, restored, paidToReturn, receivable, ledger, replay}` |

use super::profile::{Receivable, ReceivableState};
use crate::api::ops::credit_line::{parse_credit_account, parse_shop_account, ReceivableOut, WireReceivable};
use crate::api::ops::ledger::{parse_transfers, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, Amount, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{Ledger, MovementType, TransferFlags, TransferInput};
use crate::{Read, Write};

/// A refund of `amount` to the credit line lowers what the order still expects: the receivable's
/// amount drops by at most what is outstanding (`applied`); the rest (`excess`, the customer had
/// already paid it) stays on the credit line as a credit. Paid once nothing is outstanding.
pub fn credit_note(r: &Receivable, amount: i64) -> Result<(Receivable, i64), Code> {
    if amount <= 0 {
        return Err(Code::AmountMustNotBeZero);
    }
    let applied = amount.min(r.outstanding());
    let mut out = r.clone();
    out.amount -= applied;
    if out.state == ReceivableState::Open && out.paid >= out.amount {
        out.state = ReceivableState::Paid;
    }
    Ok((out, applied))
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreditNoteInput {
    receivable: WireReceivable,
    amount: Amount,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CreditNoteOut {
    accepted: bool,
    applied: String,
    excess: String,
    reasons: Vec<Code>,
    receivable: ReceivableOut,
}

/// `credit.creditNote`: the receivable after a refund to the credit line (the refund itself is
/// booked by `wallet.refund`).
pub fn credit_note_op(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: CreditNoteInput = parse_input(input)?;
    let r = i.receivable.parse(None, "input.receivable")?;
    let c = r.currency;
    let amount = i.amount.minor(c, "input.amount")?;
    let (out, applied, excess, reasons) = match credit_note(&r, amount) {
        Ok((out, applied)) => (out, applied, amount - applied, vec![]),
        Err(code) => (r.clone(), 0, 0, vec![code]),
    };
    to_result(&CreditNoteOut {
        accepted: reasons.is_empty(),
        reasons,
        receivable: ReceivableOut::from(&out),
        applied: amount_string(applied, c),
        excess: amount_string(excess, c),
    })
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CancelInput {
    key: Id,
    order_ref: Id,
    receivable: WireReceivable,
    account: WireAccount,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CancelOut {
    accepted: bool,
    ledger: Option<LedgerOutput>,
    /// What the customer already paid on this order: the merchant refunds it another way.
    paid_to_return: String,
    reasons: Vec<Code>,
    receivable: ReceivableOut,
    replay: bool,
    /// Credit given back to the line (what was still outstanding).
    restored: String,
}

/// `credit.cancelOrder`: an order on account is cancelled after its check passed. What was still
/// outstanding goes back to the credit line (`{key}:cancel`, sales → credit line, code
/// `cancellation_restore`) and the receivable is cancelled, keeping what was paid (returned to the
/// customer another way). A replay (the transfer stored, or the receivable already cancelled)
/// answers the same and moves nothing.
pub fn cancel_order(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: CancelInput = parse_input(input)?;
    let credit = parse_credit_account(&i.account, "input.account")?;
    let sales = parse_shop_account(&i.sales_account, "input.salesAccount")?;
    let c = credit.currency;
    crate::api::wire::same_currency(c, sales.currency, "input.salesAccount.currency")?;
    let r = i.receivable.parse(Some(c), "input.receivable")?;
    if r.order_ref != i.order_ref.0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.receivable.orderRef", "the receivable is not the order's"));
    }
    let id = crate::wallet::common::key_id(&i.key.0, "cancel")?;
    let stored = parse_transfers(&i.transfers, "input.transfers")?;
    let previous = stored.iter().find(|t| t.id == id).map(|t| t.amount);
    let replay = previous.is_some() || r.state == ReceivableState::Cancelled;
    let restore = previous.unwrap_or_else(|| r.outstanding());
    let mut cancelled = r.clone();
    if !replay {
        cancelled.amount = r.amount - r.outstanding();
        cancelled.state = ReceivableState::Cancelled;
    }
    let answer = |accepted: bool, reasons: Vec<Code>, rec: &Receivable, ledger: Option<LedgerOutput>| {
        to_result(&CancelOut {
            accepted,
            reasons,
            restored: amount_string(restore, c),
            paid_to_return: amount_string(rec.paid, c),
            receivable: ReceivableOut::from(rec),
            ledger,
            replay,
        })
    };
    if restore == 0 {
        // Nothing was outstanding (paid in full, or a replay without a transfer): no movement.
        return answer(true, vec![], &cancelled, None);
    }
    let ledger = Ledger::new(vec![credit.clone(), sales.clone()], stored)
        .map_err(|id| ApiError::at(ErrorCode::DuplicateId, "input", format!("id {id:?} appears twice among the accounts or transfers")))?;
    let out = run(
        ledger,
        &[TransferInput {
            id,
            debit_account_id: sales.id.clone(),
            credit_account_id: credit.id.clone(),
            amount: restore,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::CancellationRestore,
            order_ref: Some(r.order_ref.clone()),
        }],
        now,
    );
    if !out.all_applied() {
        let code = out.first_failure().unwrap_or(Code::LinkedEventFailed);
        return answer(false, vec![code], &r, Some(out));
    }
    answer(true, vec![], &cancelled, Some(out))
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<CancelInput, CancelOut>("credit.cancelOrder");
    api.op::<CreditNoteInput, CreditNoteOut>("credit.creditNote");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn recv(amount: i64, paid: i64, state: ReceivableState) -> Receivable {
        Receivable { order_ref: "o-1".into(), currency: Currency::from_code("EUR").unwrap(), amount, paid, due_date: None, state, last_reminder_level: None }
    }

    #[test]
    fn a_credit_note_lowers_what_is_expected_and_keeps_the_excess_as_credit() {
        let (r, applied) = credit_note(&recv(24000, 10000, ReceivableState::Open), 4000).unwrap();
        assert_eq!((r.amount, r.paid, r.state, applied), (20000, 10000, ReceivableState::Open, 4000));
        let (r, applied) = credit_note(&recv(24000, 10000, ReceivableState::Open), 20000).unwrap();
        assert_eq!((r.amount, r.state, applied), (10000, ReceivableState::Paid, 14000));
        let (r, applied) = credit_note(&recv(24000, 24000, ReceivableState::Paid), 5000).unwrap();
        assert_eq!((r.amount, r.state, applied), (24000, ReceivableState::Paid, 0));
        assert_eq!(credit_note(&recv(100, 0, ReceivableState::Open), 0), Err(Code::AmountMustNotBeZero));
    }
}
