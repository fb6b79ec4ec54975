//! The gate: may this customer order this amount on account now, and if not, why.
//!
//! Reasons come out in the precedence of [`Code`] (declaration order): `nothing_to_pay`,
//! `no_credit_line`, `no_credit_limit`, `account_on_hold`, `risk_level_blocked`, `order_overdue`,
//! `order_unpaid`, `exceeds_credit_limit`. A risk level whose effect is `manual_approval` does not
//! block; it is reported as `needs_manual_approval`.

use crate::prelude::*;

use super::profile::{CreditContext, Profile, Receivable, RiskEffect, Settings};
use super::summary::OpenSummary;
use crate::codes::Code;
use crate::date::Date;
use crate::decision::Availability;
use crate::ledger::Account;

/// The gate's answer for one amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditAvailability {
    pub decision: Availability,
    /// The risk level asks an admin to approve orders on account by hand (not a blocker here).
    pub needs_manual_approval: bool,
    /// `limit - exposure` of the credit line (negative when the limit was lowered below the
    /// exposure); None without an open credit line.
    pub credit_remaining: Option<i64>,
}

/// The order being judged, when it already left traces (`credit.check`): its own receivable and
/// its own reservation must not count against it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnOrder<'a> {
    pub order_ref: Option<&'a str>,
    /// Minor units of this order's pending reservation still counted in the account's exposure.
    pub reserved: i64,
}

/// Judges `amount` (minor units, in the context's currency) at the shop-local date `today`.
pub fn assess(ctx: &CreditContext, amount: i64, today: Date, own: OwnOrder) -> CreditAvailability {
    assess_parts(ctx.account.as_ref(), &ctx.profile, &ctx.settings, (&ctx.receivables, ctx.unlisted.as_ref()), amount, today, own)
}

/// [`assess`] over the context's parts; the open receivables come listed and (the rest) summed.
pub fn assess_parts(
    account: Option<&Account>,
    profile: &Profile,
    settings: &Settings,
    open: (&[Receivable], Option<&OpenSummary>),
    amount: i64,
    today: Date,
    own: OwnOrder,
) -> CreditAvailability {
    let (receivables, unlisted) = open;
    let mut reasons = Vec::new();
    if amount <= 0 {
        reasons.push(Code::NothingToPay);
    }
    // A closed credit line is no credit line.
    let Some(account) = account.filter(|a| !a.closed) else {
        reasons.push(Code::NoCreditLine);
        return CreditAvailability { decision: Availability::from_reasons(reasons, 0, amount), needs_manual_approval: false, credit_remaining: None };
    };
    if account.limit == 0 {
        reasons.push(Code::NoCreditLimit);
    }
    if profile.on_hold {
        reasons.push(Code::AccountOnHold);
    }
    let effect = settings.risk_effects.for_level(profile.risk_level);
    if effect == RiskEffect::Block {
        reasons.push(Code::RiskLevelBlocked);
    }
    let others = || receivables.iter().filter(|r| Some(r.order_ref.as_str()) != own.order_ref);
    // The summed receivables never hold the order judged (the host lists it by name).
    if settings.block_when_overdue && (others().any(|r| r.days_overdue(today) > 0) || unlisted.is_some_and(|s| s.any_overdue(today))) {
        reasons.push(Code::OrderOverdue);
    }
    if settings.block_when_unpaid && (others().any(|r| r.outstanding() > 0) || unlisted.is_some_and(|s| s.count > 0)) {
        reasons.push(Code::OrderUnpaid);
    }
    // With a zero limit `no_credit_limit` already states the rule.
    let available_credit = account.remaining_credit() as i128 + own.reserved.max(0) as i128;
    if account.limit != 0 && amount > 0 && amount as i128 > available_credit {
        reasons.push(Code::ExceedsCreditLimit);
    }
    CreditAvailability {
        decision: Availability::from_reasons(reasons, amount, amount),
        needs_manual_approval: effect == RiskEffect::ManualApproval,
        credit_remaining: Some(account.remaining_credit()),
    }
}

/// The gate for a cart of `amount` minor units (what eligibility calls).
pub fn availability(ctx: &CreditContext, amount: i64, today: Date) -> CreditAvailability {
    assess(ctx, amount, today, OwnOrder::default())
}

