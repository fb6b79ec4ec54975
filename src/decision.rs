//! The shape every availability decision shares (credit line, wallet, financing, eligibility).

use crate::prelude::*;

use crate::codes::Code;

/// Whether a payment method can be used for an amount, why not, and what it would cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub available: bool,
    /// Every reason that applies, in the documented precedence order (see `codes::Code`).
    pub reasons: Vec<Code>,
    /// Minor units this method can cover of the amount asked.
    pub covers: i64,
    /// Minor units left to pay by other means after this method.
    pub remaining: i64,
}

impl Availability {
    /// Builds a decision from the reasons found; sorts and de-duplicates them by precedence.
    /// Available exactly when no reason applies.
    pub fn from_reasons(mut reasons: Vec<Code>, covers: i64, amount: i64) -> Availability {
        Code::sort_list(&mut reasons, true);
        let available = reasons.is_empty();
        let covers = if available { covers.clamp(0, amount.max(0)) } else { 0 };
        Availability { available, reasons, covers, remaining: amount - covers }
    }
    /// The first (most important) reason, if any.
    pub fn reason(&self) -> Option<Code> {
        self.reasons.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_ordered_by_precedence_and_block_coverage() {
        let a = Availability::from_reasons(vec![Code::ExceedsCreditLimit, Code::AccountOnHold, Code::ExceedsCreditLimit], 500, 1000);
        assert!(!a.available);
        assert_eq!(a.reasons, vec![Code::AccountOnHold, Code::ExceedsCreditLimit]);
        assert_eq!((a.covers, a.remaining), (0, 1000));
        let ok = Availability::from_reasons(vec![], 1500, 1000);
        assert_eq!((ok.available, ok.covers, ok.remaining), (true, 1000, 0));
    }
}
