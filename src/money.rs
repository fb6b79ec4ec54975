//! Money: integer minor units tagged with an ISO 4217 currency.
//!
//! Amounts cross every boundary as decimal strings and live here as `i64` minor units, so no
//! float ever touches money. Arithmetic is checked and refuses to mix currencies; every rounding
//! names its strategy; splits hand out the last minor unit explicitly.

use crate::prelude::*;

use crate::quoted::Quoted;
use core::fmt;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy as DecRounding};

/// Largest absolute amount in minor units we accept (15 digits). Anything larger is an input
/// error, which also leaves head-room so sums of many amounts cannot overflow `i64`.
pub const MAX_MINOR: i64 = 999_999_999_999_999;

/// An ISO 4217 currency with its number of decimals.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    code: &'static str,
    exponent: u8,
}

/// The currencies we accept. Sorted by code. Exponents from ISO 4217.
const CURRENCIES: &[(&str, u8)] = &[
    ("AUD", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("ILS", 2),
    ("INR", 2),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MAD", 2),
    ("MXN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PLN", 2),
    ("RON", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("TND", 3),
    ("TRY", 2),
    ("UAH", 2),
    ("USD", 2),
    ("XOF", 0),
    ("ZAR", 2),
];

impl Currency {
    /// What a wire field holds before it is read (never answered: see `Read::placeholder`).
    pub(crate) const PLACEHOLDER: Currency = Currency { code: "EUR", exponent: 2 };

    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        // Codes are three bytes: compared as one number each (the table is sorted by code, so by
        // this number too) instead of a string comparison per step.
        // The search is written out: `binary_search_by` and its closure would be calls of their
        // own in the size-optimised host build.
        let key = code_key(code.as_bytes());
        let (mut lo, mut hi) = (0, CURRENCIES.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (c, exponent) = CURRENCIES[mid];
            match code_key(c.as_bytes()).cmp(&key) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(Currency { code: c, exponent }),
            }
        }
        Err(MoneyError::UnknownCurrency(truncate(code, 16)))
    }
    pub fn code(&self) -> &'static str {
        self.code
    }
    pub fn exponent(&self) -> u8 {
        self.exponent
    }
    /// 10^exponent, the number of minor units in one major unit.
    pub fn minor_per_major(&self) -> i64 {
        ten_to(u32::from(self.exponent))
    }
    pub fn all_codes() -> impl Iterator<Item = &'static str> {
        CURRENCIES.iter().map(|(c, _)| *c)
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}
impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// 10^e, for exponents up to [`MAX_EXPONENT`] without a call (`pow` is one in the
/// size-optimised host build, and every wasm call costs the generated PHP core ~2,000 steps).
#[cfg_attr(not(feature = "storefront"), inline(always))]
fn ten_to(e: u32) -> i64 {
    match e {
        0 => 1,
        1 => 10,
        2 => 100,
        3 => 1000,
        _ => 10i64.pow(e),
    }
}

/// A three-byte code as a number in the codes' order (anything else: a number no code has).
#[cfg_attr(not(feature = "storefront"), inline(always))]
fn code_key(b: &[u8]) -> u32 {
    match b {
        [x, y, z] => u32::from(*x) << 16 | u32::from(*y) << 8 | u32::from(*z),
        _ => u32::MAX,
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Why a money value could not be built or combined. Each maps onto a stable API error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    UnknownCurrency(String),
    /// Not a plain decimal string (`"12.34"`, `"-3"`, `"0.5"`).
    InvalidAmount(String),
    TooManyDecimals {
        currency: Currency,
        decimals: u32,
    },
    AmountTooLarge,
    NegativeAmount,
    CurrencyMismatch {
        expected: Currency,
        actual: Currency,
    },
    Overflow,
    InvalidRate(String),
}

impl MoneyError {
    /// The stable snake_case code of this error on the wire.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::UnknownCurrency(_) => "unknown_currency",
            MoneyError::InvalidAmount(_) => "invalid_amount",
            MoneyError::TooManyDecimals { .. } => "too_many_decimals",
            MoneyError::AmountTooLarge | MoneyError::Overflow => "amount_too_large",
            MoneyError::NegativeAmount => "negative_amount",
            MoneyError::CurrencyMismatch { .. } => "currency_mismatch",
            MoneyError::InvalidRate(_) => "invalid_rate",
        }
    }
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::UnknownCurrency(c) => write!(f, "unknown currency {}", Quoted(c)),
            MoneyError::InvalidAmount(a) => write!(f, "{} is not a decimal amount", Quoted(a)),
            MoneyError::TooManyDecimals { currency, decimals } => write!(f, "{currency} allows {} decimals, got {decimals}", currency.exponent),
            MoneyError::AmountTooLarge => write!(f, "amount is too large"),
            MoneyError::NegativeAmount => write!(f, "amount must not be negative"),
            MoneyError::CurrencyMismatch { expected, actual } => {
                write!(f, "currency mismatch: expected {expected}, got {actual}")
            }
            MoneyError::Overflow => write!(f, "amount overflow"),
            MoneyError::InvalidRate(r) => write!(f, "{} is not a positive exchange rate", Quoted(r)),
        }
    }
}

/// How to round a value that has more decimals than the currency allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Banker's rounding: ties go to the even neighbour.
    HalfEven,
    /// Ties away from zero (the usual commercial rule).
    HalfUp,
    /// Ties toward zero.
    HalfDown,
    /// Always toward zero (truncate).
    Down,
    /// Always away from zero.
    Up,
    /// Toward +infinity.
    Ceiling,
    /// Toward -infinity.
    Floor,
}

