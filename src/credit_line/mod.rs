//! B2B credit lines ("encours", pay on account): the authorized limit and the exposure kept by the
//! ledger, payment terms and due dates, overdue/unpaid blocking, risk levels, the
//! pending-credit-check order flow, payments received, reminders and credit-increase requests.
//!
//! - [`profile`]: the inputs (profile, settings, receivables) and what makes them valid.
//! - [`gate`]: may this amount be ordered on account now, and why not ([`gate::availability`] is
//!   what eligibility calls).
//! - [`check`]: the pending-credit-check flow and its ledger effects.
//! - [`receivables`]: due dates, payments, totals; [`reminders`]; [`increase`].
//! - [`adjust`]: refunds to the credit line and orders cancelled after their check.
//! - [`statement`]: the statement of account (movements, running balance, open items).
//! - [`summary`]: open receivables summed by the host instead of listed.
//!
//! The `credit.*` operations and the wire types live in `crate::api::ops::credit_line`.

pub mod adjust;
pub mod check;
pub mod gate;
pub mod increase;
pub mod profile;
pub mod receivables;
pub mod reminders;
pub mod statement;
pub mod summary;

pub use gate::{availability, blocking_reasons, CreditAvailability};
pub use profile::CreditContext;

/// The gate as plain functions over the context's parts (what checkout calls).
pub mod rules {
    use super::gate::{assess_parts, OwnOrder};
    use super::profile::{Profile, Receivable, RiskEffect, Settings};
    use super::summary::OpenSummary;
    use crate::date::Date;
    use crate::decision::Availability;
    use crate::ledger::Account;

    /// The gate for an order of `amount` minor units on account at `today`.
    /// `unlisted`: the open receivables summed instead of listed.
    pub fn availability(
        account: Option<&Account>,
        profile: &Profile,
        settings: &Settings,
        receivables: &[Receivable],
        unlisted: Option<&OpenSummary>,
        amount: i64,
        today: Date,
    ) -> Availability {
        assess_parts(account, profile, settings, (receivables, unlisted), amount, today, OwnOrder::default()).decision
    }

    /// The customer's risk level asks for an admin's approval of each order on account.
    pub fn needs_manual_approval(settings: &Settings, profile: &Profile) -> bool {
        settings.risk_effects.for_level(profile.risk_level) == RiskEffect::ManualApproval
    }
}
