//! `wallet.withdrawalRequest` and `wallet.withdrawalDecision`: a customer asks to take money out
//! of the balance; the amount is reserved until an admin approves (posts) or rejects (voids) it.

use super::common::{book, booked, check_text, key_id, move_result, plain, rejected, shop_account, wallet_account};
use super::settings::{WalletSettings, WireWalletSettings};
use crate::api::ops::ledger::{ledger_from, WireAccount, WireTransfer};
use crate::api::wire::{Amount, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{MovementType, PendingStatus, TransferFlags, TransferInput};
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

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RequestInput {
    key: Id,
    amount: Amount,
    settings: WireWalletSettings,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// `wallet.withdrawalRequest`: reserves `amount` wallet → shop withdrawals (pending, no timeout,
/// id `{key}:withdrawal`, code `withdrawal`, orderRef = key).
pub fn withdrawal_request(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: RequestInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    shop_account(&i.withdrawals_account, c, "input.withdrawalsAccount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key.0, "withdrawal")?;
    if ledger.transfer(&id).is_none() {
        let r = withdrawal_reasons(&s, amount, w.wallet_available());
        if !r.is_empty() {
            return to_result(&rejected(r, amount, &w));
        }
    }
    let mut t = plain(id.clone(), &w.id, &i.withdrawals_account.id.0, amount, MovementType::Withdrawal, Some(i.key.0.clone()));
    t.flags.pending = true;
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    to_result(&booked(lo, balance, amount, &w, &id))
}

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Approve,
    Reject,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DecisionInput {
    key: Id,
    decision: Decision,
    /// The stored pending transfer of the request.
    request_transfer: WireTransfer,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    decided_by: Id,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.withdrawalDecision` answers besides the movement: the audit entry to write
/// (null when nothing was decided).
#[derive(crate::Write)]
struct DecisionExtra {
    audit: Option<AuditOut>,
}

#[derive(crate::Write)]
struct AuditOut {
    action: &'static str,
    actor: String,
    at: i64,
    reason: Option<String>,
    subject: String,
}

/// `wallet.withdrawalDecision`: approve posts the reservation (`{key}:approve`), reject voids it
/// (`{key}:reject`); answers an audit entry. A second decision is `request_already_decided`.
pub fn withdrawal_decision(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: DecisionInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    shop_account(&i.withdrawals_account, w.currency, "input.withdrawalsAccount")?;
    let req = i.request_transfer.to_transfer("input.requestTransfer")?;
    if !req.flags.pending || req.code != MovementType::Withdrawal || req.debit_account_id != w.id || req.credit_account_id != i.withdrawals_account.id.0 {
        return Err(ApiError::at(
            ErrorCode::InvalidValue,
            "input.requestTransfer",
            "must be the pending withdrawal transfer from this wallet to the withdrawals account",
        ));
    }
    if let Some(r) = &i.reason {
        check_text(r, "input.reason", false)?;
    }
    let mut known = i.transfers.clone();
    if !known.iter().any(|t| t.id.0 == req.id) {
        known.push(i.request_transfer.clone());
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &known, "input")?;
    let approve = i.decision == Decision::Approve;
    let id = key_id(&i.key.0, if approve { "approve" } else { "reject" })?;
    let audit = AuditOut {
        action: if approve { "withdrawal_approved" } else { "withdrawal_rejected" },
        actor: i.decided_by.0.clone(),
        at: now,
        reason: i.reason.clone(),
        subject: req.id.clone(),
    };
    if ledger.transfer(&id).is_none() {
        let r = decision_reasons(req.pending_status);
        if !r.is_empty() {
            return move_result(&rejected(r, req.amount, &w), &DecisionExtra { audit: None });
        }
    }
    let t = TransferInput {
        id: id.clone(),
        debit_account_id: req.debit_account_id.clone(),
        credit_account_id: req.credit_account_id.clone(),
        amount: 0,
        pending_id: Some(req.id.clone()),
        timeout_s: 0,
        flags: TransferFlags { post_pending: approve, void_pending: !approve, ..Default::default() },
        code: MovementType::Withdrawal,
        order_ref: req.order_ref.clone(),
    };
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    let m = booked(lo, balance, req.amount, &w, &id);
    let audit = if m.accepted { Some(audit) } else { None };
    move_result(&m, &DecisionExtra { audit })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op_merged::<DecisionInput, super::common::MoveOut, DecisionExtra>("wallet.withdrawalDecision", "shopcredit::wallet::withdrawal::DecisionOut");
    api.op::<RequestInput, super::common::MoveOut>("wallet.withdrawalRequest");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> WalletSettings {
        WalletSettings {
            enabled: true,
            allowed_groups: vec![],
            allow_partial: true,
            allow_top_up: true,
            allow_withdrawal: true,
            min_withdrawal: 1000,
            min_top_up: 0,
            max_top_up: 0,
            top_up_vat_rate: None,
            amounts_known: true,
        }
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
    fn decided_once() {
        assert_eq!(decision_reasons(PendingStatus::Pending), vec![]);
        for s in [PendingStatus::Posted, PendingStatus::Voided, PendingStatus::Expired] {
            assert_eq!(decision_reasons(s), vec![Code::RequestAlreadyDecided]);
        }
    }
}
