//! Orders on account after the check: due dates, payments received, and the totals shown in
//! My account and the admin list.

use crate::prelude::*;

use super::profile::{Receivable, ReceivableState};
use crate::codes::Code;
use crate::date::Date;

/// Sets the due date to `start + terms_days` (start = the day the admin-chosen order status was
/// reached). A receivable that already has a due date keeps it unless `recompute`. Returns the
/// receivable and whether it changed; None when the date would pass 9999-12-31.
pub fn with_due_date(r: &Receivable, start: Date, terms_days: u32, recompute: bool) -> Option<(Receivable, bool)> {
    if r.due_date.is_some() && !recompute {
        return Some((r.clone(), false));
    }
    let due = start.add_days(terms_days as i64)?;
    let mut out = r.clone();
    out.due_date = Some(due);
    let changed = out.due_date != r.due_date;
    Some((out, changed))
}

/// Applies a payment of `amount` minor units: `paid += amount`, state `paid` once nothing is
/// outstanding. Refuses zero (`amount_below_minimum`) and more than is outstanding
/// (`amount_above_maximum`; a paid or cancelled receivable has nothing outstanding).
pub fn apply_payment(r: &Receivable, amount: i64) -> Result<Receivable, Code> {
    if amount <= 0 {
        return Err(Code::AmountBelowMinimum);
    }
    if amount > r.outstanding() {
        return Err(Code::AmountAboveMaximum);
    }
    let mut out = r.clone();
    out.paid = r.paid.checked_add(amount).ok_or(Code::AmountAboveMaximum)?;
    if out.paid >= out.amount {
        out.state = ReceivableState::Paid;
    }
    Ok(out)
}

/// One overdue order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub order_ref: String,
    pub amount_due: i64,
    pub due_date: Date,
    pub days_overdue: i64,
}

/// Totals over a customer's receivables at `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Sum outstanding over open receivables ("total attendu").
    pub total_expected: i64,
    /// Sum of `paid` over every receivable given ("total payé").
    pub total_paid: i64,
    /// Open receivables with something outstanding.
    pub open_count: u32,
    /// Oldest due date first, then by order ref.
    pub overdue: Vec<Overdue>,
    /// The earliest due date today or later among open receivables.
    pub next_due_date: Option<Date>,
}

/// None only if a total overflowed (impossible with at most 1000 bounded amounts).
pub fn summarize(receivables: &[Receivable], today: Date) -> Option<Summary> {
    let mut s = Summary { total_expected: 0, total_paid: 0, open_count: 0, overdue: Vec::new(), next_due_date: None };
    for r in receivables {
        let due_now = r.outstanding();
        s.total_paid = s.total_paid.checked_add(r.paid)?;
        if due_now == 0 {
            continue;
        }
        s.total_expected = s.total_expected.checked_add(due_now)?;
        s.open_count = s.open_count.checked_add(1)?;
        if let Some(d) = r.due_date {
            let days = r.days_overdue(today);
            if days > 0 {
                s.overdue.push(Overdue { order_ref: r.order_ref.clone(), amount_due: due_now, due_date: d, days_overdue: days });
            } else if s.next_due_date.map_or(true, |n| d < n) {
                s.next_due_date = Some(d);
            }
        }
    }
    crate::sort::sort_by(&mut s.overdue, |a, b| a.due_date.cmp(&b.due_date).then_with(|| a.order_ref.cmp(&b.order_ref)));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn recv(order_ref: &str, amount: i64, paid: i64, due: Option<&str>, state: ReceivableState) -> Receivable {
        Receivable {
            order_ref: order_ref.into(),
            currency: Currency::from_code("EUR").unwrap(),
            amount,
            paid,
            due_date: due.map(d),
            state,
            last_reminder_level: None,
        }
    }

    #[test]
    fn due_date_is_start_plus_terms_and_kept_unless_recomputed() {
        let r = recv("o1", 1000, 0, None, ReceivableState::Open);
        let (set, changed) = with_due_date(&r, d("2026-12-15"), 30, false).unwrap();
        assert_eq!((set.due_date, changed), (Some(d("2027-01-14")), true));
        let (kept, changed) = with_due_date(&set, d("2027-02-01"), 30, false).unwrap();
        assert_eq!((kept.due_date, changed), (Some(d("2027-01-14")), false));
        let (moved, changed) = with_due_date(&set, d("2027-02-01"), 0, true).unwrap();
        assert_eq!((moved.due_date, changed), (Some(d("2027-02-01")), true));
        assert!(with_due_date(&r, d("9999-12-31"), 1, false).is_none());
    }

    #[test]
    fn payments_are_bounded_by_what_is_due() {
        let r = recv("o1", 1000, 300, None, ReceivableState::Open);
        let p = apply_payment(&r, 200).unwrap();
        assert_eq!((p.paid, p.state), (500, ReceivableState::Open));
        let full = apply_payment(&p, 500).unwrap();
        assert_eq!((full.paid, full.state, full.outstanding()), (1000, ReceivableState::Paid, 0));
        assert_eq!(apply_payment(&r, 701), Err(Code::AmountAboveMaximum));
        assert_eq!(apply_payment(&r, 0), Err(Code::AmountBelowMinimum));
        assert_eq!(apply_payment(&full, 1), Err(Code::AmountAboveMaximum));
        assert_eq!(apply_payment(&recv("c", 1000, 0, None, ReceivableState::Cancelled), 1), Err(Code::AmountAboveMaximum));
    }

    #[test]
    fn summary_totals_overdue_and_next_due_date() {
        let rs = [
            recv("late2", 1000, 250, Some("2026-11-10"), ReceivableState::Open),
            recv("late1", 500, 0, Some("2026-11-01"), ReceivableState::Open),
            recv("soon", 300, 0, Some("2026-11-30"), ReceivableState::Open),
            recv("today", 200, 0, Some("2026-11-22"), ReceivableState::Open),
            recv("nodate", 100, 0, None, ReceivableState::Open),
            recv("done", 900, 900, Some("2026-10-01"), ReceivableState::Paid),
            recv("gone", 400, 0, Some("2026-10-01"), ReceivableState::Cancelled),
        ];
        let s = summarize(&rs, d("2026-11-22")).unwrap();
        assert_eq!((s.total_expected, s.total_paid, s.open_count), (750 + 500 + 300 + 200 + 100, 1150, 5));
        assert_eq!(
            s.overdue.iter().map(|o| (o.order_ref.as_str(), o.days_overdue, o.amount_due)).collect::<Vec<_>>(),
            vec![("late1", 21, 500), ("late2", 12, 750)]
        );
        assert_eq!(s.next_due_date, Some(d("2026-11-22")));
    }
}
