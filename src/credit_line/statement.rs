//! A customer's statement of account for a period: every movement of the credit line (orders on
//! account, payments, credit notes, cancellations, adjustments) with the running balance, the
//! opening and closing balances, and the open items with their due dates.
//!
//! The balance is what the customer owes: posted debits minus posted credits of the credit line
//! (open reservations and voids moved nothing). The opening balance is worked back from the
//! account's posted totals now and every movement since the start of the period, so the bridge
//! only reads rows.
//!
//! | op | input | result |
//! |---|---|---|
//! | `credit.statement` | `{account, transfers, fromS, toS, utcOffsetS?, receivables?}` | `{currency, openingBalance, lines, totalDebits, totalCredits, closingBalance, balanceNow, openItems, totalDue, overdueTotal, today}` |

use super::profile::{Receivable, ReceivableState};
use crate::api::ops::credit_line::{parse_credit_account, WireReceivable};
use crate::api::ops::ledger::{parse_transfers, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::ledger::{MovementType, Transfer};
use crate::money::Currency;
use crate::{Read, Write};

pub const MAX_STATEMENT_TRANSFERS: usize = 10_000;
pub const MAX_STATEMENT_ITEMS: usize = 1_000;
const MAX_UTC_OFFSET_S: i32 = 14 * 3600;

/// What a movement is, for the customer.
#[derive(Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An order on account (the customer owes more).
    Invoice,
    Payment,
    /// A refund of an order on account.
    CreditNote,
    /// An order on account cancelled after its check.
    Cancellation,
    Adjustment,
}

impl LineKind {
    /// Every kind, for the words hosts show (`tools/codegen`).
    pub const ALL: [LineKind; 5] = [LineKind::Invoice, LineKind::Payment, LineKind::CreditNote, LineKind::Cancellation, LineKind::Adjustment];
}

impl LineKind {
    fn of(code: MovementType) -> LineKind {
        match code {
            MovementType::OrderOnAccount => LineKind::Invoice,
            MovementType::PaymentReceived => LineKind::Payment,
            MovementType::Refund => LineKind::CreditNote,
            MovementType::CancellationRestore => LineKind::Cancellation,
            _ => LineKind::Adjustment,
        }
    }
}

/// One movement of the statement, in minor units; `balance` after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub transfer_id: String,
    pub at_s: i64,
    pub date: Date,
    pub kind: LineKind,
    pub order_ref: Option<String>,
    pub debit: i64,
    pub credit: i64,
    pub balance: i128,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub opening: i128,
    pub lines: Vec<Line>,
    pub debits: i128,
    pub credits: i128,
    pub closing: i128,
    pub now: i128,
}

/// What a transfer did to the account's posted balance (debit, credit); reservations and voids
/// did nothing.
fn posted_effect(t: &Transfer, account_id: &str) -> (i64, i64) {
    if t.flags.pending || t.flags.void_pending {
        return (0, 0);
    }
    let debit = if t.debit_account_id == account_id { t.amount } else { 0 };
    let credit = if t.credit_account_id == account_id { t.amount } else { 0 };
    (debit, credit)
}

