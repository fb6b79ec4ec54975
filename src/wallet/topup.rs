//! Top-ups: a paid top-up order credits the balance net of the VAT its price includes, within
//! the shop's limits (`wallet.topUp`, `wallet.topUpCheck` on the wire:
//! `crate::api::ops::wallet::topup`).

use crate::prelude::*;

use super::settings::WalletSettings;
use crate::codes::Code;
use crate::money::{Currency, Money, Rounding};
use rust_decimal::Decimal;

/// The rounding used to take VAT out of a top-up price.
pub const VAT_ROUNDING: Rounding = Rounding::HalfEven;

/// What a top-up credits: the collected amount, or when the price includes VAT,
/// `paid / (1 + rate/100)` rounded half-even to the minor unit; `vat` is the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TopUpCredit {
    pub credit: i64,
    pub vat: i64,
}

/// None only when the arithmetic cannot be represented (never for amounts within range).
pub fn top_up_credit(paid: i64, currency: Currency, vat_rate: Option<Decimal>) -> Option<TopUpCredit> {
    let Some(rate) = vat_rate else { return Some(TopUpCredit { credit: paid, vat: 0 }) };
    let factor = Decimal::ONE.checked_add(rate.checked_div(Decimal::ONE_HUNDRED)?)?;
    let net = Money::from_minor(paid, currency).ok()?.to_decimal().checked_div(factor)?;
    let credit = Money::from_decimal_rounded(net, currency, VAT_ROUNDING).ok()?.minor();
    Some(TopUpCredit { credit, vat: paid.checked_sub(credit)? })
}

/// The business reasons against a top-up: the shop does not allow top-ups, nothing is credited,
/// or the price paid is outside the shop's limits (`minTopUp`, `maxTopUp`; 0 = none).
pub fn top_up_reasons(s: &WalletSettings, paid: i64, credit: i64) -> Vec<Code> {
    let mut r = Vec::new();
    if !s.allow_top_up {
        r.push(Code::TopUpNotAllowed);
    }
    if !s.amounts_known {
        // No limits in this currency: never judged on another currency's figures.
        r.push(Code::CurrencyNotSupported);
    }
    if paid == 0 || credit == 0 {
        r.push(Code::AmountMustNotBeZero);
    } else if paid < s.min_top_up {
        r.push(Code::AmountBelowMinimum);
    }
    if s.max_top_up > 0 && paid > s.max_top_up {
        r.push(Code::AmountAboveMaximum);
    }
    Code::sort_list(&mut r, false);
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn settings() -> WalletSettings {
        WalletSettings { min_top_up: 500, max_top_up: 50000, ..WalletSettings::all_on() }
    }

    #[test]
    fn top_up_vat_is_removed_with_half_even() {
        assert_eq!(top_up_credit(12000, eur(), Some(Decimal::new(20, 0))), Some(TopUpCredit { credit: 10000, vat: 2000 }));
        // 10.00 / 1.055 = 9.4786... → 9.48
        assert_eq!(top_up_credit(1000, eur(), Some(Decimal::new(55, 1))).map(|t| t.credit), Some(948));
        // 0.21 / 1.2 = 0.175 exactly: a tie, half-even goes to 0.18 (8 is even), half-up would too;
        // 0.03 / 1.2 = 0.025: a tie, half-even keeps 0.02.
        assert_eq!(top_up_credit(21, eur(), Some(Decimal::new(20, 0))).map(|t| t.credit), Some(18));
        assert_eq!(top_up_credit(3, eur(), Some(Decimal::new(20, 0))).map(|t| t.credit), Some(2));
        assert_eq!(top_up_credit(1000, eur(), None), Some(TopUpCredit { credit: 1000, vat: 0 }));
        assert_eq!(top_up_credit(1000, eur(), Some(Decimal::ZERO)).map(|t| t.credit), Some(1000));
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(top_up_credit(1000, jpy, Some(Decimal::new(10, 0))).map(|t| t.credit), Some(909));
    }

    #[test]
    fn limits_apply_to_the_price_paid() {
        let s = settings();
        assert_eq!(top_up_reasons(&s, 500, 500), vec![]);
        assert_eq!(top_up_reasons(&s, 499, 499), vec![Code::AmountBelowMinimum]);
        assert_eq!(top_up_reasons(&s, 50001, 50001), vec![Code::AmountAboveMaximum]);
        assert_eq!(top_up_reasons(&s, 0, 0), vec![Code::AmountMustNotBeZero]);
        let mut off = settings();
        off.allow_top_up = false;
        off.max_top_up = 0;
        assert_eq!(top_up_reasons(&off, 10_000_000, 10_000_000), vec![Code::TopUpNotAllowed]);
    }

    proptest! {
        #[test]
        fn credit_plus_vat_is_what_was_paid(paid in 0i64..1_000_000_000, rate in 0u32..=10000) {
            let r = Decimal::new(rate as i64, 2);
            let t = top_up_credit(paid, eur(), Some(r)).unwrap();
            prop_assert_eq!(t.credit + t.vat, paid);
            prop_assert!(t.credit >= 0 && t.credit <= paid);
        }
    }
}
