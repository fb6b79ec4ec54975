//! Mass adjustments: credit or debit many wallets at once (a customer group, a promotion).
//! Each customer is one independent transfer (not linked): one failure never blocks the others,
//! and a re-run after an interruption only does what is left (`wallet.massAdjust` on the wire:
//! `crate::api::ops::wallet::batch`).

use crate::prelude::*;

use super::common::plain;
use crate::codes::Code;
use crate::ledger::{MovementType, TransferInput};
use crate::{Read, Write};

pub const MAX_ITEMS: usize = 1000;

#[derive(Read, Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Credit,
    Debit,
}

/// One transfer per `(customerId, walletId)`, id `{batchKey}:{customerId}`: shop → wallet for a
/// credit (`adjustment_credit`), wallet → shop for a debit (`adjustment_debit`).
pub fn mass_transfers(batch_key: &str, direction: Direction, amount: i64, shop: &str, items: &[(&str, &str)]) -> Vec<TransferInput> {
    items
        .iter()
        .map(|(customer, wallet)| {
            let id = format!("{batch_key}:{customer}");
            let reference = Some(batch_key.to_string());
            match direction {
                Direction::Credit => plain(id, shop, wallet, amount, MovementType::AdjustmentCredit, reference),
                Direction::Debit => plain(id, wallet, shop, amount, MovementType::AdjustmentDebit, reference),
            }
        })
        .collect()
}

/// `(applied now, already done earlier, skipped)` from the ledger's answers.
pub fn summarize(results: &[Code]) -> (usize, usize, usize) {
    let applied = results.iter().filter(|c| **c == Code::Ok).count();
    let done = results.iter().filter(|c| **c == Code::Exists).count();
    (applied, done, results.len() - applied - done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_independent_transfer_per_customer() {
        let b = mass_transfers("m-1", Direction::Debit, 500, "shop:1:bonus:EUR", &[("41", "wallet:1:41:EUR"), ("42", "wallet:1:42:EUR")]);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].id, "m-1:41");
        assert_eq!((b[1].debit_account_id.as_str(), b[1].credit_account_id.as_str()), ("wallet:1:42:EUR", "shop:1:bonus:EUR"));
        assert!(b.iter().all(|t| !t.flags.linked && t.code == MovementType::AdjustmentDebit));
        let c = mass_transfers("m-1", Direction::Credit, 500, "s", &[("41", "w")]);
        assert_eq!((c[0].debit_account_id.as_str(), c[0].code), ("s", MovementType::AdjustmentCredit));
    }

    #[test]
    fn summary_counts() {
        assert_eq!(summarize(&[Code::Ok, Code::Exists, Code::WalletInsufficientFunds, Code::Ok]), (2, 1, 1));
        assert_eq!(summarize(&[]), (0, 0, 0));
    }
}
