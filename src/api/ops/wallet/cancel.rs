//! `wallet.cancel` on the wire; the rule (void, restore or nothing) is [`crate::wallet::cancel`].

use crate::prelude::*;

use super::common::{book, booked, key_id, move_result, shop_account, wallet_account, MoveOut};
use crate::api::field_path;
use crate::api::ops::ledger::{ledger_from, parse_transfers, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, Amount, Id};
use crate::api::{parse_input, ApiError, Ctx, Input, Out};
use crate::codes::ErrorCode;
use crate::ledger::{MovementType, TransferFlags, TransferInput};
use crate::wallet::cancel::{cancel_action, CancelAction, CancelError};
use crate::wallet::common::plain;
use crate::{Read, Write};

fn cancel_message(e: CancelError) -> &'static str {
    match e {
        CancelError::PostMissing => "the reservation was posted: pass its post transfer in `transfers`, or cancel with `payment`",
        CancelError::NotPending => "`reservation` must be a pending transfer",
        CancelError::NotExactlyOne => "give exactly one of `reservation` or `payment`",
        CancelError::RefundedTooMuch => "`refunded` is more than the payment",
    }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CancelInput {
    key: Id,
    order_ref: Id,
    /// The stored wallet reservation of the order (a pending transfer), or
    #[serde(default)]
    reservation: Option<WireTransfer>,
    /// the stored posted wallet payment (posted at once, or the post of a reservation).
    #[serde(default)]
    payment: Option<WireTransfer>,
    /// Already refunded to the balance for this order (not restored twice).
    #[serde(default)]
    refunded: Option<Amount>,
    wallet: WireAccount,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.cancel` answers besides the movement; `transferId` is null when nothing was
/// written (`Some(None)`), else the movement's own.
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CancelExtra {
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_id: Option<Option<String>>,
}

/// `wallet.cancel`: voids the reservation (`{key}:void`) or restores the posted amount sales →
/// wallet (`{key}:restore`, code `cancellation_restore`); a replay answers `exists`.
pub fn cancel(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: CancelInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    shop_account(&i.sales_account, c, "input.salesAccount")?;
    let refunded = match &i.refunded {
        Some(r) => r.minor(c, "input.refunded")?,
        None => 0,
    };
    let (given, path) = match (&i.reservation, &i.payment) {
        (Some(r), None) => (r, "input.reservation"),
        (None, Some(p)) => (p, "input.payment"),
        _ => return Err(ApiError::at(ErrorCode::InvalidValue, "input", "give exactly one of `reservation` or `payment`")),
    };
    let p = given.to_transfer(path)?;
    if p.debit_account_id != w.id || p.credit_account_id != i.sales_account.id.0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, "must be a payment from this wallet to the sales account"));
    }
    if i.payment.is_some() && p.flags.pending {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, "a pending transfer is a `reservation`"));
    }
    if p.order_ref.as_deref().is_some_and(|o| o != i.order_ref.0) {
        return Err(ApiError::at(ErrorCode::InvalidValue, field_path(path, "orderRef"), "the payment belongs to another order"));
    }
    let mut known = i.transfers.clone();
    if !known.iter().any(|t| t.id.0 == p.id) {
        known.push(given.clone());
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.sales_account.clone()], &known, "input")?;
    let void_id = key_id(&i.key.0, "void")?;
    let restore_id = key_id(&i.key.0, "restore")?;
    let stored = parse_transfers(&known, "input.transfers")?;
    let post = stored.iter().find(|t| t.flags.post_pending && t.pending_id.as_deref() == Some(p.id.as_str()));
    let action = if i.reservation.is_some() && ledger.transfer(&void_id).is_some() {
        CancelAction::Void // a replay: the ledger answers `exists`
    } else {
        cancel_action(i.reservation.as_ref().map(|_| &p), post, i.payment.as_ref().map(|_| &p), refunded)
            .map_err(|e| ApiError::at(ErrorCode::InvalidValue, path, cancel_message(e)))?
    };
    let (t, amount, outcome): (TransferInput, i64, &str) = match action {
        CancelAction::Void => (
            TransferInput {
                id: void_id.clone(),
                debit_account_id: p.debit_account_id.clone(),
                credit_account_id: p.credit_account_id.clone(),
                amount: 0,
                pending_id: Some(p.id.clone()),
                timeout_s: 0,
                flags: TransferFlags { void_pending: true, ..Default::default() },
                code: p.code,
                order_ref: Some(i.order_ref.0.clone()),
            },
            p.amount,
            "voided",
        ),
        CancelAction::Restore(a) => {
            (plain(restore_id.clone(), &i.sales_account.id.0, &w.id, a, MovementType::CancellationRestore, Some(i.order_ref.0.clone())), a, "restored")
        }
        CancelAction::Nothing => {
            let m = MoveOut {
                accepted: true,
                reasons: vec![],
                amount: amount_string(0, c),
                balance: amount_string(w.wallet_available(), c),
                replay: false,
                transfer_id: None,
                ledger: None,
            };
            return move_result(&m, &CancelExtra { outcome: "nothing_to_restore", transfer_id: Some(None) });
        }
    };
    let id = t.id.clone();
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    move_result(&booked(lo, balance, amount, &w, &id), &CancelExtra { outcome, transfer_id: None })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op_merged::<CancelInput, super::common::MoveOut, CancelExtra>("wallet.cancel", "shopcredit::wallet::cancel::CancelOut");
}
