//! Open receivables that are not listed one by one: what the host's database summed for the rules.
//!
//! A credit context lists the receivables a decision needs by name (the order being checked, the
//! oldest ones a page shows) and sums the rest, so its size does not grow with a customer's
//! unpaid orders. The rules read the sums: any outstanding (`order_unpaid`), the oldest due date
//! (`order_overdue`), totals; `credit.status` also reads what was computed for `asOf`.

use crate::api::ops::ledger::WideAmount;
use crate::api::wire::WireDate;
use crate::api::ApiError;
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::sums::wide_string;
use crate::money::Currency;
use crate::{Read, Write};

/// The summed open receivables, in the context's currency (minor units).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenSummary {
    /// Open receivables with something outstanding.
    pub count: u64,
    /// Σ (amount − paid) over them.
    pub outstanding: i128,
    /// Σ paid over every summed open receivable.
    pub paid: i128,
    /// The earliest due date among those with something outstanding.
    pub oldest_due_date: Option<Date>,
    /// The shop-local day the next two figures were computed for.
    pub as_of: Date,
    /// The earliest due date on or after `as_of` with something outstanding.
    pub next_due_date: Option<Date>,
    /// Those due before `as_of` with something outstanding: how many, and what they still owe.
    pub overdue_count: u64,
    pub overdue: i128,
}

impl OpenSummary {
    /// Some summed receivable is overdue at `today` (due before it, something outstanding).
    pub fn any_overdue(&self, today: Date) -> bool {
        self.oldest_due_date.is_some_and(|d| d < today)
    }
}

/// `{count, outstanding, paid, oldestDueDate?, asOf, nextDueDate?, overdueCount, overdue}`.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireOpenSummary {
    pub count: u64,
    pub outstanding: WideAmount,
    pub paid: WideAmount,
    #[serde(default)]
    pub oldest_due_date: Option<WireDate>,
    pub as_of: WireDate,
    #[serde(default)]
    pub next_due_date: Option<WireDate>,
    pub overdue_count: u64,
    pub overdue: WideAmount,
}

impl WireOpenSummary {
    pub fn parse(&self, currency: Currency, path: &str) -> Result<OpenSummary, ApiError> {
        let s = OpenSummary {
            count: self.count,
            outstanding: self.outstanding.minor(currency, &format!("{path}.outstanding"))?,
            paid: self.paid.minor(currency, &format!("{path}.paid"))?,
            oldest_due_date: self.oldest_due_date.map(|d| d.0),
            as_of: self.as_of.0,
            next_due_date: self.next_due_date.map(|d| d.0),
            overdue_count: self.overdue_count,
            overdue: self.overdue.minor(currency, &format!("{path}.overdue"))?,
        };
        let bad = |field: &str, msg: &str| Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.{field}"), msg.to_string()));
        if (s.count == 0) != (s.outstanding == 0) || (s.count == 0 && (s.oldest_due_date.is_some() || s.next_due_date.is_some())) {
            return bad("count", "the count, the outstanding sum and the oldest due date disagree");
        }
        if s.overdue_count > s.count || s.overdue > s.outstanding || (s.overdue_count == 0) != (s.overdue == 0) {
            return bad("overdueCount", "the overdue figures must be part of the outstanding ones");
        }
        if s.next_due_date.is_some_and(|d| d < s.as_of) {
            return bad("nextDueDate", "the next due date must not be before asOf");
        }
        Ok(s)
    }
}

/// `credit.status`: the summed receivables that are overdue (the listed ones are named).
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct UnlistedOverdueOut {
    pub amount_due: String,
    pub count: u64,
}

impl UnlistedOverdueOut {
    pub fn of(s: &OpenSummary, currency: Currency) -> UnlistedOverdueOut {
        UnlistedOverdueOut { count: s.overdue_count, amount_due: wide_string(s.overdue, currency) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn wire(v: serde_json::Value) -> Result<OpenSummary, ApiError> {
        parse_value::<WireOpenSummary>(v)?.parse(eur(), "input.credit.openSummary")
    }

    #[test]
    fn figures_must_agree() {
        let ok = json!({"count": 3, "outstanding": "12.00", "paid": "1.00", "oldestDueDate": "2026-10-01", "asOf": "2026-11-22",
            "nextDueDate": "2026-11-30", "overdueCount": 1, "overdue": "4.00"});
        let s = wire(ok.clone()).unwrap();
        assert!(s.any_overdue(Date::parse("2026-10-02").unwrap()));
        assert!(!s.any_overdue(Date::parse("2026-10-01").unwrap()));
        let none = json!({"count": 0, "outstanding": "0.00", "paid": "5.00", "asOf": "2026-11-22", "overdueCount": 0, "overdue": "0"});
        assert!(!wire(none).unwrap().any_overdue(Date::parse("9999-12-31").unwrap()));
        for (field, value) in [
            ("count", json!(0)),
            ("outstanding", json!("0.00")),
            ("overdueCount", json!(4)),
            ("overdue", json!("13.00")),
            ("overdue", json!("0.00")),
            ("nextDueDate", json!("2026-11-21")),
        ] {
            let mut v = ok.clone();
            v[field] = value;
            assert_eq!(wire(v).unwrap_err().code, ErrorCode::InvalidValue, "{field}");
        }
        let mut v = ok.clone();
        v["outstanding"] = json!("1.001");
        assert_eq!(wire(v).unwrap_err().code, ErrorCode::TooManyDecimals);
    }
}