impl Rounding {
    pub const ALL: [Rounding; 7] = [Rounding::HalfEven, Rounding::HalfUp, Rounding::HalfDown, Rounding::Down, Rounding::Up, Rounding::Ceiling, Rounding::Floor];
    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfEven => "half_even",
            Rounding::HalfUp => "half_up",
            Rounding::HalfDown => "half_down",
            Rounding::Down => "down",
            Rounding::Up => "up",
            Rounding::Ceiling => "ceiling",
            Rounding::Floor => "floor",
        }
    }
    pub fn from_name(s: &str) -> Option<Rounding> {
        Rounding::ALL.into_iter().find(|r| r.name() == s)
    }
    fn to_decimal(self) -> DecRounding {
        match self {
            Rounding::HalfEven => DecRounding::MidpointNearestEven,
            Rounding::HalfUp => DecRounding::MidpointAwayFromZero,
            Rounding::HalfDown => DecRounding::MidpointTowardZero,
            Rounding::Down => DecRounding::ToZero,
            Rounding::Up => DecRounding::AwayFromZero,
            Rounding::Ceiling => DecRounding::ToPositiveInfinity,
            Rounding::Floor => DecRounding::ToNegativeInfinity,
        }
    }
}

/// Parses a decimal string strictly: optional '-', digits, optional '.' and digits. No exponent,
/// no '+', no spaces, no thousands separators; at most 30 characters.
pub fn parse_decimal(s: &str) -> Result<Decimal, MoneyError> {
    check_decimal_text(s)?;
    let (data, scale) = mantissa_of_checked(s).ok_or(MoneyError::AmountTooLarge)?;
    Ok(Decimal::from_parts(data as u32, (data >> 32) as u32, (data >> 64) as u32, s.starts_with('-'), scale))
}

/// `parse_decimal`'s refusals: not a plain decimal, or more than 30 characters.
fn check_decimal_text(s: &str) -> Result<(), MoneyError> {
    let bad = || MoneyError::InvalidAmount(truncate(s, 40));
    if s.is_empty() || s.len() > 30 {
        return Err(if s.len() > 30 && s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') { MoneyError::AmountTooLarge } else { bad() });
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    Ok(())
}

/// The mantissa and scale `Decimal::from_str` reads from a string `check_decimal_text` took
/// (optional '-', digits, at most one '.' between digits), without linking rust_decimal's
/// general parser (exponents, underscores, any length: ~12 KB of wasm). Its rules: the digits go
/// into a 96-bit mantissa; a digit that no longer fits (or a 29th decimal) is rounded off half-up
/// when a '.' came before it and the rest is dropped; before any '.' it is too large (None).
fn mantissa_of_checked(s: &str) -> Option<(u128, u32)> {
    const LIMIT: u128 = 1 << 96;
    let negative = s.starts_with('-');
    if s.len() <= 19 {
        // At most 18 digits: no rounding can happen, and u64 arithmetic is what a wasm build
        // does natively (u128 is a library call there, and in the generated PHP).
        let (mut data, mut scale, mut point) = (0u64, 0u32, false);
        for &b in &s.as_bytes()[negative as usize..] {
            if b == b'.' {
                point = true;
            } else {
                data = data * 10 + u64::from(b - b'0');
                scale += point as u32;
            }
        }
        return Some((data.into(), scale));
    }
    let mut bytes = s.as_bytes()[negative as usize..].iter();
    let (mut data, mut scale, mut point) = (0u128, 0u32, false);
    while let Some(&b) = bytes.next() {
        if b == b'.' {
            point = true;
            continue;
        }
        let digit = u128::from(b - b'0');
        let next = data * 10 + digit;
        if next >= LIMIT {
            return if point { round_off(data, digit, scale) } else { None };
        }
        data = next;
        scale += point as u32;
        if point && scale >= 28 {
            if let Some(&b) = bytes.next() {
                return round_off(data, u128::from(b - b'0'), scale);
            }
        }
    }
    Some((data, scale))
}

/// rust_decimal's rounding of a parsed mantissa at the first digit it drops.
fn round_off(mut data: u128, dropped: u128, mut scale: u32) -> Option<(u128, u32)> {
    if dropped >= 5 {
        data += 1;
        if data >= 1 << 96 {
            if scale == 0 {
                return None;
            }
            data = (data + 4) / 10;
            scale -= 1;
        }
    }
    Some((data, scale))
}

/// The most decimals a currency has (BHD, JOD, KWD, OMR, TND): an [`ExactAmount`] keeps its
/// value in thousandths of a major unit.
pub const MAX_EXPONENT: u32 = 3;

/// A decimal amount read exactly, before its currency is known: its value in thousandths of a
/// major unit and its number of decimals without trailing zeros ("12.300" has 1). More than
/// [`MAX_EXPONENT`] decimals fit no currency, and the value is then not kept. Read without
/// `Decimal` (an amount's text is read many times per request): integer digits and a scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExactAmount {
    thousandths: i64,
    decimals: u32,
    negative: bool,
}

/// Why an amount's text is refused, in the order it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountRefusal {
    /// What `parse_decimal` refuses: `invalid_amount`, or `amount_too_large` for more than 30
    /// characters or digits beyond 96 bits before any '.'.
    Text(MoneyError),
    /// Below zero where only amounts of at least zero are taken.
    Negative,
    /// An integer part over [`MAX_MINOR`].
    TooLarge,
}

