//! What the customer no longer owes on an order on account: a refund to the credit line (a credit
//! note on the receivable) or the order cancelled after its credit check (`credit.creditNote`,
//! `credit.cancelOrder`: `crate::api::ops::credit_line::adjust`).

use super::profile::{Receivable, ReceivableState};
use crate::codes::Code;

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

/// An order on account cancelled after its check: what goes back to the credit line and the
/// receivable afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancellation {
    /// Already cancelled: the restore transfer was stored, or the receivable is cancelled.
    pub replay: bool,
    /// Credit given back to the line: what was still outstanding (the stored amount on a replay).
    pub restore: i64,
    /// The receivable cancelled, keeping what was paid (returned to the customer another way).
    pub receivable: Receivable,
}

/// Cancels `r`; `stored_restore`: the amount of the restore transfer when it was stored before.
pub fn cancel(r: &Receivable, stored_restore: Option<i64>) -> Cancellation {
    let replay = stored_restore.is_some() || r.state == ReceivableState::Cancelled;
    let mut receivable = r.clone();
    if !replay {
        receivable.amount = r.amount - r.outstanding();
        receivable.state = ReceivableState::Cancelled;
    }
    Cancellation { replay, restore: stored_restore.unwrap_or_else(|| r.outstanding()), receivable }
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

    #[test]
    fn a_cancellation_restores_what_is_outstanding_once() {
        let c = cancel(&recv(24000, 10000, ReceivableState::Open), None);
        assert_eq!((c.replay, c.restore, c.receivable.amount, c.receivable.paid, c.receivable.state), (false, 14000, 10000, 10000, ReceivableState::Cancelled));
        // The restore was stored: the stored amount, the receivable as given.
        let again = cancel(&recv(24000, 10000, ReceivableState::Open), Some(14000));
        assert_eq!((again.replay, again.restore, again.receivable.amount), (true, 14000, 24000));
        let done = cancel(&c.receivable, None);
        assert_eq!((done.replay, done.restore, done.receivable), (true, 0, c.receivable.clone()));
    }
}
