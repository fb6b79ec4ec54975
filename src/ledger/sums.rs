//! Sums of many transfers, as a database computes them (`SUM(amount)` over an account's
//! movements): non-negative decimal strings whose minor units may exceed one amount's range, read
//! and written exactly as `i128` minor units.

use crate::api::de::{Error, Read, Reader};
use crate::api::ApiError;
use crate::codes::ErrorCode;
use crate::money::{parse_decimal, Currency};
use rust_decimal::Decimal;

/// A non-negative decimal sum (`"1234567890123456.78"`); its currency comes from context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WideAmount(pub Decimal);

impl Read for WideAmount {
    const EXPECTING: &'static str = "a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        // Same rules as an amount (a JSON string, digits and one point), without the 15-digit cap.
        let s = r.str(Self::EXPECTING).map_err(|_| Error::new(ErrorCode::InvalidType, "a sum must be a string"))?;
        let dec = parse_decimal(&s).map_err(|e| Error::coded(e.code(), e.to_string()))?;
        if dec.is_sign_negative() && !dec.is_zero() {
            return Err(Error::new(ErrorCode::NegativeAmount, format!("sum {s:?} must not be negative")));
        }
        Ok(WideAmount(dec))
    }
    fn placeholder() -> Self {
        WideAmount(Decimal::ZERO)
    }
}

impl WideAmount {
    /// Exact minor units in `currency`; more decimals than the currency has is an error at `path`.
    pub fn minor(&self, currency: Currency, path: &str) -> Result<i128, ApiError> {
        let d = self.0.normalize();
        let e = u32::from(currency.exponent());
        if d.scale() > e {
            return Err(ApiError::at(ErrorCode::TooManyDecimals, path, format!("{currency} has {e} decimals")));
        }
        10i128
            .checked_pow(e - d.scale())
            .and_then(|f| d.mantissa().checked_mul(f))
            .ok_or_else(|| ApiError::at(ErrorCode::AmountTooLarge, path, "the sum is too large"))
    }
}

/// Formats `i128` minor units with exactly the currency's decimals (`-5` EUR → `"-0.05"`).
pub fn wide_string(minor: i128, currency: Currency) -> String {
    let e = usize::from(currency.exponent());
    let digits = format!("{:0>width$}", minor.unsigned_abs(), width = e + 1);
    let sign = if minor < 0 { "-" } else { "" };
    if e == 0 {
        return format!("{sign}{digits}");
    }
    let (int, frac) = digits.split_at(digits.len() - e);
    format!("{sign}{int}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn sums_beyond_one_amount_are_exact() {
        let w: WideAmount = parse_value(json!("12345678901234567890.12")).unwrap();
        assert_eq!(w.minor(cur("EUR"), "p").unwrap(), 1_234_567_890_123_456_789_012);
        assert_eq!(wide_string(1_234_567_890_123_456_789_012, cur("EUR")), "12345678901234567890.12");
        let w: WideAmount = parse_value(json!("7.5")).unwrap();
        assert_eq!(w.minor(cur("KWD"), "p").unwrap(), 7_500);
        assert_eq!(w.minor(cur("JPY"), "p").unwrap_err().code, ErrorCode::TooManyDecimals);
        assert_eq!(parse_value::<WideAmount>(json!("-1")).unwrap_err().code, ErrorCode::NegativeAmount);
        assert_eq!(parse_value::<WideAmount>(json!(5)).unwrap_err().code, ErrorCode::InvalidType);
        assert_eq!(parse_value::<WideAmount>(json!("1e5")).unwrap_err().code, ErrorCode::InvalidAmount);
    }

    #[test]
    fn formatting_matches_amounts() {
        assert_eq!(wide_string(-5, cur("EUR")), "-0.05");
        assert_eq!(wide_string(0, cur("EUR")), "0.00");
        assert_eq!(wide_string(0, cur("JPY")), "0");
        assert_eq!(wide_string(1005, cur("KWD")), "1.005");
        assert_eq!(wide_string(i128::MIN, cur("EUR")), "-1701411834604692317316873037158841057.28");
        for v in [0i64, 1, 99, 100, 123_456, crate::money::MAX_MINOR] {
            assert_eq!(wide_string(i128::from(v), cur("EUR")), crate::money::format_minor(v, cur("EUR")));
        }
    }
}
