//! Reconciliation: an account's stored counters against the sums of its transfers, counted by
//! one rule whether the transfers come one by one or already summed by the database.

use crate::prelude::*;

use super::types::*;
use crate::money::Currency;
use crate::sorted::SortedMap;

/// An account's four counters as wide sums (the sums of up to 10,000 transfers may exceed
/// `i64`), in the order [`Counter::ALL`] names them.
pub type Counters = [i128; 4];

/// One of an account's four counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    DebitsPending,
    DebitsPosted,
    CreditsPending,
    CreditsPosted,
}

impl Counter {
    pub const ALL: [Counter; 4] = [Counter::DebitsPending, Counter::DebitsPosted, Counter::CreditsPending, Counter::CreditsPosted];
}

/// Which side of its transfers a sum covers.
#[derive(crate::Read, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

/// A stored counter that differs from the one computed from the transfers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CounterDrift {
    pub counter: Counter,
    pub stored: i128,
    pub computed: i128,
}

/// Which counters a stored transfer counts in on its (debit side, credit side), or None when it
/// counts nothing. The one rule behind both reconciliations.
fn counted_in(flags: TransferFlags, status: PendingStatus) -> Option<(usize, usize)> {
    match (flags.pending, status) {
        // A live reservation counts as pending.
        (true, PendingStatus::Pending) => Some((0, 2)),
        // Resolved reservations count nothing themselves: their post transfer counts.
        (true, _) => None,
        // A void moved nothing.
        _ if flags.void_pending => None,
        // Plain transfers and posts count as posted.
        _ => Some((1, 3)),
    }
}

/// The counters as the host stored them.
pub fn stored(a: &Account) -> Counters {
    [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted].map(i128::from)
}

/// Every account's counters computed from the stored transfers (transfers of accounts not given
/// count nothing), in the order of `accounts`.
pub fn from_transfers(accounts: &[Account], transfers: &[Transfer]) -> Vec<Counters> {
    let mut sums: SortedMap<&str, Counters> = accounts.iter().map(|a| (a.id.as_str(), [0i128; 4])).collect();
    for t in transfers {
        let Some((d, c)) = counted_in(t.flags, t.pending_status) else {
            continue;
        };
        if let Some(s) = sums.get_mut(t.debit_account_id.as_str()) {
            s[d] += i128::from(t.amount);
        }
        if let Some(s) = sums.get_mut(t.credit_account_id.as_str()) {
            s[c] += i128::from(t.amount);
        }
    }
    accounts.iter().map(|a| sums.get(a.id.as_str()).copied().unwrap_or([0; 4])).collect()
}

/// The counters that differ, in [`Counter::ALL`] order.
pub fn drift(stored: Counters, computed: Counters) -> Vec<CounterDrift> {
    (0..4).filter(|&k| stored[k] != computed[k]).map(|k| CounterDrift { counter: Counter::ALL[k], stored: stored[k], computed: computed[k] }).collect()
}

/// `SUM(amount)` and `COUNT(*)` over one account's transfers on one side with the same flags and
/// pending status, in the account's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TransferSum {
    pub side: Side,
    pub flags: TransferFlags,
    pub pending_status: PendingStatus,
    pub count: u64,
    pub amount: i128,
}

/// The sums do not fit in 128 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SumsOverflow;

/// Counters and the number of transfers, added up one database sum at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SumTotals {
    pub counters: Counters,
    /// How many transfers the sums cover.
    pub transfers: u64,
}

impl SumTotals {
    pub fn add(&mut self, s: &TransferSum) -> Result<(), SumsOverflow> {
        self.transfers = self.transfers.checked_add(s.count).ok_or(SumsOverflow)?;
        let Some((d, c)) = counted_in(s.flags, s.pending_status) else {
            return Ok(());
        };
        let k = if s.side == Side::Debit { d } else { c };
        self.counters[k] = self.counters[k].checked_add(s.amount).ok_or(SumsOverflow)?;
        Ok(())
    }
}

/// A stored transfer that is not in the currency of an account it names: its amounts would be
/// read in the wrong minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyMismatch {
    /// The transfer's position in the list given.
    pub index: usize,
    pub transfer_id: String,
    pub transfer_currency: Currency,
    pub account_id: String,
    pub account_currency: Currency,
}

/// Fails on the first stored transfer whose currency is not the currency of an account it names
/// (accounts not given are not checked).
pub fn check_currencies(accounts: &[Account], transfers: &[Transfer]) -> Result<(), CurrencyMismatch> {
    for (index, t) in transfers.iter().enumerate() {
        for id in [&t.debit_account_id, &t.credit_account_id] {
            if let Some(a) = accounts.iter().find(|a| &a.id == id) {
                if a.currency != t.currency {
                    return Err(CurrencyMismatch {
                        index,
                        transfer_id: t.id.clone(),
                        transfer_currency: t.currency,
                        account_id: a.id.clone(),
                        account_currency: a.currency,
                    });
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn sum(side: Side, pending: bool, status: PendingStatus, amount: i128) -> TransferSum {
        TransferSum { side, flags: TransferFlags { pending, ..TransferFlags::default() }, pending_status: status, count: 1, amount }
    }

    #[test]
    fn sums_count_live_reservations_as_pending_and_resolved_ones_as_nothing() {
        let mut t = SumTotals::default();
        t.add(&sum(Side::Debit, true, PendingStatus::Pending, 5)).unwrap();
        t.add(&sum(Side::Debit, true, PendingStatus::Posted, 7)).unwrap();
        t.add(&sum(Side::Credit, false, PendingStatus::None, 9)).unwrap();
        assert_eq!(t, SumTotals { counters: [5, 0, 0, 9], transfers: 3 });
        assert_eq!(t.add(&sum(Side::Credit, false, PendingStatus::None, i128::MAX)), Err(SumsOverflow));
    }

    #[test]
    fn drift_names_each_counter_that_differs() {
        let mut a = Account::new("a", AccountKind::Shop, eur());
        a.credits_posted = 3;
        let d = drift(stored(&a), [0, 0, 0, 4]);
        assert_eq!(d, vec![CounterDrift { counter: Counter::CreditsPosted, stored: 3, computed: 4 }]);
        assert!(drift(stored(&a), [0, 0, 0, 3]).is_empty());
    }

    #[test]
    fn a_transfer_in_another_currency_than_its_account_is_named() {
        let a = Account::new("a", AccountKind::Shop, eur());
        let usd = Currency::from_code("USD").unwrap();
        let t = Transfer {
            id: "t".into(),
            debit_account_id: "x".into(),
            credit_account_id: "a".into(),
            amount: 1,
            currency: usd,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::Refund,
            order_ref: None,
            timestamp_s: 0,
            pending_status: PendingStatus::None,
        };
        let e = check_currencies(&[a], &[t]).unwrap_err();
        assert_eq!((e.index, e.account_id.as_str(), e.transfer_currency), (0, "a", usd));
    }
}
