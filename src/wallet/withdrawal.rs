//! Withdrawals: a customer asks to take money out of the balance; the amount is reserved until an
//! admin approves (posts) or rejects (voids) it (`wallet.withdrawalRequest`,
//! `wallet.withdrawalDecision`; their wire: `crate::api::ops::wallet`).

use crate::prelude::*;

use super::settings::WalletSettings;
use crate::codes::Code;
use crate::ledger::{MovementType, PendingStatus, Transfer};
use crate::Read;

/// The business reasons against a withdrawal request of `amount` from a balance of `available`.
pub fn withdrawal_reasons(s: &WalletSettings, amount: i64, available: i64) -> Vec<Code> {
    let mut r = Vec::new();
    if !s.allow_withdrawal {
        r.push(Code::WithdrawalNotAllowed);
    }
    if !s.amounts_known {
        r.push(Code::CurrencyNotSupported);
    }
    if amount == 0 {
        r.push(Code::AmountMustNotBeZero);
    } else if amount < s.min_withdrawal {
        r.push(Code::AmountBelowMinimum);
    }
    if amount > available {
        r.push(Code::WalletInsufficientFunds);
    }
    Code::sort_list(&mut r, false);
    r
}

/// A request can be decided once: only while its reservation is still pending.
pub fn decision_reasons(request_status: PendingStatus) -> Vec<Code> {
    if request_status == PendingStatus::Pending {
        vec![]
    } else {
        vec![Code::RequestAlreadyDecided]
    }
}

/// What an admin decides about a withdrawal request.
#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
}

/// The stored transfer a decision names is the pending withdrawal from this wallet to the
/// withdrawals account (nothing else may be posted or voided by a decision).
pub fn is_request(t: &Transfer, wallet_id: &str, withdrawals_id: &str) -> bool {
    t.flags.pending && t.code == MovementType::Withdrawal && t.debit_account_id == wallet_id && t.credit_account_id == withdrawals_id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> WalletSettings {
        WalletSettings { min_withdrawal: 1000, ..WalletSettings::all_on() }
    }

    #[test]
    fn withdrawal_rules() {
        let s = settings();
        assert_eq!(withdrawal_reasons(&s, 1000, 5000), vec![]);
        assert_eq!(withdrawal_reasons(&s, 999, 5000), vec![Code::AmountBelowMinimum]);
        assert_eq!(withdrawal_reasons(&s, 5001, 5000), vec![Code::WalletInsufficientFunds]);
        assert_eq!(withdrawal_reasons(&s, 0, 5000), vec![Code::AmountMustNotBeZero]);
        let mut off = settings();
        off.allow_withdrawal = false;
        assert_eq!(withdrawal_reasons(&off, 500, 100), vec![Code::WalletInsufficientFunds, Code::WithdrawalNotAllowed, Code::AmountBelowMinimum]);
    }

    #[test]
    fn only_the_pending_withdrawal_of_this_wallet_can_be_decided() {
        use crate::ledger::{PendingStatus as P, TransferFlags};
        let eur = crate::money::Currency::from_code("EUR").unwrap();
        let req = Transfer {
            id: "k:withdrawal".into(),
            debit_account_id: "w".into(),
            credit_account_id: "shop:withdrawals".into(),
            amount: 500,
            currency: eur,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags { pending: true, ..TransferFlags::default() },
            code: MovementType::Withdrawal,
            order_ref: None,
            timestamp_s: 0,
            pending_status: P::Pending,
        };
        assert!(is_request(&req, "w", "shop:withdrawals"));
        assert!(!is_request(&req, "other", "shop:withdrawals"));
        assert!(!is_request(&Transfer { code: MovementType::Refund, ..req.clone() }, "w", "shop:withdrawals"));
        assert!(!is_request(&Transfer { flags: TransferFlags::default(), ..req }, "w", "shop:withdrawals"));
    }

    #[test]
    fn decided_once() {
        assert_eq!(decision_reasons(PendingStatus::Pending), vec![]);
        for s in [PendingStatus::Posted, PendingStatus::Voided, PendingStatus::Expired] {
            assert_eq!(decision_reasons(s), vec![Code::RequestAlreadyDecided]);
        }
    }
}
