//! Wallet statistics: how money moved in and out of the balances, per shop-local period and
//! movement type (`wallet.stats`, `wallet.statsSums`; their wire: `crate::api::ops::wallet`).

use crate::prelude::*;

use crate::date::Date;
use crate::ledger::{MovementType, Transfer};
use crate::sorted::SortedMap;
use crate::{Read, Write};

#[derive(Read, Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Day,
    /// ISO 8601 weeks (Monday to Sunday), labelled `2026-W47`.
    Week,
    Month,
}

impl Period {
    /// The label of the period holding the shop-local `day`: `2026-11-22`, `2026-W47`, `2026-11`.
    pub fn label(self, day: Date) -> String {
        match self {
            Period::Day => day.to_string(),
            Period::Week => {
                let (y, w) = day.iso_week();
                format!("{y:04}-W{w:02}")
            }
            Period::Month => {
                let mut month = day.to_string();
                month.truncate(7); // not sliced: a str slice's failure path formats `Debug` of str
                month
            }
        }
    }
}

/// Count and money in (`credits`) and out (`debits`) of the wallets, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub count: u64,
    pub credits: i128,
    pub debits: i128,
}

/// A sum of tallies does not fit (count in 64 bits, money in 128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SumsOverflow;

impl Tally {
    /// Adds another tally.
    pub fn merge(&mut self, other: Tally) -> Result<(), SumsOverflow> {
        self.count = self.count.checked_add(other.count).ok_or(SumsOverflow)?;
        self.credits = self.credits.checked_add(other.credits).ok_or(SumsOverflow)?;
        self.debits = self.debits.checked_add(other.debits).ok_or(SumsOverflow)?;
        Ok(())
    }
    /// credits − debits (both are non-negative sums, so the difference fits).
    pub fn net(&self) -> i128 {
        self.credits - self.debits
    }
    fn add(&mut self, amount: i64, credit: bool, debit: bool) {
        self.count += 1;
        if credit {
            self.credits += i128::from(amount);
        }
        if debit {
            self.debits += i128::from(amount);
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Period label (`2026-11-22` or `2026-11`) → movement type → tally.
    pub periods: SortedMap<String, SortedMap<MovementType, Tally>>,
    pub totals: SortedMap<MovementType, Tally>,
    pub overall: Tally,
}

/// Shop-local periods are at most this far from UTC.
pub const MAX_UTC_OFFSET_S: i32 = 14 * 3600;

/// A transfer whose timestamp has no calendar date (its position in the list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UndatedTransfer(pub usize);

/// Tallies what actually moved: posted transfers and posts of reservations (open reservations
/// and voids moved nothing). Periods are shop-local (`utc_offset_s`).
pub fn tally(transfers: &[Transfer], is_wallet: impl Fn(&str) -> bool, period: Period, utc_offset_s: i32) -> Result<Stats, UndatedTransfer> {
    let mut s = Stats::default();
    for (n, t) in transfers.iter().enumerate() {
        if t.flags.pending || t.flags.void_pending {
            continue;
        }
        let credit = is_wallet(&t.credit_account_id);
        let debit = is_wallet(&t.debit_account_id);
        if !credit && !debit {
            continue;
        }
        let label = period.label(Date::from_unix_s(t.timestamp_s, utc_offset_s).ok_or(UndatedTransfer(n))?);
        s.periods.entry(label).or_default().entry(t.code).or_default().add(t.amount, credit, debit);
        s.totals.entry(t.code).or_default().add(t.amount, credit, debit);
        s.overall.add(t.amount, credit, debit);
    }
    Ok(s)
}

impl Stats {
    /// Adds a tally the database summed for one period and movement type.
    pub fn add_period(&mut self, label: String, code: MovementType, t: Tally) -> Result<(), SumsOverflow> {
        self.periods.entry(label).or_default().entry(code).or_default().merge(t)
    }
    /// Adds a tally the database summed for one movement type over the whole window.
    pub fn add_total(&mut self, code: MovementType, t: Tally) -> Result<(), SumsOverflow> {
        self.totals.entry(code).or_default().merge(t)?;
        self.overall.merge(t)
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{PendingStatus, TransferFlags};
    use crate::money::Currency;

    fn t(debit: &str, credit: &str, amount: i64, code: MovementType, ts: i64, flags: TransferFlags) -> Transfer {
        Transfer {
            id: format!("t{ts}{amount}"),
            debit_account_id: debit.into(),
            credit_account_id: credit.into(),
            amount,
            currency: Currency::from_code("EUR").unwrap(),
            pending_id: None,
            timeout_s: 0,
            flags,
            code,
            order_ref: None,
            timestamp_s: ts,
            pending_status: PendingStatus::None,
        }
    }

    #[test]
    fn only_what_moved_counts_per_shop_local_period() {
        let plain = TransferFlags::default();
        let pending = TransferFlags { pending: true, ..Default::default() };
        let day = 86_400;
        let txs = [
            t("shop:topups", "wallet:1", 10000, MovementType::TopUp, 20 * day - 1800, plain),
            t("wallet:1", "shop:sales", 3000, MovementType::OrderPayment, 20 * day + 100, plain),
            t("wallet:1", "shop:sales", 500, MovementType::OrderPayment, 20 * day + 200, pending),
            t("shop:a", "shop:b", 700, MovementType::OrderPayment, 20 * day, plain),
        ];
        let s = tally(&txs, |id| id.starts_with("wallet:"), Period::Day, 3600).unwrap();
        assert_eq!(s.periods.len(), 1, "23:30 UTC is the next day at UTC+1");
        assert_eq!(s.overall, Tally { count: 2, credits: 10000, debits: 3000 });
        let utc = tally(&txs, |id| id.starts_with("wallet:"), Period::Day, 0).unwrap();
        assert_eq!(utc.periods.len(), 2);
        let month = tally(&txs, |id| id.starts_with("wallet:"), Period::Month, 0).unwrap();
        assert_eq!(month.periods.keys().collect::<Vec<_>>(), vec!["1970-01"]);
        assert_eq!(month.totals[&MovementType::OrderPayment], Tally { count: 1, credits: 0, debits: 3000 });
    }

    #[test]
    fn database_sums_add_up_and_overflow_is_an_error() {
        let mut s = Stats::default();
        let t = Tally { count: 2, credits: 500, debits: 100 };
        s.add_period("2026-11".into(), MovementType::TopUp, t).unwrap();
        s.add_period("2026-11".into(), MovementType::TopUp, t).unwrap();
        s.add_total(MovementType::TopUp, t).unwrap();
        assert_eq!(s.periods["2026-11"][&MovementType::TopUp], Tally { count: 4, credits: 1000, debits: 200 });
        assert_eq!((s.overall, s.overall.net()), (t, 400));
        let huge = Tally { count: 1, credits: i128::MAX, debits: 0 };
        assert_eq!(s.add_total(MovementType::TopUp, huge), Err(SumsOverflow));
    }
}
