//! What the credit rules read: the customer's profile, the shop's settings and the customer's
//! orders on account (receivables), as validated values, and what makes them valid
//! ([`ProfileError`]). Reading them from the wire is `crate::api::ops::credit_line`'s.

use crate::prelude::*;

use super::summary::OpenSummary;
use crate::date::Date;
use crate::ledger::Account;
use crate::money::Currency;
use crate::{Read, Write};

pub const MAX_TERMS_DAYS: u32 = 365;
pub const MAX_RECEIVABLES: usize = 1000;
pub const MAX_REMINDER_OFFSETS: usize = 10;
pub const REMINDER_OFFSET_RANGE_DAYS: core::ops::RangeInclusive<i32> = -60..=365;
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
    pub fn today(&self, now_s: i64) -> Result<Date, DayOutOfRange> {
        Date::from_unix_s(now_s, self.utc_offset_s).ok_or(DayOutOfRange)
    }
    /// The settings when every figure is in range: terms, reminder offsets (at most
    /// [`MAX_REMINDER_OFFSETS`], sorted, unique, within [`REMINDER_OFFSET_RANGE_DAYS`]), UTC offset;
    /// checked in that order.
    pub fn check(self) -> Result<Settings, ProfileError> {
        let offsets = &self.reminder_offsets_days;
        if self.default_terms_days > MAX_TERMS_DAYS {
            Err(ProfileError::DefaultTermsOutOfRange)
        } else if offsets.len() > MAX_REMINDER_OFFSETS {
            Err(ProfileError::TooManyReminderOffsets(offsets.len()))
        } else if offsets.iter().any(|d| !REMINDER_OFFSET_RANGE_DAYS.contains(d)) || offsets.windows(2).any(|w| w[0] >= w[1]) {
            Err(ProfileError::ReminderOffsets)
        } else if !(-MAX_UTC_OFFSET_S..=MAX_UTC_OFFSET_S).contains(&self.utc_offset_s) {
            Err(ProfileError::UtcOffsetOutOfRange)
        } else {
            Ok(self)
        }
    }
}

/// `now` plus the shop's UTC offset falls outside the calendar (years 1–9999).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayOutOfRange;

/// Why settings, a profile or a receivable are not valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileError {
    /// The shop's default payment terms above [`MAX_TERMS_DAYS`].
    DefaultTermsOutOfRange,
    /// A customer's own payment terms above [`MAX_TERMS_DAYS`].
    TermsOutOfRange,
    /// More reminder offsets than [`MAX_REMINDER_OFFSETS`] (how many).
    TooManyReminderOffsets(usize),
    /// Reminder offsets unsorted, repeated or out of [`REMINDER_OFFSET_RANGE_DAYS`].
    ReminderOffsets,
    /// The shop's UTC offset beyond ±[`MAX_UTC_OFFSET_S`].
    UtcOffsetOutOfRange,
    /// The company name is longer than [`MAX_COMPANY_NAME_CHARS`] or holds control characters.
    CompanyName,
    /// A receivable's paid part exceeds its amount.
    PaidOverAmount,
}

/// Free text a person typed: at most `max` characters, no control characters except line breaks.
pub fn text_ok(s: &str, max: usize) -> bool {
    s.chars().count() <= max && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\r')
}

/// Per-customer credit settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    pub terms_days: Option<u32>,
    pub company_name: Option<String>,
}

impl Profile {
    /// The profile when its terms are in range and its company name is plain text.
    pub fn check(self) -> Result<Profile, ProfileError> {
        if self.terms_days.is_some_and(|d| d > MAX_TERMS_DAYS) {
            Err(ProfileError::TermsOutOfRange)
        } else if self.company_name.as_deref().is_some_and(|n| !text_ok(n, MAX_COMPANY_NAME_CHARS)) {
            Err(ProfileError::CompanyName)
        } else {
            Ok(self)
        }
    }
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
    /// The receivable when what was paid does not exceed its amount.
    pub fn check(self) -> Result<Receivable, ProfileError> {
        if self.paid > self.amount {
            return Err(ProfileError::PaidOverAmount);
        }
        Ok(self)
    }
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
    pub fn today(&self, now_s: i64) -> Result<Date, DayOutOfRange> {
        self.settings.today(now_s)
    }
    pub fn terms_days(&self) -> u32 {
        self.settings.terms_days(Some(&self.profile))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings {
            default_terms_days: 30,
            block_when_overdue: true,
            block_when_unpaid: false,
            risk_effects: RiskEffects { low: RiskEffect::None, medium: RiskEffect::ManualApproval, high: RiskEffect::Block },
            reminder_offsets_days: vec![-3, 0, 7, 14],
            utc_offset_s: 3600,
        }
    }

    #[test]
    fn settings_are_range_checked_in_order() {
        let ok = settings().check().unwrap();
        assert_eq!(ok.risk_effects.for_level(RiskLevel::Medium), RiskEffect::ManualApproval);
        assert_eq!(ok.terms_days(None), 30);
        type Change = fn(&mut Settings);
        let cases: [(Change, ProfileError); 7] = [
            (|s| s.default_terms_days = 366, ProfileError::DefaultTermsOutOfRange),
            (|s| s.reminder_offsets_days = vec![0, -3], ProfileError::ReminderOffsets),
            (|s| s.reminder_offsets_days = vec![0, 0], ProfileError::ReminderOffsets),
            (|s| s.reminder_offsets_days = vec![-61], ProfileError::ReminderOffsets),
            (|s| s.reminder_offsets_days = (0..11).collect(), ProfileError::TooManyReminderOffsets(11)),
            (|s| s.utc_offset_s = 50401, ProfileError::UtcOffsetOutOfRange),
            // The terms come first.
            (|s| (s.default_terms_days, s.utc_offset_s) = (400, -50401), ProfileError::DefaultTermsOutOfRange),
        ];
        for (n, (change, expected)) in cases.into_iter().enumerate() {
            let mut s = settings();
            change(&mut s);
            assert_eq!(s.check(), Err(expected), "case {n}");
        }
        assert_eq!(Settings { utc_offset_s: 0, ..settings() }.today(253_402_300_800), Err(DayOutOfRange));
        assert_eq!(settings().today(1_795_390_200), Ok(Date::parse("2026-11-23").unwrap()));
    }

    #[test]
    fn profile_override_wins_and_text_is_bounded() {
        let p = Profile { on_hold: false, risk_level: RiskLevel::Low, terms_days: Some(45), company_name: Some("ACME SARL".into()) };
        assert_eq!(settings().terms_days(Some(&p.clone().check().unwrap())), 45);
        assert_eq!(Profile { company_name: Some("x".repeat(201)), ..p.clone() }.check(), Err(ProfileError::CompanyName));
        assert_eq!(Profile { terms_days: Some(366), ..p }.check(), Err(ProfileError::TermsOutOfRange));
        assert!(text_ok("line\nbreak", 20));
        assert!(!text_ok("bell\u{7}", 20));
        assert!(!text_ok(&"é".repeat(21), 20));
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
        assert_eq!(Receivable { paid: 1001, ..r.clone() }.check(), Err(ProfileError::PaidOverAmount));
        r.state = ReceivableState::Cancelled;
        assert_eq!((r.outstanding(), r.days_overdue(d("2026-12-22"))), (0, 0));
    }
}
