//! The multi-leg payment of one order (part balance, part credit line, the rest by another
//! method): which legs a checkout may reserve, what refuses each leg, the legs reserved as linked
//! pending transfers, then posted or voided together when the order is paid or cancelled
//! (`checkout.reserve` and `checkout.settle` on the wire: `crate::api::ops::checkout`).

use crate::prelude::*;

use crate::codes::Code;
use crate::ledger::{MovementType, PendingStatus, Transfer, TransferFlags, TransferInput};
use crate::Read;

#[derive(Read, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The order reached a paid status: post every reservation.
    Paid,
    /// The order was cancelled, failed or abandoned: void every reservation.
    Cancelled,
}

/// Legs a checkout cannot reserve (a caller error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegsError {
    /// Neither the balance nor the credit line pays anything.
    NoLeg,
    /// The legs pay more than the cart total.
    AboveTotal,
}

/// The amounts of the balance and credit-line legs against the cart total (minor units).
pub fn check_legs(wallet: i64, credit: i64, total: i64) -> Result<(), LegsError> {
    if wallet == 0 && credit == 0 {
        return Err(LegsError::NoLeg);
    }
    if wallet + credit > total {
        return Err(LegsError::AboveTotal);
    }
    Ok(())
}

/// The reasons against the credit-line leg besides the line's own gate: the method switched off,
/// a guest checkout and a cart that buys a top-up. (The balance leg is judged as a payment from
/// the balance: [`crate::wallet::pay::payment_reasons`].)
pub fn credit_leg_reasons(enabled: bool, logged_in: bool, contains_top_up: bool) -> impl Iterator<Item = Code> {
    [(!enabled, Code::MethodDisabled), (!logged_in, Code::CustomerNotLoggedIn), (contains_top_up, Code::CartContainsTopUp)]
        .into_iter()
        .filter_map(|(applies, code)| applies.then_some(code))
}

/// One leg of a checkout: pending and linked to the next, debiting the paying account.
pub fn reservation(id: String, debit: &str, credit: &str, amount: i64, timeout_s: u32, code: MovementType, order_ref: &Option<String>) -> TransferInput {
    TransferInput {
        id,
        debit_account_id: debit.to_string(),
        credit_account_id: credit.to_string(),
        amount,
        pending_id: None,
        timeout_s: i64::from(timeout_s),
        flags: TransferFlags { pending: true, linked: true, ..Default::default() },
        code,
        order_ref: order_ref.clone(),
    }
}

/// The last leg closes the linked chain: the ledger applies the chain all or nothing.
pub fn close_chain(batch: &mut [TransferInput]) {
    if let Some(last) = batch.last_mut() {
        last.flags.linked = false;
    }
}

/// The transfer that posts (paid) or voids (cancelled) one reservation, linked to the next.
pub fn settlement(reservation: &Transfer, id: String, outcome: Outcome) -> TransferInput {
    TransferInput {
        id,
        debit_account_id: reservation.debit_account_id.clone(),
        credit_account_id: reservation.credit_account_id.clone(),
        amount: 0,
        pending_id: Some(reservation.id.clone()),
        timeout_s: 0,
        flags: TransferFlags { linked: true, post_pending: outcome == Outcome::Paid, void_pending: outcome == Outcome::Cancelled, ..Default::default() },
        code: reservation.code,
        order_ref: reservation.order_ref.clone(),
    }
}

/// Why an order cannot settle when one of its reservations was already resolved another way.
pub fn skipped_reason(status: PendingStatus) -> Code {
    match status {
        PendingStatus::Posted => Code::PendingTransferAlreadyPosted,
        PendingStatus::Voided => Code::PendingTransferAlreadyVoided,
        _ => Code::PendingTransferExpired,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legs_pay_something_and_no_more_than_the_cart() {
        assert_eq!(check_legs(0, 0, 5000), Err(LegsError::NoLeg));
        assert_eq!(check_legs(3000, 2001, 5000), Err(LegsError::AboveTotal));
        assert_eq!(check_legs(3000, 2000, 5000), Ok(()));
        assert_eq!(check_legs(0, 1, 5000), Ok(()));
    }

    #[test]
    fn credit_leg_reasons_besides_the_gate() {
        assert_eq!(credit_leg_reasons(true, true, false).count(), 0);
        assert_eq!(credit_leg_reasons(false, false, true).collect::<Vec<_>>(), vec![Code::MethodDisabled, Code::CustomerNotLoggedIn, Code::CartContainsTopUp]);
        assert_eq!(credit_leg_reasons(true, false, false).collect::<Vec<_>>(), vec![Code::CustomerNotLoggedIn]);
    }

    #[test]
    fn a_settlement_posts_or_voids_its_reservation_and_the_chain_closes() {
        let r = reservation("k:wallet".into(), "w", "s", 2000, 60, MovementType::OrderPayment, &Some("o-1".into()));
        assert!(r.flags.pending && r.flags.linked);
        let stored = Transfer {
            id: r.id.clone(),
            debit_account_id: "w".into(),
            credit_account_id: "s".into(),
            amount: 2000,
            currency: crate::money::Currency::from_code("EUR").unwrap(),
            pending_id: None,
            timeout_s: 60,
            flags: r.flags,
            code: MovementType::OrderPayment,
            order_ref: Some("o-1".into()),
            timestamp_s: 0,
            pending_status: PendingStatus::Pending,
        };
        let post = settlement(&stored, "k:wallet:post".into(), Outcome::Paid);
        assert!(post.flags.post_pending && !post.flags.void_pending && post.flags.linked);
        assert_eq!((post.pending_id.as_deref(), post.amount), (Some("k:wallet"), 0));
        assert!(settlement(&stored, "k:wallet:void".into(), Outcome::Cancelled).flags.void_pending);
        let mut batch = vec![r.clone(), r];
        close_chain(&mut batch);
        assert!(batch[0].flags.linked && !batch[1].flags.linked);
        assert_eq!(skipped_reason(PendingStatus::Voided), Code::PendingTransferAlreadyVoided);
        assert_eq!(skipped_reason(PendingStatus::Expired), Code::PendingTransferExpired);
    }
}
