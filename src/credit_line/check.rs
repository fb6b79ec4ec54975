//! The "pending credit checks" order flow (as in Woosage's credit ordering).
//!
//! `placed`: the order paid on account waits in `pending_credit_check`; the customer gets the
//! "your order is pending account checks" mail. `run` (next processing cycle): the order passes
//! when the credit left covers it, the account is not on hold, no blocking overdue/unpaid order
//! and the risk level does not block. It then moves to the status it would naturally have
//! reached and the amount is booked on the credit line (posting the checkout reservation, or a
//! posted debit credit line → sales). A failed order goes to `failed_credit_check`, its
//! reservation is voided, and the customer (with a link to pay another way) and the admin are
//! told. A risk level set to manual approval keeps the order pending for an admin.
//!
//! Every ledger effect uses the one transfer id `{key}:credit` (post, debit or void), so the
//! decision is written once: a replay finds it among the stored transfers, answers `exists`,
//! and repeats the decision that was taken instead of judging the order against its own debit.

use crate::prelude::*;

use super::gate::{assess, OwnOrder};
use super::profile::{CreditContext, Receivable, ReceivableState};
use crate::codes::Code;
use crate::date::Date;
use crate::ledger::{Account, Booking, Ledger, MovementType, PendingStatus, Transfer, TransferFlags, TransferInput};
use crate::{Read, Write};

pub const STATUS_PENDING: &str = "pending_credit_check";
pub const STATUS_FAILED: &str = "failed_credit_check";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Write, Read)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// `placed`: waiting for the check.
    Pending,
    Passed,
    Failed,
    /// The risk level needs an admin's approval; the order stays pending.
    ManualReview,
}

/// An admin's answer to a manual review, passed with the next `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Write, Read)]
#[serde(rename_all = "snake_case")]
pub enum AdminDecision {
    Approve,
    Decline,
}

/// A mail the host sends (its own templates).
#[derive(Debug, Clone, PartialEq, Eq, Write)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay_another_way_link: Option<bool>,
    pub template: &'static str,
    pub to: &'static str,
}

pub fn notifications(outcome: Outcome) -> Vec<Notification> {
    let n = |template, to, link| Notification { template, to, pay_another_way_link: link };
    match outcome {
        Outcome::Pending => vec![n("credit_check_pending", "customer", None)],
        Outcome::Passed => vec![],
        Outcome::Failed => vec![n("credit_check_failed_customer", "customer", Some(true)), n("credit_check_failed_admin", "admin", None)],
        Outcome::ManualReview => vec![n("credit_check_manual_review_admin", "admin", None)],
    }
}

