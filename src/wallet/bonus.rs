//! `wallet.bonus`: bonuses, cashback and manual adjustments between the shop's bonus account and
//! one wallet, each its own movement type.

use super::common::{book, booked, check_text, key_id, move_result, plain, rejected, shop_account, wallet_account};
use crate::api::ops::ledger::{ledger_from, WireAccount, WireTransfer};
use crate::api::wire::{Amount, Id};
use crate::api::{parse_input, ApiError, Ctx};
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

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BonusInput {
    key: Id,
    kind: BonusKind,
    amount: Amount,
    /// Why (shown in the customer's statement and the audit trail).
    reason: String,
    #[serde(default)]
    order_ref: Option<Id>,
    wallet: WireAccount,
    bonus_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.bonus` answers besides the movement.
#[derive(Write)]
struct BonusExtra {
    kind: BonusKind,
    reason: String,
}

/// `wallet.bonus`: shop bonus → wallet (bonus, cashback, adjustment_credit) or wallet → shop
/// bonus (adjustment_debit), id `{key}:bonus`.
pub fn bonus(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: BonusInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    shop_account(&i.bonus_account, w.currency, "input.bonusAccount")?;
    check_text(&i.reason, "input.reason", true)?;
    let amount = i.amount.minor(w.currency, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.bonus_account.clone()], &i.transfers, "input")?;
    let (code, debit) = i.kind.movement();
    let id = key_id(&i.key.0, "bonus")?;
    let extra = BonusExtra { kind: i.kind, reason: i.reason.clone() };
    if ledger.transfer(&id).is_none() {
        let r = bonus_reasons(i.kind, amount, w.wallet_available());
        if !r.is_empty() {
            return move_result(&rejected(r, amount, &w), &extra);
        }
    }
    let order_ref = i.order_ref.as_ref().map(|o| o.0.clone());
    let shop = &i.bonus_account.id.0;
    let t = if debit { plain(id.clone(), &w.id, shop, amount, code, order_ref) } else { plain(id.clone(), shop, &w.id, amount, code, order_ref) };
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    move_result(&booked(lo, balance, amount, &w, &id), &extra)
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op_merged::<BonusInput, super::common::MoveOut, BonusExtra>("wallet.bonus", "shopcredit::wallet::bonus::BonusOut");
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
