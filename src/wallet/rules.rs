//! Store-balance rules as pure functions: the gate, refund splits, top-up VAT.

use crate::codes::Code;
use crate::decision::Availability;
use crate::ledger::Account;
use crate::money::{Currency, Money, Rounding};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalletSettings {
    pub enabled: bool,
    /// Empty: every group may use the balance.
    pub allowed_groups: Vec<String>,
    pub allow_partial: bool,
    pub allow_top_up: bool,
    pub allow_withdrawal: bool,
    pub min_withdrawal: i64,
    pub min_top_up: i64,
    /// 0 = no maximum.
    pub max_top_up: i64,
    /// VAT rate in percent included in the top-up price; the balance is credited net of it.
    pub top_up_vat_rate: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub logged_in: bool,
    pub group_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Full,
    Partial,
}

/// Can the balance pay `total` (in full, or part of it with another method)?
pub fn availability(account: Option<&Account>, settings: &WalletSettings, customer: &Customer, total: i64, contains_top_up: bool, mode: Mode) -> Availability {
    let mut r = Vec::new();
    if !settings.enabled {
        r.push(Code::MethodDisabled);
    }
    if !customer.logged_in {
        r.push(Code::CustomerNotLoggedIn);
    } else if !settings.allowed_groups.is_empty() && !customer.group_ids.iter().any(|g| settings.allowed_groups.contains(g)) {
        r.push(Code::CustomerGroupNotAllowed);
    }
    if contains_top_up {
        r.push(Code::CartContainsTopUp);
    }
    if total <= 0 {
        r.push(Code::NothingToPay);
    }
    let available = match account {
        None => {
            r.push(Code::NoWallet);
            0
        }
        Some(a) => a.wallet_available().max(0),
    };
    if account.is_some() && available == 0 {
        r.push(Code::WalletEmpty);
    }
    match mode {
        Mode::Full if available < total && available > 0 => r.push(Code::WalletInsufficientFunds),
        Mode::Partial if !settings.allow_partial => r.push(Code::PartialPaymentNotAllowed),
        // A split makes sense only when the balance does not cover the whole cart.
        Mode::Partial if total > 0 && available >= total => r.push(Code::WalletCoversFullAmount),
        _ => {}
    }
    Availability::from_reasons(r, available.min(total), total)
}

/// A refund source: what it paid and what was already refunded to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub paid: i64,
    pub refunded: i64,
}

impl Source {
    pub fn room(&self) -> i64 {
        (self.paid - self.refunded).max(0)
    }
}

/// Splits a refund over the sources in proportion to what each paid, never giving a source
/// more than its room; what a capped source cannot take moves to the others, in order.
/// None when the refund exceeds the total room.
pub fn split_refund(amount: i64, sources: &[Source], currency: Currency) -> Option<Vec<i64>> {
    let room: i64 = sources.iter().map(|s| s.room()).sum();
    if amount > room || amount < 0 {
        return None;
    }
    let weights: Vec<i64> = sources.iter().map(|s| s.paid.max(0)).collect();
    let mut parts: Vec<i64> = if weights.iter().all(|w| *w == 0) {
        vec![0; sources.len()]
    } else {
        Money::from_minor(amount, currency).ok()?.allocate(&weights)?.iter().map(|m| m.minor()).collect()
    };
    let mut excess = 0;
    for (p, s) in parts.iter_mut().zip(sources) {
        if *p > s.room() {
            excess += *p - s.room();
            *p = s.room();
        }
    }
    if weights.iter().all(|w| *w == 0) {
        excess = amount;
    }
    for (p, s) in parts.iter_mut().zip(sources) {
        let take = excess.min(s.room() - *p);
        *p += take;
        excess -= take;
    }
    (excess == 0).then_some(parts)
}

