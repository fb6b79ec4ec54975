//! Credit-line rules as pure functions: exposure, due dates, overdue, the order gate.

use crate::codes::Code;
use crate::date::Date;
use crate::decision::Availability;
use crate::ledger::Account;

/// What the admin decides per risk level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskEffect {
    None,
    ManualApproval,
    Block,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceivableState {
    Open,
    Paid,
    Cancelled,
}

/// Shop-wide credit settings (validated on input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditSettings {
    pub default_terms_days: u16,
    pub block_when_overdue: bool,
    pub block_when_unpaid: bool,
    pub risk_effects: [RiskEffect; 3],
    /// Days relative to the due date at which reminders go out, sorted, unique.
    pub reminder_offsets_days: Vec<i32>,
    pub utc_offset_s: i32,
}

/// Per-customer settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditProfile {
    pub on_hold: bool,
    pub risk_level: RiskLevel,
    pub terms_days: Option<u16>,
}

/// One order on account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receivable {
    pub order_ref: String,
    pub amount: i64,
    pub paid: i64,
    pub due_date: Option<Date>,
    pub state: ReceivableState,
    pub last_reminder_level: Option<u32>,
}

impl Receivable {
    pub fn outstanding(&self) -> i64 {
        if self.state == ReceivableState::Open {
            (self.amount - self.paid).max(0)
        } else {
            0
        }
    }
    /// Days past due at `today` (0 when not due yet or settled).
    pub fn days_overdue(&self, today: Date) -> i64 {
        match self.due_date {
            Some(d) if self.outstanding() > 0 => d.days_until(today).max(0),
            _ => 0,
        }
    }
}

pub fn risk_effect(settings: &CreditSettings, level: RiskLevel) -> RiskEffect {
    settings.risk_effects[match level {
        RiskLevel::Low => 0,
        RiskLevel::Medium => 1,
        RiskLevel::High => 2,
    }]
}

pub fn terms_days(settings: &CreditSettings, profile: &CreditProfile) -> u16 {
    profile.terms_days.unwrap_or(settings.default_terms_days)
}

/// Reasons that block any new order on account now, whatever its amount.
pub fn blocking_reasons(account: &Account, profile: &CreditProfile, settings: &CreditSettings, receivables: &[Receivable], today: Date) -> Vec<Code> {
    let mut r = Vec::new();
    if profile.on_hold {
        r.push(Code::AccountOnHold);
    }
    if risk_effect(settings, profile.risk_level) == RiskEffect::Block {
        r.push(Code::RiskLevelBlocked);
    }
    if settings.block_when_overdue && receivables.iter().any(|x| x.days_overdue(today) > 0) {
        r.push(Code::OrderOverdue);
    }
    if settings.block_when_unpaid && receivables.iter().any(|x| x.outstanding() > 0) {
        r.push(Code::OrderUnpaid);
    }
    if account.limit == 0 {
        r.push(Code::NoCreditLimit);
    } else if account.remaining_credit() <= 0 {
        r.push(Code::ExceedsCreditLimit);
    }
    r
}

/// The gate for an order of `amount` minor units on account.
pub fn availability(
    account: Option<&Account>,
    profile: &CreditProfile,
    settings: &CreditSettings,
    receivables: &[Receivable],
    amount: i64,
    today: Date,
) -> Availability {
    let Some(account) = account else {
        return Availability::from_reasons(vec![Code::NoCreditLine], 0, amount);
    };
    let mut reasons = blocking_reasons(account, profile, settings, receivables, today);
    if amount <= 0 {
        reasons.push(Code::NothingToPay);
    }
    if account.limit > 0 && amount > account.remaining_credit() {
        reasons.push(Code::ExceedsCreditLimit);
    }
    Availability::from_reasons(reasons, amount, amount)
}

pub fn needs_manual_approval(settings: &CreditSettings, profile: &CreditProfile) -> bool {
    risk_effect(settings, profile.risk_level) == RiskEffect::ManualApproval
}

