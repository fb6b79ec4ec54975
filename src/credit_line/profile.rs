//! What the credit rules read: the customer's profile, the shop's settings and the customer's
//! orders on account (receivables), parsed from the wire into validated values.

use super::summary::{OpenSummary, WireOpenSummary};
use crate::api::ops::ledger::WireAccount;
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, Id, WireDate};
use crate::api::ApiError;
use crate::codes::ErrorCode;
use crate::date::Date;
use crate::ledger::{Account, AccountKind};
use crate::money::Currency;
use crate::quoted::Quoted;
use crate::{Read, Write};

pub const MAX_TERMS_DAYS: u32 = 365;
pub const MAX_RECEIVABLES: usize = 1000;
pub const MAX_REMINDER_OFFSETS: usize = 10;
pub const REMINDER_OFFSET_RANGE_DAYS: std::ops::RangeInclusive<i32> = -60..=365;
pub const MAX_UTC_OFFSET_S: i32 = 14 * 3600;
pub const MAX_COMPANY_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Read, Write)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

impl RiskLevel {
    /// Every level, for the words hosts show (`tools/codegen`).
    pub const ALL: [RiskLevel; 3] = [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High];
}

/// What the shop decided a risk level does to orders on account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Read, Write)]
#[serde(rename_all = "snake_case")]
pub enum RiskEffect {
    None,
    ManualApproval,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Read, Write)]
#[serde(rename_all = "snake_case")]
pub enum ReceivableState {
    Open,
    Paid,
    Cancelled,
}

impl ReceivableState {
    /// Every state, for the words hosts show (`tools/codegen`).
    pub const ALL: [ReceivableState; 3] = [ReceivableState::Open, ReceivableState::Paid, ReceivableState::Cancelled];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Read)]
#[serde(deny_unknown_fields)]
pub struct RiskEffects {
    pub low: RiskEffect,
    pub medium: RiskEffect,
    pub high: RiskEffect,
}

impl RiskEffects {
    pub fn for_level(&self, level: RiskLevel) -> RiskEffect {
        match level {
            RiskLevel::Low => self.low,
            RiskLevel::Medium => self.medium,
            RiskLevel::High => self.high,
        }
    }
}

/// Shop-wide credit settings (validated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub default_terms_days: u32,
    pub block_when_overdue: bool,
    pub block_when_unpaid: bool,
    pub risk_effects: RiskEffects,
    /// Days relative to the due date at which reminders go out; sorted, unique. Level n is the
    /// n-th offset (levels count from 1).
    pub reminder_offsets_days: Vec<i32>,
    pub utc_offset_s: i32,
}

impl Settings {
    /// The maximum payment delay for this customer: the profile's override, else the default.
    pub fn terms_days(&self, profile: Option<&Profile>) -> u32 {
        profile.and_then(|p| p.terms_days).unwrap_or(self.default_terms_days)
    }
    /// The shop-local date at `now_s`.
    pub fn today(&self, now_s: i64) -> Result<Date, ApiError> {
        Date::from_unix_s(now_s, self.utc_offset_s)
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "now", "`now` plus the shop's UTC offset is out of range"))
    }
}

/// Per-customer credit settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    pub terms_days: Option<u32>,
    pub company_name: Option<String>,
}

/// One order on account, in minor units of `currency`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receivable {
    pub order_ref: String,
    pub currency: Currency,
    pub amount: i64,
    pub paid: i64,
    /// Unknown until the admin-chosen order status is reached (see `credit.dueDate`).
    pub due_date: Option<Date>,
    pub state: ReceivableState,
    pub last_reminder_level: Option<u32>,
}

impl Receivable {
    /// What is still expected: `amount - paid` for an open receivable, nothing otherwise.
    pub fn outstanding(&self) -> i64 {
        if self.state == ReceivableState::Open {
            self.amount.saturating_sub(self.paid).max(0)
        } else {
            0
        }
    }
    /// Whole days past the due date at `today` while something is outstanding; 0 otherwise
    /// (the due date itself is not overdue).
    pub fn days_overdue(&self, today: Date) -> i64 {
        match self.due_date {
            Some(d) if self.outstanding() > 0 => d.days_until(today).max(0),
            _ => 0,
        }
    }
}

/// Everything the gate reads about one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditContext {
    /// None when the customer has no credit line.
    pub account: Option<Account>,
    pub profile: Profile,
    pub settings: Settings,
    /// All in the account's currency.
    pub receivables: Vec<Receivable>,
    /// The other open receivables, summed (None: every open receivable is listed).
    pub unlisted: Option<OpenSummary>,
}