/// What a top-up credits: the collected amount, or net of VAT when the price includes it.
pub fn top_up_credit(paid: i64, currency: Currency, vat_rate: Option<Decimal>) -> Option<i64> {
    let Some(rate) = vat_rate else { return Some(paid) };
    let factor = Decimal::ONE.checked_add(rate.checked_div(Decimal::ONE_HUNDRED)?)?;
    let net = Money::from_minor(paid, currency).ok()?.to_decimal().checked_div(factor)?;
    Money::from_decimal_rounded(net, currency, Rounding::HalfEven).ok().map(|m| m.minor())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AccountKind;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn settings() -> WalletSettings {
        WalletSettings { enabled: true, allowed_groups: vec![], allow_partial: true, allow_top_up: true, allow_withdrawal: true, min_withdrawal: 1000, min_top_up: 0, max_top_up: 0, top_up_vat_rate: None }
    }
    fn wallet(balance: i64) -> Account {
        let mut a = Account::new("wallet:1:7:EUR", AccountKind::Wallet, eur());
        a.credits_posted = balance;
        a
    }
    fn customer() -> Customer {
        Customer { logged_in: true, group_ids: vec!["3".into()] }
    }

    #[test]
    fn full_needs_the_whole_total_partial_covers_what_there_is() {
        let w = wallet(3000);
        let full = availability(Some(&w), &settings(), &customer(), 5000, false, Mode::Full);
        assert_eq!(full.reasons, vec![Code::WalletInsufficientFunds]);
        let part = availability(Some(&w), &settings(), &customer(), 5000, false, Mode::Partial);
        assert!(part.available);
        assert_eq!((part.covers, part.remaining), (3000, 2000));
        let mut s = settings();
        s.allow_partial = false;
        assert_eq!(availability(Some(&w), &s, &customer(), 5000, false, Mode::Partial).reasons, vec![Code::PartialPaymentNotAllowed]);
    }

    #[test]
    fn gate_reasons_in_precedence() {
        let mut s = settings();
        s.enabled = false;
        s.allowed_groups = vec!["9".into()];
        let a = availability(Some(&wallet(0)), &s, &customer(), 100, true, Mode::Full);
        assert_eq!(a.reasons, vec![Code::MethodDisabled, Code::CustomerGroupNotAllowed, Code::CartContainsTopUp, Code::WalletEmpty]);
        let guest = Customer { logged_in: false, group_ids: vec![] };
        assert_eq!(availability(None, &settings(), &guest, 100, false, Mode::Full).reasons, vec![Code::CustomerNotLoggedIn, Code::NoWallet]);
    }

    #[test]
    fn refund_split_is_proportional_and_capped() {
        let s = [Source { paid: 3000, refunded: 0 }, Source { paid: 7000, refunded: 0 }];
        assert_eq!(split_refund(1000, &s, eur()), Some(vec![300, 700]));
        let capped = [Source { paid: 3000, refunded: 2900 }, Source { paid: 7000, refunded: 0 }];
        assert_eq!(split_refund(1000, &capped, eur()), Some(vec![100, 900]));
        assert_eq!(split_refund(7101, &capped, eur()), None);
    }

    #[test]
    fn top_up_vat_is_removed_with_half_even() {
        assert_eq!(top_up_credit(12000, eur(), Some(Decimal::new(20, 0))), Some(10000));
        assert_eq!(top_up_credit(1000, eur(), Some(Decimal::new(55, 1))), Some(948));
        assert_eq!(top_up_credit(1000, eur(), None), Some(1000));
    }

    proptest! {
        #[test]
        fn refund_split_sums_exactly_and_respects_room(amount in 0i64..100_000, paid in prop::collection::vec((0i64..50_000, 0i64..50_000), 1..4)) {
            let sources: Vec<Source> = paid.iter().map(|(p, r)| Source { paid: *p, refunded: (*r).min(*p) }).collect();
            match split_refund(amount, &sources, eur()) {
                Some(parts) => {
                    prop_assert_eq!(parts.iter().sum::<i64>(), amount);
                    for (p, s) in parts.iter().zip(&sources) { prop_assert!(*p >= 0 && *p <= s.room()); }
                }
                None => prop_assert!(amount > sources.iter().map(|s| s.room()).sum::<i64>()),
            }
        }
    }
}
