//! The shop's wallet settings and the customer context on the wire, checked into the rules'
//! values (`crate::wallet::settings`) with the path of the field at fault.

use crate::prelude::*;

use crate::api::field_path;
use crate::api::wire::{check_len, Amount, Id};
#[cfg(not(feature = "storefront"))]
use crate::api::wire::{CurrencyCode, Rate, WireDate};
use crate::api::ApiError;
use crate::codes::ErrorCode;
use crate::money::Currency;
#[cfg(not(feature = "storefront"))]
use crate::sorted::SortedMap;
#[cfg(not(feature = "storefront"))]
use crate::wallet::settings::MAX_CURRENCIES;
use crate::wallet::settings::{parse_vat_rate, Customer, Limits, WalletSettings, MAX_GROUPS};
use crate::Read;
#[cfg(not(feature = "storefront"))]
use rust_decimal::Decimal;

/// `topUpVat` on the wire: `{"mode":"none"}` or `{"mode":"included","rate":"20.0"}` (percent).
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireVat {
    mode: String,
    #[serde(default)]
    rate: Option<String>,
}

/// `walletSettings` on the wire. Amounts are in the wallet's (or cart's) currency.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireWalletSettings {
    pub enabled: bool,
    #[serde(default)]
    pub allowed_groups: Vec<Id>,
    #[serde(default)]
    pub allow_partial: bool,
    #[serde(default)]
    pub allow_top_up: bool,
    #[serde(default)]
    pub allow_withdrawal: bool,
    #[serde(default)]
    pub min_withdrawal: Option<Amount>,
    #[serde(default)]
    pub min_top_up: Option<Amount>,
    #[serde(default)]
    pub max_top_up: Option<Amount>,
    #[serde(default)]
    pub top_up_vat: Option<WireVat>,
    /// The currency the amounts above are in. Absent: the amounts are in the currency of the
    /// request (one-currency settings, as before).
    #[cfg(not(feature = "storefront"))]
    #[serde(default)]
    pub currency: Option<CurrencyCode>,
    #[cfg(feature = "storefront")]
    #[serde(default)]
    pub currency: Unread,
    /// The amounts for other currencies, each in its own currency (`{"JPY": {"minTopUp": "500"}}`).
    #[cfg(not(feature = "storefront"))]
    #[serde(default)]
    pub per_currency: Option<SortedMap<String, WireAmounts>>,
    #[cfg(feature = "storefront")]
    #[serde(default)]
    pub per_currency: Unread,
    /// Recorded rates that convert the amounts above into other currencies where `perCurrency`
    /// has none: units of that currency per unit of `currency`, with the day it was recorded.
    /// Minimums are rounded up and maximums down, so a converted limit is never looser.
    #[cfg(not(feature = "storefront"))]
    #[serde(default)]
    pub rates: Option<SortedMap<String, WireRate>>,
    #[cfg(feature = "storefront")]
    #[serde(default)]
    pub rates: Unread,
}

/// A field the storefront build accepts and does not read (skipped like any JSON value): the
/// checkout preview judges no top-up or withdrawal amount, so other currencies' balance amounts
/// need no reader in the browser (−24 KB raw, −10 KB gzip), and the facts the server sends stay
/// the same for every build.
#[cfg(feature = "storefront")]
#[derive(Debug, Clone, Default)]
pub struct Unread;

#[cfg(feature = "storefront")]
impl Read for Unread {
    const EXPECTING: &'static str = "any value";
    fn read(r: &mut crate::api::de::Reader<'_>) -> Result<Self, crate::api::de::Error> {
        r.skip().map(|_| Unread)
    }
    fn placeholder() -> Self {
        Unread
    }
}

/// The amounts of the balance settings in one currency.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireAmounts {
    #[serde(default)]
    pub min_withdrawal: Option<Amount>,
    #[serde(default)]
    pub min_top_up: Option<Amount>,
    #[serde(default)]
    pub max_top_up: Option<Amount>,
}

/// A recorded exchange rate.
#[cfg(not(feature = "storefront"))]
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireRate {
    pub rate: Rate,
    pub as_of: WireDate,
}

/// Where the amounts for one currency come from.
#[cfg(not(feature = "storefront"))]
enum AmountSource<'a> {
    /// The settings' own amounts (their currency, or no currency named).
    Base,
    PerCurrency(&'a WireAmounts),
    Converted(Currency, Decimal),
    Unknown,
}

