//! Wire types shared by every operation's input: currency codes, decimal-string amounts, ids,
//! dates. Each rejects bad input with a coded error, so `parse_input` answers `unknown_currency`,
//! `invalid_amount`, `invalid_id`, ...
//!
//! An amount's currency is the `currency` field of the object that holds it (or of the account
//! it belongs to); convert with [`Amount::minor`] naming the path, which checks the decimals.

use crate::prelude::*;

use super::de::{Error, Read, Reader};
use super::ser::Write;
use super::ApiError;
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::money::{format_minor, parse_decimal, AmountRefusal, Currency, ExactAmount, Money, MoneyError};
use crate::quoted::Quoted;
use alloc::borrow::Cow;
use rust_decimal::Decimal;

/// A JSON string for a wire type; numbers for amounts are refused on purpose (floats).
fn de_string<'a>(r: &mut Reader<'a>, expecting: &str) -> Result<Cow<'a, str>, Error> {
    r.str(expecting)
}

/// An ISO 4217 code on the wire (`"EUR"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyCode(pub Currency);

impl Read for CurrencyCode {
    const EXPECTING: &'static str = "a currency code as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.with_str(Self::EXPECTING, |s| Currency::from_code(s).map(CurrencyCode).map_err(|e| Error::coded(e.code(), e.to_string())))
    }
    fn placeholder() -> Self {
        CurrencyCode(Currency::PLACEHOLDER)
    }
}
impl Write for CurrencyCode {
    fn write(&self, out: &mut Vec<u8>) {
        super::ser::string(out, self.0.code())
    }
}

/// A non-negative decimal amount as a string (`"12.30"`); its currency comes from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount(pub ExactAmount);

impl Read for Amount {
    const EXPECTING: &'static str = "an amount as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.with_str(Self::EXPECTING, |s| exact_amount(s, true).map(Amount))
    }
    fn placeholder() -> Self {
        Amount(ExactAmount::ZERO)
    }
}

/// An amount's text as `Amount` (`refuse_negative`) and `SignedAmount` read it: the refusals
/// of `ExactAmount::parse` (the `Decimal` path's, in its order) with their wire messages.
fn exact_amount(s: &str, refuse_negative: bool) -> Result<ExactAmount, Error> {
    ExactAmount::parse(s, refuse_negative).map_err(|e| refused_amount(e, s))
}

#[inline(never)]
fn refused_amount(e: AmountRefusal, s: &str) -> Error {
    match e {
        AmountRefusal::Text(e) => Error::coded(e.code(), e.to_string()),
        AmountRefusal::Negative => Error::new(ErrorCode::NegativeAmount, format!("amount {} must not be negative", Quoted(s))),
        AmountRefusal::TooLarge => Error::new(ErrorCode::AmountTooLarge, format!("amount {} is too large", Quoted(s))),
    }
}

impl Amount {
    /// Minor units in `currency`; `path` names the field for the error.
    /// `path` is rendered only when the amount is refused (pass `format_args!`, not `format!`).
    pub fn minor(&self, currency: Currency, path: impl core::fmt::Display) -> Result<i64, ApiError> {
        self.money(currency, path).map(|m| m.minor())
    }
    pub fn money(&self, currency: Currency, path: impl core::fmt::Display) -> Result<Money, ApiError> {
        self.0.money(currency).map_err(|e| ApiError::from_money(e, path.to_string()))
    }
}

/// A signed decimal amount as a string (balances in snapshots may be negative, e.g. exposure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedAmount(pub ExactAmount);

impl Read for SignedAmount {
    const EXPECTING: &'static str = "an amount as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.with_str(Self::EXPECTING, |s| exact_amount(s, false).map(SignedAmount))
    }
    fn placeholder() -> Self {
        SignedAmount(ExactAmount::ZERO)
    }
}

impl SignedAmount {
    pub fn minor(&self, currency: Currency, path: impl core::fmt::Display) -> Result<i64, ApiError> {
        self.0.money(currency).map(|m| m.minor()).map_err(|e| ApiError::from_money(e, path.to_string()))
    }
}

/// Formats minor units for output (always the currency's number of decimals).
pub fn amount_string(minor: i64, currency: Currency) -> String {
    format_minor(minor, currency)
}

/// An amount in an answer: written as [`amount_string`]'s text straight into the answer, without
/// a `String` of its own (answers hold many amounts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountOut {
    pub minor: i64,
    pub currency: Currency,
}

impl Write for AmountOut {
    fn write(&self, out: &mut Vec<u8>) {
        // Digits, `-` and `.` need no escaping.
        crate::api::ser::push(out, b'"');
        crate::money::write_minor(out, self.minor, self.currency);
        crate::api::ser::push(out, b'"');
    }
}