impl CreditContext {
    pub fn today(&self, now_s: i64) -> Result<Date, ApiError> {
        self.settings.today(now_s)
    }
    pub fn terms_days(&self) -> u32 {
        self.settings.terms_days(Some(&self.profile))
    }
}

// ---------------------------------------------------------------- wire

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireSettings {
    pub default_payment_terms_days: u32,
    #[serde(default)]
    pub block_when_overdue: bool,
    #[serde(default)]
    pub block_when_unpaid: bool,
    pub risk_effects: RiskEffects,
    #[serde(default)]
    pub reminder_offsets_days: Vec<i32>,
    #[serde(default)]
    pub utc_offset_s: i32,
}

impl WireSettings {
    pub fn parse(&self, path: &str) -> Result<Settings, ApiError> {
        let bad = |field: &str, msg: &str| ApiError::at(ErrorCode::InvalidValue, format!("{path}.{field}"), msg.to_string());
        if self.default_payment_terms_days > MAX_TERMS_DAYS {
            return Err(bad("defaultPaymentTermsDays", "payment terms must be 0 to 365 days"));
        }
        check_len(&self.reminder_offsets_days, MAX_REMINDER_OFFSETS, format_args!("{path}.reminderOffsetsDays"))?;
        let offsets = &self.reminder_offsets_days;
        if offsets.iter().any(|d| !REMINDER_OFFSET_RANGE_DAYS.contains(d)) || offsets.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("reminderOffsetsDays", "reminder offsets must be sorted, unique, between -60 and 365 days"));
        }
        if !(-MAX_UTC_OFFSET_S..=MAX_UTC_OFFSET_S).contains(&self.utc_offset_s) {
            return Err(bad("utcOffsetS", "the UTC offset must be within ±14 hours (±50400 s)"));
        }
        Ok(Settings {
            default_terms_days: self.default_payment_terms_days,
            block_when_overdue: self.block_when_overdue,
            block_when_unpaid: self.block_when_unpaid,
            risk_effects: self.risk_effects,
            reminder_offsets_days: offsets.clone(),
            utc_offset_s: self.utc_offset_s,
        })
    }
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireProfile {
    #[serde(default)]
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    #[serde(default)]
    pub payment_terms_days: Option<u32>,
    #[serde(default)]
    pub company_name: Option<String>,
}

impl WireProfile {
    pub fn parse(&self, path: &str) -> Result<Profile, ApiError> {
        if self.payment_terms_days.is_some_and(|d| d > MAX_TERMS_DAYS) {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.paymentTermsDays"), "payment terms must be 0 to 365 days"));
        }
        let company_name = match &self.company_name {
            Some(n) => Some(check_text(n, MAX_COMPANY_NAME_CHARS, &format!("{path}.companyName"))?),
            None => None,
        };
        Ok(Profile { on_hold: self.on_hold, risk_level: self.risk_level, terms_days: self.payment_terms_days, company_name })
    }
}

/// Free text: at most `max` characters, no control characters except line breaks.
pub fn check_text(s: &str, max: usize, path: &str) -> Result<String, ApiError> {
    if s.chars().count() > max || s.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("text must be at most {max} characters without control characters")));
    }
    Ok(s.to_string())
}

#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireReceivable {
    pub order_ref: Id,
    pub currency: CurrencyCode,
    pub amount: Amount,
    pub paid: Amount,
    #[serde(default)]
    pub due_date: Option<WireDate>,
    pub state: ReceivableState,
    #[serde(default)]
    pub last_reminder_level: Option<u32>,
}

impl WireReceivable {
    /// With `currency`, the receivable must be in it (`currency_mismatch` otherwise).
    pub fn parse(&self, currency: Option<Currency>, path: &str) -> Result<Receivable, ApiError> {
        let c = self.currency.0;
        if let Some(expected) = currency {
            same_currency(expected, c, format_args!("{path}.currency"))?;
        }
        let amount = self.amount.minor(c, format_args!("{path}.amount"))?;
        let paid = self.paid.minor(c, format_args!("{path}.paid"))?;
        if paid > amount {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.paid"), "paid cannot exceed the amount"));
        }
        Ok(Receivable {
            order_ref: self.order_ref.0.clone(),
            currency: c,
            amount,
            paid,
            due_date: self.due_date.map(|d| d.0),
            state: self.state,
            last_reminder_level: self.last_reminder_level,
        })
    }
}

