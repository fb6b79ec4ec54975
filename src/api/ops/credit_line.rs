//! `credit.*` on the wire: the credit context every credit operation, eligibility and checkout
//! read (`{account?, profile, settings, receivables, openSummary?}`), the operations' request and
//! response types, and the mapping from the rules' domain errors ([`ProfileError`],
//! [`SummaryError`], [`DayOutOfRange`]) to coded errors at the field at fault. The rules live in
//! [`crate::credit_line`] and take validated values.

use crate::prelude::*;

use crate::api::field_path;
use crate::api::ops::ledger::{output, parse_transfers, run, AccountOut, LedgerOutput, WideAmount, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, FieldPath, Id, ItemPath, WireDate};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out, MAX_NOW_S};
use crate::codes::{Code, ErrorCode};
use crate::credit_line::check::{next_status, notifications, run_check, AdminDecision, CheckError, CheckRun, Notification, Outcome};
use crate::credit_line::gate::{availability, blocking_reasons, CreditAvailability};
use crate::credit_line::increase::{self, Decision, RequestState};
use crate::credit_line::profile::*;
use crate::credit_line::receivables::{apply_payment, summarize, with_due_date};
use crate::credit_line::reminders::due_reminders;
use crate::credit_line::summary::{OpenSummary, SummaryError};
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::ledger::{Account, AccountKind, Ledger, MovementType, TransferFlags, TransferInput};
use crate::money::Currency;
use crate::quoted::Quoted;
use crate::{Read, Write};
use core::fmt;

pub mod adjust;
pub mod statement;

// ---------------------------------------------------------------- the credit context

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireSettings {
    pub default_payment_terms_days: u32,
    #[serde(default)]
    pub block_when_overdue: bool,
    #[serde(default)]
    pub block_when_unpaid: bool,
    pub risk_effects: RiskEffects,
    #[serde(default)]
    pub reminder_offsets_days: Vec<i32>,
    #[serde(default)]
    pub utc_offset_s: i32,
}