impl WireWalletSettings {
    /// Checks the settings against the currency their amounts are in; `path` names them.
    pub fn validate(&self, c: Currency, path: &str) -> Result<WalletSettings, ApiError> {
        check_len(&self.allowed_groups, MAX_GROUPS, format_args!("{path}.allowedGroups"))?;
        let (amounts, known) = self.amounts_for(c, path)?;
        let vat = match &self.top_up_vat {
            None => None,
            Some(v) if v.mode == "none" => None,
            Some(v) if v.mode == "included" => Some(
                parse_vat_rate(v.rate.as_deref().unwrap_or(""))
                    .ok_or_else(|| ApiError::at(ErrorCode::InvalidValue, format!("{path}.topUpVat.rate"), "rate must be a percentage between 0 and 100"))?,
            ),
            Some(_) => return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.topUpVat.mode"), "mode must be none or included")),
        };
        let s = WalletSettings {
            enabled: self.enabled,
            allowed_groups: self.allowed_groups.iter().map(|g| g.0.clone()).collect(),
            allow_partial: self.allow_partial,
            allow_top_up: self.allow_top_up,
            allow_withdrawal: self.allow_withdrawal,
            min_withdrawal: amounts.min_withdrawal,
            min_top_up: amounts.min_top_up,
            max_top_up: amounts.max_top_up,
            top_up_vat_rate: vat,
            amounts_known: known,
        };
        Ok(s)
    }
}

impl WireWalletSettings {
    #[cfg(not(feature = "storefront"))]
    fn own_amounts(&self) -> WireAmounts {
        WireAmounts { min_withdrawal: self.min_withdrawal, min_top_up: self.min_top_up, max_top_up: self.max_top_up }
    }

    /// The limits for currency `c` in its minor units, and whether the settings have amounts for
    /// it at all.
    #[cfg(not(feature = "storefront"))]
    fn amounts_for(&self, c: Currency, path: &str) -> Result<(Limits, bool), ApiError> {
        let own = self.own_amounts();
        // Every currency's amounts are checked, whichever currency this request is in.
        own.minor_amounts(self.currency.map(|b| b.0).unwrap_or(c), path)?;
        self.check_currencies(path)?;
        Ok(match self.source_for(c) {
            AmountSource::Base => (own.minor_amounts(c, path)?, true),
            AmountSource::PerCurrency(a) => (a.minor_amounts(c, &format!("{path}.perCurrency.{}", c.code()))?, true),
            AmountSource::Converted(b, rate) => (own.converted(b, c, rate, path)?, true),
            AmountSource::Unknown => (Limits::default(), false),
        })
    }

    /// The checkout preview never judges top-up or withdrawal amounts (eligibility reads none), so
    /// the storefront build neither reads nor checks them: the server, which re-checks every
    /// decision, refuses settings with bad amounts; the preview's decision is the same for valid ones.
    #[cfg(feature = "storefront")]
    fn amounts_for(&self, _: Currency, _: &str) -> Result<(Limits, bool), ApiError> {
        Ok((Limits::default(), false))
    }

    /// The amounts' source for currency `c`: the settings' own currency (or no currency named),
    /// then `perCurrency`, then a recorded rate.
    #[cfg(not(feature = "storefront"))]
    fn source_for(&self, c: Currency) -> AmountSource<'_> {
        match self.currency {
            None => AmountSource::Base,
            Some(b) if b.0 == c => AmountSource::Base,
            Some(b) => {
                if let Some(a) = self.per_currency.as_ref().and_then(|m| m.get(c.code())) {
                    AmountSource::PerCurrency(a)
                } else if let Some(r) = self.rates.as_ref().and_then(|m| m.get(c.code())) {
                    AmountSource::Converted(b.0, r.rate.0)
                } else {
                    AmountSource::Unknown
                }
            }
        }
    }

    /// `perCurrency` and `rates` name known currencies, other than the settings' own, with valid amounts.
    #[cfg(not(feature = "storefront"))]
    fn check_currencies(&self, path: &str) -> Result<(), ApiError> {
        let own = self.currency.map(|b| b.0);
        let check = |code: &str, field: &str| -> Result<Currency, ApiError> {
            let cur = Currency::from_code(code).map_err(|e| ApiError::from_money(e, format!("{path}.{field}.{}", code.chars().take(8).collect::<String>())))?;
            if own.is_none() || own == Some(cur) {
                return Err(ApiError::at(
                    ErrorCode::InvalidValue,
                    format!("{path}.{field}.{code}"),
                    "name the settings' own currency in `currency`, and other currencies here",
                ));
            }
            Ok(cur)
        };
        if let Some(m) = &self.per_currency {
            check_len(&m.keys().collect::<Vec<_>>(), MAX_CURRENCIES, format_args!("{path}.perCurrency"))?;
            for (code, a) in m {
                let cur = check(code, "perCurrency")?;
                a.minor_amounts(cur, &format!("{path}.perCurrency.{code}"))?;
            }
        }
        if let Some(m) = &self.rates {
            check_len(&m.keys().collect::<Vec<_>>(), MAX_CURRENCIES, format_args!("{path}.rates"))?;
            for code in m.keys() {
                check(code, "rates")?;
            }
        }
        Ok(())
    }
}