/// Parses a customer's receivables: at most 1000, unique order refs, one currency when given.
pub fn parse_receivables(list: &[WireReceivable], currency: Option<Currency>, path: &str) -> Result<Vec<Receivable>, ApiError> {
    check_len(list, MAX_RECEIVABLES, path)?;
    let repeated = crate::sorted::repeats(list, |r| r.order_ref.as_str());
    let mut out = Vec::with_capacity(list.len());
    for (i, r) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        if repeated[i] {
            return Err(ApiError::at(ErrorCode::DuplicateId, format!("{p}.orderRef"), format!("order {} appears twice", Quoted(&r.order_ref.0))));
        }
        out.push(r.parse(currency, &p)?);
    }
    Ok(out)
}

/// A receivable as answered; the same shape the host stores and passes back in.
#[derive(Write, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ReceivableOut {
    pub amount: String,
    pub currency: CurrencyCode,
    pub due_date: Option<String>,
    pub last_reminder_level: Option<u32>,
    pub order_ref: String,
    pub paid: String,
    pub state: ReceivableState,
}

impl From<&Receivable> for ReceivableOut {
    fn from(r: &Receivable) -> Self {
        ReceivableOut {
            order_ref: r.order_ref.clone(),
            currency: CurrencyCode(r.currency),
            amount: amount_string(r.amount, r.currency),
            paid: amount_string(r.paid, r.currency),
            due_date: r.due_date.map(|d| d.to_string()),
            state: r.state,
            last_reminder_level: r.last_reminder_level,
        }
    }
}

/// Parses a credit-line account snapshot: kind `credit_line`.
pub fn parse_credit_account(a: &WireAccount, path: &str) -> Result<Account, ApiError> {
    let acc = a.to_account(path)?;
    if acc.kind != AccountKind::CreditLine {
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.kind"), "the account must be a credit_line"));
    }
    Ok(acc)
}

/// Parses a shop-side account snapshot (sales, cash): kind `shop`.
pub fn parse_shop_account(a: &WireAccount, path: &str) -> Result<Account, ApiError> {
    let acc = a.to_account(path)?;
    if acc.kind != AccountKind::Shop {
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("{path}.kind"), "the account must be a shop account"));
    }
    Ok(acc)
}

/// A customer's credit context on the wire: `{account?, profile, settings, receivables}`. The same
/// object is passed to every `credit.*` op, to eligibility and to checkout.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireCreditContext {
    /// Absent: the customer has no credit line.
    #[serde(default)]
    pub account: Option<WireAccount>,
    pub profile: WireProfile,
    pub settings: WireSettings,
    #[serde(default)]
    pub receivables: Vec<WireReceivable>,
    /// The open receivables not in `receivables`, summed by the host (any number of them).
    #[serde(default)]
    pub open_summary: Option<WireOpenSummary>,
}