impl WireSettings {
    pub fn parse(&self, path: &dyn fmt::Display) -> Result<Settings, ApiError> {
        let s = Settings {
            default_terms_days: self.default_payment_terms_days,
            block_when_overdue: self.block_when_overdue,
            block_when_unpaid: self.block_when_unpaid,
            risk_effects: self.risk_effects,
            reminder_offsets_days: self.reminder_offsets_days.clone(),
            utc_offset_s: self.utc_offset_s,
        };
        s.check().map_err(|e| profile_error(e, path))
    }
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireProfile {
    #[serde(default)]
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    #[serde(default)]
    pub payment_terms_days: Option<u32>,
    #[serde(default)]
    pub company_name: Option<String>,
}

impl WireProfile {
    pub fn parse(&self, path: &dyn fmt::Display) -> Result<Profile, ApiError> {
        let p = Profile { on_hold: self.on_hold, risk_level: self.risk_level, terms_days: self.payment_terms_days, company_name: self.company_name.clone() };
        p.check().map_err(|e| profile_error(e, path))
    }
}

/// The coded error for invalid settings, a profile or a receivable, at the field of the object at
/// `path` that is at fault.
fn profile_error(e: ProfileError, path: &dyn fmt::Display) -> ApiError {
    const TERMS: &str = "payment terms must be 0 to 365 days";
    let (field, message) = match e {
        ProfileError::DefaultTermsOutOfRange => ("defaultPaymentTermsDays", TERMS),
        ProfileError::TermsOutOfRange => ("paymentTermsDays", TERMS),
        ProfileError::TooManyReminderOffsets(n) => {
            return ApiError::at(ErrorCode::TooManyItems, at(path, "reminderOffsetsDays"), format!("at most {MAX_REMINDER_OFFSETS} items, got {n}"))
        }
        ProfileError::ReminderOffsets => ("reminderOffsetsDays", "reminder offsets must be sorted, unique, between -60 and 365 days"),
        ProfileError::UtcOffsetOutOfRange => ("utcOffsetS", "the UTC offset must be within ±14 hours (±50400 s)"),
        ProfileError::CompanyName => return text_error(MAX_COMPANY_NAME_CHARS, &at(path, "companyName")),
        ProfileError::PaidOverAmount => ("paid", "paid cannot exceed the amount"),
    };
    ApiError::at(ErrorCode::InvalidValue, at(path, field), message)
}

/// `{path}.{field}` as the text of an error's path.
fn at(path: &dyn fmt::Display, field: &str) -> String {
    FieldPath { parent: path, field }.to_string()
}

/// Free text a person typed ([`text_ok`]), or `invalid_value` at `path`.
pub fn check_text(s: &str, max: usize, path: &str) -> Result<String, ApiError> {
    if !text_ok(s, max) {
        return Err(text_error(max, path));
    }
    Ok(s.to_string())
}

fn text_error(max: usize, path: &str) -> ApiError {
    ApiError::at(ErrorCode::InvalidValue, path, format!("text must be at most {max} characters without control characters"))
}

impl From<DayOutOfRange> for ApiError {
    fn from(_: DayOutOfRange) -> ApiError {
        ApiError::at(ErrorCode::InvalidDate, "now", "`now` plus the shop's UTC offset is out of range")
    }
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireReceivable {
    pub order_ref: Id,
    pub currency: CurrencyCode,
    pub amount: Amount,
    pub paid: Amount,
    #[serde(default)]
    pub due_date: Option<WireDate>,
    pub state: ReceivableState,
    #[serde(default)]
    pub last_reminder_level: Option<u32>,
}

impl WireReceivable {
    /// With `currency`, the receivable must be in it (`currency_mismatch` otherwise).
    pub fn parse(&self, currency: Option<Currency>, path: &dyn fmt::Display) -> Result<Receivable, ApiError> {
        let c = self.currency.0;
        if let Some(expected) = currency {
            same_currency(expected, c, format_args!("{path}.currency"))?;
        }
        let r = Receivable {
            amount: self.amount.minor(c, format_args!("{path}.amount"))?,
            paid: self.paid.minor(c, format_args!("{path}.paid"))?,
            order_ref: self.order_ref.0.clone(),
            currency: c,
            due_date: self.due_date.map(|d| d.0),
            state: self.state,
            last_reminder_level: self.last_reminder_level,
        };
        r.check().map_err(|e| profile_error(e, path))
    }
}

/// Parses a customer's receivables: at most 1000, unique order refs, one currency when given.
pub fn parse_receivables(list: &[WireReceivable], currency: Option<Currency>, path: &dyn fmt::Display) -> Result<Vec<Receivable>, ApiError> {
    check_len(list, MAX_RECEIVABLES, path)?;
    let repeated = crate::sorted::repeats(list, |r| r.order_ref.as_str());
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let p = ItemPath { parent: path, index: i };
        if repeated[i] {
            return Err(ApiError::at(ErrorCode::DuplicateId, at(&p, "orderRef"), format!("order {} appears twice", Quoted(&r.order_ref.0))));
        }
        out.push(r.parse(currency, &p)?);
    }
    Ok(out)
}

/// A receivable as answered; the same shape the host stores and passes back in.
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableOut {
    pub amount: String,
    pub currency: CurrencyCode,
    pub due_date: Option<String>,
    pub last_reminder_level: Option<u32>,
    pub order_ref: String,
    pub paid: String,
    pub state: ReceivableState,
}

impl From<&Receivable> for ReceivableOut {
    fn from(r: &Receivable) -> Self {
        ReceivableOut {
            order_ref: r.order_ref.clone(),
            currency: CurrencyCode(r.currency),
            amount: amount_string(r.amount, r.currency),
            paid: amount_string(r.paid, r.currency),
            due_date: r.due_date.map(|d| d.to_string()),
            state: r.state,
            last_reminder_level: r.last_reminder_level,
        }
    }
}

/// Parses a credit-line account snapshot: kind `credit_line`.
pub fn parse_credit_account(a: &WireAccount, path: &dyn fmt::Display) -> Result<Account, ApiError> {
    let acc = a.to_account(path)?;
    if acc.kind != AccountKind::CreditLine {
        return Err(ApiError::at(ErrorCode::InvalidValue, at(path, "kind"), "the account must be a credit_line"));
    }
    Ok(acc)
}

/// Parses a shop-side account snapshot (sales, cash): kind `shop`.
pub fn parse_shop_account(a: &WireAccount, path: &str) -> Result<Account, ApiError> {
    let acc = a.to_account(&path)?;
    if acc.kind != AccountKind::Shop {
        return Err(ApiError::at(ErrorCode::InvalidValue, field_path(path, "kind"), "the account must be a shop account"));
    }
    Ok(acc)
}

/// `{count, outstanding, paid, oldestDueDate?, asOf, nextDueDate?, overdueCount, overdue}`.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOpenSummary {
    pub count: u64,
    pub outstanding: WideAmount,
    pub paid: WideAmount,
    #[serde(default)]
    pub oldest_due_date: Option<WireDate>,
    pub as_of: WireDate,
    #[serde(default)]
    pub next_due_date: Option<WireDate>,
    pub overdue_count: u64,
    pub overdue: WideAmount,
}

impl WireOpenSummary {
    pub fn parse(&self, currency: Currency, path: &str) -> Result<OpenSummary, ApiError> {
        let s = OpenSummary {
            count: self.count,
            outstanding: self.outstanding.minor(currency, &field_path(path, "outstanding"))?,
            paid: self.paid.minor(currency, &field_path(path, "paid"))?,
            oldest_due_date: self.oldest_due_date.map(|d| d.0),
            as_of: self.as_of.0,
            next_due_date: self.next_due_date.map(|d| d.0),
            overdue_count: self.overdue_count,
            overdue: self.overdue.minor(currency, &field_path(path, "overdue"))?,
        };
        s.check().map_err(|e| {
            let (field, message) = match e {
                SummaryError::Count => ("count", "the count, the outstanding sum and the oldest due date disagree"),
                SummaryError::Overdue => ("overdueCount", "the overdue figures must be part of the outstanding ones"),
                SummaryError::NextDueDate => ("nextDueDate", "the next due date must not be before asOf"),
            };
            ApiError::at(ErrorCode::InvalidValue, field_path(path, field), message)
        })
    }
}

/// `credit.status`: the summed receivables that are overdue (the listed ones are named).
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UnlistedOverdueOut {
    pub amount_due: String,
    pub count: u64,
}

impl UnlistedOverdueOut {
    pub fn of(s: &OpenSummary, currency: Currency) -> UnlistedOverdueOut {
        UnlistedOverdueOut { count: s.overdue_count, amount_due: wide_string(s.overdue, currency) }
    }
}

/// A customer's credit context on the wire: `{account?, profile, settings, receivables}`. The same
/// object is passed to every `credit.*` op, to eligibility and to checkout.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCreditContext {
    /// Absent: the customer has no credit line.
    #[serde(default)]
    pub account: Option<WireAccount>,
    pub profile: WireProfile,
    pub settings: WireSettings,
    #[serde(default)]
    pub receivables: Vec<WireReceivable>,
    /// The open receivables not in `receivables`, summed by the host (any number of them).
    #[serde(default)]
    pub open_summary: Option<WireOpenSummary>,
}

