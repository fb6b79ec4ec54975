//! Open receivables that are not listed one by one: what the host's database summed for the rules.
//!
//! A credit context lists the receivables a decision needs by name (the order being checked, the
//! oldest ones a page shows) and sums the rest, so its size does not grow with a customer's
//! unpaid orders. The rules read the sums: any outstanding (`order_unpaid`), the oldest due date
//! (`order_overdue`), totals; `credit.status` also reads what was computed for `asOf`.

use crate::date::Date;

/// The summed open receivables, in the context's currency (minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSummary {
    /// Open receivables with something outstanding.
    pub count: u64,
    /// Σ (amount − paid) over them.
    pub outstanding: i128,
    /// Σ paid over every summed open receivable.
    pub paid: i128,
    /// The earliest due date among those with something outstanding.
    pub oldest_due_date: Option<Date>,
    /// The shop-local day the next two figures were computed for.
    pub as_of: Date,
    /// The earliest due date on or after `as_of` with something outstanding.
    pub next_due_date: Option<Date>,
    /// Those due before `as_of` with something outstanding: how many, and what they still owe.
    pub overdue_count: u64,
    pub overdue: i128,
}

impl OpenSummary {
    /// Some summed receivable is overdue at `today` (due before it, something outstanding).
    pub fn any_overdue(&self, today: Date) -> bool {
        self.oldest_due_date.is_some_and(|d| d < today)
    }
    /// The sums when their figures agree with each other, checked in [`SummaryError`]'s order.
    pub fn check(self) -> Result<OpenSummary, SummaryError> {
        let s = &self;
        if (s.count == 0) != (s.outstanding == 0) || (s.count == 0 && (s.oldest_due_date.is_some() || s.next_due_date.is_some())) {
            Err(SummaryError::Count)
        } else if s.overdue_count > s.count || s.overdue > s.outstanding || (s.overdue_count == 0) != (s.overdue == 0) {
            Err(SummaryError::Overdue)
        } else if s.next_due_date.is_some_and(|d| d < s.as_of) {
            Err(SummaryError::NextDueDate)
        } else {
            Ok(self)
        }
    }
}

/// Which figures of summed receivables disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryError {
    /// The count, the outstanding sum and the due dates (nothing counted, nothing owed, no dates).
    Count,
    /// The overdue count and sum must be part of the outstanding ones, both zero or neither.
    Overdue,
    /// The next due date falls before the day it was computed for.
    NextDueDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn three_open() -> OpenSummary {
        OpenSummary {
            count: 3,
            outstanding: 1200,
            paid: 100,
            oldest_due_date: Some(d("2026-10-01")),
            as_of: d("2026-11-22"),
            next_due_date: Some(d("2026-11-30")),
            overdue_count: 1,
            overdue: 400,
        }
    }

    #[test]
    fn figures_must_agree() {
        let s = three_open().check().unwrap();
        assert!(s.any_overdue(d("2026-10-02")));
        assert!(!s.any_overdue(d("2026-10-01")));
        let none =
            OpenSummary { count: 0, outstanding: 0, paid: 500, oldest_due_date: None, next_due_date: None, overdue_count: 0, overdue: 0, ..three_open() };
        assert!(!none.check().unwrap().any_overdue(d("9999-12-31")));
        type Change = fn(&mut OpenSummary);
        let cases: [(Change, SummaryError); 6] = [
            (|s| s.count = 0, SummaryError::Count),
            (|s| s.outstanding = 0, SummaryError::Count),
            (|s| s.overdue_count = 4, SummaryError::Overdue),
            (|s| s.overdue = 1300, SummaryError::Overdue),
            (|s| s.overdue = 0, SummaryError::Overdue),
            (|s| s.next_due_date = Some(d("2026-11-21")), SummaryError::NextDueDate),
        ];
        for (n, (change, expected)) in cases.into_iter().enumerate() {
            let mut s = three_open();
            change(&mut s);
            assert_eq!(s.check(), Err(expected), "case {n}");
        }
    }
}