impl WireCreditContext {
    /// Validates under `path` (`input.credit`): a `credit_line` account, settings and profile in
    /// range, at most 1000 receivables with unique order refs, all in the account's currency
    /// (without an account, in the first receivable's).
    pub fn validate(&self, path: &str) -> Result<CreditContext, ApiError> {
        let account = match &self.account {
            Some(a) => Some(parse_credit_account(a, &format!("{path}.account"))?),
            None => None,
        };
        let currency = account.as_ref().map(|a| a.currency).or_else(|| self.receivables.first().map(|r| r.currency.0));
        let unlisted = match (&self.open_summary, currency) {
            (None, _) => None,
            (Some(s), Some(c)) => Some(s.parse(c, &format!("{path}.openSummary"))?),
            (Some(_), None) => {
                return Err(ApiError::at(
                    ErrorCode::MissingField,
                    format!("{path}.account"),
                    "summed receivables need the credit-line account (their currency)",
                ))
            }
        };
        Ok(CreditContext {
            unlisted,
            receivables: parse_receivables(&self.receivables, currency, &format!("{path}.receivables"))?,
            account,
            profile: self.profile.parse(&format!("{path}.profile"))?,
            settings: self.settings.parse(&format!("{path}.settings"))?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::parse_value;
    use serde_json::json;

    fn settings_json() -> serde_json::Value {
        json!({"defaultPaymentTermsDays":30,"blockWhenOverdue":true,"blockWhenUnpaid":false,
               "riskEffects":{"low":"none","medium":"manual_approval","high":"block"},
               "reminderOffsetsDays":[-3,0,7,14],"utcOffsetS":3600})
    }

    #[test]
    fn settings_are_range_checked() {
        let s: WireSettings = parse_value(settings_json()).unwrap();
        let ok = s.parse("input.settings").unwrap();
        assert_eq!(ok.risk_effects.for_level(RiskLevel::Medium), RiskEffect::ManualApproval);
        assert_eq!(ok.terms_days(None), 30);
        for (field, value, path) in [
            ("defaultPaymentTermsDays", json!(366), "input.settings.defaultPaymentTermsDays"),
            ("reminderOffsetsDays", json!([0, -3]), "input.settings.reminderOffsetsDays"),
            ("reminderOffsetsDays", json!([0, 0]), "input.settings.reminderOffsetsDays"),
            ("reminderOffsetsDays", json!([-61]), "input.settings.reminderOffsetsDays"),
            ("utcOffsetS", json!(50401), "input.settings.utcOffsetS"),
        ] {
            let mut v = settings_json();
            v[field] = value;
            let s: WireSettings = parse_value(v).unwrap();
            let e = s.parse("input.settings").unwrap_err();
            assert_eq!((e.code, e.path.as_deref()), (ErrorCode::InvalidValue, Some(path)), "{field}");
        }
    }

    #[test]
    fn profile_override_wins_and_text_is_bounded() {
        let p: WireProfile = parse_value(json!({"onHold":false,"riskLevel":"low","paymentTermsDays":45,"companyName":"ACME SARL"})).unwrap();
        let p = p.parse("input.profile").unwrap();
        let s: WireSettings = parse_value(settings_json()).unwrap();
        assert_eq!(s.parse("s").unwrap().terms_days(Some(&p)), 45);
        let long: WireProfile = parse_value(json!({"onHold":false,"riskLevel":"low","companyName":"x".repeat(201)})).unwrap();
        assert_eq!(long.parse("input.profile").unwrap_err().path.as_deref(), Some("input.profile.companyName"));
        assert!(check_text("line\nbreak", 20, "p").is_ok());
        assert!(check_text("bell\u{7}", 20, "p").is_err());
    }

    #[test]
    fn receivables_are_unique_consistent_and_in_one_currency() {
        let r = |o: &str, c: &str, paid: &str| json!({"orderRef":o,"currency":c,"amount":"10.00","paid":paid,"dueDate":null,"state":"open"});
        let list: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "0"), r("o2", "EUR", "4.00")])).unwrap();
        let eur = Currency::from_code("EUR").unwrap();
        let parsed = parse_receivables(&list, Some(eur), "input.receivables").unwrap();
        assert_eq!(parsed[1].outstanding(), 600);
        let dup: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "0"), r("o1", "EUR", "0")])).unwrap();
        assert_eq!(parse_receivables(&dup, Some(eur), "r").unwrap_err().code, ErrorCode::DuplicateId);
        let usd: Vec<WireReceivable> = parse_value(json!([r("o1", "USD", "0")])).unwrap();
        assert_eq!(parse_receivables(&usd, Some(eur), "r").unwrap_err().code, ErrorCode::CurrencyMismatch);
        let over: Vec<WireReceivable> = parse_value(json!([r("o1", "EUR", "10.01")])).unwrap();
        assert_eq!(parse_receivables(&over, Some(eur), "r").unwrap_err().path.as_deref(), Some("r[0].paid"));
    }

    #[test]
    fn outstanding_and_overdue_only_count_open_receivables() {
        let d = |s: &str| Date::parse(s).unwrap();
        let mut r = Receivable {
            order_ref: "o".into(),
            currency: Currency::from_code("EUR").unwrap(),
            amount: 1000,
            paid: 400,
            due_date: Some(d("2026-11-20")),
            state: ReceivableState::Open,
            last_reminder_level: None,
        };
        assert_eq!((r.outstanding(), r.days_overdue(d("2026-11-20")), r.days_overdue(d("2026-11-22"))), (600, 0, 2));
        r.state = ReceivableState::Cancelled;
        assert_eq!((r.outstanding(), r.days_overdue(d("2026-12-22"))), (0, 0));
    }

    #[test]
    fn context_is_in_the_account_currency() {
        let v = json!({"account":{"id":"credit:1:7:EUR","kind":"credit_line","currency":"EUR","debitsPending":"0","debitsPosted":"0","creditsPending":"0","creditsPosted":"0","limit":"100"},
            "profile":{"riskLevel":"low"},"settings":settings_json(),
            "receivables":[{"orderRef":"o1","currency":"USD","amount":"1","paid":"0","state":"open"}]});
        let w: WireCreditContext = parse_value(v.clone()).unwrap();
        let e = w.validate("input.credit").unwrap_err();
        assert_eq!((e.code, e.path.as_deref()), (ErrorCode::CurrencyMismatch, Some("input.credit.receivables[0].currency")));
        let mut wallet = v;
        wallet["account"]["kind"] = json!("wallet");
        wallet["receivables"] = json!([]);
        let w: WireCreditContext = parse_value(wallet).unwrap();
        assert_eq!(w.validate("input.credit").unwrap_err().path.as_deref(), Some("input.credit.account.kind"));
    }
}