impl WireCreditContext {
    /// Validates under `path` (`input.credit`): a `credit_line` account, settings and profile in
    /// range, at most 1000 receivables with unique order refs, all in the account's currency
    /// (without an account, in the first receivable's).
    pub fn validate(&self, path: &str) -> Result<CreditContext, ApiError> {
        let account = match &self.account {
            Some(a) => Some(parse_credit_account(a, &FieldPath { parent: &path, field: "account" })?),
            None => None,
        };
        let currency = account.as_ref().map(|a| a.currency).or_else(|| self.receivables.first().map(|r| r.currency.0));
        let unlisted = match (&self.open_summary, currency) {
            (None, _) => None,
            (Some(s), Some(c)) => Some(s.parse(c, &field_path(path, "openSummary"))?),
            (Some(_), None) => {
                return Err(ApiError::at(
                    ErrorCode::MissingField,
                    field_path(path, "account"),
                    "summed receivables need the credit-line account (their currency)",
                ))
            }
        };
        Ok(CreditContext {
            unlisted,
            receivables: parse_receivables(&self.receivables, currency, &FieldPath { parent: &path, field: "receivables" })?,
            account,
            profile: self.profile.parse(&FieldPath { parent: &path, field: "profile" })?,
            settings: self.settings.parse(&FieldPath { parent: &path, field: "settings" })?,
        })
    }
}

/// Keys leave room for the `:credit` / `:payment` suffix of the transfer ids derived from them.
pub const MAX_KEY_BYTES: usize = 96;
pub const MAX_MESSAGE_CHARS: usize = 1000;

fn check_key(key: &Id) -> Result<(), ApiError> {
    if key.0.len() > MAX_KEY_BYTES {
        return Err(ApiError::at(
            ErrorCode::InvalidId,
            "input.key",
            format!("the key must be at most {MAX_KEY_BYTES} bytes (transfer ids are derived from it)"),
        ));
    }
    Ok(())
}

fn internal(what: &str) -> ApiError {
    ApiError::new(ErrorCode::InternalError, format!("{what} overflowed"))
}

