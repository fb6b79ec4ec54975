//! `credit.statement` on the wire: `{account, transfers, fromS, toS, utcOffsetS?, receivables?}` →
//! `{currency, openingBalance, lines, totalDebits, totalCredits, closingBalance, balanceNow,
//! openItems, totalDue, overdueTotal, today}`. The statement itself is
//! [`crate::credit_line::statement`]'s.

use crate::prelude::*;

use super::{parse_credit_account, WireReceivable};
use crate::api::ops::ledger::{parse_transfers, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, ItemPath};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::ErrorCode;
use crate::credit_line::profile::MAX_UTC_OFFSET_S;
use crate::credit_line::statement::{build, LineKind, OpenItems, MAX_STATEMENT_ITEMS, MAX_STATEMENT_TRANSFERS};
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::money::Currency;
use crate::{Read, Write};

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

fn open_items(o: &OpenItems, today: Date, c: Currency) -> Vec<OpenItemOut> {
    o.items
        .iter()
        .map(|r| {
            let days = r.days_overdue(today);
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
        .collect()
}

fn date_at(s: i64, utc_offset_s: i32, path: &str) -> Result<Date, ApiError> {
    Date::from_unix_s(s, utc_offset_s).ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, path, "out of the calendar's range"))
}

/// `credit.statement`: the statement of account of one credit line for `[fromS, toS)`.
pub fn statement(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: StatementInput = parse_input(input)?;
    let acc = parse_credit_account(&i.account, &"input.account")?;
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
    // A loop, not `collect::<Result<Vec<_>, _>>()`: that adapter is its own ~1 KB of wasm per type.
    let mut receivables = Vec::with_capacity(i.receivables.len());
    for (index, r) in i.receivables.iter().enumerate() {
        receivables.push(r.parse(Some(c), &ItemPath { parent: &"input.receivables", index })?);
    }
    let today = date_at(now, i.utc_offset_s, "now")?;
    let (from_date, to_date) = (date_at(i.from_s, i.utc_offset_s, "input.fromS")?, date_at(i.to_s - 1, i.utc_offset_s, "input.toS")?);
    let balance_now = i128::from(acc.debits_posted) - i128::from(acc.credits_posted);
    let s = build(balance_now, &acc.id, &transfers, i.from_s, i.to_s, i.utc_offset_s)
        .map_err(|n| ApiError::at(ErrorCode::InvalidDate, format!("input.transfers[{n}].timestampS"), "out of the calendar's range"))?;
    let open = OpenItems::of(&receivables, today);
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
        open_items: open_items(&open, today, c),
        opening_balance: wide_string(s.opening, c),
        overdue_total: wide_string(open.overdue, c),
        to_date: to_date.to_string(),
        today: today.to_string(),
        total_credits: wide_string(s.credits, c),
        total_debits: wide_string(s.debits, c),
        total_due: wide_string(open.due, c),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<StatementInput, StatementOut>("credit.statement");
}