/// The reminder level due now for a receivable, if one is due and not sent yet: the highest
/// offset already reached (levels count from 1 in the order of the offsets).
pub fn reminder_due(r: &Receivable, offsets: &[i32], today: Date) -> Option<(u32, i32)> {
    let due = r.due_date?;
    if r.outstanding() == 0 {
        return None;
    }
    let elapsed = due.days_until(today);
    let mut best = None;
    for (i, off) in offsets.iter().enumerate() {
        if elapsed >= *off as i64 {
            best = Some((i as u32 + 1, *off));
        }
    }
    let (level, off) = best?;
    if r.last_reminder_level.is_some_and(|l| l >= level) {
        return None;
    }
    Some((level, off))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::AccountKind;
    use crate::money::Currency;

    fn settings() -> CreditSettings {
        CreditSettings {
            default_terms_days: 30,
            block_when_overdue: true,
            block_when_unpaid: false,
            risk_effects: [RiskEffect::None, RiskEffect::None, RiskEffect::ManualApproval],
            reminder_offsets_days: vec![-3, 0, 7, 14],
            utc_offset_s: 0,
        }
    }
    fn profile() -> CreditProfile {
        CreditProfile { on_hold: false, risk_level: RiskLevel::Low, terms_days: None }
    }
    fn account(limit: i64, exposure: i64) -> Account {
        let mut a = Account::new("credit:1:7:EUR", AccountKind::CreditLine, Currency::from_code("EUR").unwrap());
        a.limit = limit;
        a.debits_posted = exposure;
        a
    }
    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn recv(due: Option<&str>, amount: i64, paid: i64) -> Receivable {
        Receivable { order_ref: "o1".into(), amount, paid, due_date: due.map(d), state: ReceivableState::Open, last_reminder_level: None }
    }

    #[test]
    fn gate_covers_exactly_the_remaining_credit() {
        let a = account(100_000, 40_000);
        let today = d("2026-11-22");
        assert!(availability(Some(&a), &profile(), &settings(), &[], 60_000, today).available);
        let no = availability(Some(&a), &profile(), &settings(), &[], 60_001, today);
        assert_eq!(no.reasons, vec![Code::ExceedsCreditLimit]);
        assert_eq!(availability(None, &profile(), &settings(), &[], 1, today).reasons, vec![Code::NoCreditLine]);
        assert_eq!(availability(Some(&account(0, 0)), &profile(), &settings(), &[], 1, today).reasons, vec![Code::NoCreditLimit]);
    }

    #[test]
    fn every_blocking_reason_is_reported_in_precedence_order() {
        let mut p = profile();
        p.on_hold = true;
        p.risk_level = RiskLevel::High;
        let mut s = settings();
        s.risk_effects[2] = RiskEffect::Block;
        s.block_when_unpaid = true;
        let rs = [recv(Some("2026-11-01"), 1000, 0)];
        let a = availability(Some(&account(5_000, 4_500)), &p, &s, &rs, 1_000, d("2026-11-22"));
        assert_eq!(a.reasons, vec![Code::AccountOnHold, Code::RiskLevelBlocked, Code::OrderOverdue, Code::OrderUnpaid, Code::ExceedsCreditLimit]);
    }

    #[test]
    fn lowering_the_limit_below_exposure_blocks_new_orders() {
        let a = account(10_000, 12_000);
        assert_eq!(a.remaining_credit(), -2_000);
        assert_eq!(blocking_reasons(&a, &profile(), &settings(), &[], d("2026-01-01")), vec![Code::ExceedsCreditLimit]);
    }

    #[test]
    fn overdue_counts_days_after_the_due_date_only_while_unpaid() {
        let r = recv(Some("2026-11-20"), 1000, 400);
        assert_eq!(r.days_overdue(d("2026-11-20")), 0);
        assert_eq!(r.days_overdue(d("2026-11-22")), 2);
        assert_eq!(recv(Some("2026-11-20"), 1000, 1000).days_overdue(d("2026-12-22")), 0);
        assert_eq!(recv(None, 1000, 0).days_overdue(d("2030-01-01")), 0);
    }

    #[test]
    fn reminders_escalate_once_per_level() {
        let offs = [-3, 0, 7, 14];
        let mut r = recv(Some("2026-11-20"), 1000, 0);
        assert_eq!(reminder_due(&r, &offs, d("2026-11-16")), None);
        assert_eq!(reminder_due(&r, &offs, d("2026-11-17")), Some((1, -3)));
        assert_eq!(reminder_due(&r, &offs, d("2026-11-28")), Some((3, 7)));
        r.last_reminder_level = Some(3);
        assert_eq!(reminder_due(&r, &offs, d("2026-11-30")), None);
        assert_eq!(reminder_due(&r, &offs, d("2026-12-04")), Some((4, 14)));
    }
}