/// A caller-chosen identifier: 1..=128 bytes of `[A-Za-z0-9:_.@/-]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl Write for Id {
    fn write(&self, out: &mut Vec<u8>) {
        super::ser::string(out, &self.0)
    }
}

pub const MAX_ID_BYTES: usize = 128;

pub fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_ID_BYTES && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'.' | b'@' | b'/' | b'-'))
}

impl Read for Id {
    const EXPECTING: &'static str = "an id as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let s = de_string(r, Self::EXPECTING)?;
        if !valid_id(&s) {
            let shown: String = s.chars().take(40).collect();
            return Err(Error::new(ErrorCode::InvalidId, format!("{} is not a valid id (1-128 characters of A-Z a-z 0-9 : _ . @ / -)", Quoted(&shown))));
        }
        Ok(Id(s.into_owned()))
    }
    fn placeholder() -> Self {
        Id(String::new())
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

impl<T: Read> Read for Loose<T> {
    const EXPECTING: &'static str = "any value";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.at_string() {
            // A string of the wrong kind counts as absent.
            let at = r.mark();
            return match T::read(r) {
                Ok(t) => Ok(Loose(Some(t))),
                Err(_) => {
                    r.rewind(at);
                    r.skip().map(|_| Loose(None))
                }
            };
        }
        if r.at_object() {
            // An object is read as `T` (its errors count).
            return T::read(r).map(|t| Loose(Some(t)));
        }
        r.skip().map(|_| Loose(None))
    }
    fn placeholder() -> Self {
        Loose(None)
    }
}

/// A calendar date `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WireDate(pub Date);

impl Read for WireDate {
    const EXPECTING: &'static str = "a date as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let s = de_string(r, Self::EXPECTING)?;
        Date::parse(&s).map(WireDate).ok_or_else(|| {
            Error::new(ErrorCode::InvalidDate, format!("{} is not a date YYYY-MM-DD between 1970 and 9999", Quoted(&s.chars().take(20).collect::<String>())))
        })
    }
    fn placeholder() -> Self {
        WireDate(Date::EPOCH)
    }
}
impl Write for WireDate {
    fn write(&self, out: &mut Vec<u8>) {
        super::ser::string(out, &self.0.to_string())
    }
}

/// A positive exchange rate as a decimal string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate(pub Decimal);

impl Read for Rate {
    const EXPECTING: &'static str = "a rate as a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let s = de_string(r, Self::EXPECTING)?;
        match parse_decimal(&s) {
            Ok(r) if r > Decimal::ZERO => Ok(Rate(r)),
            _ => Err(Error::new(ErrorCode::InvalidRate, MoneyError::InvalidRate(s.chars().take(30).collect()).to_string())),
        }
    }
    fn placeholder() -> Self {
        Rate(Decimal::ONE)
    }
}

/// `{parent}.{field}`, written only when an error names it: validation runs on every decision,
/// and a request that passes builds no path.
#[derive(Clone, Copy)]
pub struct FieldPath<'a> {
    pub parent: &'a dyn core::fmt::Display,
    pub field: &'a str,
}

impl core::fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{}", self.parent, self.field)
    }
}

/// `{parent}[{index}]`, written only when an error names it.
#[derive(Clone, Copy)]
pub struct ItemPath<'a> {
    pub parent: &'a dyn core::fmt::Display,
    pub index: usize,
}

impl core::fmt::Display for ItemPath<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}[{}]", self.parent, self.index)
    }
}

/// Fails with `too_many_items` when a list is longer than `max`.
pub fn check_len<T>(items: &[T], max: usize, path: impl core::fmt::Display) -> Result<(), ApiError> {
    if items.len() > max {
        return Err(too_many(items.len(), max, &path));
    }
    Ok(())
}

#[inline(never)]
fn too_many(n: usize, max: usize, path: &dyn core::fmt::Display) -> ApiError {
    ApiError::at(ErrorCode::TooManyItems, path.to_string(), format!("at most {max} items, got {n}"))
}

/// Fails with `currency_mismatch` unless `actual == expected`.
pub fn same_currency(expected: Currency, actual: Currency, path: impl core::fmt::Display) -> Result<(), ApiError> {
    if expected != actual {
        return Err(ApiError::at(ErrorCode::CurrencyMismatch, path.to_string(), format!("expected {expected}, got {actual}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use crate::Read;
    use serde_json::json;

    #[derive(Read, Debug)]
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
        (e.code.as_str().to_string(), e.path.clone().unwrap_or_default())
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
        let a: Amount = crate::api::de::from_slice(br#""1.005""#).unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(a.minor(eur, "input.x").unwrap_err().code, ErrorCode::TooManyDecimals);
        assert_eq!(a.minor(kwd, "input.x").unwrap(), 1005);
    }
}
