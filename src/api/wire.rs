//! Wire types shared by every operation's input: currency codes, decimal-string amounts, ids,
//! dates. Each rejects bad input with a coded serde error (see [`super::marked_error`]), so
//! `parse_input` turns it into `unknown_currency`, `invalid_amount`, `invalid_id`, ...
//!
//! An amount's currency is the `currency` field of the object that holds it (or of the account
//! it belongs to); convert with [`Amount::minor`] naming the path, which checks the decimals.

use super::{marked_error, ApiError};
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::money::{format_minor, parse_decimal, Currency, Money, MoneyError};
use rust_decimal::Decimal;
use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;

fn coded<E: serde::de::Error>(code: &str, msg: &str) -> E {
    E::custom(marked_error(code, msg))
}

fn de_string<'de, D: Deserializer<'de>>(d: D, what: &str) -> Result<Cow<'de, str>, D::Error> {
    // Accept only JSON strings; numbers for amounts are refused on purpose (floats).
    struct V<'a>(&'a str);
    impl<'de> serde::de::Visitor<'de> for V<'_> {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "{} as a string", self.0)
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(v))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v.to_string()))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Cow::Owned(v))
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(coded("invalid_type", &format!("{} must be a string (amounts are never JSON numbers)", self.0)))
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(coded("invalid_type", &format!("{} must be a string", self.0)))
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(coded("invalid_type", &format!("{} must be a string", self.0)))
        }
    }
    d.deserialize_str(V(what))
}

/// An ISO 4217 code on the wire (`"EUR"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyCode(pub Currency);

impl<'de> Deserialize<'de> for CurrencyCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "a currency code")?;
        Currency::from_code(&s).map(CurrencyCode).map_err(|e| coded(e.code(), &e.to_string()))
    }
}
impl Serialize for CurrencyCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.code())
    }
}

/// A non-negative decimal amount as a string (`"12.30"`); its currency comes from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub Decimal);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "an amount")?;
        let dec = parse_decimal(&s).map_err(|e| coded(e.code(), &e.to_string()))?;
        if dec.is_sign_negative() && !dec.is_zero() {
            return Err(coded("negative_amount", &format!("amount {s:?} must not be negative")));
        }
        if dec.abs().trunc() > Decimal::from(crate::money::MAX_MINOR) {
            return Err(coded("amount_too_large", &format!("amount {s:?} is too large")));
        }
        Ok(Amount(dec))
    }
}

impl Amount {
    /// Minor units in `currency`; `path` names the field for the error.
    /// `path` is rendered only when the amount is refused (pass `format_args!`, not `format!`).
    pub fn minor(&self, currency: Currency, path: impl std::fmt::Display) -> Result<i64, ApiError> {
        Money::from_decimal_exact(self.0, currency).map(|m| m.minor()).map_err(|e| ApiError::from_money(e, path.to_string()))
    }
    pub fn money(&self, currency: Currency, path: impl std::fmt::Display) -> Result<Money, ApiError> {
        Money::from_decimal_exact(self.0, currency).map_err(|e| ApiError::from_money(e, path.to_string()))
    }
}

/// A signed decimal amount as a string (balances in snapshots may be negative, e.g. exposure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedAmount(pub Decimal);

impl<'de> Deserialize<'de> for SignedAmount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "an amount")?;
        let dec = parse_decimal(&s).map_err(|e| coded(e.code(), &e.to_string()))?;
        if dec.abs().trunc() > Decimal::from(crate::money::MAX_MINOR) {
            return Err(coded("amount_too_large", &format!("amount {s:?} is too large")));
        }
        Ok(SignedAmount(dec))
    }
}

impl SignedAmount {
    pub fn minor(&self, currency: Currency, path: impl std::fmt::Display) -> Result<i64, ApiError> {
        Money::from_decimal_exact(self.0, currency).map(|m| m.minor()).map_err(|e| ApiError::from_money(e, path.to_string()))
    }
}

/// Formats minor units for output (always the currency's number of decimals).
pub fn amount_string(minor: i64, currency: Currency) -> String {
    format_minor(minor, currency)
}

/// A caller-chosen identifier: 1..=128 bytes of `[A-Za-z0-9:_.@/-]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(pub String);

pub const MAX_ID_BYTES: usize = 128;