/// What would block any new order on account now: the reasons for the smallest possible order
/// (one minor unit). A line used exactly up to its limit is not exceeded: it says
/// `credit_limit_reached`; `exceeds_credit_limit` means the exposure is above the limit.
pub fn blocking_reasons(ctx: &CreditContext, today: Date) -> Vec<Code> {
    let mut reasons = availability(ctx, 1, today).decision.reasons;
    if ctx.account.as_ref().is_some_and(|a| a.remaining_credit() == 0) {
        for r in reasons.iter_mut().filter(|r| **r == Code::ExceedsCreditLimit) {
            *r = Code::CreditLimitReached;
        }
        Code::sort_list(&mut reasons, false);
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::super::profile::*;
    use super::*;
    use crate::ledger::AccountKind;
    use crate::money::Currency;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }
    fn ctx(limit: i64, exposure: i64) -> CreditContext {
        let mut a = Account::new("credit:1:7:EUR", AccountKind::CreditLine, eur());
        a.limit = limit;
        a.debits_posted = exposure;
        CreditContext {
            account: Some(a),
            profile: Profile { on_hold: false, risk_level: RiskLevel::Low, terms_days: None, company_name: None },
            settings: Settings {
                default_terms_days: 30,
                block_when_overdue: true,
                block_when_unpaid: false,
                risk_effects: RiskEffects { low: RiskEffect::None, medium: RiskEffect::ManualApproval, high: RiskEffect::Block },
                reminder_offsets_days: vec![],
                utc_offset_s: 0,
            },
            receivables: vec![],
            unlisted: None,
        }
    }
    fn recv(order_ref: &str, due: &str, amount: i64) -> Receivable {
        Receivable {
            order_ref: order_ref.into(),
            currency: eur(),
            amount,
            paid: 0,
            due_date: Some(d(due)),
            state: ReceivableState::Open,
            last_reminder_level: None,
        }
    }
    fn acc(c: &mut CreditContext) -> &mut Account {
        c.account.as_mut().unwrap()
    }

    #[test]
    fn covers_exactly_the_remaining_credit() {
        let c = ctx(100_000, 40_000);
        let ok = availability(&c, 60_000, d("2026-11-22"));
        assert_eq!((ok.decision.available, ok.decision.covers, ok.decision.remaining, ok.credit_remaining), (true, 60_000, 0, Some(60_000)));
        let no = availability(&c, 60_001, d("2026-11-22"));
        assert_eq!((no.decision.reasons.clone(), no.decision.covers), (vec![Code::ExceedsCreditLimit], 0));
    }

    #[test]
    fn no_line_closed_line_and_zero_limit() {
        let mut c = ctx(0, 0);
        assert_eq!(availability(&c, 100, d("2026-01-01")).decision.reasons, vec![Code::NoCreditLimit]);
        acc(&mut c).closed = true;
        assert_eq!(availability(&c, 100, d("2026-01-01")).decision.reasons, vec![Code::NoCreditLine]);
        c.account = None;
        let a = availability(&c, 0, d("2026-01-01"));
        assert_eq!((a.decision.reasons, a.credit_remaining), (vec![Code::NothingToPay, Code::NoCreditLine], None));
    }

    #[test]
    fn every_reason_in_precedence_order() {
        let mut c = ctx(5_000, 4_500);
        c.profile.on_hold = true;
        c.profile.risk_level = RiskLevel::High;
        c.settings.block_when_unpaid = true;
        c.receivables.push(recv("o1", "2026-11-01", 1000));
        let a = availability(&c, 1_000, d("2026-11-22"));
        assert_eq!(a.decision.reasons, vec![Code::AccountOnHold, Code::RiskLevelBlocked, Code::OrderOverdue, Code::OrderUnpaid, Code::ExceedsCreditLimit]);
    }

    #[test]
    fn overdue_starts_the_day_after_the_due_date_in_shop_time() {
        let mut c = ctx(100_000, 1_000);
        c.receivables.push(recv("o1", "2026-11-22", 1000));
        assert!(availability(&c, 100, d("2026-11-22")).decision.available);
        assert_eq!(availability(&c, 100, d("2026-11-23")).decision.reasons, vec![Code::OrderOverdue]);
        c.settings.block_when_overdue = false;
        assert!(availability(&c, 100, d("2026-11-23")).decision.available);
    }

    #[test]
    fn summed_receivables_block_like_listed_ones() {
        use super::super::summary::OpenSummary;
        let mut c = ctx(100_000, 1_000);
        c.settings.block_when_unpaid = true;
        let summary = |count: u64, oldest: Option<&str>| OpenSummary {
            count,
            outstanding: 1_000 * i128::from(count),
            paid: 0,
            oldest_due_date: oldest.map(d),
            as_of: d("2026-11-22"),
            next_due_date: None,
            overdue_count: 0,
            overdue: 0,
        };
        c.unlisted = Some(summary(0, None));
        assert!(availability(&c, 100, d("2026-11-23")).decision.available);
        c.unlisted = Some(summary(5_000, Some("2026-11-22")));
        assert_eq!(availability(&c, 100, d("2026-11-22")).decision.reasons, vec![Code::OrderUnpaid]);
        assert_eq!(availability(&c, 100, d("2026-11-23")).decision.reasons, vec![Code::OrderOverdue, Code::OrderUnpaid]);
        c.unlisted = Some(summary(5_000, None));
        assert_eq!(availability(&c, 100, d("2026-11-23")).decision.reasons, vec![Code::OrderUnpaid]);
    }

    #[test]
    fn manual_approval_is_reported_not_blocking() {
        let mut c = ctx(10_000, 0);
        c.profile.risk_level = RiskLevel::Medium;
        let a = availability(&c, 100, d("2026-01-01"));
        assert!(a.decision.available && a.needs_manual_approval);
    }

    #[test]
    fn a_limit_lowered_below_exposure_blocks_every_new_order() {
        let c = ctx(10_000, 12_000);
        let a = availability(&c, 1, d("2026-01-01"));
        assert_eq!((a.decision.reasons, a.credit_remaining), (vec![Code::ExceedsCreditLimit], Some(-2_000)));
        // Used up to the limit is not above it: reached, not exceeded.
        assert_eq!(blocking_reasons(&ctx(10_000, 10_000), d("2026-01-01")), vec![Code::CreditLimitReached]);
        assert_eq!(blocking_reasons(&c, d("2026-01-01")), vec![Code::ExceedsCreditLimit]);
        assert!(blocking_reasons(&ctx(10_000, 9_999), d("2026-01-01")).is_empty());
    }

    #[test]
    fn the_order_being_checked_does_not_count_against_itself() {
        let mut c = ctx(10_000, 10_000); // the whole exposure is this order's reservation
        c.settings.block_when_unpaid = true;
        c.receivables.push(recv("me", "2026-01-01", 10_000));
        let own = OwnOrder { order_ref: Some("me"), reserved: 10_000 };
        assert!(assess(&c, 10_000, d("2026-06-01"), own).decision.available);
        assert_eq!(availability(&c, 10_000, d("2026-06-01")).decision.reasons, vec![Code::OrderOverdue, Code::OrderUnpaid, Code::ExceedsCreditLimit]);
    }
}