/// An amount's digits once trailing zeros are dropped, before the sign and range checks.
struct Digits {
    whole_too_large: bool,
    nonzero: bool,
    decimals: u32,
    /// Meaningful when `decimals <= MAX_EXPONENT` and the whole part is in range.
    thousandths: u64,
}

impl ExactAmount {
    pub const ZERO: ExactAmount = ExactAmount { thousandths: 0, decimals: 0, negative: false };

    /// What reading an amount's text through `parse_decimal` answered (its refusals, its
    /// rounding of text beyond 28 digits), then `negative` when `refuse_negative`, then an
    /// integer part over [`MAX_MINOR`].
    pub fn parse(s: &str, refuse_negative: bool) -> Result<ExactAmount, AmountRefusal> {
        let negative = matches!(s.as_bytes().first(), Some(b'-'));
        let d = match plain_digits(s.as_bytes().get(usize::from(negative)..).unwrap_or_default()) {
            Some(d) => d,
            None => any_digits(s)?,
        };
        if refuse_negative && negative && d.nonzero {
            return Err(AmountRefusal::Negative);
        }
        if d.whole_too_large {
            return Err(AmountRefusal::TooLarge);
        }
        let thousandths = if d.decimals <= MAX_EXPONENT { d.thousandths as i64 } else { 0 };
        Ok(ExactAmount { thousandths: if negative { -thousandths } else { thousandths }, decimals: d.decimals, negative: negative && d.nonzero })
    }
    pub fn is_zero(&self) -> bool {
        self.thousandths == 0 && self.decimals <= MAX_EXPONENT
    }
    /// Below zero ("-0.00" is not).
    pub fn is_negative(&self) -> bool {
        self.negative
    }
    /// The amount in `currency`: what `Money::from_decimal_exact` answers for the same text
    /// (too many decimals first, then too large).
    pub fn money(&self, currency: Currency) -> Result<Money, MoneyError> {
        let exponent = u32::from(currency.exponent);
        if self.decimals > exponent {
            return Err(MoneyError::TooManyDecimals { currency, decimals: self.decimals });
        }
        Money::from_minor(self.thousandths / ten_to(MAX_EXPONENT - exponent), currency)
    }
}

/// Plain text of at most 18 bytes after the sign (digits, optionally '.' and digits) in one
/// pass without a division; `None` for anything else, which [`any_digits`] reads.
fn plain_digits(body: &[u8]) -> Option<Digits> {
    if body.len() > 18 {
        return None;
    }
    // `kept`: the mantissa up to its last digit that is not a trailing zero, and its decimals.
    let (mut m, mut whole, mut kept, mut point) = (0u64, 0u64, (0u64, 0u32), None::<u32>);
    for &c in body {
        match (c, point.as_mut()) {
            (b'0'..=b'9', None) => {
                m = m * 10 + u64::from(c - b'0');
                whole = m;
                kept = (m, 0);
            }
            (b'0'..=b'9', Some(decimals)) => {
                m = m * 10 + u64::from(c - b'0');
                *decimals += 1;
                if c != b'0' {
                    kept = (m, *decimals);
                }
            }
            (b'.', None) if !matches!(body.first(), Some(b'.')) => point = Some(0),
            _ => return None,
        }
    }
    if body.is_empty() || point == Some(0) {
        return None;
    }
    let (m, decimals) = kept;
    let thousandths = match decimals {
        0..=MAX_EXPONENT if whole <= MAX_MINOR as u64 => m * ten_to(MAX_EXPONENT - decimals) as u64,
        _ => 0,
    };
    Some(Digits { whole_too_large: whole > MAX_MINOR as u64, nonzero: m != 0, decimals, thousandths })
}

/// Any other text, as `parse_decimal` reads it: its refusals, `Decimal`'s 96-bit mantissa and
/// its rounding.
#[inline(never)]
fn any_digits(s: &str) -> Result<Digits, AmountRefusal> {
    check_decimal_text(s).map_err(AmountRefusal::Text)?;
    let (m, scale) = mantissa_of_checked(s).ok_or(AmountRefusal::Text(MoneyError::AmountTooLarge))?;
    Ok(u64::try_from(m).map_or_else(|_| wide_digits(m, scale), |m| digits(m, scale)))
}

/// A mantissa and scale in `u64` (what text of up to 19 digits gives): trailing zeros dropped,
/// split at the point.
fn digits(mut m: u64, mut scale: u32) -> Digits {
    // Trailing zeros are not decimals ("12.300" is 12.3, as `Decimal::normalize` says).
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    // 10^20 and more exceed any u64 mantissa: the whole part is then 0.
    let whole = 10u64.checked_pow(scale).map_or(0, |unit| m / unit);
    let thousandths = match scale {
        0..=MAX_EXPONENT if whole <= MAX_MINOR as u64 => m * ten_to(MAX_EXPONENT - scale) as u64,
        _ => 0,
    };
    Digits { whole_too_large: whole > MAX_MINOR as u64, nonzero: m != 0, decimals: scale, thousandths }
}

/// A mantissa beyond `u64` (20 to 29 digits): after its trailing zeros, either it fits `u64`
/// or its whole part is over `MAX_MINOR` or it has more than 3 decimals.
#[inline(never)]
fn wide_digits(mut m: u128, mut scale: u32) -> Digits {
    while scale > 0 && m % 10 == 0 {
        m /= 10;
        scale -= 1;
    }
    match u64::try_from(m) {
        Ok(m) => digits(m, scale),
        Err(_) => Digits { whole_too_large: m / 10u128.pow(scale) > MAX_MINOR as u128, nonzero: true, decimals: scale, thousandths: 0 },
    }
}

