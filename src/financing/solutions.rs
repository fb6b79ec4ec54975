//! Which configured financing solutions a cart may use, and the instalment schedule of a split
//! payment.

use crate::prelude::*;

use super::after_sale::SolutionKind;
use crate::codes::Code;
use crate::money::{Currency, Money};

/// The provider finances in euros only.
pub const FINANCED_CURRENCY: &str = "EUR";

/// A solution as the merchant configured it (amounts in minor units of `currency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub kind: SolutionKind,
    pub instalments: Option<u32>,
    pub min: i64,
    pub max: i64,
    pub currency: Currency,
    pub enabled: bool,
}

/// What is wrong with a configured solution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermsError {
    /// The maximum amount is below the minimum.
    MaxBelowMin,
    /// A split payment has no instalment count between 2 and 12.
    InstalmentsOutOfRange,
}

/// A solution whose terms hold together: a split payment has 2 to 12 instalments, long credit none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Solution {
    pub terms: Terms,
}

impl Terms {
    pub fn check(self) -> Result<Solution, TermsError> {
        if self.max < self.min {
            return Err(TermsError::MaxBelowMin);
        }
        let instalments = match (self.kind, self.instalments) {
            (SolutionKind::Split, Some(k)) if (2..=12).contains(&k) => Some(k),
            (SolutionKind::Split, _) => return Err(TermsError::InstalmentsOutOfRange),
            (SolutionKind::Credit, _) => None,
        };
        Ok(Solution { terms: Terms { instalments, ..self } })
    }
}

/// The cart a solution is judged for.
#[derive(Debug, Clone, Copy)]
pub struct Cart<'a> {
    pub currency: Currency,
    pub total: i64,
    /// ISO 3166 alpha-2.
    pub country: &'a str,
}

/// Whether a solution is available for a cart (with every reason why not) and, for an available
/// split payment, the instalments (the first takes the odd cent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judgement {
    pub reasons: Vec<Code>,
    pub schedule: Option<Vec<Money>>,
}

impl Solution {
    /// `countries`: where the solution is offered.
    pub fn judge(&self, countries: &[String], cart: &Cart<'_>) -> Judgement {
        let (t, cc, total) = (&self.terms, cart.currency, cart.total);
        let mut reasons = Vec::new();
        if !t.enabled {
            reasons.push(Code::MethodDisabled);
        }
        if cc.code() != FINANCED_CURRENCY || t.currency != cc {
            reasons.push(Code::CurrencyNotSupported);
        }
        if !countries.iter().any(|c| c == cart.country) {
            reasons.push(Code::CountryNotSupported);
        }
        if total <= 0 {
            reasons.push(Code::NothingToPay);
        } else if t.currency == cc && total < t.min {
            reasons.push(Code::AmountBelowMinimum);
        } else if t.currency == cc && total > t.max {
            reasons.push(Code::AmountAboveMaximum);
        }
        Code::sort_list(&mut reasons, false);
        let schedule = match (t.instalments, reasons.is_empty()) {
            (Some(k), true) => Money::from_minor(total, cc).ok().and_then(|m| m.split_even(k as usize)),
            _ => None,
        };
        Judgement { reasons, schedule }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn split(instalments: Option<u32>) -> Terms {
        Terms { kind: SolutionKind::Split, instalments, min: 10_000, max: 300_000, currency: eur(), enabled: true }
    }

    #[test]
    fn terms_hold_together_or_say_what_is_wrong() {
        assert_eq!(split(Some(1)).check(), Err(TermsError::InstalmentsOutOfRange));
        assert_eq!(split(None).check(), Err(TermsError::InstalmentsOutOfRange));
        assert_eq!(Terms { max: 9_999, ..split(Some(3)) }.check(), Err(TermsError::MaxBelowMin));
        let credit = Terms { kind: SolutionKind::Credit, ..split(Some(3)) }.check().unwrap();
        assert_eq!(credit.terms.instalments, None, "long credit has no instalments");
    }

    #[test]
    fn an_available_split_payment_has_its_schedule_and_a_refused_one_every_reason() {
        let s = split(Some(3)).check().unwrap();
        let fr = ["FR".to_string()];
        let j = s.judge(&fr, &Cart { currency: eur(), total: 10_001, country: "FR" });
        let parts: Vec<i64> = j.schedule.unwrap().iter().map(|m| m.minor()).collect();
        assert_eq!((j.reasons, parts), (vec![], vec![3_334, 3_334, 3_333]));
        let j = s.judge(&fr, &Cart { currency: eur(), total: 5_000, country: "DE" });
        assert_eq!((j.reasons, j.schedule), (vec![Code::CountryNotSupported, Code::AmountBelowMinimum], None));
    }
}
