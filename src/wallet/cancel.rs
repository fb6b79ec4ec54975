//! A cancelled order gives the balance back: what cancelling does to the stored reservation or
//! payment (`wallet.cancel` on the wire: `crate::api::ops::wallet::cancel`).

use crate::ledger::{PendingStatus, Transfer};

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

/// A reservation or payment that cannot be cancelled as given (a caller error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelError {
    /// The reservation was posted and its post transfer was not given.
    PostMissing,
    /// What was given as the reservation is not a pending transfer.
    NotPending,
    /// Neither or both of the reservation and the payment were given.
    NotExactlyOne,
    /// More was refunded than the payment.
    RefundedTooMuch,
}

/// Decides from the stored reservation (pending transfer) or posted payment.
/// `post` is the transfer that posted the reservation, when it was posted.
pub fn cancel_action(reservation: Option<&Transfer>, post: Option<&Transfer>, payment: Option<&Transfer>, refunded: i64) -> Result<CancelAction, CancelError> {
    let posted = match (reservation, payment) {
        (Some(r), None) => match r.pending_status {
            PendingStatus::Pending => return Ok(CancelAction::Void),
            PendingStatus::Voided | PendingStatus::Expired => return Ok(CancelAction::Nothing),
            PendingStatus::Posted => post.ok_or(CancelError::PostMissing)?,
            PendingStatus::None => return Err(CancelError::NotPending),
        },
        (None, Some(p)) => p,
        _ => return Err(CancelError::NotExactlyOne),
    };
    if refunded > posted.amount {
        return Err(CancelError::RefundedTooMuch);
    }
    Ok(if refunded == posted.amount { CancelAction::Nothing } else { CancelAction::Restore(posted.amount - refunded) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{MovementType, TransferFlags};
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
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Posted)), None, None, 0), Err(CancelError::PostMissing));
        assert_eq!(cancel_action(Some(&t(2000, false, PendingStatus::None)), None, None, 0), Err(CancelError::NotPending));
        let post = t(1500, false, PendingStatus::None);
        assert_eq!(cancel_action(Some(&t(2000, true, PendingStatus::Posted)), Some(&post), None, 0), Ok(CancelAction::Restore(1500)));
    }

    #[test]
    fn a_posted_payment_is_restored_minus_refunds() {
        let p = t(2000, false, PendingStatus::None);
        assert_eq!(cancel_action(None, None, Some(&p), 0), Ok(CancelAction::Restore(2000)));
        assert_eq!(cancel_action(None, None, Some(&p), 500), Ok(CancelAction::Restore(1500)));
        assert_eq!(cancel_action(None, None, Some(&p), 2000), Ok(CancelAction::Nothing));
        assert_eq!(cancel_action(None, None, Some(&p), 2001), Err(CancelError::RefundedTooMuch));
        assert_eq!(cancel_action(None, None, None, 0), Err(CancelError::NotExactlyOne));
    }
}