// ---------------------------------------------------------------- credit.availability

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Cart {
    currency: CurrencyCode,
    total: Amount,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AvailabilityInput {
    credit: WireCreditContext,
    cart: Cart,
}

/// `credit.availability` output (also embedded by eligibility).
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityOut {
    pub available: bool,
    /// What the credit line covers of the amount (all or nothing).
    pub covers: String,
    pub currency: CurrencyCode,
    pub needs_manual_approval: bool,
    pub reasons: Vec<Code>,
    /// `limit - exposure` (negative after a limit was lowered); "0.00" without a credit line.
    pub remaining_credit: String,
    /// What is left to pay by other means.
    pub remaining_to_pay: String,
}

impl AvailabilityOut {
    pub fn new(a: &CreditAvailability, currency: Currency) -> AvailabilityOut {
        AvailabilityOut {
            available: a.decision.available,
            reasons: a.decision.reasons.clone(),
            currency: CurrencyCode(currency),
            covers: amount_string(a.decision.covers, currency),
            remaining_to_pay: amount_string(a.decision.remaining, currency),
            needs_manual_approval: a.needs_manual_approval,
            remaining_credit: amount_string(a.credit_remaining.unwrap_or(0), currency),
        }
    }
}

/// The gate for a cart of `total` minor units in `currency` (what eligibility calls). The account
/// and the receivables must be in the cart's currency (`currency_mismatch` at `input.cart.currency`).
pub fn availability_for(ctx: &CreditContext, currency: Currency, total: i64, now: i64) -> Result<AvailabilityOut, ApiError> {
    let theirs = ctx.account.as_ref().map(|a| a.currency).or_else(|| ctx.receivables.first().map(|r| r.currency));
    if let Some(c) = theirs {
        same_currency(c, currency, "input.cart.currency")?;
    }
    let today = ctx.today(now)?;
    Ok(AvailabilityOut::new(&availability(ctx, total, today), currency))
}

/// The gate for a cart on account.
pub fn availability_op(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: AvailabilityInput = parse_input(input)?;
    let cx = i.credit.validate("input.credit")?;
    let c = i.cart.currency.0;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    to_result(&availability_for(&cx, c, total, now)?)
}

// ------------------------------------------------------------------ credit.status

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatusInput {
    credit: WireCreditContext,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct OverdueOut {
    amount_due: String,
    days_overdue: i64,
    due_date: String,
    order_ref: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct StatusOut {
    blocking_reasons: Vec<Code>,
    blocks_new_orders: bool,
    closed: bool,
    company_name: Option<String>,
    currency: CurrencyCode,
    exposure: String,
    limit: String,
    needs_manual_approval: bool,
    next_due_date: Option<String>,
    on_hold: bool,
    open_receivables: u64,
    overdue: Vec<OverdueOut>,
    payment_terms_days: u32,
    remaining_credit: String,
    /// Open checkout reservations (part of the exposure).
    reserved: String,
    risk_level: RiskLevel,
    total_expected: String,
    total_paid: String,
    /// With summed receivables (`openSummary`): those of them that are overdue (`overdue` names
    /// the listed ones only).
    #[serde(skip_serializing_if = "Option::is_none")]
    unlisted_overdue: Option<UnlistedOverdueOut>,
}

/// What My account and the admin list show about one customer's credit line.
pub fn status(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: StatusInput = parse_input(input)?;
    let cx = i.credit.validate("input.credit")?;
    let account =
        cx.account.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.credit.account", "the status needs the credit-line account"))?;
    let c = account.currency;
    let today = cx.today(now)?;
    let s = summarize(&cx.receivables, today).ok_or_else(|| internal("a receivable total"))?;
    let (mut expected, mut paid, mut open, mut next) = (i128::from(s.total_expected), i128::from(s.total_paid), u64::from(s.open_count), s.next_due_date);
    if let Some(u) = &cx.unlisted {
        // nextDueDate and the overdue sums depend on the day: they must be today's.
        if u.as_of != today {
            return Err(ApiError::at(ErrorCode::InvalidDate, "input.credit.openSummary.asOf", format!("the summary is for {}, today is {today}", u.as_of)));
        }
        expected += u.outstanding;
        paid += u.paid;
        open += u.count;
        next = [next, u.next_due_date].into_iter().flatten().min();
    }
    let blocking = blocking_reasons(&cx, today);
    let profile = &cx.profile;
    to_result(&StatusOut {
        currency: CurrencyCode(c),
        closed: account.closed,
        limit: amount_string(account.limit, c),
        exposure: amount_string(account.exposure(), c),
        reserved: amount_string(account.debits_pending, c),
        remaining_credit: amount_string(account.remaining_credit(), c),
        total_expected: wide_string(expected, c),
        total_paid: wide_string(paid, c),
        open_receivables: open,
        overdue: s
            .overdue
            .iter()
            .map(|o| OverdueOut {
                order_ref: o.order_ref.clone(),
                amount_due: amount_string(o.amount_due, c),
                due_date: o.due_date.to_string(),
                days_overdue: o.days_overdue,
            })
            .collect(),
        next_due_date: next.map(|d| d.to_string()),
        payment_terms_days: cx.terms_days(),
        on_hold: profile.on_hold,
        risk_level: profile.risk_level,
        company_name: profile.company_name.clone(),
        needs_manual_approval: cx.settings.risk_effects.for_level(profile.risk_level) == RiskEffect::ManualApproval,
        blocks_new_orders: !blocking.is_empty(),
        blocking_reasons: blocking,
        unlisted_overdue: cx.unlisted.as_ref().map(|u| UnlistedOverdueOut::of(u, c)),
    })
}

// ------------------------------------------------------------------ credit.check

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Stage {
    Placed,
    Run,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OrderInput {
    order_ref: Id,
    currency: CurrencyCode,
    amount: Amount,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckInput {
    key: Id,
    stage: Stage,
    order: OrderInput,
    /// The host status the order would reach without the check (`processing`, `on-hold`, ...).
    natural_status: Id,
    // `run` only:
    #[serde(default)]
    credit: Option<WireCreditContext>,
    #[serde(default)]
    sales_account: Option<WireAccount>,
    /// The pending transfer taken at checkout, to post (or void on failure).
    #[serde(default)]
    reservation_id: Option<Id>,
    /// Stored transfers: `{key}:credit` when it exists, and the reservation.
    #[serde(default)]
    transfers: Vec<WireTransfer>,
    /// An admin's answer to a manual review.
    #[serde(default)]
    admin_decision: Option<AdminDecision>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct CheckOut {
    ledger: Option<LedgerOutput>,
    needs_manual_approval: bool,
    next_status: String,
    notifications: Vec<Notification>,
    outcome: Outcome,
    reasons: Vec<Code>,
    receivable: Option<ReceivableOut>,
    replay: bool,
}

fn need<'a, T>(v: &'a Option<T>, path: &str) -> Result<&'a T, ApiError> {
    v.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, path, format!("`run` needs {path}")))
}

/// The pending-credit-check flow: `placed` parks the order, `run` decides and books it.
pub fn check(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: CheckInput = parse_input(input)?;
    check_key(&i.key)?;
    let c = i.order.currency.0;
    let amount = i.order.amount.minor(c, "input.order.amount")?;
    if i.stage == Stage::Placed {
        if i.admin_decision.is_some() {
            return Err(ApiError::at(ErrorCode::InvalidValue, "input.adminDecision", "an admin decision goes with `run`"));
        }
        return to_result(&CheckOut {
            outcome: Outcome::Pending,
            next_status: next_status(Outcome::Pending, &i.natural_status.0),
            reasons: vec![],
            needs_manual_approval: false,
            notifications: notifications(Outcome::Pending),
            receivable: None,
            ledger: None,
            replay: false,
        });
    }
    let credit = need(&i.credit, "input.credit")?;
    let sales_wire = need(&i.sales_account, "input.salesAccount")?;
    let cx = credit.validate("input.credit")?;
    let account = cx.account.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.credit.account", "`run` needs the credit-line account"))?;
    same_currency(account.currency, c, "input.order.currency")?;
    let sales = parse_shop_account(sales_wire, "input.salesAccount")?;
    same_currency(c, sales.currency, "input.salesAccount.currency")?;
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    let today = cx.today(now)?;
    let r = run_check(&CheckRun {
        key: &i.key.0,
        order_ref: &i.order.order_ref.0,
        amount,
        ctx: &cx,
        sales: &sales,
        transfers: &transfers,
        reservation_id: i.reservation_id.as_ref().map(|x| x.0.as_str()),
        admin: i.admin_decision,
        now_s: now,
        today,
    })
    .map_err(check_error)?;
    to_result(&CheckOut {
        outcome: r.outcome,
        next_status: next_status(r.outcome, &i.natural_status.0),
        reasons: r.reasons,
        needs_manual_approval: r.needs_manual_approval,
        notifications: notifications(r.outcome),
        receivable: r.receivable.as_ref().map(ReceivableOut::from),
        ledger: r.ledger.map(|b| output(&b.outcomes, &b.changes)),
        replay: r.replay,
    })
}

/// The coded error for a check that cannot run on what it was given.
fn check_error(e: CheckError) -> ApiError {
    const RESERVATION: &str = "input.reservationId";
    match e {
        CheckError::NoAccount => ApiError::at(ErrorCode::MissingField, "input.credit.account", "the check needs the credit-line account"),
        CheckError::DuplicateId(id) => duplicate_id(&id),
        CheckError::ReservationMissing(rid) => {
            ApiError::at(ErrorCode::MissingField, "input.transfers", format!("the reservation {} must be passed among the stored transfers", Quoted(&rid)))
        }
        CheckError::NotAReservation => {
            ApiError::at(ErrorCode::InvalidValue, RESERVATION, "the reservation must be a pending transfer from this credit line to the sales account")
        }
        CheckError::ReservationPosted => ApiError::at(ErrorCode::InvalidValue, RESERVATION, "the reservation was already posted by another transfer"),
        CheckError::AboveReservation => ApiError::at(ErrorCode::InvalidValue, "input.order.amount", "the order amount is larger than its reservation"),
    }
}

/// Two of the accounts and stored transfers given share `id`.
pub fn duplicate_id(id: &str) -> ApiError {
    ApiError::at(ErrorCode::DuplicateId, "input", format!("id {} appears twice among the accounts or transfers", Quoted(id)))
}

// ------------------------------------------------------------------ credit.dueDate

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DueDateInput {
    receivable: WireReceivable,
    credit: WireCreditContext,
    /// The day the admin-chosen status was reached; default: today (shop time) at `now`.
    #[serde(default)]
    status_date: Option<WireDate>,
    #[serde(default)]
    recompute: bool,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct DueDateOut {
    changed: bool,
    payment_terms_days: u32,
    receivable: ReceivableOut,
}

/// The admin-chosen status was reached: due date = that day + the payment terms.
pub fn due_date(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: DueDateInput = parse_input(input)?;
    let cx = i.credit.validate("input.credit")?;
    let expected = cx.account.as_ref().map(|a| a.currency);
    let r = i.receivable.parse(expected, &"input.receivable")?;
    let start: Date = match i.status_date {
        Some(d) => d.0,
        None => cx.today(ctx.now()?)?,
    };
    let terms = cx.terms_days();
    let (out, changed) = with_due_date(&r, start, terms, i.recompute)
        .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "input.statusDate", "the due date would fall after 9999-12-31"))?;
    to_result(&DueDateOut { receivable: ReceivableOut::from(&out), changed, payment_terms_days: terms })
}

// ------------------------------------------------------------------ credit.recordPayment / credit.markPaid

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PaymentInput {
    key: Id,
    order_ref: Id,
    amount: Amount,
    receivable: WireReceivable,
    account: WireAccount,
    cash_account: WireAccount,
    /// Stored transfers: `{key}:payment` when it exists.
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MarkPaidInput {
    key: Id,
    order_ref: Id,
    receivable: WireReceivable,
    account: WireAccount,
    cash_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct PaymentOut {
    accepted: bool,
    amount: String,
    currency: CurrencyCode,
    ledger: Option<LedgerOutput>,
    /// What was outstanding before this payment (the most it may be).
    maximum: String,
    reasons: Vec<Code>,
    receivable: ReceivableOut,
    replay: bool,
}

/// `amount_given`: Some for recordPayment; None for markPaid (the whole remainder; with nothing
/// outstanding that is `nothing_to_pay`).
#[allow(clippy::too_many_arguments)]
fn pay(
    now: i64,
    key: &Id,
    order_ref: &Id,
    amount_given: Option<&Amount>,
    receivable: &WireReceivable,
    account: &WireAccount,
    cash: &WireAccount,
    transfers: &[WireTransfer],
) -> Result<Out, ApiError> {
    check_key(key)?;
    let credit = parse_credit_account(account, &"input.account")?;
    let cash = parse_shop_account(cash, "input.cashAccount")?;
    let c = credit.currency;
    same_currency(c, cash.currency, "input.cashAccount.currency")?;
    let r = receivable.parse(Some(c), &"input.receivable")?;
    if r.order_ref != order_ref.0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.receivable.orderRef", "the receivable is not the order's"));
    }
    let stored = parse_transfers(transfers, "input.transfers")?;
    let id = format!("{}:payment", key.0);
    let previous = stored.iter().find(|t| t.id == id).map(|t| t.amount);
    let amount = match (amount_given, previous) {
        (Some(a), _) => a.minor(c, "input.amount")?,
        (None, Some(stored_amount)) => stored_amount,
        (None, None) => r.outstanding(),
    };
    let maximum = r.outstanding();
    let answer = |accepted: bool, reasons: Vec<Code>, rec: &Receivable, ledger: Option<LedgerOutput>, replay: bool| {
        to_result(&PaymentOut {
            accepted,
            reasons,
            currency: CurrencyCode(c),
            amount: amount_string(amount, c),
            maximum: amount_string(maximum, c),
            receivable: ReceivableOut::from(rec),
            ledger,
            replay,
        })
    };
    // A replay: the receivable given was already updated with this payment.
    let updated = if previous.is_some() {
        r.clone()
    } else if amount_given.is_none() && maximum == 0 {
        return answer(false, vec![Code::NothingToPay], &r, None, false);
    } else {
        match apply_payment(&r, amount) {
            Ok(u) => u,
            Err(code) => return answer(false, vec![code], &r, None, false),
        }
    };
    let ledger = Ledger::new(vec![credit.clone(), cash.clone()], stored).map_err(|id| duplicate_id(&id))?;
    let out = run(
        ledger,
        &[TransferInput {
            id,
            debit_account_id: cash.id.clone(),
            credit_account_id: credit.id.clone(),
            amount,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::PaymentReceived,
            order_ref: Some(r.order_ref.clone()),
        }],
        now,
    );
    if !out.all_applied() {
        let code = out.first_failure().unwrap_or(Code::LinkedEventFailed);
        return answer(false, vec![code], &r, Some(out), previous.is_some());
    }
    answer(true, vec![], &updated, Some(out), previous.is_some())
}

/// A payment received for an order on account (partial or in full) releases credit.
pub fn record_payment(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: PaymentInput = parse_input(input)?;
    pay(now, &i.key, &i.order_ref, Some(&i.amount), &i.receivable, &i.account, &i.cash_account, &i.transfers)
}

/// The admin marks an order on account as paid: a payment of the whole remainder.
pub fn mark_paid(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: MarkPaidInput = parse_input(input)?;
    pay(now, &i.key, &i.order_ref, None, &i.receivable, &i.account, &i.cash_account, &i.transfers)
}

// ------------------------------------------------------------------ credit.reminders

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RemindersInput {
    credit: WireCreditContext,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReminderOut {
    amount_due: String,
    currency: CurrencyCode,
    days_overdue: i64,
    due_date: String,
    level: u32,
    offset_days: i32,
    order_ref: String,
}

#[derive(Write)]
struct RemindersOut {
    reminders: Vec<ReminderOut>,
}

/// Which payment reminders are due now (one per receivable at most).
pub fn reminders(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: RemindersInput = parse_input(input)?;
    let cx = i.credit.validate("input.credit")?;
    let today = cx.today(now)?;
    let out = due_reminders(&cx.receivables, &cx.settings.reminder_offsets_days, today)
        .into_iter()
        .map(|m| ReminderOut {
            order_ref: m.order_ref,
            level: m.level,
            offset_days: m.offset_days,
            days_overdue: m.days_overdue,
            due_date: m.due_date.to_string(),
            currency: CurrencyCode(m.currency),
            amount_due: amount_string(m.amount_due, m.currency),
        })
        .collect();
    to_result(&RemindersOut { reminders: out })
}

// ------------------------------------------------------------------ credit.increaseRequest / increaseDecision

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IncreaseRequestInput {
    request_id: Id,
    currency: CurrencyCode,
    current_limit: Amount,
    requested_limit: Amount,
    #[serde(default)]
    message: String,
}

/// A request as stored by the host and passed back to `increaseDecision`.
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireRequest {
    request_id: Id,
    currency: CurrencyCode,
    current_limit: Amount,
    requested_limit: Amount,
    message: String,
    state: RequestState,
    requested_at: i64,
    #[serde(default)]
    decided_at: Option<i64>,
    #[serde(default)]
    decided_by: Option<Id>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    new_limit: Option<Amount>,
}

#[derive(Write, Clone)]
#[serde(rename_all = "camelCase")]
struct RequestOut {
    currency: CurrencyCode,
    current_limit: String,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    message: String,
    new_limit: Option<String>,
    reason: Option<String>,
    request_id: String,
    requested_at: i64,
    requested_limit: String,
    state: RequestState,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct RequestAnswer {
    accepted: bool,
    reasons: Vec<Code>,
    request: Option<RequestOut>,
}

/// A customer asks for a higher limit (the secure form in My account).
pub fn increase_request(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: IncreaseRequestInput = parse_input(input)?;
    let c = i.currency.0;
    let current = i.current_limit.minor(c, "input.currentLimit")?;
    let requested = i.requested_limit.minor(c, "input.requestedLimit")?;
    let message = check_text(&i.message, MAX_MESSAGE_CHARS, "input.message")?;
    if let Err(code) = increase::check_request(current, requested) {
        return to_result(&RequestAnswer { accepted: false, reasons: vec![code], request: None });
    }
    to_result(&RequestAnswer {
        accepted: true,
        reasons: vec![],
        request: Some(RequestOut {
            request_id: i.request_id.0,
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
        }),
    })
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct IncreaseDecisionInput {
    request: WireRequest,
    decision: Decision,
    /// Approve only; default: the requested limit.
    #[serde(default)]
    new_limit: Option<Amount>,
    #[serde(default)]
    reason: Option<String>,
    decided_by: Id,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct Audit {
    after: String,
    at: i64,
    before: String,
    by: String,
    currency: CurrencyCode,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct DecisionAnswer {
    accepted: bool,
    audit: Option<Audit>,
    new_limit: Option<String>,
    reasons: Vec<Code>,
    request: RequestOut,
}

fn check_time(t: i64, path: &str) -> Result<(), ApiError> {
    if !(0..=MAX_NOW_S).contains(&t) {
        return Err(ApiError::at(ErrorCode::InvalidDate, path, "must be unix seconds between 1970 and 9999"));
    }
    Ok(())
}

/// An admin approves (with the new limit) or declines a credit-increase request, once.
pub fn increase_decision(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: IncreaseDecisionInput = parse_input(input)?;
    let q = &i.request;
    let c = q.currency.0;
    let current = q.current_limit.minor(c, "input.request.currentLimit")?;
    let requested = q.requested_limit.minor(c, "input.request.requestedLimit")?;
    let message = check_text(&q.message, MAX_MESSAGE_CHARS, "input.request.message")?;
    check_time(q.requested_at, "input.request.requestedAt")?;
    if let Some(t) = q.decided_at {
        check_time(t, "input.request.decidedAt")?;
    }
    let stored_reason = match &q.reason {
        Some(r) => Some(check_text(r, MAX_MESSAGE_CHARS, "input.request.reason")?),
        None => None,
    };
    let stored_new_limit = match &q.new_limit {
        Some(a) => Some(a.minor(c, "input.request.newLimit")?),
        None => None,
    };
    let reason = match &i.reason {
        Some(r) => Some(check_text(r, MAX_MESSAGE_CHARS, "input.reason")?),
        None => None,
    };
    let new_limit = match (&i.new_limit, i.decision) {
        (Some(_), Decision::Decline) => return Err(ApiError::at(ErrorCode::InvalidValue, "input.newLimit", "a new limit goes with an approval only")),
        (Some(a), Decision::Approve) => Some(a.minor(c, "input.newLimit")?),
        (None, _) => None,
    };
    let before = RequestOut {
        request_id: q.request_id.0.clone(),
        currency: q.currency,
        current_limit: amount_string(current, c),
        requested_limit: amount_string(requested, c),
        message,
        state: q.state,
        requested_at: q.requested_at,
        decided_at: q.decided_at,
        decided_by: q.decided_by.as_ref().map(|x| x.0.clone()),
        reason: stored_reason,
        new_limit: stored_new_limit.map(|l| amount_string(l, c)),
    };
    match increase::decide(q.state, i.decision, current, requested, new_limit) {
        Err(code) => to_result(&DecisionAnswer { accepted: false, reasons: vec![code], request: before, audit: None, new_limit: None }),
        Ok((state, limit)) => {
            let mut after = before.clone();
            after.state = state;
            after.decided_at = Some(now);
            after.decided_by = Some(i.decided_by.0.clone());
            after.reason = reason;
            after.new_limit = limit.map(|l| amount_string(l, c));
            to_result(&DecisionAnswer {
                accepted: true,
                reasons: vec![],
                audit: Some(Audit {
                    currency: q.currency,
                    before: amount_string(current, c),
                    after: amount_string(limit.unwrap_or(current), c),
                    by: i.decided_by.0,
                    at: now,
                }),
                new_limit: after.new_limit.clone(),
                request: after,
            })
        }
    }
}

// ------------------------------------------------------------------ credit.setLimit

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SetLimitInput {
    credit: WireCreditContext,
    new_limit: Amount,
    by: Id,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct SetLimitOut {
    account: AccountOut,
    audit: Audit,
    blocking_reasons: Vec<Code>,
    blocks_new_orders: bool,
    remaining_credit: String,
}

/// An admin sets the authorized limit; lowering it below the exposure is allowed and blocks new
/// orders until payments bring the exposure down.
pub fn set_limit(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: SetLimitInput = parse_input(input)?;
    let mut cx = i.credit.validate("input.credit")?;
    let today = cx.today(now)?;
    let line =
        cx.account.as_mut().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.credit.account", "setting a limit needs the credit-line account"))?;
    let c = line.currency;
    let new_limit = i.new_limit.minor(c, "input.newLimit")?;
    let before = line.limit;
    line.limit = new_limit;
    let account = AccountOut::from(&*line);
    let remaining_credit = amount_string(line.remaining_credit(), c);
    let blocking = blocking_reasons(&cx, today);
    to_result(&SetLimitOut {
        account,
        remaining_credit,
        audit: Audit { currency: CurrencyCode(c), before: amount_string(before, c), after: amount_string(new_limit, c), by: i.by.0, at: now },
        blocks_new_orders: !blocking.is_empty(),
        blocking_reasons: blocking,
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<AvailabilityInput, AvailabilityOut>("credit.availability");
    api.op::<CheckInput, CheckOut>("credit.check");
    api.op::<DueDateInput, DueDateOut>("credit.dueDate");
    api.op::<IncreaseDecisionInput, DecisionAnswer>("credit.increaseDecision");
    api.op::<IncreaseRequestInput, RequestAnswer>("credit.increaseRequest");
    api.op::<MarkPaidInput, PaymentOut>("credit.markPaid");
    api.op::<PaymentInput, PaymentOut>("credit.recordPayment");
    api.op::<RemindersInput, RemindersOut>("credit.reminders");
    api.op::<SetLimitInput, SetLimitOut>("credit.setLimit");
    api.op::<StatusInput, StatusOut>("credit.status");
    adjust::shapes(api);
    statement::shapes(api);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn settings_json() -> serde_json::Value {
        json!({"defaultPaymentTermsDays":30,"blockWhenOverdue":true,"blockWhenUnpaid":false,
               "riskEffects":{"low":"none","medium":"manual_approval","high":"block"},
               "reminderOffsetsDays":[-3,0,7,14],"utcOffsetS":3600})
    }

    #[test]
    fn settings_are_range_checked() {
        let s: WireSettings = parse_value(settings_json()).unwrap();
        let ok = s.parse(&"input.settings").unwrap();
        assert_eq!(ok.risk_effects.for_level(RiskLevel::Medium), RiskEffect::ManualApproval);
        assert_eq!(ok.terms_days(None), 30);
        for (field, value, path) in [
            ("defaultPaymentTermsDays", json!(366), "input.settings.defaultPaymentTermsDays"),
            ("reminderOffsetsDays", json!([0, -3]), "input.settings.reminderOffsetsDays"),
            ("reminderOffsetsDays", json!([0, 0]), "input.settings.reminderOffsetsDays"),
            ("reminderOffsetsDays", json!([-61]), "input.settings.reminderOffsetsDays"),
            ("utcOffsetS", json!(50401), "input.settings.utcOffsetS"),
        ] {
            let mut v = settings_json();
            v[field] = value;
            let s: WireSettings = parse_value(v).unwrap();
            let e = s.parse(&"input.settings").unwrap_err();
            assert_eq!((e.code, e.path.as_deref()), (ErrorCode::InvalidValue, Some(path)), "{field}");
        }
        let mut v = settings_json();
        v["reminderOffsetsDays"] = json!((0..11).collect::<Vec<i32>>());
        let e = parse_value::<WireSettings>(v).unwrap().parse(&"input.settings").unwrap_err();
        assert_eq!(
            (e.code, e.path.as_deref(), e.message.as_str()),
            (ErrorCode::TooManyItems, Some("input.settings.reminderOffsetsDays"), "at most 10 items, got 11")
        );
    }

    #[test]
    fn profile_override_wins_and_text_is_bounded() {
        let p: WireProfile = parse_value(json!({"onHold":false,"riskLevel":"low","paymentTermsDays":45,"companyName":"ACME SARL"})).unwrap();
        let p = p.parse(&"input.profile").unwrap();
        let s: WireSettings = parse_value(settings_json()).unwrap();
        assert_eq!(s.parse(&"s").unwrap().terms_days(Some(&p)), 45);
        let long: WireProfile = parse_value(json!({"onHold":false,"riskLevel":"low","companyName":"x".repeat(201)})).unwrap();
        assert_eq!(long.parse(&"input.profile").unwrap_err().path.as_deref(), Some("input.profile.companyName"));
        assert!(check_text("line\nbreak", 20, "p").is_ok());
        assert!(check_text("bell\u{7}", 20, "p").is_err());
    }

    #[test]
    fn receivables_are_unique_consistent_and_in_one_currency() {
        let r = |o: &str, c: &str, paid: &str| json!({"orderRef":o,"currency":c,"amount":"10.00","paid":paid,"dueDate":null,"state":"open"});
        let list: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "0"), r("o2", "EUR", "4.00")])).unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let parsed = parse_receivables(&list, Some(eur), &"input.receivables").unwrap();
        assert_eq!(parsed[1].outstanding(), 600);
        let dup: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "0"), r("o1", "EUR", "0")])).unwrap();
        assert_eq!(parse_receivables(&dup, Some(eur), &"r").unwrap_err().code, ErrorCode::DuplicateId);
        let usd: Vec<WireReceivable> = parse_value(json!([r("o1", "USD", "0")])).unwrap();
        assert_eq!(parse_receivables(&usd, Some(eur), &"r").unwrap_err().code, ErrorCode::CurrencyMismatch);
        let over: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "10.01")])).unwrap();
        assert_eq!(parse_receivables(&over, Some(eur), &"r").unwrap_err().path.as_deref(), Some("r[0].paid"));
    }

    #[test]
    fn context_is_in_the_account_currency() {
        let v = json!({"account":{"id":"credit:1:7:EUR","kind":"credit_line","currency":"EUR","debitsPending":"0","debitsPosted":"0","creditsPending":"0","creditsPosted":"0","limit":"100"},
            "profile":{"riskLevel":"low"},"settings":settings_json(),
            "receivables":[{"orderRef":"o1","currency":"USD","amount":"1","paid":"0","state":"open"}]});
        let w: WireCreditContext = parse_value(v.clone()).unwrap();
        let e = w.validate("input.credit").unwrap_err();
        assert_eq!((e.code, e.path.as_deref()), (ErrorCode::CurrencyMismatch, Some("input.credit.receivables[0].currency")));
        let mut wallet = v;
        wallet["account"]["kind"] = json!("wallet");
        wallet["receivables"] = json!([]);
        let w: WireCreditContext = parse_value(wallet).unwrap();
        assert_eq!(w.validate("input.credit").unwrap_err().path.as_deref(), Some("input.credit.account.kind"));
    }

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn summary(v: serde_json::Value) -> Result<OpenSummary, ApiError> {
        parse_value::<WireOpenSummary>(v)?.parse(eur(), "input.credit.openSummary")
    }

    #[test]
    fn figures_must_agree() {
        let ok = json!({"count": 3, "outstanding": "12.00", "paid": "1.00", "oldestDueDate": "2026-10-01", "asOf": "2026-11-22",
            "nextDueDate": "2026-11-30", "overdueCount": 1, "overdue": "4.00"});
        let s = summary(ok.clone()).unwrap();
        assert!(s.any_overdue(Date::parse("2026-10-02").unwrap()));
        assert!(!s.any_overdue(Date::parse("2026-10-01").unwrap()));
        let none = json!({"count": 0, "outstanding": "0.00", "paid": "5.00", "asOf": "2026-11-22", "overdueCount": 0, "overdue": "0"});
        assert!(!summary(none).unwrap().any_overdue(Date::parse("9999-12-31").unwrap()));
        for (field, value) in [
            ("count", json!(0)),
            ("outstanding", json!("0.00")),
            ("overdueCount", json!(4)),
            ("overdue", json!("13.00")),
            ("overdue", json!("0.00")),
            ("nextDueDate", json!("2026-11-21")),
        ] {
            let mut v = ok.clone();
            v[field] = value;
            assert_eq!(summary(v).unwrap_err().code, ErrorCode::InvalidValue, "{field}");
        }
        let mut v = ok.clone();
        v["outstanding"] = json!("1.001");
        assert_eq!(summary(v).unwrap_err().code, ErrorCode::TooManyDecimals);
    }
}