/// The order status to set after the outcome.
pub fn next_status(outcome: Outcome, natural_status: &str) -> String {
    match outcome {
        Outcome::Passed => natural_status.to_string(),
        Outcome::Failed => STATUS_FAILED.to_string(),
        Outcome::Pending | Outcome::ManualReview => STATUS_PENDING.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckDecision {
    pub outcome: Outcome,
    pub reasons: Vec<Code>,
    pub needs_manual_approval: bool,
}

/// The decision alone. Any gate reason fails the order; otherwise a manual-approval risk level
/// keeps it in review until an admin approves. An admin's decline fails it with
/// `manual_approval_required` added to whatever else applies.
pub fn decide(ctx: &CreditContext, amount: i64, today: Date, own: OwnOrder, admin: Option<AdminDecision>) -> CheckDecision {
    let a = assess(ctx, amount, today, own);
    let needs = a.needs_manual_approval;
    let mut reasons = a.decision.reasons;
    let outcome = if admin == Some(AdminDecision::Decline) {
        reasons.push(Code::ManualApprovalRequired);
        Code::sort_list(&mut reasons, true);
        Outcome::Failed
    } else if !reasons.is_empty() {
        Outcome::Failed
    } else if needs && admin != Some(AdminDecision::Approve) {
        reasons.push(Code::ManualApprovalRequired);
        Outcome::ManualReview
    } else {
        Outcome::Passed
    };
    CheckDecision { outcome, reasons, needs_manual_approval: needs }
}

/// Everything `run` needs, parsed.
pub struct CheckRun<'a> {
    pub key: &'a str,
    pub order_ref: &'a str,
    /// Minor units, in the context's currency.
    pub amount: i64,
    pub ctx: &'a CreditContext,
    pub sales: &'a Account,
    /// Stored transfers: `{key}:credit` if it exists, and the reservation.
    pub transfers: &'a [Transfer],
    pub reservation_id: Option<&'a str>,
    pub admin: Option<AdminDecision>,
    pub now_s: i64,
    pub today: Date,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    pub outcome: Outcome,
    pub reasons: Vec<Code>,
    pub needs_manual_approval: bool,
    /// What to write; None when nothing changes.
    pub ledger: Option<Booking>,
    /// The new receivable (passed only).
    pub receivable: Option<Receivable>,
    /// The decision was already written earlier (`{key}:credit` existed).
    pub replay: bool,
}

/// Why a check cannot run on what it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// The context has no credit-line account.
    NoAccount,
    /// Two accounts or stored transfers share this id.
    DuplicateId(String),
    /// The reservation named is not among the stored transfers.
    ReservationMissing(String),
    /// The reservation is not a pending transfer from this credit line to the sales account.
    NotAReservation,
    /// The reservation was already posted by another transfer.
    ReservationPosted,
    /// The order amount is larger than its reservation.
    AboveReservation,
}

enum Leg {
    Debit,
    Post(Option<String>),
    Void(Option<String>),
}