/// An amount of money: integer minor units and a currency.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    minor: i64,
    currency: Currency,
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.to_decimal_string(), self.currency)
    }
}

impl Money {
    pub fn from_minor(minor: i64, currency: Currency) -> Result<Money, MoneyError> {
        if minor.unsigned_abs() > MAX_MINOR as u64 {
            return Err(MoneyError::AmountTooLarge);
        }
        Ok(Money { minor, currency })
    }
    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }
    /// Exact parse: rejects more decimals than the currency has (never rounds silently).
    pub fn parse(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        Money::from_decimal_exact(parse_decimal(amount)?, currency)
    }
    /// Exact parse of a non-negative amount.
    pub fn parse_non_negative(amount: &str, currency: Currency) -> Result<Money, MoneyError> {
        let m = Money::parse(amount, currency)?;
        if m.minor < 0 {
            return Err(MoneyError::NegativeAmount);
        }
        Ok(m)
    }
    pub fn from_decimal_exact(d: Decimal, currency: Currency) -> Result<Money, MoneyError> {
        let d = d.normalize();
        if d.scale() > currency.exponent as u32 {
            return Err(MoneyError::TooManyDecimals { currency, decimals: d.scale() });
        }
        let minor = d.checked_mul(Decimal::from(currency.minor_per_major())).and_then(|m| m.to_i64()).ok_or(MoneyError::AmountTooLarge)?;
        Money::from_minor(minor, currency)
    }
    /// Rounds any decimal to the currency's minor unit with the named strategy.
    pub fn from_decimal_rounded(d: Decimal, currency: Currency, rounding: Rounding) -> Result<Money, MoneyError> {
        let r = d.round_dp_with_strategy(currency.exponent as u32, rounding.to_decimal());
        Money::from_decimal_exact(r, currency)
    }
    pub fn minor(&self) -> i64 {
        self.minor
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }
    pub fn is_negative(&self) -> bool {
        self.minor < 0
    }
    pub fn to_decimal(&self) -> Decimal {
        Decimal::new(self.minor, self.currency.exponent as u32)
    }
    /// Always exactly `exponent` decimals: "12.30", "5", "0.125".
    pub fn to_decimal_string(&self) -> String {
        format_minor(self.minor, self.currency)
    }
    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch { expected: self.currency, actual: other.currency });
        }
        Ok(())
    }
    pub fn checked_add(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let m = self.minor.checked_add(other.minor).ok_or(MoneyError::Overflow)?;
        Money::from_minor(m, self.currency).map_err(|_| MoneyError::Overflow)
    }
    pub fn checked_sub(&self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        let m = self.minor.checked_sub(other.minor).ok_or(MoneyError::Overflow)?;
        Money::from_minor(m, self.currency).map_err(|_| MoneyError::Overflow)
    }
    pub fn min(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        Ok(if self.minor <= other.minor { self } else { other })
    }
    /// Multiplies by a decimal factor (a rate, a percentage) and rounds with the named strategy.
    pub fn mul_rounded(&self, factor: Decimal, rounding: Rounding) -> Result<Money, MoneyError> {
        let d = self.to_decimal().checked_mul(factor).ok_or(MoneyError::Overflow)?;
        Money::from_decimal_rounded(d, self.currency, rounding)
    }

    /// Splits into parts proportional to `weights` (largest-remainder method). The parts always
    /// add up to exactly `self`; leftover minor units go to the parts with the largest
    /// remainders, ties to the earliest part. Zero total weight is an error (None).
    pub fn allocate(&self, weights: &[i64]) -> Option<Vec<Money>> {
        if weights.is_empty() || weights.iter().any(|w| *w < 0) {
            return None;
        }
        let total_w: i128 = weights.iter().map(|w| *w as i128).sum();
        if total_w == 0 {
            return None;
        }
        let total = self.minor as i128;
        let sign = if total < 0 { -1 } else { 1 };
        let abs = total.abs();
        let mut parts: Vec<i128> = Vec::with_capacity(weights.len());
        let mut rems: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
        for (i, w) in weights.iter().enumerate() {
            let num = abs * (*w as i128);
            parts.push(num / total_w);
            rems.push((num % total_w, i));
        }
        let mut left = abs - parts.iter().sum::<i128>();
        // Largest remainder first; ties go to the earliest index (stable order).
        crate::sort::sort_by(&mut rems, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in rems {
            if left == 0 {
                break;
            }
            if weights[i] > 0 {
                parts[i] += 1;
                left -= 1;
            }
        }
        Some(parts.into_iter().map(|p| Money { minor: (p * sign) as i64, currency: self.currency }).collect())
    }

    /// Splits into `n` instalments as equal as possible; the odd minor units go to the first
    /// instalments (so the first payment is never smaller than a later one).
    pub fn split_even(&self, n: usize) -> Option<Vec<Money>> {
        if n == 0 || n > 1000 {
            return None;
        }
        self.allocate(&vec![1; n])
    }

    /// Converts into another currency at `rate` (units of `to` per unit of `self`), rounded with
    /// the named strategy. The rate and strategy are returned with the result so the caller can
    /// record them next to the movement.
    pub fn convert(&self, to: Currency, rate: Decimal, rounding: Rounding) -> Result<Conversion, MoneyError> {
        if rate <= Decimal::ZERO {
            return Err(MoneyError::InvalidRate(decimal_string(rate)));
        }
        let d = self.to_decimal().checked_mul(rate).ok_or(MoneyError::Overflow)?;
        let converted = Money::from_decimal_rounded(d, to, rounding)?;
        Ok(Conversion { from: *self, to: converted, rate, rounding })
    }
}

