//! A customer's statement of account for a period: every movement of the credit line (orders on
//! account, payments, credit notes, cancellations, adjustments) with the running balance, the
//! opening and closing balances, and the open items with their due dates.
//!
//! The balance is what the customer owes: posted debits minus posted credits of the credit line
//! (open reservations and voids moved nothing). The opening balance is worked back from the
//! account's posted totals now and every movement since the start of the period, so the bridge
//! only reads rows.
//!
//! `credit.statement` (`crate::api::ops::credit_line::statement`) answers it.

use crate::prelude::*;

use super::profile::{Receivable, ReceivableState};
use crate::date::Date;
use crate::ledger::{MovementType, Transfer};
use crate::Write;

pub const MAX_STATEMENT_TRANSFERS: usize = 10_000;
pub const MAX_STATEMENT_ITEMS: usize = 1_000;

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

/// The statement's open items: open receivables with something outstanding, by due date (those
/// without one last), and what they still owe in all and overdue at `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItems<'a> {
    pub items: Vec<&'a Receivable>,
    pub due: i128,
    pub overdue: i128,
}

impl<'a> OpenItems<'a> {
    pub fn of(receivables: &'a [Receivable], today: Date) -> OpenItems<'a> {
        let mut items: Vec<&Receivable> = receivables.iter().filter(|r| r.state == ReceivableState::Open && r.outstanding() > 0).collect();
        crate::sort::sort_by(&mut items, |a, b| (a.due_date.is_none(), a.due_date, &a.order_ref).cmp(&(b.due_date.is_none(), b.due_date, &b.order_ref)));
        let due = items.iter().map(|r| i128::from(r.outstanding())).sum();
        let overdue = items.iter().filter(|r| r.days_overdue(today) > 0).map(|r| i128::from(r.outstanding())).sum();
        OpenItems { items, due, overdue }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{PendingStatus, TransferFlags};
    use crate::money::Currency;

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
