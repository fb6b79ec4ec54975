//! `wallet.cancel`: a cancelled order gives the balance back.

use super::common::{book, booked, key_id, move_result, plain, shop_account, wallet_account, MoveOut};
use crate::api::ops::ledger::{ledger_from, parse_transfers, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, Amount, Id};
use crate::api::{parse_input, ApiError, Ctx};
use crate::codes::ErrorCode;
use crate::ledger::{MovementType, PendingStatus, Transfer, TransferFlags, TransferInput};
use crate::Read;

/// What cancelling an order does to the balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelAction {
    /// Void the open reservation: the reserved amount is spendable again.
    Void,
    /// Give back a posted payment (minus what was already refunded to the balance).
    Restore(i64),
    /// The reservation already ended (voided or expired) or everything was refunded.
    Nothing,
}

/// Decides from the stored reservation (pending transfer) or posted payment.
/// `post` is the transfer that posted the reservation, when it was posted.
pub fn cancel_action(reservation: Option<&Transfer>, post: Option<&Transfer>, payment: Option<&Transfer>, refunded: i64) -> Result<CancelAction, &'static str> {
    let posted = match (reservation, payment) {
        (Some(r), None) => match r.pending_status {
            PendingStatus::Pending => return Ok(CancelAction::Void),
            PendingStatus::Voided | PendingStatus::Expired => return Ok(CancelAction::Nothing),
            PendingStatus::Posted => post.ok_or("the reservation was posted: pass its post transfer in `transfers`, or cancel with `payment`")?,
            PendingStatus::None => return Err("`reservation` must be a pending transfer"),
        },
        (None, Some(p)) => p,
        _ => return Err("give exactly one of `reservation` or `payment`"),
    };
    if refunded > posted.amount {
        return Err("`refunded` is more than the payment");
    }
    Ok(if refunded == posted.amount { CancelAction::Nothing } else { CancelAction::Restore(posted.amount - refunded) })
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
#[derive(crate::Write)]
#[serde(rename_all = "camelCase")]
struct CancelExtra {
    outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transfer_id: Option<Option<String>>,
}

/// `wallet.cancel`: voids the reservation (`{key}:void`) or restores the posted amount sales →
/// wallet (`{key}:restore`, code `cancellation_restore`); a replay answers `exists`.
pub fn cancel(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
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
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.orderRef"), "the payment belongs to another order"));
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
            .map_err(|m| ApiError::at(ErrorCode::InvalidValue, path, m))?
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn t(amount: i64, pending: bool, status: PendingStatus) -> Transfer {
        Transfer {
            id: "co-7:wallet".into(),
            debit_account_id: "w".into(),
            credit_account_id: "s".into(),
            amount,
            currency: Currency::from_code("EUR").unwrap(),
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags { pending, ..Default::default() },
            code: MovementType::OrderPayment,
            order_ref: Some("o-7".into()),
            timestamp_s: 0,
            pending_status: status,
        }
    }

    #[test]
    fn a_reservation_is_voided_or_already_gone() {
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Pending)), None, None, 0), Ok(CancelAction::Void));
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Expired)), None, None, 0), Ok(CancelAction::Nothing));
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Voided)), None, None, 0), Ok(CancelAction::Nothing));
        assert!(cancel_action(Some(&t(2000, true, PendingStatus::Posted)), None, None, 0).is_err());
        let post = t(1500, false, PendingStatus::None);
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Posted)), Some(&post), None, 0), Ok(CancelAction::Restore(1500)));
    }

    #[test]
    fn a_posted_payment_is_restored_minus_refunds() {
        let p = t(2000, false, PendingStatus::None);
        assert_eq!(cancel_action(None, None, Some(&p), 0), Ok(CancelAction::Restore(2000)));
        assert_eq!(cancel_action(None, None, Some(&p), 500), Ok(CancelAction::Restore(1500)));
        assert_eq!(cancel_action(None, None, Some(&p), 2000), Ok(CancelAction::Nothing));
        assert!(cancel_action(None, None, Some(&p), 2001).is_err());
        assert!(cancel_action(None, None, None, 0).is_err());
    }
}