/// How to split an amount: `Parts(n)` equal instalments, or proportional `Weights`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    Parts(u32),
    Weights(Vec<u64>),
}

/// Why a split cannot be made (a domain error: the API layer names the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// Not 1 ..= [`Split::MAX_PARTS`] parts.
    PartsOutOfRange,
    /// More than [`Split::MAX_PARTS`] weights.
    TooManyWeights,
    /// A weight above [`Split::MAX_WEIGHT`].
    WeightTooLarge,
    /// Every weight is zero.
    AllWeightsZero,
}

impl Split {
    pub const MAX_PARTS: usize = 1000;
    pub const MAX_WEIGHT: u64 = 1_000_000_000_000;
}

impl Money {
    /// Splits by `split`; the parts always add up to exactly `self` (see [`Money::allocate`]).
    pub fn split(&self, split: &Split) -> Result<Vec<Money>, SplitError> {
        let weights: Vec<i64> = match split {
            Split::Parts(n) if (1..=Split::MAX_PARTS).contains(&(*n as usize)) => vec![1; *n as usize],
            Split::Parts(_) => return Err(SplitError::PartsOutOfRange),
            Split::Weights(w) if w.len() > Split::MAX_PARTS => return Err(SplitError::TooManyWeights),
            Split::Weights(w) if w.iter().any(|x| *x > Split::MAX_WEIGHT) => return Err(SplitError::WeightTooLarge),
            Split::Weights(w) => w.iter().map(|x| *x as i64).collect(),
        };
        self.allocate(&weights).ok_or(SplitError::AllWeightsZero)
    }
}

/// A currency conversion with the rate and rounding that produced it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: Money,
    pub to: Money,
    pub rate: Decimal,
    pub rounding: Rounding,
}