impl WireAmounts {
    /// The limits in minor units of `c` (absent = 0); max ≥ min.
    #[cfg(not(feature = "storefront"))]
    fn minor_amounts(&self, c: Currency, path: &str) -> Result<Limits, ApiError> {
        let opt = |a: &Option<Amount>, f: &str| -> Result<i64, ApiError> {
            match a {
                Some(a) => a.minor(c, format_args!("{path}.{f}")),
                None => Ok(0),
            }
        };
        let out = Limits {
            min_withdrawal: opt(&self.min_withdrawal, "minWithdrawal")?,
            min_top_up: opt(&self.min_top_up, "minTopUp")?,
            max_top_up: opt(&self.max_top_up, "maxTopUp")?,
        };
        if out.max_below_min() {
            return Err(ApiError::at(ErrorCode::InvalidValue, field_path(path, "maxTopUp"), "maxTopUp must not be below minTopUp"));
        }
        Ok(out)
    }

    /// The amounts in `from` converted into `to` at `rate` ([`Limits::converted`]).
    #[cfg(not(feature = "storefront"))]
    fn converted(&self, from: Currency, to: Currency, rate: Decimal, path: &str) -> Result<Limits, ApiError> {
        self.minor_amounts(from, path)?.converted(from, to, rate).map_err(|e| ApiError::from_money(e, format!("{path}.rates.{}", to.code())))
    }
}

/// The customer context on the wire: `{customerId?, groupIds, loggedIn}`.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCustomer {
    #[serde(default)]
    pub customer_id: Option<Id>,
    #[serde(default)]
    pub group_ids: Vec<Id>,
    pub logged_in: bool,
}

impl WireCustomer {
    pub fn validate(&self, path: &str) -> Result<Customer, ApiError> {
        check_len(&self.group_ids, MAX_GROUPS, format_args!("{path}.groupIds"))?;
        Ok(Customer { logged_in: self.logged_in, group_ids: self.group_ids.iter().map(|g| g.0.clone()).collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use rust_decimal::Decimal;
    use serde_json::json;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn parse(v: serde_json::Value) -> Result<WalletSettings, ApiError> {
        parse_value::<WireWalletSettings>(v)?.validate(eur(), "input.settings")
    }

    // The storefront build neither reads nor checks the balance amounts (see `amounts_for`).
    #[test]
    #[cfg(not(feature = "storefront"))]
    fn settings_parse_with_defaults_and_vat() {
        let s = parse(json!({"enabled": true})).unwrap();
        assert_eq!((s.allow_partial, s.min_withdrawal, s.max_top_up, s.top_up_vat_rate), (false, 0, 0, None));
        let s = parse(json!({"enabled": true, "minWithdrawal": "10", "topUpVat": {"mode": "included", "rate": "20.0"}})).unwrap();
        assert_eq!((s.min_withdrawal, s.top_up_vat_rate), (1000, Some(Decimal::new(20, 0))));
        assert_eq!(parse(json!({"enabled": true, "topUpVat": {"mode": "none"}})).unwrap().top_up_vat_rate, None);
    }

    // The storefront build neither reads nor checks the balance amounts (see `amounts_for`).
    #[test]
    #[cfg(not(feature = "storefront"))]
    fn bad_settings_are_coded_errors_with_paths() {
        let e = parse(json!({"enabled": true, "topUpVat": {"mode": "excluded"}})).unwrap_err();
        assert_eq!((e.code, e.path.as_deref()), (ErrorCode::InvalidValue, Some("input.settings.topUpVat.mode")));
        for rate in [
            json!({"mode": "included"}),
            json!({"mode": "included", "rate": "-1"}),
            json!({"mode": "included", "rate": "100.5"}),
            json!({"mode": "included", "rate": "1e2"}),
        ] {
            let e = parse(json!({"enabled": true, "topUpVat": rate})).unwrap_err();
            assert_eq!(e.path.as_deref(), Some("input.settings.topUpVat.rate"));
        }
        let e = parse(json!({"enabled": true, "minTopUp": "50", "maxTopUp": "10"})).unwrap_err();
        assert_eq!(e.path.as_deref(), Some("input.settings.maxTopUp"));
        let e = parse(json!({"enabled": true, "minWithdrawal": "0.001"})).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooManyDecimals);
        let many: Vec<String> = (0..101).map(|n| n.to_string()).collect();
        assert_eq!(parse(json!({"enabled": true, "allowedGroups": many})).unwrap_err().code, ErrorCode::TooManyItems);
    }

    #[test]
    fn customer_context() {
        let c = parse_value::<WireCustomer>(json!({"customerId": "42", "groupIds": ["3"], "loggedIn": true})).unwrap();
        assert_eq!(c.validate("input.customer").unwrap(), Customer { logged_in: true, group_ids: vec!["3".into()] });
        assert_eq!(parse_value::<WireCustomer>(json!({"groupIds": []})).unwrap_err().code, ErrorCode::MissingField);
    }
}
