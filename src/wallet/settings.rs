//! The shop's wallet settings and the customer context as the rules use them (validated, amounts
//! in minor units); their wire shapes and checks are in `crate::api::ops::wallet::settings`.

use crate::prelude::*;

use crate::money::{parse_decimal, Currency, Money, MoneyError, Rounding};
use rust_decimal::Decimal;

/// At most this many currencies in `perCurrency` and in `rates`.
pub const MAX_CURRENCIES: usize = 50;

/// At most this many customer groups in a setting or a customer context.
pub const MAX_GROUPS: usize = 100;

/// The shop's wallet settings, validated, amounts in minor units of the wallet's currency.
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
    /// `None`: the price carries no VAT to remove (mode `none`).
    pub top_up_vat_rate: Option<Decimal>,
    /// False when the settings have no amounts for the request's currency (neither their own
    /// currency, nor `perCurrency`, nor a recorded rate): top-ups and withdrawals in it are
    /// refused with `currency_not_supported` rather than judged on another currency's figures.
    pub amounts_known: bool,
}

#[cfg(test)]
impl WalletSettings {
    /// Every wallet feature on for every group, no minimum or maximum, no VAT: the wallet rules'
    /// unit tests start here and set only the amounts they judge.
    pub(crate) fn all_on() -> Self {
        WalletSettings {
            enabled: true,
            allowed_groups: vec![],
            allow_partial: true,
            allow_top_up: true,
            allow_withdrawal: true,
            min_withdrawal: 0,
            min_top_up: 0,
            max_top_up: 0,
            top_up_vat_rate: None,
            amounts_known: true,
        }
    }
}

/// Who is at the checkout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Customer {
    pub logged_in: bool,
    pub group_ids: Vec<String>,
}

/// The balance amounts of the settings in one currency, in its minor units (0 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    pub min_withdrawal: i64,
    pub min_top_up: i64,
    /// 0 = no maximum.
    pub max_top_up: i64,
}

impl Limits {
    /// A maximum top-up below the minimum makes every top-up impossible: refused as a setting.
    pub fn max_below_min(&self) -> bool {
        self.max_top_up > 0 && self.max_top_up < self.min_top_up
    }

    /// The limits in `from` converted into `to` at `rate` (units of `to` per unit of `from`):
    /// minimums rounded up and the maximum down, so a converted limit is never looser.
    pub fn converted(&self, from: Currency, to: Currency, rate: Decimal) -> Result<Limits, MoneyError> {
        let conv = |minor: i64, r: Rounding| -> Result<i64, MoneyError> {
            if minor == 0 {
                return Ok(0);
            }
            Money::from_minor(minor, from).and_then(|m| m.convert(to, rate, r)).map(|c| c.to.minor())
        };
        Ok(Limits {
            min_withdrawal: conv(self.min_withdrawal, Rounding::Ceiling)?,
            min_top_up: conv(self.min_top_up, Rounding::Ceiling)?,
            max_top_up: conv(self.max_top_up, Rounding::Floor)?,
        })
    }
}

/// Parses a VAT rate in percent: a plain decimal string between 0 and 100.
pub fn parse_vat_rate(s: &str) -> Option<Decimal> {
    let r = parse_decimal(s).ok()?;
    (r >= Decimal::ZERO && r <= Decimal::ONE_HUNDRED).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converted_limits_are_never_looser() {
        let (eur, jpy) = (Currency::from_code("EUR").unwrap(), Currency::from_code("JPY").unwrap());
        let l = Limits { min_withdrawal: 1001, min_top_up: 0, max_top_up: 2001 };
        // 10.01 EUR at 150.5 = 1506.505 JPY: up to 1507; 20.01 EUR = 3011.505 JPY: down to 3011.
        let j = l.converted(eur, jpy, Decimal::new(1505, 1)).unwrap();
        assert_eq!(j, Limits { min_withdrawal: 1507, min_top_up: 0, max_top_up: 3011 });
        assert!(!l.max_below_min());
        assert!(Limits { min_top_up: 500, max_top_up: 400, ..Limits::default() }.max_below_min());
        assert!(!Limits { min_top_up: 500, max_top_up: 0, ..Limits::default() }.max_below_min());
    }

    #[test]
    fn vat_rates_are_percentages() {
        assert_eq!(parse_vat_rate("20.0"), Some(Decimal::new(200, 1)));
        assert_eq!(parse_vat_rate("100.5"), None);
        assert_eq!(parse_vat_rate("-1"), None);
        assert_eq!(parse_vat_rate("1e2"), None);
    }
}
