//! An order refund split by funding source (balance, credit line, external gateway), or all of
//! it to the balance when the admin chooses so (`wallet.refund` on the wire:
//! `crate::api::ops::wallet::refund`).

use crate::prelude::*;

use crate::codes::Code;
use crate::money::{Currency, Money};
use crate::{Read, Write};

/// A funding source of an order: what it paid and what was already refunded to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub paid: i64,
    pub refunded: i64,
}

impl Source {
    /// What can still be refunded to this source.
    pub fn room(&self) -> i64 {
        self.paid.saturating_sub(self.refunded).max(0)
    }
}

/// Splits a refund over the sources in proportion to what each paid (largest remainder, see
/// [`Money::allocate`]), never giving a source more than its room; what a capped source cannot
/// take moves to the next sources with room, in the order given. The parts sum to `amount`
/// exactly. None when `amount` is negative or exceeds the total room (`refund_exceeds_paid`).
pub fn split_refund(amount: i64, sources: &[Source], currency: Currency) -> Option<Vec<i64>> {
    let room: i128 = sources.iter().map(|s| i128::from(s.room())).sum();
    if amount < 0 || i128::from(amount) > room {
        return None;
    }
    if amount == 0 {
        return Some(vec![0; sources.len()]);
    }
    // amount > 0 and room > 0, so some source paid something: the weights are not all zero.
    let weights: Vec<i64> = sources.iter().map(|s| s.paid.max(0)).collect();
    let mut parts: Vec<i64> = Money::from_minor(amount, currency).ok()?.allocate(&weights)?.iter().map(|m| m.minor()).collect();
    let mut excess: i64 = 0;
    for (p, s) in parts.iter_mut().zip(sources) {
        if *p > s.room() {
            excess = excess.checked_add(*p - s.room())?;
            *p = s.room();
        }
    }
    for (p, s) in parts.iter_mut().zip(sources) {
        let take = excess.min(s.room() - *p);
        *p += take;
        excess -= take;
    }
    (excess == 0).then_some(parts)
}

#[derive(Read, Debug, Clone, Copy, PartialEq, Eq, Write)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Wallet,
    CreditLine,
    External,
}

#[derive(Read, Write, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum RefundMode {
    /// Each source gets its share (the default).
    Proportional,
    /// Everything goes to the balance (an admin's choice), up to the order total minus refunds.
    ToBalance,
}

/// What each source gets of `amount` (the split rule of the mode), or why it cannot.
pub fn wanted(mode: RefundMode, amount: i64, sources: &[(SourceKind, Source)], c: Currency) -> Result<Vec<(SourceKind, i64)>, Code> {
    let plain: Vec<Source> = sources.iter().map(|(_, s)| *s).collect();
    match mode {
        RefundMode::Proportional => match split_refund(amount, &plain, c) {
            Some(parts) => Ok(sources.iter().map(|(k, _)| *k).zip(parts).collect()),
            None => Err(Code::RefundExceedsPaid),
        },
        RefundMode::ToBalance => {
            let room: i128 = plain.iter().map(|s| i128::from(s.room())).sum();
            if i128::from(amount) > room {
                return Err(Code::RefundExceedsPaid);
            }
            Ok(vec![(SourceKind::Wallet, amount)])
        }
    }
}

/// A stored refund under this key is the same refund when the amount asked now splits into the
/// stored legs, judged on the sources as given or with the stored legs taken out of them (a caller
/// may count this very refund among what was already refunded).
pub fn same_refund(mode: RefundMode, amount: i64, sources: &[(SourceKind, Source)], stored: &[(SourceKind, i64)], c: Currency) -> bool {
    let stored_of = |k: SourceKind| stored.iter().filter(|(s, _)| *s == k).map(|(_, a)| *a).sum::<i64>();
    let matches = |parts: &[(SourceKind, i64)]| {
        [SourceKind::Wallet, SourceKind::CreditLine].iter().all(|k| parts.iter().filter(|(s, _)| s == k).map(|(_, a)| *a).sum::<i64>() == stored_of(*k))
    };
    let without: Vec<(SourceKind, Source)> =
        sources.iter().map(|(k, s)| (*k, Source { paid: s.paid, refunded: (s.refunded - stored_of(*k)).max(0) })).collect();
    [sources, &without[..]].iter().any(|src| wanted(mode, amount, src, c).is_ok_and(|parts| matches(&parts)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn src(paid: i64, refunded: i64) -> Source {
        Source { paid, refunded }
    }

    #[test]
    fn refund_split_is_proportional_and_capped() {
        let s = [src(3000, 0), src(7000, 0)];
        assert_eq!(split_refund(1000, &s, eur()), Some(vec![300, 700]));
        assert_eq!(split_refund(10000, &s, eur()), Some(vec![3000, 7000]));
        let capped = [src(3000, 2900), src(7000, 0)];
        assert_eq!(split_refund(1000, &capped, eur()), Some(vec![100, 900]));
        assert_eq!(split_refund(7100, &capped, eur()), Some(vec![100, 7000]));
        assert_eq!(split_refund(7101, &capped, eur()), None);
        assert_eq!(split_refund(-1, &s, eur()), None);
        assert_eq!(split_refund(0, &s, eur()), Some(vec![0, 0]));
    }

    #[test]
    fn odd_minor_units_go_to_the_largest_remainder() {
        assert_eq!(split_refund(1, &[src(3000, 0), src(3000, 0)], eur()), Some(vec![1, 0]));
        assert_eq!(split_refund(100, &[src(1, 0), src(1, 0), src(1, 0)], eur()), None);
        assert_eq!(split_refund(2, &[src(1, 0), src(1, 0), src(1, 0)], eur()), Some(vec![1, 1, 0]));
        assert_eq!(split_refund(1000, &[src(1000, 0), src(2000, 0), src(3000, 0)], eur()), Some(vec![167, 333, 500]));
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let m = crate::money::MAX_MINOR;
        let s = [src(m, 0), src(m, 0), src(m, 0)];
        let parts = split_refund(m, &s, eur()).unwrap();
        assert_eq!(parts.iter().map(|p| i128::from(*p)).sum::<i128>(), i128::from(m));
    }

    proptest! {
        #[test]
        fn refund_split_sums_exactly_and_respects_room(amount in 0i64..200_000, paid in prop::collection::vec((0i64..100_000, 0i64..100_000), 1..4)) {
            let sources: Vec<Source> = paid.iter().map(|(p, r)| src(*p, (*r).min(*p))).collect();
            let room: i64 = sources.iter().map(|s| s.room()).sum();
            match split_refund(amount, &sources, eur()) {
                Some(parts) => {
                    prop_assert_eq!(parts.len(), sources.len());
                    prop_assert_eq!(parts.iter().sum::<i64>(), amount);
                    for (p, s) in parts.iter().zip(&sources) {
                        prop_assert!(*p >= 0 && *p <= s.room());
                    }
                }
                None => prop_assert!(amount > room),
            }
        }
    }
}
