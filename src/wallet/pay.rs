//! An order paid (in full, or part of it) from the balance: which amounts fit the mode and what
//! refuses the payment (`wallet.pay` on the wire: `crate::api::ops::wallet::pay`).

use crate::prelude::*;

use super::gate::Mode;
use crate::codes::Code;
use crate::decision::Availability;

/// An amount inconsistent with the mode and the cart (a caller error, not a business rejection).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountError {
    /// A full payment is the cart total.
    FullNotTotal,
    /// A partial payment takes at least one minor unit.
    PartialZero,
    /// A partial payment leaves at least one minor unit to another method.
    PartialNotLess,
}

/// Whether `amount` fits the mode: a full payment is the cart total; a partial one is 1 minor
/// unit up to the total minus 1.
pub fn amount_error(mode: Mode, amount: i64, total: i64) -> Option<AmountError> {
    match mode {
        Mode::Full if amount != total => Some(AmountError::FullNotTotal),
        Mode::Partial if amount == 0 => Some(AmountError::PartialZero),
        Mode::Partial if amount >= total => Some(AmountError::PartialNotLess),
        _ => None,
    }
}

/// The business reasons against taking `amount` from the balance: the gate's, plus
/// `wallet_insufficient_funds` when the amount is more than the balance covers.
pub fn payment_reasons(gate: &Availability, amount: i64) -> Vec<Code> {
    let mut r = gate.reasons.clone();
    if gate.available && amount > gate.covers {
        r.push(Code::WalletInsufficientFunds);
    }
    Code::sort_list(&mut r, true);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_must_match_the_mode() {
        assert_eq!(amount_error(Mode::Full, 4500, 4500), None);
        assert_eq!(amount_error(Mode::Full, 4000, 4500), Some(AmountError::FullNotTotal));
        assert_eq!(amount_error(Mode::Partial, 1, 4500), None);
        assert_eq!(amount_error(Mode::Partial, 0, 4500), Some(AmountError::PartialZero));
        assert_eq!(amount_error(Mode::Partial, 4500, 4500), Some(AmountError::PartialNotLess));
    }

    #[test]
    fn partial_above_what_the_balance_covers_is_refused() {
        let gate = Availability::from_reasons(vec![], 5000, 8000);
        assert_eq!(payment_reasons(&gate, 5000), vec![]);
        assert_eq!(payment_reasons(&gate, 5001), vec![Code::WalletInsufficientFunds]);
        let closed = Availability::from_reasons(vec![Code::MethodDisabled], 5000, 8000);
        assert_eq!(payment_reasons(&closed, 100), vec![Code::MethodDisabled]);
    }
}
