//! Payment reminders (the cron "relance"): for each open receivable with a due date, the highest
//! reminder level reached at today, unless that level (or a higher one) was already sent.

use crate::prelude::*;

use super::profile::Receivable;
use crate::date::Date;
use crate::money::Currency;

/// One reminder to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub order_ref: String,
    /// 1-based index into the shop's reminder offsets.
    pub level: u32,
    pub offset_days: i32,
    /// 0 for reminders sent on or before the due date.
    pub days_overdue: i64,
    pub due_date: Date,
    pub amount_due: i64,
    pub currency: Currency,
}

/// The reminder due now for one receivable, if any. Level n is reached once
/// `today >= due_date + offsets[n-1]`; only the highest level reached is sent (a receivable that
/// skipped levels is not reminded several times), and never a level `<= last_reminder_level`.
pub fn reminder_due(r: &Receivable, offsets_days: &[i32], today: Date) -> Option<Reminder> {
    let due = r.due_date?;
    if r.outstanding() == 0 {
        return None;
    }
    let elapsed = due.days_until(today);
    let (index, offset) = offsets_days.iter().enumerate().rev().find(|(_, off)| elapsed >= **off as i64)?;
    let level = u32::try_from(index).ok()?.checked_add(1)?;
    if r.last_reminder_level.is_some_and(|sent| sent >= level) {
        return None;
    }
    Some(Reminder {
        order_ref: r.order_ref.clone(),
        level,
        offset_days: *offset,
        days_overdue: r.days_overdue(today),
        due_date: due,
        amount_due: r.outstanding(),
        currency: r.currency,
    })
}

/// Every reminder due now, in the order of the receivables given.
pub fn due_reminders(receivables: &[Receivable], offsets_days: &[i32], today: Date) -> Vec<Reminder> {
    receivables.iter().filter_map(|r| reminder_due(r, offsets_days, today)).collect()
}

#[cfg(test)]
mod tests {
    use super::super::profile::ReceivableState;
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn recv(due: Option<&str>, paid: i64, last: Option<u32>) -> Receivable {
        Receivable {
            order_ref: "o1".into(),
            currency: Currency::from_code("EUR").unwrap(),
            amount: 1000,
            paid,
            due_date: due.map(d),
            state: ReceivableState::Open,
            last_reminder_level: last,
        }
    }
    const OFFS: [i32; 4] = [-3, 0, 7, 14];

    #[test]
    fn levels_escalate_and_are_sent_once() {
        let at = |r: &Receivable, day: &str| reminder_due(r, &OFFS, d(day)).map(|x| (x.level, x.offset_days, x.days_overdue));
        let r = recv(Some("2026-11-20"), 0, None);
        assert_eq!(at(&r, "2026-11-16"), None);
        assert_eq!(at(&r, "2026-11-17"), Some((1, -3, 0)));
        assert_eq!(at(&r, "2026-11-20"), Some((2, 0, 0)));
        assert_eq!(at(&r, "2026-11-28"), Some((3, 7, 8)));
        assert_eq!(at(&recv(Some("2026-11-20"), 0, Some(3)), "2026-11-30"), None);
        assert_eq!(at(&recv(Some("2026-11-20"), 0, Some(3)), "2026-12-04"), Some((4, 14, 14)));
        assert_eq!(at(&recv(Some("2026-11-20"), 0, Some(4)), "2027-06-01"), None);
    }

    #[test]
    fn only_the_highest_level_reached_is_sent() {
        let r = reminder_due(&recv(Some("2026-10-01"), 400, None), &OFFS, d("2026-11-22")).unwrap();
        assert_eq!((r.level, r.offset_days, r.days_overdue, r.amount_due), (4, 14, 52, 600));
    }

    #[test]
    fn nothing_without_due_date_outstanding_amount_or_offsets() {
        assert_eq!(reminder_due(&recv(None, 0, None), &OFFS, d("2030-01-01")), None);
        assert_eq!(reminder_due(&recv(Some("2026-01-01"), 1000, None), &OFFS, d("2030-01-01")), None);
        assert_eq!(reminder_due(&recv(Some("2026-01-01"), 0, None), &[], d("2030-01-01")), None);
        assert_eq!(due_reminders(&[recv(Some("2026-01-01"), 0, None)], &OFFS, d("2026-01-01")).len(), 1);
    }
}
