//! Sums of many transfers, as a database computes them (`SUM(amount)` over an account's
//! movements): `i128` minor units, which may exceed one amount's range, written exactly.

use crate::prelude::*;

use crate::money::Currency;

/// Formats `i128` minor units with exactly the currency's decimals (`-5` EUR → `"-0.05"`).
pub fn wide_string(minor: i128, currency: Currency) -> String {
    crate::money::scaled_string(minor.unsigned_abs(), minor < 0, usize::from(currency.exponent()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
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
