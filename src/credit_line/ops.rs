//! `credit.*` operations: gate, status, the credit-check order flow, due dates, payments,
//! reminders, credit-increase requests and limit changes.

use super::rules::*;
use super::wire::*;
use crate::api::wire::{amount_string, Amount, CurrencyCode, Id, WireDate};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::ledger::wire::{ledger_from, run, AccountOut, LedgerOutput, WireAccount, WireTransfer};
use crate::ledger::{AccountKind, MovementType, PendingStatus, TransferFlags, TransferInput};
use serde::{Deserialize, Serialize};
use serde_json::Value;

fn key_id(key: &Id, leg: &str) -> Result<String, ApiError> {
    let id = format!("{}:{leg}", key.0);
    if id.len() > crate::api::wire::MAX_ID_BYTES {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.key", "the key must leave room for a suffix (at most 96 bytes)"));
    }
    Ok(id)
}

fn require_account(ctx: &CreditContext) -> Result<&crate::ledger::Account, ApiError> {
    ctx.account.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.credit.account", "this operation needs the credit-line account"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Cart {
    currency: CurrencyCode,
    total: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AvailabilityInput {
    credit: WireCreditContext,
    cart: Cart,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityOut {
    pub available: bool,
    pub reasons: Vec<Code>,
    pub covers: String,
    pub remaining: String,
    pub needs_manual_approval: bool,
    pub remaining_credit: String,
}

/// The gate for one cart; shared with eligibility.
pub fn availability_for(ctx: &CreditContext, currency: crate::money::Currency, total: i64, now: i64) -> Result<AvailabilityOut, ApiError> {
    if let Some(a) = &ctx.account {
        crate::api::wire::same_currency(a.currency, currency, "input.cart.currency")?;
    }
    let today = ctx.today(now)?;
    let av = availability(ctx.account.as_ref(), &ctx.profile, &ctx.settings, &ctx.receivables, total, today);
    Ok(AvailabilityOut {
        available: av.available,
        reasons: av.reasons,
        covers: amount_string(av.covers, currency),
        remaining: amount_string(av.remaining, currency),
        needs_manual_approval: av.available && needs_manual_approval(&ctx.settings, &ctx.profile),
        remaining_credit: amount_string(ctx.account.as_ref().map(|a| a.remaining_credit()).unwrap_or(0), currency),
    })
}

pub fn availability_op(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: AvailabilityInput = parse_input(input)?;
    let c = i.credit.validate("input.credit")?;
    let total = i.cart.total.minor(i.cart.currency.0, "input.cart.total")?;
    to_result(&availability_for(&c, i.cart.currency.0, total, now)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatusInput {
    credit: WireCreditContext,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OverdueOut {
    order_ref: String,
    due_date: String,
    days_overdue: i64,
    outstanding: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatusOut {
    currency: CurrencyCode,
    limit: String,
    exposure: String,
    remaining: String,
    reserved: String,
    total_expected: String,
    total_paid: String,
    payment_terms_days: u16,
    next_due_date: Option<String>,
    overdue: Vec<OverdueOut>,
    blocking_reasons: Vec<Code>,
    blocks_new_orders: bool,
}

/// What My account and the admin list show about one credit line.
pub fn status(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: StatusInput = parse_input(input)?;
    let c = i.credit.validate("input.credit")?;
    let a = require_account(&c)?;
    let cur = a.currency;
    let today = c.today(now)?;
    let mut overdue = Vec::new();
    let (mut expected, mut paid) = (0i64, 0i64);
    let mut next_due: Option<crate::date::Date> = None;
    for r in &c.receivables {
        expected = expected.saturating_add(r.outstanding());
        if r.state != ReceivableState::Cancelled {
            paid = paid.saturating_add(r.paid);
        }
        if let (Some(d), true) = (r.due_date, r.outstanding() > 0) {
            if r.days_overdue(today) > 0 {
                overdue.push(OverdueOut { order_ref: r.order_ref.clone(), due_date: d.to_string(), days_overdue: r.days_overdue(today), outstanding: amount_string(r.outstanding(), cur) });
            } else if next_due.is_none_or(|n| d < n) {
                next_due = Some(d);
            }
        }
    }
    let blocking = blocking_reasons(a, &c.profile, &c.settings, &c.receivables, today);
    to_result(&StatusOut {
        currency: CurrencyCode(cur),
        limit: amount_string(a.limit, cur),
        exposure: amount_string(a.exposure(), cur),
        remaining: amount_string(a.remaining_credit(), cur),
        reserved: amount_string(a.debits_pending, cur),
        total_expected: amount_string(expected, cur),
        total_paid: amount_string(paid, cur),
        payment_terms_days: terms_days(&c.settings, &c.profile),
        next_due_date: next_due.map(|d| d.to_string()),
        overdue,
        blocks_new_orders: !blocking.is_empty(),
        blocking_reasons: blocking,
    })
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Stage {
    Placed,
    Run,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Order {
    order_ref: Id,
    currency: CurrencyCode,
    amount: Amount,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckInput {
    key: Id,
    stage: Stage,
    order: Order,
    natural_status: String,
    credit: WireCreditContext,
    #[serde(default)]
    sales_account: Option<WireAccount>,
    #[serde(default)]
    reservation: Option<WireTransfer>,
    /// Stored transfers whose ids this op derives (for replays).
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Notification {
    template: &'static str,
    to: &'static str,
    pay_another_way_link: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckOut {
    outcome: &'static str,
    next_status: String,
    reasons: Vec<Code>,
    notifications: Vec<Notification>,
    receivable: Option<ReceivableOut>,
    ledger: Option<LedgerOutput>,
}

/// The "pending credit checks" flow: `placed` parks the order; `run` decides it.
pub fn check(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: CheckInput = parse_input(input)?;
    if i.natural_status.is_empty() || i.natural_status.len() > 64 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.naturalStatus", "naturalStatus must be 1 to 64 characters"));
    }
    let c = i.credit.validate("input.credit")?;
    let cur = i.order.currency.0;
    let amount = i.order.amount.minor(cur, "input.order.amount")?;
    if i.stage == Stage::Placed {
        return to_result(&CheckOut {
            outcome: "pending",
            next_status: "pending_credit_check".into(),
            reasons: vec![],
            notifications: vec![Notification { template: "credit_check_pending", to: "customer", pay_another_way_link: false }],
            receivable: None,
            ledger: None,
        });
    }
    let account = require_account(&c)?;
    crate::api::wire::same_currency(account.currency, cur, "input.order.currency")?;
    let today = c.today(now)?;
    let reservation = match &i.reservation {
        Some(r) => Some(r.to_transfer("input.reservation")?),
        None => None,
    };
    // The order's own reservation already counts in the exposure: judge the gate without it.
    let mut judged = account.clone();
    if let Some(r) = reservation.as_ref().filter(|r| r.pending_status == PendingStatus::Pending && r.debit_account_id == account.id) {
        judged.debits_pending = (judged.debits_pending - r.amount).max(0);
    }
    let av = availability(Some(&judged), &c.profile, &c.settings, &c.receivables, amount, today);
    let sales = i.sales_account.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.salesAccount", "run needs the sales account"))?;
    let wire_account = i.credit.account.clone().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.credit.account", "run needs the credit-line account"))?;
    let accounts = vec![wire_account, sales.clone()];
    let mut known = i.transfers.clone();
    if let Some(r) = &i.reservation {
        if !known.iter().any(|t| t.id.0 == r.id.0) {
            known.push(r.clone());
        }
    }
    let ledger = ledger_from(&accounts, &known, "input")?;
    let order_ref = Some(i.order.order_ref.0.clone());
    if !av.available {
        let lo = match &reservation {
            Some(r) => Some(run(ledger, &[TransferInput {
                id: key_id(&i.key, "void")?,
                debit_account_id: r.debit_account_id.clone(),
                credit_account_id: r.credit_account_id.clone(),
                amount: 0,
                pending_id: Some(r.id.clone()),
                timeout_s: 0,
                flags: TransferFlags { void_pending: true, ..Default::default() },
                code: r.code,
                order_ref,
            }], now)),
            None => None,
        };
        return to_result(&CheckOut {
            outcome: "failed",
            next_status: "failed_credit_check".into(),
            reasons: av.reasons,
            notifications: vec![
                Notification { template: "credit_check_failed_customer", to: "customer", pay_another_way_link: true },
                Notification { template: "credit_check_failed_admin", to: "admin", pay_another_way_link: false },
            ],
            receivable: None,
            ledger: lo,
        });
    }
    if needs_manual_approval(&c.settings, &c.profile) {
        return to_result(&CheckOut {
            outcome: "manual_review",
            next_status: "pending_credit_check".into(),
            reasons: vec![Code::ManualApprovalRequired],
            notifications: vec![Notification { template: "credit_check_manual_review", to: "admin", pay_another_way_link: false }],
            receivable: None,
            ledger: None,
        });
    }
    let transfer = match &reservation {
        Some(r) => TransferInput {
            id: key_id(&i.key, "post")?,
            debit_account_id: r.debit_account_id.clone(),
            credit_account_id: r.credit_account_id.clone(),
            amount,
            pending_id: Some(r.id.clone()),
            timeout_s: 0,
            flags: TransferFlags { post_pending: true, ..Default::default() },
            code: MovementType::OrderOnAccount,
            order_ref,
        },
        None => TransferInput {
            id: key_id(&i.key, "credit")?,
            debit_account_id: account.id.clone(),
            credit_account_id: sales.id.0.clone(),
            amount,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::OrderOnAccount,
            order_ref,
        },
    };
    let lo = run(ledger, &[transfer], now);
    if let Some(code) = lo.first_failure() {
        // The ledger refused (e.g. the reservation expired): the check fails with that reason.
        return to_result(&CheckOut {
            outcome: "failed",
            next_status: "failed_credit_check".into(),
            reasons: vec![code],
            notifications: vec![
                Notification { template: "credit_check_failed_customer", to: "customer", pay_another_way_link: true },
                Notification { template: "credit_check_failed_admin", to: "admin", pay_another_way_link: false },
            ],
            receivable: None,
            ledger: Some(lo),
        });
    }
    let receivable = Receivable { order_ref: i.order.order_ref.0.clone(), amount, paid: 0, due_date: None, state: ReceivableState::Open, last_reminder_level: None };
    to_result(&CheckOut {
        outcome: "passed",
        next_status: i.natural_status.clone(),
        reasons: vec![],
        notifications: vec![],
        receivable: Some(ReceivableOut::from(&receivable, cur)),
        ledger: Some(lo),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DueDateInput {
    receivable: WireReceivable,
    credit: WireCreditContext,
    #[serde(default)]
    status_date: Option<WireDate>,
    #[serde(default)]
    recompute: bool,
}

/// The admin-chosen status was reached: the due date is that day plus the payment terms.
pub fn due_date(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let i: DueDateInput = parse_input(input)?;
    let c = i.credit.validate("input.credit")?;
    let cur = i.receivable.currency.0;
    let mut r = i.receivable.validate(cur, "input.receivable")?;
    let start = match i.status_date {
        Some(d) => d.0,
        None => c.today(ctx.now()?)?,
    };
    if r.due_date.is_none() || i.recompute {
        let days = terms_days(&c.settings, &c.profile);
        r.due_date = Some(start.add_days(days as i64).ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "input.statusDate", "the due date would be after 9999-12-31"))?);
    }
    to_result(&serde_json::json!({"receivable": ReceivableOut::from(&r, cur), "paymentTermsDays": terms_days(&c.settings, &c.profile)}))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PaymentInput {
    key: Id,
    receivable: WireReceivable,
    /// Absent with `markPaid: true`: the whole outstanding amount.
    #[serde(default)]
    amount: Option<Amount>,
    #[serde(default)]
    mark_paid: bool,
    account: WireAccount,
    cash_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PaymentOut {
    accepted: bool,
    reasons: Vec<Code>,
    amount: String,
    receivable: ReceivableOut,
    ledger: Option<LedgerOutput>,
}

/// A payment received for an order on account (partial or in full) releases credit.
pub fn record_payment(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: PaymentInput = parse_input(input)?;
    let account = i.account.to_account("input.account")?;
    if account.kind != AccountKind::CreditLine {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.account.kind", "the account must be a credit_line"));
    }
    let cur = account.currency;
    let mut r = i.receivable.validate(cur, "input.receivable")?;
    let amount = match (&i.amount, i.mark_paid) {
        (Some(a), false) => a.minor(cur, "input.amount")?,
        (None, true) => r.outstanding(),
        _ => return Err(ApiError::at(ErrorCode::InvalidValue, "input", "give `amount`, or `markPaid: true` without an amount")),
    };
    let ledger = ledger_from(&[i.account.clone(), i.cash_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key, "payment")?;
    let replay = ledger.transfer(&id).is_some();
    let mut reasons = Vec::new();
    if !replay {
        if amount == 0 {
            reasons.push(Code::NothingToPay);
        } else if amount > r.outstanding() {
            reasons.push(Code::AmountAboveMaximum);
        }
    }
    if !reasons.is_empty() {
        return to_result(&PaymentOut { accepted: false, reasons, amount: amount_string(amount, cur), receivable: ReceivableOut::from(&r, cur), ledger: None });
    }
    let lo = run(ledger, &[TransferInput {
        id,
        debit_account_id: i.cash_account.id.0.clone(),
        credit_account_id: account.id.clone(),
        amount,
        pending_id: None,
        timeout_s: 0,
        flags: TransferFlags::default(),
        code: MovementType::PaymentReceived,
        order_ref: Some(r.order_ref.clone()),
    }], now);
    let applied_now = lo.results.first().is_some_and(|x| x.result == Code::Ok);
    if applied_now {
        r.paid += amount;
        if r.paid >= r.amount {
            r.state = ReceivableState::Paid;
        }
    }
    let accepted = lo.all_applied();
    let reasons = lo.first_failure().into_iter().collect();
    to_result(&PaymentOut { accepted, reasons, amount: amount_string(amount, cur), receivable: ReceivableOut::from(&r, cur), ledger: Some(lo) })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemindersInput {
    credit: WireCreditContext,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReminderOut {
    order_ref: String,
    level: u32,
    offset_days: i32,
    days_overdue: i64,
    due_date: String,
    outstanding: String,
}

/// Which reminders are due now (one per receivable, the highest level reached, never twice).
pub fn reminders(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: RemindersInput = parse_input(input)?;
    let c = i.credit.validate("input.credit")?;
    let today = c.today(now)?;
    let mut out = Vec::new();
    for (n, r) in c.receivables.iter().enumerate() {
        if let Some((level, off)) = reminder_due(r, &c.settings.reminder_offsets_days, today) {
            let Some(cur) = i.credit.receivables.get(n).map(|w| w.currency.0) else { continue };
            out.push(ReminderOut {
                order_ref: r.order_ref.clone(),
                level,
                offset_days: off,
                days_overdue: r.days_overdue(today),
                due_date: r.due_date.map(|d| d.to_string()).unwrap_or_default(),
                outstanding: amount_string(r.outstanding(), cur),
            });
        }
    }
    to_result(&serde_json::json!({ "reminders": out }))
}

#[derive(Deserialize, Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum RequestState {
    Requested,
    Approved,
    Declined,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IncreaseRequestInput {
    request_id: Id,
    currency: CurrencyCode,
    current_limit: Amount,
    requested_limit: Amount,
    #[serde(default)]
    message: String,
}

#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IncreaseRequest {
    request_id: Id,
    currency: CurrencyCode,
    current_limit: String,
    requested_limit: String,
    message: String,
    state: RequestState,
    requested_at: i64,
    #[serde(default)]
    decided_at: Option<i64>,
    #[serde(default)]
    decided_by: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    new_limit: Option<String>,
}

fn text(s: &str, max: usize, path: &str) -> Result<String, ApiError> {
    if s.chars().count() > max || s.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("text must be at most {max} characters without control characters")));
    }
    Ok(s.to_string())
}

/// A customer asks for a higher limit.
pub fn increase_request(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: IncreaseRequestInput = parse_input(input)?;
    let c = i.currency.0;
    let current = i.current_limit.minor(c, "input.currentLimit")?;
    let requested = i.requested_limit.minor(c, "input.requestedLimit")?;
    let message = text(&i.message, 1000, "input.message")?;
    if requested <= current {
        return to_result(&serde_json::json!({"accepted": false, "reasons": [Code::NewLimitNotHigher], "request": null}));
    }
    let req = IncreaseRequest {
        request_id: i.request_id,
        currency: i.currency,
        current_limit: amount_string(current, c),
        requested_limit: amount_string(requested, c),
        message,
        state: RequestState::Requested,
        requested_at: now,
        decided_at: None,
        decided_by: None,
        reason: None,
        new_limit: None,
    };
    to_result(&serde_json::json!({"accepted": true, "reasons": [], "request": req}))
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Approve,
    Decline,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IncreaseDecisionInput {
    request: IncreaseRequest,
    decision: Decision,
    #[serde(default)]
    new_limit: Option<Amount>,
    #[serde(default)]
    reason: Option<String>,
    decided_by: Id,
}

/// An admin approves (with the new limit) or declines a credit-increase request.
pub fn increase_decision(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: IncreaseDecisionInput = parse_input(input)?;
    let c = i.request.currency.0;
    let current = Amount(crate::money::parse_decimal(&i.request.current_limit).map_err(|e| ApiError::from_money(e, "input.request.currentLimit"))?).minor(c, "input.request.currentLimit")?;
    let requested = Amount(crate::money::parse_decimal(&i.request.requested_limit).map_err(|e| ApiError::from_money(e, "input.request.requestedLimit"))?).minor(c, "input.request.requestedLimit")?;
    let reason = match &i.reason {
        Some(r) => Some(text(r, 1000, "input.reason")?),
        None => None,
    };
    let before = serde_json::to_value(&i.request).unwrap_or(Value::Null);
    if i.request.state != RequestState::Requested {
        return to_result(&serde_json::json!({"accepted": false, "reasons": [Code::RequestAlreadyDecided], "request": i.request, "audit": null}));
    }
    let mut req = i.request.clone();
    match i.decision {
        Decision::Approve => {
            let new_limit = match &i.new_limit {
                Some(a) => a.minor(c, "input.newLimit")?,
                None => requested,
            };
            if new_limit <= current {
                return to_result(&serde_json::json!({"accepted": false, "reasons": [Code::NewLimitNotHigher], "request": i.request, "audit": null}));
            }
            req.state = RequestState::Approved;
            req.new_limit = Some(amount_string(new_limit, c));
        }
        Decision::Decline => req.state = RequestState::Declined,
    }
    req.decided_at = Some(now);
    req.decided_by = Some(i.decided_by.0.clone());
    req.reason = reason;
    let after = serde_json::to_value(&req).unwrap_or(Value::Null);
    to_result(&serde_json::json!({
        "accepted": true, "reasons": [], "request": req,
        "audit": {"action": "credit_increase_decision", "actor": i.decided_by.0, "at": now, "before": before, "after": after}
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SetLimitInput {
    account: WireAccount,
    limit: Amount,
    set_by: Id,
}

/// An admin sets the authorized limit (0 means zero). Lowering it below the exposure is allowed
/// and blocks new orders until payments bring the exposure down.
pub fn set_limit(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: SetLimitInput = parse_input(input)?;
    let mut a = i.account.to_account("input.account")?;
    if a.kind != AccountKind::CreditLine {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.account.kind", "the account must be a credit_line"));
    }
    let before = AccountOut::from(&a);
    a.limit = i.limit.minor(a.currency, "input.limit")?;
    let after = AccountOut::from(&a);
    to_result(&serde_json::json!({
        "account": after,
        "remaining": amount_string(a.remaining_credit(), a.currency),
        "blocksNewOrders": a.remaining_credit() <= 0,
        "audit": {"action": "credit_limit_set", "actor": i.set_by.0, "at": now, "before": {"limit": before.limit}, "after": {"limit": amount_string(a.limit, a.currency)}}
    }))
}
