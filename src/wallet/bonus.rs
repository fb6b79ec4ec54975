//! Bonuses, cashback and manual adjustments between the shop's bonus account and one wallet, each
//! its own movement type (`wallet.bonus`; its wire: `crate::api::ops::wallet`).

use crate::prelude::*;

use crate::codes::Code;
use crate::ledger::MovementType;
use crate::{Read, Write};

#[derive(Read, Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BonusKind {
    Bonus,
    Cashback,
    AdjustmentCredit,
    AdjustmentDebit,
}

impl BonusKind {
    /// The movement type it is booked as, and whether it takes money out of the wallet.
    pub fn movement(self) -> (MovementType, bool) {
        match self {
            BonusKind::Bonus => (MovementType::Bonus, false),
            BonusKind::Cashback => (MovementType::Cashback, false),
            BonusKind::AdjustmentCredit => (MovementType::AdjustmentCredit, false),
            BonusKind::AdjustmentDebit => (MovementType::AdjustmentDebit, true),
        }
    }
}

/// A zero amount moves nothing; a debit never takes the balance below zero (reservations count).
pub fn bonus_reasons(kind: BonusKind, amount: i64, available: i64) -> Vec<Code> {
    let mut r = Vec::new();
    if amount == 0 {
        r.push(Code::AmountMustNotBeZero);
    } else if kind.movement().1 && amount > available {
        r.push(Code::WalletInsufficientFunds);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debits_never_below_zero() {
        assert_eq!(bonus_reasons(BonusKind::AdjustmentDebit, 1000, 1000), vec![]);
        assert_eq!(bonus_reasons(BonusKind::AdjustmentDebit, 1001, 1000), vec![Code::WalletInsufficientFunds]);
        assert_eq!(bonus_reasons(BonusKind::Bonus, 1001, 0), vec![], "credits need no balance");
        assert_eq!(bonus_reasons(BonusKind::Cashback, 0, 0), vec![Code::AmountMustNotBeZero]);
    }

    #[test]
    fn each_kind_has_its_movement_type() {
        assert_eq!(BonusKind::Bonus.movement(), (MovementType::Bonus, false));
        assert_eq!(BonusKind::Cashback.movement(), (MovementType::Cashback, false));
        assert_eq!(BonusKind::AdjustmentCredit.movement(), (MovementType::AdjustmentCredit, false));
        assert_eq!(BonusKind::AdjustmentDebit.movement(), (MovementType::AdjustmentDebit, true));
    }
}