/// The statement of `account_id` over `[from_s, to_s)`, from its posted balance now and every
/// transfer since `from_s` (in any order). Err(index) when a transfer's date is out of range.
pub fn build(balance_now: i128, account_id: &str, transfers: &[Transfer], from_s: i64, to_s: i64, utc_offset_s: i32) -> Result<Statement, usize> {
    let mut moved: Vec<(usize, &Transfer, i64, i64)> = transfers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.timestamp_s >= from_s)
        .map(|(n, t)| {
            let (d, c) = posted_effect(t, account_id);
            (n, t, d, c)
        })
        .filter(|(_, _, d, c)| *d != 0 || *c != 0)
        .collect();
    crate::sort::sort_by(&mut moved, |a, b| (a.1.timestamp_s, &a.1.id).cmp(&(b.1.timestamp_s, &b.1.id)));
    let since: i128 = moved.iter().map(|(_, _, d, c)| i128::from(*d) - i128::from(*c)).sum();
    let opening = balance_now - since;
    let mut s = Statement { opening, lines: Vec::new(), debits: 0, credits: 0, closing: opening, now: balance_now };
    for (n, t, debit, credit) in moved.into_iter().filter(|(_, t, _, _)| t.timestamp_s < to_s) {
        s.closing += i128::from(debit) - i128::from(credit);
        s.debits += i128::from(debit);
        s.credits += i128::from(credit);
        s.lines.push(Line {
            transfer_id: t.id.clone(),
            at_s: t.timestamp_s,
            date: Date::from_unix_s(t.timestamp_s, utc_offset_s).ok_or(n)?,
            kind: LineKind::of(t.code),
            order_ref: t.order_ref.clone(),
            debit,
            credit,
            balance: s.closing,
        });
    }
    Ok(s)
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatementInput {
    account: WireAccount,
    /// Every transfer of the account since `fromS` (later ones too: they work the opening back).
    transfers: Vec<WireTransfer>,
    from_s: i64,
    to_s: i64,
    #[serde(default)]
    utc_offset_s: i32,
    /// The account's receivables; the open ones are the statement's open items.
    #[serde(default)]
    receivables: Vec<WireReceivable>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct LineOut {
    at_s: i64,
    balance: String,
    credit: String,
    date: String,
    debit: String,
    kind: LineKind,
    order_ref: Option<String>,
    transfer_id: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct OpenItemOut {
    amount: String,
    days_overdue: i64,
    due_date: Option<String>,
    order_ref: String,
    overdue: bool,
    paid: String,
    remaining: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct StatementOut {
    account_id: String,
    balance_now: String,
    closing_balance: String,
    currency: &'static str,
    from_date: String,
    lines: Vec<LineOut>,
    open_items: Vec<OpenItemOut>,
    opening_balance: String,
    overdue_total: String,
    to_date: String,
    today: String,
    total_credits: String,
    total_debits: String,
    total_due: String,
}

fn open_items(receivables: &[Receivable], today: Date, c: Currency) -> (Vec<OpenItemOut>, i128, i128) {
    let mut open: Vec<&Receivable> = receivables.iter().filter(|r| r.state == ReceivableState::Open && r.outstanding() > 0).collect();
    crate::sort::sort_by(&mut open, |a, b| (a.due_date.is_none(), a.due_date, &a.order_ref).cmp(&(b.due_date.is_none(), b.due_date, &b.order_ref)));
    let (mut due, mut overdue) = (0i128, 0i128);
    let items = open
        .into_iter()
        .map(|r| {
            let days = r.days_overdue(today);
            due += i128::from(r.outstanding());
            if days > 0 {
                overdue += i128::from(r.outstanding());
            }
            OpenItemOut {
                amount: amount_string(r.amount, c),
                days_overdue: days,
                due_date: r.due_date.map(|d| d.to_string()),
                order_ref: r.order_ref.clone(),
                overdue: days > 0,
                paid: amount_string(r.paid, c),
                remaining: amount_string(r.outstanding(), c),
            }
        })
        .collect();
    (items, due, overdue)
}

fn date_at(s: i64, utc_offset_s: i32, path: &str) -> Result<Date, ApiError> {
    Date::from_unix_s(s, utc_offset_s).ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, path, "out of the calendar's range"))
}

/// `credit.statement`: the statement of account of one credit line for `[fromS, toS)`.
pub fn statement(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: StatementInput = parse_input(input)?;
    let acc = parse_credit_account(&i.account, "input.account")?;
    let c = acc.currency;
    if !(-MAX_UTC_OFFSET_S..=MAX_UTC_OFFSET_S).contains(&i.utc_offset_s) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.utcOffsetS", "the UTC offset must be within ±14 hours"));
    }
    if i.to_s < i.from_s {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.toS", "the period ends before it starts"));
    }
    check_len(&i.transfers, MAX_STATEMENT_TRANSFERS, "input.transfers")?;
    check_len(&i.receivables, MAX_STATEMENT_ITEMS, "input.receivables")?;
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    if let Some(n) = transfers.iter().position(|t| t.currency != c) {
        return Err(ApiError::at(ErrorCode::CurrencyMismatch, format!("input.transfers[{n}].currency"), "a transfer is not in the account's currency"));
    }
    if let Some(n) = transfers.iter().position(|t| t.debit_account_id != acc.id && t.credit_account_id != acc.id) {
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("input.transfers[{n}]"), "the transfer does not move this account"));
    }
    let receivables = i.receivables.iter().enumerate().map(|(n, r)| r.parse(Some(c), &format!("input.receivables[{n}]"))).collect::<Result<Vec<_>, _>>()?;
    let today = date_at(now, i.utc_offset_s, "now")?;
    let (from_date, to_date) = (date_at(i.from_s, i.utc_offset_s, "input.fromS")?, date_at(i.to_s - 1, i.utc_offset_s, "input.toS")?);
    let balance_now = i128::from(acc.debits_posted) - i128::from(acc.credits_posted);
    let s = build(balance_now, &acc.id, &transfers, i.from_s, i.to_s, i.utc_offset_s)
        .map_err(|n| ApiError::at(ErrorCode::InvalidDate, format!("input.transfers[{n}].timestampS"), "out of the calendar's range"))?;
    let (items, due, overdue) = open_items(&receivables, today, c);
    let lines = s
        .lines
        .iter()
        .map(|l| LineOut {
            at_s: l.at_s,
            balance: wide_string(l.balance, c),
            credit: amount_string(l.credit, c),
            date: l.date.to_string(),
            debit: amount_string(l.debit, c),
            kind: l.kind,
            order_ref: l.order_ref.clone(),
            transfer_id: l.transfer_id.clone(),
        })
        .collect();
    to_result(&StatementOut {
        account_id: acc.id.clone(),
        balance_now: wide_string(s.now, c),
        closing_balance: wide_string(s.closing, c),
        currency: c.code(),
        from_date: from_date.to_string(),
        lines,
        open_items: items,
        opening_balance: wide_string(s.opening, c),
        overdue_total: wide_string(overdue, c),
        to_date: to_date.to_string(),
        today: today.to_string(),
        total_credits: wide_string(s.credits, c),
        total_debits: wide_string(s.debits, c),
        total_due: wide_string(due, c),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<StatementInput, StatementOut>("credit.statement");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{PendingStatus, TransferFlags};

    fn t(id: &str, debit: bool, amount: i64, at: i64, code: MovementType, flags: TransferFlags) -> Transfer {
        let (d, c) = if debit { ("credit:1", "shop:sales") } else { ("shop:cash", "credit:1") };
        Transfer {
            id: id.into(),
            debit_account_id: d.into(),
            credit_account_id: c.into(),
            amount,
            currency: Currency::from_code("EUR").unwrap(),
            pending_id: None,
            timeout_s: 0,
            flags,
            code,
            order_ref: Some("o-1".into()),
            timestamp_s: at,
            pending_status: PendingStatus::None,
        }
    }

    #[test]
    fn the_running_balance_is_worked_back_from_the_balance_now() {
        let plain = TransferFlags::default();
        let pending = TransferFlags { pending: true, ..TransferFlags::default() };
        let ts = [
            t("a", true, 10_000, 100, MovementType::OrderOnAccount, plain),
            t("b", false, 4_000, 200, MovementType::PaymentReceived, plain),
            t("r", true, 9_999, 250, MovementType::OrderOnAccount, pending),
            t("c", true, 5_000, 300, MovementType::OrderOnAccount, plain),
            t("d", false, 1_000, 400, MovementType::Refund, plain),
        ];
        // Before the period the customer owed 2,000; now 12,000 (+100 -40 +50 -10).
        let s = build(12_000, "credit:1", &ts, 100, 350, 0).unwrap();
        assert_eq!(s.opening, 2_000);
        assert_eq!(s.lines.iter().map(|l| (l.transfer_id.as_str(), l.balance)).collect::<Vec<_>>(), vec![("a", 12_000), ("b", 8_000), ("c", 13_000)]);
        assert_eq!((s.debits, s.credits, s.closing, s.now), (15_000, 4_000, 13_000, 12_000));
        assert_eq!(s.lines[1].kind, LineKind::Payment);
    }
}
