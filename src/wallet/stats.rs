//! `wallet.stats`: how money moved in and out of the balances, per period and movement type.

use crate::api::ops::ledger::WideAmount;
use crate::api::ops::ledger::{parse_transfers, WireTransfer};
use crate::api::wire::{CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::ledger::{MovementType, Transfer};
use crate::money::Currency;
use crate::{Read, Write};
use std::collections::{BTreeMap, BTreeSet};

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
            Period::Month => day.to_string()[..7].to_string(),
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

impl Tally {
    /// Adds another tally (None when a sum overflows).
    fn merge(&mut self, other: Tally) -> Option<()> {
        self.count = self.count.checked_add(other.count)?;
        self.credits = self.credits.checked_add(other.credits)?;
        self.debits = self.debits.checked_add(other.debits)?;
        Some(())
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
    pub periods: BTreeMap<String, BTreeMap<MovementType, Tally>>,
    pub totals: BTreeMap<MovementType, Tally>,
    pub overall: Tally,
}

/// Tallies what actually moved: posted transfers and posts of reservations (open reservations
/// and voids moved nothing). Periods are shop-local (`utc_offset_s`). Err(index) when a
/// transfer's timestamp has no date.
pub fn tally(transfers: &[Transfer], is_wallet: impl Fn(&str) -> bool, period: Period, utc_offset_s: i32) -> Result<Stats, usize> {
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
        let label = period.label(Date::from_unix_s(t.timestamp_s, utc_offset_s).ok_or(n)?);
        s.periods.entry(label).or_default().entry(t.code).or_default().add(t.amount, credit, debit);
        s.totals.entry(t.code).or_default().add(t.amount, credit, debit);
        s.overall.add(t.amount, credit, debit);
    }
    Ok(s)
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct TallyOut {
    count: u64,
    credits: String,
    debits: String,
    /// credits - debits
    net: String,
}

/// Formats a sum of minor units that may exceed `i64`.
fn fmt_sum(v: i128, c: Currency) -> String {
    wide_string(v, c)
}

fn out(t: &Tally, c: Currency) -> TallyOut {
    TallyOut { count: t.count, credits: fmt_sum(t.credits, c), debits: fmt_sum(t.debits, c), net: fmt_sum(t.credits - t.debits, c) }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StatsInput {
    currency: CurrencyCode,
    period: Period,
    #[serde(default)]
    utc_offset_s: i32,
    /// The wallets whose movements count. Absent: every account whose id starts with `wallet:`.
    #[serde(default)]
    wallet_ids: Option<Vec<Id>>,
    transfers: Vec<WireTransfer>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct StatsOut {
    currency: CurrencyCode,
    overall: TallyOut,
    period: Period,
    periods: BTreeMap<String, BTreeMap<&'static str, TallyOut>>,
    totals: BTreeMap<&'static str, TallyOut>,
}

/// `wallet.stats`: `{currency, period, utcOffsetS, walletIds?, transfers (≤10000)}` →
/// per period and movement type `{count, credits, debits, net}`, totals per type, overall.
pub fn stats(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: StatsInput = parse_input(input)?;
    let c = i.currency.0;
    if !(-14 * 3600..=14 * 3600).contains(&i.utc_offset_s) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.utcOffsetS", "the UTC offset must be within ±14 hours"));
    }
    if let Some(ids) = &i.wallet_ids {
        crate::api::wire::check_len(ids, 1000, "input.walletIds")?;
    }
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    for (n, t) in transfers.iter().enumerate() {
        crate::api::wire::same_currency(c, t.currency, format_args!("input.transfers[{n}].currency"))?;
    }
    let wallets: Option<BTreeSet<&str>> = i.wallet_ids.as_ref().map(|ids| ids.iter().map(|w| w.0.as_str()).collect());
    let is_wallet = |id: &str| match &wallets {
        Some(set) => set.contains(id),
        None => id.starts_with("wallet:"),
    };
    let s = tally(&transfers, is_wallet, i.period, i.utc_offset_s)
        .map_err(|n| ApiError::at(ErrorCode::InvalidDate, format!("input.transfers[{n}].timestampS"), "out of range"))?;
    to_result(&stats_out(&s, i.currency, i.period))
}

fn stats_out(s: &Stats, currency: CurrencyCode, period: Period) -> StatsOut {
    let c = currency.0;
    let by_type = |m: &BTreeMap<MovementType, Tally>| m.iter().map(|(k, t)| (k.as_str(), out(t, c))).collect::<BTreeMap<_, _>>();
    StatsOut {
        currency,
        period,
        periods: s.periods.iter().map(|(k, m)| (k.clone(), by_type(m))).collect(),
        totals: by_type(&s.totals),
        overall: out(&s.overall, c),
    }
}

/// One group of wallet movements summed by the database: count, money into the wallets
/// (`credits`) and out of them (`debits`) for one movement type.
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireMovementSum {
    pub code: MovementType,
    pub count: u64,
    pub credits: WideAmount,
    pub debits: WideAmount,
}

/// A group within one period; `day` is any shop-local day of that period (days since 1970-01-01).
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WirePeriodSum {
    pub day: u32,
    pub code: MovementType,
    pub count: u64,
    pub credits: WideAmount,
    pub debits: WideAmount,
}

/// Room for 400 periods of 11 movement types in one request; longer windows come in pages.
pub const MAX_PERIOD_SUMS: usize = 5000;

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct StatsSumsInput {
    pub currency: CurrencyCode,
    pub period: Period,
    /// Per period (or any finer grouping) and movement type; groups with one label add up.
    pub sums: Vec<WirePeriodSum>,
    /// Per movement type over the whole window (a page may show only some of its periods).
    pub totals: Vec<WireMovementSum>,
}

fn tally_of(count: u64, credits: &WideAmount, debits: &WideAmount, c: Currency, path: &str) -> Result<Tally, ApiError> {
    Ok(Tally { count, credits: credits.minor(c, &format!("{path}.credits"))?, debits: debits.minor(c, &format!("{path}.debits"))? })
}

fn overflow(path: String) -> ApiError {
    ApiError::at(ErrorCode::AmountTooLarge, path, "the sums overflow")
}

/// `wallet.statsSums`: the answer of `wallet.stats` from sums the database computed per period
/// and movement type, so the request stays small at any number of movements. Period labels come
/// from the core's calendar; sums stay exact (i128).
pub fn stats_sums(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: StatsSumsInput = parse_input(input)?;
    let c = i.currency.0;
    crate::api::wire::check_len(&i.sums, MAX_PERIOD_SUMS, "input.sums")?;
    crate::api::wire::check_len(&i.totals, MAX_PERIOD_SUMS, "input.totals")?;
    let mut s = Stats::default();
    for (n, row) in i.sums.iter().enumerate() {
        let path = format!("input.sums[{n}]");
        let day = Date::from_days(i64::from(row.day))
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, format!("{path}.day"), "the day must lie in 1970-01-01 ..= 9999-12-31"))?;
        let t = tally_of(row.count, &row.credits, &row.debits, c, &path)?;
        s.periods.entry(i.period.label(day)).or_default().entry(row.code).or_default().merge(t).ok_or_else(|| overflow(path))?;
    }
    for (n, row) in i.totals.iter().enumerate() {
        let path = format!("input.totals[{n}]");
        let t = tally_of(row.count, &row.credits, &row.debits, c, &path)?;
        s.totals.entry(row.code).or_default().merge(t).ok_or_else(|| overflow(path.clone()))?;
        s.overall.merge(t).ok_or_else(|| overflow(path))?;
    }
    to_result(&stats_out(&s, i.currency, i.period))
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<StatsInput, StatsOut>("wallet.stats");
    api.op::<StatsSumsInput, StatsOut>("wallet.statsSums");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{PendingStatus, TransferFlags};

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
    fn large_sums_are_formatted_exactly() {
        let eur = Currency::from_code("EUR").unwrap();
        assert_eq!(fmt_sum(10_000 * i128::from(crate::money::MAX_MINOR), eur), "99999999999999900.00");
        assert_eq!(fmt_sum(-5, eur), "-0.05");
        assert_eq!(fmt_sum(0, Currency::from_code("JPY").unwrap()), "0");
    }
}
