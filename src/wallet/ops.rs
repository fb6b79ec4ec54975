//! `wallet.*` operations: gate, payment (full/partial, reserved or posted), top-up, refunds split
//! by funding source, cancellation, withdrawals, bonuses, mass adjustments, statistics.

use super::rules::*;
use crate::api::wire::{amount_string, check_len, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::date::Date;
use crate::ledger::wire::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::ledger::{Account, AccountKind, MovementType, PendingStatus, TransferFlags, TransferInput};
use crate::money::{parse_decimal, Currency};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn key_id(key: &Id, leg: &str) -> Result<String, ApiError> {
    let id = format!("{}:{leg}", key.0);
    if id.len() > crate::api::wire::MAX_ID_BYTES {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.key", "the key must leave room for a suffix (at most 96 bytes)"));
    }
    Ok(id)
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireVat {
    mode: String,
    #[serde(default)]
    rate: Option<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireWalletSettings {
    pub enabled: bool,
    #[serde(default)]
    pub allowed_groups: Vec<Id>,
    #[serde(default)]
    pub allow_partial: bool,
    #[serde(default)]
    pub allow_top_up: bool,
    #[serde(default)]
    pub allow_withdrawal: bool,
    #[serde(default)]
    pub min_withdrawal: Option<Amount>,
    #[serde(default)]
    pub min_top_up: Option<Amount>,
    #[serde(default)]
    pub max_top_up: Option<Amount>,
    #[serde(default)]
    pub top_up_vat: Option<WireVat>,
}

impl WireWalletSettings {
    pub fn validate(&self, c: Currency, path: &str) -> Result<WalletSettings, ApiError> {
        check_len(&self.allowed_groups, 100, &format!("{path}.allowedGroups"))?;
        let opt = |a: &Option<Amount>, f: &str| -> Result<i64, ApiError> {
            match a {
                Some(a) => a.minor(c, &format!("{path}.{f}")),
                None => Ok(0),
            }
        };
        let vat = match &self.top_up_vat {
            None => None,
            Some(v) if v.mode == "none" => None,
            Some(v) if v.mode == "included" => {
                let bad = || ApiError::at(ErrorCode::InvalidValue, format!("{path}.topUpVat.rate"), "rate must be a percentage between 0 and 100");
                let r = parse_decimal(v.rate.as_deref().unwrap_or("")).map_err(|_| bad())?;
                if r < Decimal::ZERO || r > Decimal::ONE_HUNDRED {
                    return Err(bad());
                }
                Some(r)
            }
            Some(_) => return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.topUpVat.mode"), "mode must be none or included")),
        };
        let s = WalletSettings {
            enabled: self.enabled,
            allowed_groups: self.allowed_groups.iter().map(|g| g.0.clone()).collect(),
            allow_partial: self.allow_partial,
            allow_top_up: self.allow_top_up,
            allow_withdrawal: self.allow_withdrawal,
            min_withdrawal: opt(&self.min_withdrawal, "minWithdrawal")?,
            min_top_up: opt(&self.min_top_up, "minTopUp")?,
            max_top_up: opt(&self.max_top_up, "maxTopUp")?,
            top_up_vat_rate: vat,
        };
        if s.max_top_up > 0 && s.max_top_up < s.min_top_up {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.maxTopUp"), "maxTopUp must not be below minTopUp"));
        }
        Ok(s)
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCustomer {
    #[serde(default)]
    pub customer_id: Option<Id>,
    #[serde(default)]
    pub group_ids: Vec<Id>,
    pub logged_in: bool,
}

impl WireCustomer {
    pub fn validate(&self, path: &str) -> Result<Customer, ApiError> {
        check_len(&self.group_ids, 100, &format!("{path}.groupIds"))?;
        Ok(Customer { logged_in: self.logged_in, group_ids: self.group_ids.iter().map(|g| g.0.clone()).collect() })
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCart {
    pub currency: CurrencyCode,
    pub total: Amount,
    #[serde(default)]
    pub contains_top_up: bool,
}

fn wallet_account(w: &WireAccount, path: &str) -> Result<Account, ApiError> {
    let a = w.to_account(path)?;
    if a.kind != AccountKind::Wallet {
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.kind"), "the account must be a wallet"));
    }
    Ok(a)
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct GateOut {
    pub available: bool,
    pub reasons: Vec<Code>,
    pub covers: String,
    pub remaining: String,
}

pub fn gate_out(a: &crate::decision::Availability, c: Currency) -> GateOut {
    GateOut { available: a.available, reasons: a.reasons.clone(), covers: amount_string(a.covers, c), remaining: amount_string(a.remaining, c) }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AvailabilityInput {
    #[serde(default)]
    wallet: Option<WireAccount>,
    settings: WireWalletSettings,
    customer: WireCustomer,
    cart: WireCart,
}

/// Both modes for one cart; shared with eligibility.
pub fn availability_for(wallet: Option<&Account>, s: &WalletSettings, customer: &Customer, cart_currency: Currency, total: i64, top_up: bool) -> Result<Value, ApiError> {
    if let Some(w) = wallet {
        crate::api::wire::same_currency(w.currency, cart_currency, "input.cart.currency")?;
    }
    let full = availability(wallet, s, customer, total, top_up, Mode::Full);
    let partial = availability(wallet, s, customer, total, top_up, Mode::Partial);
    Ok(json!({
        "balance": amount_string(wallet.map(|w| w.wallet_available()).unwrap_or(0), cart_currency),
        "full": gate_out(&full, cart_currency),
        "partial": gate_out(&partial, cart_currency),
    }))
}

pub fn availability_op(_ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let i: AvailabilityInput = parse_input(input)?;
    let c = i.cart.currency.0;
    let w = match &i.wallet {
        Some(w) => Some(wallet_account(w, "input.wallet")?),
        None => None,
    };
    let s = i.settings.validate(c, "input.settings")?;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    availability_for(w.as_ref(), &s, &i.customer.validate("input.customer")?, c, total, i.cart.contains_top_up)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MoveOut {
    accepted: bool,
    reasons: Vec<Code>,
    amount: String,
    balance: String,
    ledger: Option<LedgerOutput>,
}

fn rejected(reasons: Vec<Code>, amount: i64, wallet: &Account) -> Result<Value, ApiError> {
    to_result(&MoveOut { accepted: false, reasons, amount: amount_string(amount, wallet.currency), balance: amount_string(wallet.wallet_available(), wallet.currency), ledger: None })
}

/// Runs the transfers; reports the balance after and the real reason if the ledger refused.
fn booked(lo: LedgerOutput, amount: i64, wallet: &Account) -> Result<Value, ApiError> {
    let after = lo
        .accounts
        .iter()
        .find(|a| a.id == wallet.id)
        .and_then(|a| {
            let c = wallet.currency;
            let n = |s: &str| crate::money::Money::parse(s, c).map(|m| m.minor()).ok();
            Some(n(&a.credits_posted)? - n(&a.debits_posted)? - n(&a.debits_pending)?)
        })
        .unwrap_or(wallet.wallet_available());
    to_result(&MoveOut {
        accepted: lo.all_applied(),
        reasons: lo.first_failure().into_iter().collect(),
        amount: amount_string(amount, wallet.currency),
        balance: amount_string(after, wallet.currency),
        ledger: Some(lo),
    })
}

fn plain(id: String, debit: &str, credit: &str, amount: i64, code: MovementType, order_ref: Option<String>) -> TransferInput {
    TransferInput { id, debit_account_id: debit.into(), credit_account_id: credit.into(), amount, pending_id: None, timeout_s: 0, flags: TransferFlags::default(), code, order_ref }
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum WireMode {
    Full,
    Partial,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PayInput {
    key: Id,
    order_ref: Id,
    mode: WireMode,
    amount: Amount,
    cart: WireCart,
    #[serde(default)]
    reserve: bool,
    #[serde(default)]
    timeout_s: u32,
    wallet: WireAccount,
    sales_account: WireAccount,
    settings: WireWalletSettings,
    customer: WireCustomer,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// Pays an order (in full, or part of it) from the balance; re-checks the gate on the server.
pub fn pay(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: PayInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    crate::api::wire::same_currency(c, i.cart.currency.0, "input.cart.currency")?;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.sales_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key, "wallet")?;
    if ledger.transfer(&id).is_none() {
        let mode = if i.mode == WireMode::Full { Mode::Full } else { Mode::Partial };
        let gate = availability(Some(&w), &s, &i.customer.validate("input.customer")?, total, i.cart.contains_top_up, mode);
        let mut reasons = gate.reasons.clone();
        if gate.available {
            if mode == Mode::Full && amount != total {
                return Err(ApiError::at(ErrorCode::InvalidValue, "input.amount", "a full payment must equal the cart total"));
            }
            if mode == Mode::Partial && amount >= total {
                return Err(ApiError::at(ErrorCode::InvalidValue, "input.amount", "a partial payment must be less than the cart total"));
            }
            if amount > gate.covers {
                reasons.push(Code::WalletInsufficientFunds);
            }
            if amount == 0 {
                reasons.push(Code::NothingToPay);
            }
        }
        if !reasons.is_empty() {
            return rejected(reasons, amount, &w);
        }
    }
    let mut t = plain(id, &w.id, &i.sales_account.id.0, amount, MovementType::OrderPayment, Some(i.order_ref.0.clone()));
    if i.reserve {
        t.flags.pending = true;
        t.timeout_s = i.timeout_s as i64;
    }
    booked(run(ledger, &[t], now), amount, &w)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TopUpInput {
    key: Id,
    order_ref: Id,
    paid: Amount,
    settings: WireWalletSettings,
    wallet: WireAccount,
    top_ups_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// A paid top-up order credits the balance with what was collected (net of VAT if included).
pub fn top_up(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: TopUpInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    let s = i.settings.validate(c, "input.settings")?;
    let paid = i.paid.minor(c, "input.paid")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.top_ups_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key, "topup")?;
    let credit = top_up_credit(paid, c, s.top_up_vat_rate).ok_or_else(|| ApiError::at(ErrorCode::AmountTooLarge, "input.paid", "amount too large"))?;
    if ledger.transfer(&id).is_none() {
        let mut r = Vec::new();
        if !s.allow_top_up {
            r.push(Code::TopUpNotAllowed);
        }
        if credit == 0 {
            r.push(Code::NothingToPay);
        }
        if paid < s.min_top_up {
            r.push(Code::AmountBelowMinimum);
        }
        if s.max_top_up > 0 && paid > s.max_top_up {
            r.push(Code::AmountAboveMaximum);
        }
        if !r.is_empty() {
            r.sort();
            return rejected(r, credit, &w);
        }
    }
    let t = plain(id, &i.top_ups_account.id.0, &w.id, credit, MovementType::TopUp, Some(i.order_ref.0.clone()));
    booked(run(ledger, &[t], now), credit, &w)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum SourceKind {
    Wallet,
    CreditLine,
    External,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireSource {
    source: SourceKind,
    paid: Amount,
    #[serde(default)]
    refunded: Option<Amount>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum RefundMode {
    Proportional,
    ToBalance,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RefundInput {
    key: Id,
    order_ref: Id,
    currency: CurrencyCode,
    refund_amount: Amount,
    #[serde(default = "default_refund_mode")]
    mode: RefundMode,
    sources: Vec<WireSource>,
    #[serde(default)]
    wallet: Option<WireAccount>,
    #[serde(default)]
    credit_line: Option<WireAccount>,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

fn default_refund_mode() -> RefundMode {
    RefundMode::Proportional
}

/// Refunds an order, split by funding source (or all to the balance, an admin's choice);
/// the internal legs are linked: all or nothing.
pub fn refund(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: RefundInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.sources, 3, "input.sources")?;
    let amount = i.refund_amount.minor(c, "input.refundAmount")?;
    let mut sources = Vec::new();
    for (n, s) in i.sources.iter().enumerate() {
        let paid = s.paid.minor(c, &format!("input.sources[{n}].paid"))?;
        let refunded = match &s.refunded {
            Some(r) => r.minor(c, &format!("input.sources[{n}].refunded"))?,
            None => 0,
        };
        if sources.iter().any(|(k, _)| *k == s.source) {
            return Err(ApiError::at(ErrorCode::DuplicateId, format!("input.sources[{n}].source"), "each source appears once"));
        }
        sources.push((s.source, Source { paid, refunded }));
    }
    let mut accounts = vec![i.sales_account.clone()];
    let wallet = match &i.wallet {
        Some(w) => {
            let a = wallet_account(w, "input.wallet")?;
            crate::api::wire::same_currency(c, a.currency, "input.wallet.currency")?;
            accounts.push(w.clone());
            Some(a)
        }
        None => None,
    };
    let credit = match &i.credit_line {
        Some(w) => {
            let a = w.to_account("input.creditLine")?;
            crate::api::wire::same_currency(c, a.currency, "input.creditLine.currency")?;
            accounts.push(w.clone());
            Some(a)
        }
        None => None,
    };
    let parts: Vec<i64> = match i.mode {
        RefundMode::Proportional => match split_refund(amount, &sources.iter().map(|(_, s)| *s).collect::<Vec<_>>(), c) {
            Some(p) => p,
            None => return to_result(&json!({"accepted": false, "reasons": [Code::RefundExceedsPaid], "legs": [], "external": amount_string(0, c), "ledger": null})),
        },
        RefundMode::ToBalance => {
            let room: i64 = sources.iter().map(|(_, s)| s.room()).sum();
            if amount > room {
                return to_result(&json!({"accepted": false, "reasons": [Code::RefundExceedsPaid], "legs": [], "external": amount_string(0, c), "ledger": null}));
            }
            sources.iter().map(|(k, _)| if *k == SourceKind::Wallet { amount } else { 0 }).collect::<Vec<_>>()
        }
    };
    let mut wanted: Vec<(SourceKind, i64)> = sources.iter().map(|(k, _)| *k).zip(parts).collect();
    if i.mode == RefundMode::ToBalance && !wanted.iter().any(|(k, _)| *k == SourceKind::Wallet) {
        wanted.push((SourceKind::Wallet, amount));
    }
    let ledger = ledger_from(&accounts, &i.transfers, "input")?;
    let mut batch = Vec::new();
    let mut legs = Vec::new();
    let mut external = 0;
    for (kind, part) in &wanted {
        if *part == 0 {
            continue;
        }
        let (leg, account) = match kind {
            SourceKind::External => {
                external += part;
                legs.push(json!({"source": "external", "amount": amount_string(*part, c)}));
                continue;
            }
            SourceKind::Wallet => ("wallet", wallet.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.wallet", "a wallet refund needs the wallet account"))?),
            SourceKind::CreditLine => ("credit", credit.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.creditLine", "a credit-line refund needs the credit-line account"))?),
        };
        let mut t = plain(key_id(&i.key, leg)?, &i.sales_account.id.0, &account.id, *part, MovementType::Refund, Some(i.order_ref.0.clone()));
        t.flags.linked = true;
        legs.push(json!({"source": if leg == "wallet" { "wallet" } else { "credit_line" }, "amount": amount_string(*part, c), "transferId": t.id}));
        batch.push(t);
    }
    if let Some(last) = batch.last_mut() {
        last.flags.linked = false;
    }
    let lo = run(ledger, &batch, now);
    to_result(&json!({
        "accepted": lo.all_applied(),
        "reasons": lo.first_failure().into_iter().collect::<Vec<_>>(),
        "legs": legs,
        "external": amount_string(external, c),
        "ledger": lo,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CancelInput {
    key: Id,
    payment: WireTransfer,
    wallet: WireAccount,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// A cancelled order gives the balance back: voids the reservation, or restores a posted payment.
pub fn cancel(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: CancelInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let p = i.payment.to_transfer("input.payment")?;
    if p.debit_account_id != w.id {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.payment", "the payment must be a debit of this wallet"));
    }
    let mut known = i.transfers.clone();
    if !known.iter().any(|t| t.id.0 == p.id) {
        known.push(i.payment.clone());
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.sales_account.clone()], &known, "input")?;
    let t = if p.flags.pending && p.pending_status == PendingStatus::Pending {
        TransferInput {
            id: key_id(&i.key, "void")?,
            debit_account_id: p.debit_account_id.clone(),
            credit_account_id: p.credit_account_id.clone(),
            amount: 0,
            pending_id: Some(p.id.clone()),
            timeout_s: 0,
            flags: TransferFlags { void_pending: true, ..Default::default() },
            code: p.code,
            order_ref: p.order_ref.clone(),
        }
    } else if p.flags.pending && p.pending_status != PendingStatus::Posted {
        // Voided or expired: nothing was taken, nothing to give back.
        return to_result(&MoveOut { accepted: true, reasons: vec![], amount: amount_string(0, w.currency), balance: amount_string(w.wallet_available(), w.currency), ledger: None });
    } else {
        plain(key_id(&i.key, "restore")?, &p.credit_account_id, &w.id, p.amount, MovementType::CancellationRestore, p.order_ref.clone())
    };
    let amount = if t.flags.void_pending { p.amount } else { t.amount };
    booked(run(ledger, &[t], now), amount, &w)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WithdrawalInput {
    key: Id,
    amount: Amount,
    settings: WireWalletSettings,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// A customer asks to withdraw: the amount is reserved until an admin decides.
pub fn withdrawal_request(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: WithdrawalInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    let s = i.settings.validate(c, "input.settings")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key, "withdrawal")?;
    if ledger.transfer(&id).is_none() {
        let mut r = Vec::new();
        if !s.allow_withdrawal {
            r.push(Code::WithdrawalNotAllowed);
        }
        if amount == 0 {
            r.push(Code::NothingToPay);
        } else if amount < s.min_withdrawal {
            r.push(Code::AmountBelowMinimum);
        }
        if amount > w.wallet_available() {
            r.push(Code::WalletInsufficientFunds);
        }
        if !r.is_empty() {
            r.sort();
            return rejected(r, amount, &w);
        }
    }
    let mut t = plain(id, &w.id, &i.withdrawals_account.id.0, amount, MovementType::Withdrawal, Some(i.key.0.clone()));
    t.flags.pending = true;
    booked(run(ledger, &[t], now), amount, &w)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Approve,
    Reject,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WithdrawalDecisionInput {
    key: Id,
    decision: Decision,
    request: WireTransfer,
    wallet: WireAccount,
    withdrawals_account: WireAccount,
    decided_by: Id,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// An admin approves (posts) or rejects (voids) a withdrawal request.
pub fn withdrawal_decision(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: WithdrawalDecisionInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let req = i.request.to_transfer("input.request")?;
    if let Some(r) = &i.reason {
        if r.chars().count() > 1000 {
            return Err(ApiError::at(ErrorCode::InvalidValue, "input.reason", "at most 1000 characters"));
        }
    }
    let mut known = i.transfers.clone();
    if !known.iter().any(|t| t.id.0 == req.id) {
        known.push(i.request.clone());
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.withdrawals_account.clone()], &known, "input")?;
    let leg = if i.decision == Decision::Approve { "approve" } else { "reject" };
    let id = key_id(&i.key, leg)?;
    if ledger.transfer(&id).is_none() && req.pending_status != PendingStatus::Pending {
        return rejected(vec![Code::RequestAlreadyDecided], req.amount, &w);
    }
    let t = TransferInput {
        id,
        debit_account_id: req.debit_account_id.clone(),
        credit_account_id: req.credit_account_id.clone(),
        amount: 0,
        pending_id: Some(req.id.clone()),
        timeout_s: 0,
        flags: TransferFlags { post_pending: i.decision == Decision::Approve, void_pending: i.decision == Decision::Reject, ..Default::default() },
        code: MovementType::Withdrawal,
        order_ref: req.order_ref.clone(),
    };
    let mut out = booked(run(ledger, &[t], now), req.amount, &w)?;
    out["audit"] = json!({
        "action": if i.decision == Decision::Approve { "withdrawal_approved" } else { "withdrawal_rejected" },
        "actor": i.decided_by.0, "at": now, "subject": req.id, "reason": i.reason,
    });
    Ok(out)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum BonusKind {
    Bonus,
    Cashback,
    AdjustmentCredit,
    AdjustmentDebit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct BonusInput {
    key: Id,
    kind: BonusKind,
    amount: Amount,
    #[serde(default)]
    order_ref: Option<Id>,
    wallet: WireAccount,
    bonus_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// Bonuses, cashback and manual adjustments, each its own movement type.
pub fn bonus(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: BonusInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let amount = i.amount.minor(w.currency, "input.amount")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.bonus_account.clone()], &i.transfers, "input")?;
    let (code, debit) = match i.kind {
        BonusKind::Bonus => (MovementType::Bonus, false),
        BonusKind::Cashback => (MovementType::Cashback, false),
        BonusKind::AdjustmentCredit => (MovementType::AdjustmentCredit, false),
        BonusKind::AdjustmentDebit => (MovementType::AdjustmentDebit, true),
    };
    let id = key_id(&i.key, "bonus")?;
    let order_ref = i.order_ref.as_ref().map(|o| o.0.clone());
    let t = if debit { plain(id, &w.id, &i.bonus_account.id.0, amount, code, order_ref) } else { plain(id, &i.bonus_account.id.0, &w.id, amount, code, order_ref) };
    booked(run(ledger, &[t], now), amount, &w)
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Direction {
    Credit,
    Debit,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MassItem {
    customer_id: Id,
    wallet: WireAccount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MassInput {
    batch_key: Id,
    direction: Direction,
    currency: CurrencyCode,
    amount: Amount,
    items: Vec<MassItem>,
    shop_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// Credits or debits every listed customer once: one independent transfer per customer with the
/// id `{batchKey}:{customerId}`, so a re-run after an interruption only does what is left.
pub fn mass_adjust(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: MassInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.items, 1000, "input.items")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let mut accounts = vec![i.shop_account.clone()];
    let mut batch = Vec::new();
    let code = if i.direction == Direction::Credit { MovementType::AdjustmentCredit } else { MovementType::AdjustmentDebit };
    for (n, item) in i.items.iter().enumerate() {
        let w = wallet_account(&item.wallet, &format!("input.items[{n}].wallet"))?;
        crate::api::wire::same_currency(c, w.currency, &format!("input.items[{n}].wallet.currency"))?;
        accounts.push(item.wallet.clone());
        let id = format!("{}:{}", i.batch_key.0, item.customer_id.0);
        if id.len() > crate::api::wire::MAX_ID_BYTES {
            return Err(ApiError::at(ErrorCode::InvalidId, format!("input.items[{n}].customerId"), "batchKey:customerId must fit in 128 bytes"));
        }
        batch.push(if i.direction == Direction::Credit { plain(id, &i.shop_account.id.0, &w.id, amount, code, None) } else { plain(id, &w.id, &i.shop_account.id.0, amount, code, None) });
    }
    let ledger = ledger_from(&accounts, &i.transfers, "input")?;
    let lo = run(ledger, &batch, now);
    let count = |f: fn(Code) -> bool| lo.results.iter().filter(|r| f(r.result)).count();
    to_result(&json!({
        "applied": count(|c| c == Code::Ok),
        "alreadyDone": count(|c| c == Code::Exists),
        "skipped": count(|c| c != Code::Ok && c != Code::Exists),
        "ledger": lo,
    }))
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Period {
    Day,
    Month,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatsInput {
    currency: CurrencyCode,
    period: Period,
    #[serde(default)]
    utc_offset_s: i32,
    /// The wallets whose movements count (credits to them are money in, debits money out).
    wallet_ids: Vec<Id>,
    transfers: Vec<WireTransfer>,
}

#[derive(Serialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
struct Bucket {
    count: u64,
    credits: String,
    debits: String,
}

/// Movements per period and type: counts, money in and money out of the wallets.
pub fn stats(_ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let i: StatsInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.wallet_ids, 1000, "input.walletIds")?;
    if !(-14 * 3600..=14 * 3600).contains(&i.utc_offset_s) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.utcOffsetS", "the UTC offset must be within ±14 hours"));
    }
    let transfers = crate::ledger::wire::parse_transfers(&i.transfers, "input.transfers")?;
    let wallets: std::collections::BTreeSet<&str> = i.wallet_ids.iter().map(|w| w.0.as_str()).collect();
    // period -> type -> (count, credits, debits) in i128
    let mut acc: BTreeMap<String, BTreeMap<&'static str, (u64, i128, i128)>> = BTreeMap::new();
    let mut totals: BTreeMap<&'static str, (u64, i128, i128)> = BTreeMap::new();
    for (n, t) in transfers.iter().enumerate() {
        crate::api::wire::same_currency(c, t.currency, &format!("input.transfers[{n}].currency"))?;
        // Count what actually moved: posted transfers and posts of reservations.
        if t.flags.pending || t.flags.void_pending {
            continue;
        }
        let credit = wallets.contains(t.credit_account_id.as_str());
        let debit = wallets.contains(t.debit_account_id.as_str());
        if !credit && !debit {
            continue;
        }
        let day = Date::from_unix_s(t.timestamp_s, i.utc_offset_s).ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, format!("input.transfers[{n}].timestampS"), "out of range"))?;
        let label = day.to_string();
        let key = if i.period == Period::Month { label[..7].to_string() } else { label };
        for slot in [acc.entry(key).or_default().entry(t.code.as_str()).or_default(), totals.entry(t.code.as_str()).or_default()] {
            slot.0 += 1;
            if credit {
                slot.1 += t.amount as i128;
            }
            if debit {
                slot.2 += t.amount as i128;
            }
        }
    }
    let fmt = |v: i128| i64::try_from(v).map(|x| amount_string(x, c)).unwrap_or_else(|_| "overflow".into());
    let bucket = |(n, cr, db): (u64, i128, i128)| Bucket { count: n, credits: fmt(cr), debits: fmt(db) };
    let periods: BTreeMap<String, BTreeMap<&str, Bucket>> = acc.into_iter().map(|(k, v)| (k, v.into_iter().map(|(t, b)| (t, bucket(b))).collect())).collect();
    let total: BTreeMap<&str, Bucket> = totals.into_iter().map(|(t, b)| (t, bucket(b))).collect();
    to_result(&json!({"currency": CurrencyCode(c).0.code(), "periods": periods, "totals": total}))
}