pub fn valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_ID_BYTES
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'.' | b'@' | b'/' | b'-'))
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "an id")?;
        if !valid_id(&s) {
            let shown: String = s.chars().take(40).collect();
            return Err(coded("invalid_id", &format!("{shown:?} is not a valid id (1-128 characters of A-Z a-z 0-9 : _ . @ / -)")));
        }
        Ok(Id(s.into_owned()))
    }
}

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `{base}:{leg}`: a transfer id derived from a caller's key (or from another transfer's id), so
/// a replay of the same request derives the same ids and the ledger answers `exists`.
pub fn derived_id(base: &str, leg: &str, path: &str) -> Result<String, ApiError> {
    let id = format!("{base}:{leg}");
    if id.len() > MAX_ID_BYTES {
        return Err(ApiError::at(ErrorCode::InvalidId, path, "the derived transfer id is longer than 128 bytes"));
    }
    Ok(id)
}

/// A field of a foreign payload read leniently: `Some` when it has the expected shape (a string,
/// an object), `None` when it is absent or anything else (which is skipped, never an error).
pub struct Loose<T>(pub Option<T>);

impl<T> Default for Loose<T> {
    fn default() -> Self {
        Loose(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{value::MapAccessDeserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Loose<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Loose(
                    T::deserialize(serde::de::value::StrDeserializer::<E>::new(v)).ok(),
                ))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| Loose(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose(None))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Loose(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WireDate(pub Date);

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "a date")?;
        Date::parse(&s)
            .map(WireDate)
            .ok_or_else(|| coded("invalid_date", &format!("{:?} is not a date YYYY-MM-DD between 1970 and 9999", s.chars().take(20).collect::<String>())))
    }
}
impl Serialize for WireDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// A positive exchange rate as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate(pub Decimal);

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = de_string(d, "a rate")?;
        match parse_decimal(&s) {
            Ok(r) if r > Decimal::ZERO => Ok(Rate(r)),
            _ => Err(coded("invalid_rate", &MoneyError::InvalidRate(s.chars().take(30).collect()).to_string())),
        }
    }
}

/// Fails with `too_many_items` when a list is longer than `max`.
pub fn check_len<T>(items: &[T], max: usize, path: impl std::fmt::Display) -> Result<(), ApiError> {
    if items.len() > max {
        return Err(ApiError::at(ErrorCode::TooManyItems, path.to_string(), format!("at most {max} items, got {}", items.len())));
    }
    Ok(())
}

/// Fails with `currency_mismatch` unless `actual == expected`.
pub fn same_currency(expected: Currency, actual: Currency, path: impl std::fmt::Display) -> Result<(), ApiError> {
    if expected != actual {
        return Err(ApiError::at(ErrorCode::CurrencyMismatch, path.to_string(), format!("expected {expected}, got {actual}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Sample {
        currency: CurrencyCode,
        total: Amount,
        order_id: Id,
        due: Option<WireDate>,
    }

    fn err(v: serde_json::Value) -> (String, String) {
        let e = parse_value::<Sample>(v).unwrap_err();
        (e.code.as_str().to_string(), e.path.unwrap_or_default())
    }

    #[test]
    fn wire_errors_carry_codes_and_paths() {
        let ok = json!({"currency":"EUR","total":"1.00","orderId":"o-1"});
        assert!(parse_value::<Sample>(ok).is_ok());
        assert_eq!(err(json!({"currency":"EUX","total":"1","orderId":"a"})), ("unknown_currency".into(), "input.currency".into()));
        assert_eq!(err(json!({"currency":"EUR","total":1.5,"orderId":"a"})), ("invalid_type".into(), "input.total".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1e5","orderId":"a"})), ("invalid_amount".into(), "input.total".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"-1","orderId":"a"})), ("negative_amount".into(), "input.total".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1","orderId":"a b"})), ("invalid_id".into(), "input.orderId".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1"})), ("missing_field".into(), "input.orderId".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1","orderId":"a","x":1})), ("unknown_field".into(), "input.x".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1","orderId":"a","due":"2026-02-30"})), ("invalid_date".into(), "input.due".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"99999999999999999999","orderId":"a"})), ("amount_too_large".into(), "input.total".into()));
        assert_eq!(err(json!({"currency":"EUR","total":"1","orderId":7})), ("invalid_type".into(), "input.orderId".into()));
    }

    #[test]
    fn decimals_are_checked_against_the_currency() {
        let a: Amount = serde_json::from_value(json!("1.005")).unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(a.minor(eur, "input.x").unwrap_err().code, ErrorCode::TooManyDecimals);
        assert_eq!(a.minor(kwd, "input.x").unwrap(), 1005);
    }
}
