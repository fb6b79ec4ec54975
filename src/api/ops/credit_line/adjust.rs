//! `credit.creditNote` (`{receivable, amount}` → `{accepted, reasons, receivable, applied, excess}`)
//! and `credit.cancelOrder` (`{key, orderRef, receivable, account, salesAccount, transfers}` →
//! `{accepted, reasons, restored, paidToReturn, receivable, ledger, replay}`) on the wire; the
//! rules are [`crate::credit_line::adjust`]'s.

use crate::prelude::*;

use super::{duplicate_id, parse_credit_account, parse_shop_account, ReceivableOut, WireReceivable};
use crate::api::ops::ledger::{parse_transfers, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, same_currency, Amount, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::credit_line::adjust::{cancel, credit_note, Cancellation};
use crate::credit_line::profile::Receivable;
use crate::ledger::{Ledger, MovementType, TransferFlags, TransferInput};
use crate::{Read, Write};

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
pub fn credit_note_op(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: CreditNoteInput = parse_input(input)?;
    let r = i.receivable.parse(None, &"input.receivable")?;
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
pub fn cancel_order(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: CancelInput = parse_input(input)?;
    let credit = parse_credit_account(&i.account, &"input.account")?;
    let sales = parse_shop_account(&i.sales_account, "input.salesAccount")?;
    let c = credit.currency;
    same_currency(c, sales.currency, "input.salesAccount.currency")?;
    let r = i.receivable.parse(Some(c), &"input.receivable")?;
    if r.order_ref != i.order_ref.0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.receivable.orderRef", "the receivable is not the order's"));
    }
    let id = crate::api::ops::wallet::common::key_id(&i.key.0, "cancel")?;
    let stored = parse_transfers(&i.transfers, "input.transfers")?;
    let Cancellation { replay, restore, receivable: cancelled } = cancel(&r, stored.iter().find(|t| t.id == id).map(|t| t.amount));
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
    let ledger = Ledger::new(vec![credit.clone(), sales.clone()], stored).map_err(|id| duplicate_id(&id))?;
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