/// Formats minor units with exactly the currency's decimals.
pub fn format_minor(minor: i64, currency: Currency) -> String {
    let mut out = Vec::with_capacity(24);
    write_minor(&mut out, minor, currency);
    // Only ASCII digits, `-` and `.` were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Writes minor units with exactly the currency's decimals (`-0.05`, `1200`, `12.500`) at the
/// end of `out`: answers write their amounts with it straight into their text (this runs for
/// every amount of every answer, so the text is built on the stack, right to left, and copied
/// once).
pub fn write_minor(out: &mut Vec<u8>, minor: i64, currency: Currency) {
    // 20 digits, the point, up to 3 leading zeros (the largest exponent), the sign.
    let mut buf = [0u8; 26];
    let e = usize::from(currency.exponent);
    let mut at = buf.len();
    let mut v = minor.unsigned_abs();
    let mut n = 0;
    // At least one digit before the point.
    while v > 0 || n <= e {
        if n == e && e > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
    }
    if minor < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    crate::api::ser::put(out, buf.get(at..).unwrap_or_default());
}

/// `d.to_string()` without core::fmt (rust_decimal's `Display` goes through `Formatter`): the
/// mantissa with the point `scale` places from the right, `-` first for a negative (`-0` too).
pub fn decimal_string(d: Decimal) -> String {
    scaled_string(d.mantissa().unsigned_abs(), d.is_sign_negative(), d.scale() as usize)
}

/// `magnitude` with `scale` decimals and at least one digit before the point, `-` first when
/// `negative` (`scaled_string(5, true, 2)` is `"-0.05"`). The amounts' own writer above stays
/// on `u64`: a `u128` division is a call into compiler_builtins in the wasm.
pub fn scaled_string(magnitude: u128, negative: bool, scale: usize) -> String {
    // 39 digits, the point, up to 28 leading zeros (a decimal's largest scale), the sign.
    let mut buf = [0u8; 70];
    let mut at = buf.len();
    let (mut v, mut n) = (magnitude, 0);
    while (v > 0 || n <= scale) && at > 2 {
        if n == scale && scale > 0 {
            at -= 1;
            buf[at] = b'.';
        }
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        n += 1;
    }
    if negative {
        at -= 1;
        buf[at] = b'-';
    }
    // Only ASCII digits, `-` and `.` were written.
    String::from_utf8(buf.get(at..).unwrap_or_default().to_vec()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::str::FromStr;

    #[test]
    fn decimals_are_written_as_their_display_writes_them() {
        let mut cases: Vec<Decimal> = ["0", "-0", "0.00", "-0.000", "1", "-1", "0.5", "-0.05", "12.340", "100", "0.0000000000000000000000000001"]
            .iter()
            .map(|s| Decimal::from_str(s).unwrap())
            .collect();
        cases.extend([
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_i128_with_scale(-1, 28),
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 28),
        ]);
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let mantissa = i128::from(seed as i64) * i128::from((seed >> 40) as u32 + 1);
            cases.push(Decimal::from_i128_with_scale(mantissa, (seed % 29) as u32));
        }
        for d in cases {
            assert_eq!(decimal_string(d), d.to_string(), "{d:?}");
        }
        assert_eq!(scaled_string(u128::MAX, true, 28), format!("-{}.{}", &u128::MAX.to_string()[..11], &u128::MAX.to_string()[11..]));
    }

    #[test]
    fn minor_units_are_written_with_the_currencys_decimals() {
        let c = |code| Currency::from_code(code).unwrap();
        let cases = [
            (0, "EUR", "0.00"),
            (5, "EUR", "0.05"),
            (-5, "EUR", "-0.05"),
            (12345, "EUR", "123.45"),
            (-100, "EUR", "-1.00"),
            (7, "JPY", "7"),
            (-7, "JPY", "-7"),
        ];
        for (minor, code, text) in cases {
            assert_eq!(format_minor(minor, c(code)), text);
        }
        assert_eq!(format_minor(5, c("KWD")), "0.005");
        assert_eq!(format_minor(i64::MIN, c("EUR")), "-92233720368547758.08");
        assert_eq!(format_minor(i64::MAX, c("JPY")), i64::MAX.to_string());
        assert_eq!(format_minor(-5, c("EUR")), "-0.05");
        assert_eq!(format_minor(0, c("KWD")), "0.000");
        assert_eq!(format_minor(0, c("JPY")), "0");
        // write_minor's stack buffer holds 3 leading zeros at most.
        assert!(CURRENCIES.iter().all(|(_, e)| *e <= 3));
    }

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    #[test]
    fn exponents_follow_iso_4217() {
        for (code, e) in [("EUR", 2), ("USD", 2), ("GBP", 2), ("CHF", 2), ("PLN", 2), ("SEK", 2), ("JPY", 0), ("KWD", 3)] {
            assert_eq!(Currency::from_code(code).unwrap().exponent(), e, "{code}");
        }
        assert_eq!(Currency::from_code("XXX"), Err(MoneyError::UnknownCurrency("XXX".into())));
        assert!(Currency::from_code("eur").is_err(), "codes are upper case");
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn parse_is_exact_and_strict() {
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(Money::parse("12.34", eur()).unwrap().minor(), 1234);
        assert_eq!(Money::parse("12.3", eur()).unwrap().minor(), 1230);
        assert_eq!(Money::parse("12.300", eur()).unwrap().minor(), 1230, "trailing zeros are not extra precision");
        assert_eq!(Money::parse("1.234", kwd).unwrap().minor(), 1234);
        assert_eq!(Money::parse("500", jpy).unwrap().minor(), 500);
        assert_eq!(Money::parse("12.345", eur()).unwrap_err().code(), "too_many_decimals");
        assert_eq!(Money::parse("1.5", jpy).unwrap_err().code(), "too_many_decimals");
        for bad in ["", "1e3", "+1", " 1", "1,00", "1.", ".5", "abc", "--1", "1.2.3", "NaN", "0x10"] {
            assert_eq!(Money::parse(bad, eur()).unwrap_err().code(), "invalid_amount", "{bad:?}");
        }
        assert_eq!(Money::parse("10000000000000.00", eur()).unwrap_err().code(), "amount_too_large");
        assert_eq!(Money::parse("9999999999999.99", eur()).unwrap().minor(), MAX_MINOR);
        assert_eq!(Money::parse_non_negative("-1", eur()).unwrap_err().code(), "negative_amount");
        assert_eq!(Money::parse("123456789012345678901234567890123", eur()).unwrap_err().code(), "amount_too_large");
    }

    #[test]
    fn formats_with_the_currency_exponent() {
        let kwd = Currency::from_code("KWD").unwrap();
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(Money::from_minor(5, eur()).unwrap().to_decimal_string(), "0.05");
        assert_eq!(Money::from_minor(-1205, eur()).unwrap().to_decimal_string(), "-12.05");
        assert_eq!(Money::from_minor(0, eur()).unwrap().to_decimal_string(), "0.00");
        assert_eq!(Money::from_minor(7, kwd).unwrap().to_decimal_string(), "0.007");
        assert_eq!(Money::from_minor(1500, jpy).unwrap().to_decimal_string(), "1500");
    }

    #[test]
    fn arithmetic_refuses_to_mix_currencies() {
        let usd = Currency::from_code("USD").unwrap();
        let a = Money::from_minor(100, eur()).unwrap();
        let b = Money::from_minor(100, usd).unwrap();
        assert_eq!(a.checked_add(b), Err(MoneyError::CurrencyMismatch { expected: eur(), actual: usd }));
        assert_eq!(a.checked_sub(a).unwrap().minor(), 0);
        let max = Money::from_minor(MAX_MINOR, eur()).unwrap();
        assert_eq!(max.checked_add(a).unwrap_err().code(), "amount_too_large");
    }

    /// The own parser answers exactly what `Decimal::from_str` answers for every string
    /// `parse_decimal` accepts: edge cases at the 96-bit limit and 28 decimals, then random ones.
    #[test]
    fn checked_decimal_strings_parse_as_rust_decimal_parses_them() {
        let same = |s: &str| {
            let ours = parse_decimal(s).ok();
            let theirs = Decimal::from_str(s).ok();
            assert_eq!(ours.map(|d| (d, d.scale(), d.is_sign_negative())), theirs.map(|d| (d, d.scale(), d.is_sign_negative())), "{s}");
        };
        for s in &decimal_edge_cases() {
            if s.len() <= 30 && decimal_of_checked_applies(s) {
                same(s);
            }
        }
    }

    /// Text at `Decimal`'s 96-bit limit and 28 decimals, then random decimals (signs, points).
    fn decimal_edge_cases() -> Vec<String> {
        let limit = (1u128 << 96).to_string();
        let below = ((1u128 << 96) - 1).to_string();
        let mut cases = vec![
            "0".to_string(),
            "-0".into(),
            "-0.00".into(),
            "0.0000000000000000000000000001".into(),
            "1.2345678901234567890123456789".into(),
            "9.9999999999999999999999999999".into(),
        ];
        cases.extend(["9".repeat(28), "9".repeat(29), format!("-{}", "9".repeat(29)), format!("0.{}", "9".repeat(28)), format!("-0.{}", "5".repeat(28))]);
        for n in [&limit, &below] {
            for cut in 1..n.len() {
                cases.push(format!("{}.{}", &n[..cut], &n[cut..]));
                cases.push(format!("-{}.{}", &n[..cut], &n[cut..]));
            }
            cases.push(n.to_string());
        }
        for prefix in ["7922816251426433759354395033", "7922816251426433759354395034", "9999999999999999999999999999"] {
            for last in 0..10 {
                for cut in 1..prefix.len() {
                    cases.push(format!("{}.{}{last}", &prefix[..cut], &prefix[cut..]));
                }
            }
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = 1 + (seed % 29) as usize;
            let digits: String = (0..len).map(|i| char::from(b'0' + ((seed >> (i % 60)) as u8 ^ i as u8) % 10)).collect();
            let point = (seed >> 40) as usize % (len + 1);
            let mut s = if (seed >> 50) & 1 == 1 { "-".to_string() } else { String::new() };
            s.push_str(&digits[..point.max(1).min(len)]);
            if point > 0 && point < len {
                s.push('.');
                s.push_str(&digits[point..]);
            }
            cases.push(s);
        }
        cases
    }

    /// Whether `s` is one of the strings `parse_decimal` hands to the own parser.
    fn decimal_of_checked_applies(s: &str) -> bool {
        let body = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = body.split_once('.').map_or((body, None), |(i, f)| (i, Some(f)));
        !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && match frac {
                None => true,
                Some(f) => !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()),
            }
    }

    #[test]
    fn every_rounding_strategy_is_distinct_where_it_should_be() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let r = |s: &str, st| Money::from_decimal_rounded(d(s), eur(), st).unwrap().minor();
        assert_eq!(r("0.125", Rounding::HalfEven), 12);
        assert_eq!(r("0.135", Rounding::HalfEven), 14);
        assert_eq!(r("0.125", Rounding::HalfUp), 13);
        assert_eq!(r("-0.125", Rounding::HalfUp), -13);
        assert_eq!(r("0.125", Rounding::HalfDown), 12);
        assert_eq!(r("0.129", Rounding::Down), 12);
        assert_eq!(r("0.121", Rounding::Up), 13);
        assert_eq!(r("-0.121", Rounding::Ceiling), -12);
        assert_eq!(r("-0.121", Rounding::Floor), -13);
        for st in Rounding::ALL {
            assert_eq!(Rounding::from_name(st.name()), Some(st));
        }
    }

    #[test]
    fn allocation_never_loses_or_invents_a_minor_unit() {
        let total = Money::from_minor(10000, eur()).unwrap();
        let parts = total.split_even(3).unwrap();
        assert_eq!(parts.iter().map(|p| p.minor()).collect::<Vec<_>>(), vec![3334, 3333, 3333]);
        let parts = Money::from_minor(100, eur()).unwrap().allocate(&[1, 1, 1, 0]).unwrap();
        assert_eq!(parts.iter().map(|p| p.minor()).collect::<Vec<_>>(), vec![34, 33, 33, 0]);
        let parts = Money::from_minor(-101, eur()).unwrap().allocate(&[1, 1]).unwrap();
        assert_eq!(parts.iter().map(|p| p.minor()).sum::<i64>(), -101);
        assert!(total.allocate(&[0, 0]).is_none());
        assert!(total.allocate(&[]).is_none());
        assert!(total.allocate(&[1, -1]).is_none());
    }

    #[test]
    fn splits_name_what_is_wrong() {
        let m = Money::from_minor(100, eur()).unwrap();
        assert_eq!(m.split(&Split::Parts(3)).unwrap().iter().map(|p| p.minor()).collect::<Vec<_>>(), vec![34, 33, 33]);
        assert_eq!(m.split(&Split::Parts(0)), Err(SplitError::PartsOutOfRange));
        assert_eq!(m.split(&Split::Parts(1001)), Err(SplitError::PartsOutOfRange));
        assert_eq!(m.split(&Split::Weights(vec![1; 1001])), Err(SplitError::TooManyWeights));
        assert_eq!(m.split(&Split::Weights(vec![1, Split::MAX_WEIGHT + 1])), Err(SplitError::WeightTooLarge));
        assert_eq!(m.split(&Split::Weights(vec![0, 0])), Err(SplitError::AllWeightsZero));
    }

    #[test]
    fn conversion_records_rate_and_rounding() {
        let chf = Currency::from_code("CHF").unwrap();
        let c = Money::from_minor(1000, eur()).unwrap().convert(chf, Decimal::from_str("0.93755").unwrap(), Rounding::HalfEven).unwrap();
        assert_eq!(c.to.minor(), 938);
        assert_eq!(c.to.currency(), chf);
        assert_eq!(c.rounding, Rounding::HalfEven);
        assert!(Money::from_minor(1, eur()).unwrap().convert(chf, Decimal::ZERO, Rounding::Down).is_err());
    }

    #[test]
    fn every_currency_fits_thousandths() {
        assert!(CURRENCIES.iter().all(|(_, e)| u32::from(*e) <= MAX_EXPONENT));
    }

    /// What the wire read before `ExactAmount` (through `Decimal`): `parse_decimal`, then
    /// negative (when refused), then an integer part over MAX_MINOR, then per currency
    /// `from_decimal_exact`.
    fn through_decimal(s: &str, refuse_negative: bool, c: Currency) -> Result<Result<Money, MoneyError>, AmountRefusal> {
        let d = parse_decimal(s).map_err(AmountRefusal::Text)?;
        if refuse_negative && d.is_sign_negative() && !d.is_zero() {
            return Err(AmountRefusal::Negative);
        }
        if d.abs().trunc() > Decimal::from(MAX_MINOR) {
            return Err(AmountRefusal::TooLarge);
        }
        Ok(Money::from_decimal_exact(d, c))
    }

    fn exact_as_decimal(s: &str) {
        for c in ["EUR", "JPY", "KWD"].map(|c| Currency::from_code(c).unwrap()) {
            for refuse_negative in [true, false] {
                let ours = ExactAmount::parse(s, refuse_negative).map(|a| a.money(c));
                assert_eq!(ours, through_decimal(s, refuse_negative, c), "{s:?} {c} {refuse_negative}");
            }
        }
        if let Ok(a) = ExactAmount::parse(s, false) {
            let d = parse_decimal(s).unwrap();
            assert_eq!((a.is_negative(), a.is_zero()), (d.is_sign_negative() && !d.is_zero(), d.is_zero()), "{s}");
        }
    }

    /// `ExactAmount` answers what the `Decimal` path answered for any text: the same refusal in
    /// the same order, the same value or too many decimals (with their count) in every currency;
    /// at `Decimal`'s 96-bit limit (where it rounds) too.
    #[test]
    fn the_exact_parser_reads_what_the_decimal_path_read() {
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "-0.000",
            "00",
            "007.50",
            "12.300",
            "1.005",
            "0.0001",
            "-12.34",
            "1.2345",
            "999999999999999",
            "999999999999999.999",
            "1000000000000000",
            "-999999999999999.9",
            "99999999999999.99",
            "9999999999999.999",
            "0.00000000000000001",
            "1e5",
            "1E5",
            "+1",
            "--1",
            "1.",
            ".5",
            "",
            "-",
            "1.2.3",
            " 1",
            "1 ",
            "1,5",
            "0x10",
            "١",
            "9999999999999999999",
            "99999999999999999999",
            "1.0000000000000000",
        ]
        .map(String::from)
        .to_vec();
        cases.extend([format!("0.{}", "9".repeat(28)), format!("{}.{}", "9".repeat(14), "9".repeat(15)), format!("{}.{}", "9".repeat(15), "9".repeat(14))]);
        cases.extend([format!("1.{}", "0".repeat(28)), format!("-{}", "9".repeat(29)), "1".repeat(31), format!("-{}.5", "9".repeat(28))]);
        cases.extend(decimal_edge_cases());
        let alphabet = b"0000123456789..-+e ";
        let mut seed = 15u64;
        for _ in 0..50_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 59) as usize + (seed >> 62) as usize;
            cases.push((0..len).map(|k| alphabet[((seed >> (k * 3 % 40)) as usize + k * 7) % alphabet.len()] as char).collect());
        }
        for s in &cases {
            exact_as_decimal(s);
        }
        let eur = eur();
        let a = |s: &str| ExactAmount::parse(s, true).unwrap();
        assert_eq!(a("12.300").money(eur).unwrap().minor(), 1230);
        assert_eq!(a("007").money(eur).unwrap().minor(), 700);
        assert_eq!(a("1.2345").money(eur), Err(MoneyError::TooManyDecimals { currency: eur, decimals: 4 }));
        assert_eq!(a("999999999999999").money(eur), Err(MoneyError::AmountTooLarge));
        assert_eq!(ExactAmount::parse("-1", true), Err(AmountRefusal::Negative));
        assert_eq!(ExactAmount::parse("-1000000000000000", true), Err(AmountRefusal::Negative));
        assert_eq!(ExactAmount::parse("-1000000000000000", false), Err(AmountRefusal::TooLarge));
        assert_eq!(ExactAmount::parse(&"9".repeat(29), false), Err(AmountRefusal::Text(MoneyError::AmountTooLarge)));
        assert_eq!(ExactAmount::parse("1e5", false), Err(AmountRefusal::Text(MoneyError::InvalidAmount("1e5".into()))));
    }

    proptest::proptest! {
        #[test]
        fn allocate_sums_to_total(total in -MAX_MINOR..MAX_MINOR, weights in proptest::collection::vec(0i64..1_000_000, 1..12)) {
            let m = Money::from_minor(total, eur()).unwrap();
            if let Some(parts) = m.allocate(&weights) {
                proptest::prop_assert_eq!(parts.iter().map(|p| p.minor() as i128).sum::<i128>(), total as i128);
                for (p, w) in parts.iter().zip(&weights) {
                    if *w == 0 { proptest::prop_assert_eq!(p.minor(), 0); }
                }
            } else {
                proptest::prop_assert!(weights.iter().all(|w| *w == 0));
            }
        }

        #[test]
        fn format_then_parse_round_trips(minor in -MAX_MINOR..MAX_MINOR) {
            for code in ["EUR", "JPY", "KWD"] {
                let c = Currency::from_code(code).unwrap();
                let m = Money::from_minor(minor, c).unwrap();
                proptest::prop_assert_eq!(Money::parse(&m.to_decimal_string(), c).unwrap(), m);
            }
        }
    }
}