/// Runs the check and builds the ledger effects.
pub fn run_check(c: &CheckRun) -> Result<CheckResult, CheckError> {
    let account = c.ctx.account.as_ref().ok_or(CheckError::NoAccount)?;
    let currency = account.currency;
    let credit_id = format!("{}:credit", c.key);
    let transfer = |leg: Leg| {
        let (pending_id, flags, amount) = match leg {
            Leg::Debit => (None, TransferFlags::default(), c.amount),
            Leg::Post(p) => (p, TransferFlags { post_pending: true, ..Default::default() }, c.amount),
            Leg::Void(p) => (p, TransferFlags { void_pending: true, ..Default::default() }, 0),
        };
        TransferInput {
            id: credit_id.clone(),
            debit_account_id: account.id.clone(),
            credit_account_id: c.sales.id.clone(),
            amount,
            pending_id,
            timeout_s: 0,
            flags,
            code: MovementType::OrderOnAccount,
            order_ref: Some(c.order_ref.to_string()),
        }
    };
    let apply = |batch: &[TransferInput]| -> Result<Booking, CheckError> {
        let ledger = Ledger::new(vec![account.clone(), c.sales.clone()], c.transfers.to_vec()).map_err(CheckError::DuplicateId)?;
        Ok(ledger.book(batch, c.now_s))
    };
    let new_receivable = || {
        c.ctx.receivables.iter().find(|r| r.order_ref == c.order_ref).cloned().unwrap_or(Receivable {
            order_ref: c.order_ref.to_string(),
            currency,
            amount: c.amount,
            paid: 0,
            due_date: None,
            state: ReceivableState::Open,
            last_reminder_level: None,
        })
    };
    let failed = |reasons: Vec<Code>, needs: bool, ledger: Option<Booking>, replay: bool| CheckResult {
        outcome: Outcome::Failed,
        reasons,
        needs_manual_approval: needs,
        ledger,
        receivable: None,
        replay,
    };

    // A replay: the decision was written; repeat it.
    if let Some(stored) = c.transfers.iter().find(|t| t.id == credit_id) {
        let pending_id = c.reservation_id.map(str::to_string).or_else(|| stored.pending_id.clone());
        let was_void = stored.flags.void_pending;
        let leg = if was_void {
            Leg::Void(pending_id)
        } else if stored.flags.post_pending {
            Leg::Post(pending_id)
        } else {
            Leg::Debit
        };
        let out = apply(&[transfer(leg)])?;
        let d = decide(c.ctx, c.amount, c.today, OwnOrder { order_ref: Some(c.order_ref), reserved: 0 }, c.admin);
        if !out.all_applied() {
            let code = out.first_failure().unwrap_or(Code::LinkedEventFailed);
            return Ok(failed(vec![code], d.needs_manual_approval, Some(out), true));
        }
        if was_void {
            let reasons = if d.outcome == Outcome::Failed { d.reasons } else { Vec::new() };
            return Ok(failed(reasons, d.needs_manual_approval, Some(out), true));
        }
        return Ok(CheckResult {
            outcome: Outcome::Passed,
            reasons: Vec::new(),
            needs_manual_approval: d.needs_manual_approval,
            ledger: Some(out),
            receivable: Some(new_receivable()),
            replay: true,
        });
    }

    // The checkout reservation, if any: pending and live, or already released.
    let mut live: Option<&Transfer> = None;
    let mut expired_now = false;
    if let Some(rid) = c.reservation_id {
        let r = c.transfers.iter().find(|t| t.id == rid).ok_or_else(|| CheckError::ReservationMissing(rid.to_string()))?;
        if !r.flags.pending || r.debit_account_id != account.id || r.credit_account_id != c.sales.id {
            return Err(CheckError::NotAReservation);
        }
        match r.pending_status {
            PendingStatus::Posted => return Err(CheckError::ReservationPosted),
            PendingStatus::Pending if r.expires_at_s().is_some_and(|at| at <= c.now_s) => expired_now = true,
            PendingStatus::Pending => live = Some(r),
            // Released earlier: the order is judged and booked as if there had been none.
            PendingStatus::Voided | PendingStatus::Expired | PendingStatus::None => {}
        }
        if let Some(p) = live {
            if c.amount > p.amount {
                return Err(CheckError::AboveReservation);
            }
        }
    }
    // Still counted in the snapshot's exposure, but this order's own (or about to expire).
    let reserved = c.reservation_id.and_then(|rid| c.transfers.iter().find(|t| t.id == rid)).filter(|_| live.is_some() || expired_now).map_or(0, |r| r.amount);
    let d = decide(c.ctx, c.amount, c.today, OwnOrder { order_ref: Some(c.order_ref), reserved }, c.admin);
    let fail = |reasons: Vec<Code>| -> Result<CheckResult, CheckError> {
        let ledger = match live {
            Some(p) => Some(apply(&[transfer(Leg::Void(Some(p.id.clone())))])?),
            // Nothing to void; write the expiry the ledger applies at `now`.
            None if expired_now => Some(apply(&[])?),
            None => None,
        };
        Ok(failed(reasons, d.needs_manual_approval, ledger, false))
    };
    match d.outcome {
        Outcome::Passed => {
            let leg = match live {
                Some(p) => Leg::Post(Some(p.id.clone())),
                None => Leg::Debit,
            };
            let out = apply(&[transfer(leg)])?;
            if !out.all_applied() {
                // The ledger refused (a closed sales account, ...): the check fails with its reason.
                return fail(vec![out.first_failure().unwrap_or(Code::LinkedEventFailed)]);
            }
            Ok(CheckResult {
                outcome: Outcome::Passed,
                reasons: Vec::new(),
                needs_manual_approval: d.needs_manual_approval,
                ledger: Some(out),
                receivable: Some(new_receivable()),
                replay: false,
            })
        }
        Outcome::Failed => fail(d.reasons),
        Outcome::ManualReview | Outcome::Pending => Ok(CheckResult {
            outcome: d.outcome,
            reasons: d.reasons,
            needs_manual_approval: d.needs_manual_approval,
            ledger: None,
            receivable: None,
            replay: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::profile::*;
    use super::*;
    use crate::ledger::AccountKind;
    use crate::money::Currency;

    const NOW: i64 = 1_795_390_200; // 2026-11-22T23:30:00Z

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn ctx(limit: i64, pending: i64, posted: i64) -> CreditContext {
        let mut a = Account::new("credit:1:7:EUR", AccountKind::CreditLine, eur());
        a.limit = limit;
        a.debits_pending = pending;
        a.debits_posted = posted;
        CreditContext {
            account: Some(a),
            profile: Profile { on_hold: false, risk_level: RiskLevel::Low, terms_days: None, company_name: None },
            settings: Settings {
                default_terms_days: 30,
                block_when_overdue: true,
                block_when_unpaid: true,
                risk_effects: RiskEffects { low: RiskEffect::None, medium: RiskEffect::ManualApproval, high: RiskEffect::Block },
                reminder_offsets_days: vec![],
                utc_offset_s: 0,
            },
            receivables: vec![],
            unlisted: None,
        }
    }
    fn sales(pending: i64, posted: i64) -> Account {
        let mut s = Account::new("shop:1:sales:EUR", AccountKind::Shop, eur());
        s.credits_pending = pending;
        s.credits_posted = posted;
        s
    }
    fn reservation(amount: i64, timeout_s: i64) -> Transfer {
        Transfer {
            id: "cart-9:credit-hold".into(),
            debit_account_id: "credit:1:7:EUR".into(),
            credit_account_id: "shop:1:sales:EUR".into(),
            amount,
            currency: eur(),
            pending_id: None,
            timeout_s,
            flags: TransferFlags { pending: true, ..Default::default() },
            code: MovementType::OrderOnAccount,
            order_ref: Some("o-9".into()),
            timestamp_s: NOW - 3600,
            pending_status: PendingStatus::Pending,
        }
    }
    fn run_with(
        ctx: &CreditContext,
        sales: &Account,
        transfers: &[Transfer],
        reservation: Option<&str>,
        amount: i64,
        admin: Option<AdminDecision>,
    ) -> CheckResult {
        run_check(&CheckRun {
            key: "k1",
            order_ref: "o-9",
            amount,
            ctx,
            sales,
            transfers,
            reservation_id: reservation,
            admin,
            now_s: NOW,
            today: Date::parse("2026-11-22").unwrap(),
        })
        .unwrap()
    }

    #[test]
    fn passes_with_a_posted_debit_and_replays_as_exists() {
        let c = ctx(100_000, 0, 40_000);
        let r = run_with(&c, &sales(0, 0), &[], None, 60_000, None);
        assert_eq!((r.outcome, r.replay), (Outcome::Passed, false));
        let l = r.ledger.unwrap();
        assert_eq!(l.outcomes[0].result, Code::Ok);
        assert_eq!(l.changes.accounts[0].debits_posted, 100_000);
        assert_eq!(r.receivable.unwrap().amount, 60_000);
        // The host wrote it: the line is now full and the order is an open receivable.
        let stored = Transfer {
            id: "k1:credit".into(),
            debit_account_id: "credit:1:7:EUR".into(),
            credit_account_id: "shop:1:sales:EUR".into(),
            amount: 60_000,
            currency: eur(),
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::OrderOnAccount,
            order_ref: Some("o-9".into()),
            timestamp_s: NOW,
            pending_status: PendingStatus::None,
        };
        let mut after = ctx(100_000, 0, 100_000);
        after.receivables.push(Receivable {
            order_ref: "o-9".into(),
            currency: eur(),
            amount: 60_000,
            paid: 0,
            due_date: None,
            state: ReceivableState::Open,
            last_reminder_level: None,
        });
        let again = run_with(&after, &sales(0, 60_000), &[stored], None, 60_000, None);
        assert_eq!((again.outcome, again.replay), (Outcome::Passed, true));
        assert_eq!(again.ledger.unwrap().outcomes[0].result, Code::Exists);
    }

    #[test]
    fn posts_the_reservation_judging_the_order_without_it() {
        let c = ctx(50_000, 50_000, 0); // the reservation uses the whole line
        let res = reservation(50_000, 0);
        let r = run_with(&c, &sales(50_000, 0), &[res], Some("cart-9:credit-hold"), 45_000, None);
        assert_eq!(r.outcome, Outcome::Passed);
        let l = r.ledger.unwrap();
        assert_eq!((l.changes.accounts[0].debits_pending, l.changes.accounts[0].debits_posted), (0, 45_000));
        assert_eq!(l.changes.pending_updates[0].status, PendingStatus::Posted);
    }

    #[test]
    fn failure_voids_the_reservation_and_tells_both_sides() {
        let mut c = ctx(50_000, 20_000, 0);
        c.profile.on_hold = true;
        let r = run_with(&c, &sales(20_000, 0), &[reservation(20_000, 0)], Some("cart-9:credit-hold"), 20_000, None);
        assert_eq!((r.outcome, r.reasons.clone()), (Outcome::Failed, vec![Code::AccountOnHold]));
        let l = r.ledger.unwrap();
        assert_eq!((l.changes.transfers[0].id.as_str(), l.changes.pending_updates[0].status), ("k1:credit", PendingStatus::Voided));
        assert_eq!(notifications(Outcome::Failed).len(), 2);
        assert_eq!(next_status(Outcome::Failed, "processing"), STATUS_FAILED);
    }

    #[test]
    fn an_expired_reservation_is_released_and_the_order_booked_directly() {
        let c = ctx(50_000, 20_000, 0);
        let r = run_with(&c, &sales(20_000, 0), &[reservation(20_000, 60)], Some("cart-9:credit-hold"), 20_000, None);
        assert_eq!(r.outcome, Outcome::Passed);
        let l = r.ledger.unwrap();
        assert_eq!(l.changes.pending_updates[0].status, PendingStatus::Expired);
        assert_eq!((l.changes.accounts[0].debits_pending, l.changes.accounts[0].debits_posted), (0, 20_000));
        assert_eq!(l.changes.transfers[0].flags, TransferFlags::default());
    }

    #[test]
    fn manual_review_until_an_admin_decides() {
        let mut c = ctx(50_000, 0, 0);
        c.profile.risk_level = RiskLevel::Medium;
        let r = run_with(&c, &sales(0, 0), &[], None, 1_000, None);
        assert_eq!((r.outcome, r.reasons.clone(), r.ledger.is_none()), (Outcome::ManualReview, vec![Code::ManualApprovalRequired], true));
        assert_eq!(run_with(&c, &sales(0, 0), &[], None, 1_000, Some(AdminDecision::Approve)).outcome, Outcome::Passed);
        let declined = run_with(&c, &sales(0, 0), &[], None, 1_000, Some(AdminDecision::Decline));
        assert_eq!((declined.outcome, declined.reasons), (Outcome::Failed, vec![Code::ManualApprovalRequired]));
    }

    #[test]
    fn every_reason_fails_the_order() {
        let mut c = ctx(10_000, 0, 9_000);
        c.receivables.push(Receivable {
            order_ref: "old".into(),
            currency: eur(),
            amount: 9_000,
            paid: 0,
            due_date: Date::parse("2026-11-01"),
            state: ReceivableState::Open,
            last_reminder_level: None,
        });
        let r = run_with(&c, &sales(0, 0), &[], None, 2_000, None);
        assert_eq!(r.reasons, vec![Code::OrderOverdue, Code::OrderUnpaid, Code::ExceedsCreditLimit]);
        assert!(r.ledger.is_none());
    }

    #[test]
    fn a_reservation_must_be_given_and_belong_to_this_line() {
        let c = ctx(50_000, 0, 0);
        let e = run_check(&CheckRun {
            key: "k1",
            order_ref: "o-9",
            amount: 100,
            ctx: &c,
            sales: &sales(0, 0),
            transfers: &[],
            reservation_id: Some("nope"),
            admin: None,
            now_s: NOW,
            today: Date::parse("2026-11-22").unwrap(),
        })
        .unwrap_err();
        assert_eq!(e, CheckError::ReservationMissing("nope".into()));
    }
}
