//! After the sale, at the provider: confirming the delivery of a long credit and cancelling a
//! financing in full or in part, with the provider's rules (cancellation journey, delivery
//! journey, status life cycle):
//! - only an ACCEPTED subscription is cancelled or confirmed delivered;
//! - cancellation through the API is for split payments only; long credit is cancelled by the
//!   lender, whom the merchant asks (the answer says so);
//! - a split payment is cancelled within 90 days of its acceptance;
//! - cancelling the whole financed amount cancels the subscription (→ CANCELLED); less lowers the
//!   financed amount and keeps it ACCEPTED, and only once;
//! - delivery confirmation is for long credit; a split payment needs none; a second confirmation
//!   sends nothing (the provider answers it "already delivered").
//!
//! Its operation (wire types in `crate::api::ops::financing`):
//!
//! | op | input | result |
//! |---|---|---|
//! | `financing.afterSale` | `{request: {type, amount?}, subscription: {kind, status?, acceptedAtMs?, financedAmount, currency, partialCancellationMade?, delivered?}}` | `{action, reasons, cancelledAmount, full, financedAfter}` |

use super::status::Status;
use crate::codes::Code;
use crate::{Read, Write};

/// Split payments are cancellable at the provider this long after their acceptance.
pub const CANCEL_WINDOW_MS: i64 = 90 * 86_400_000;

/// The two families of financing the provider offers.
#[derive(Read, Write, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SolutionKind {
    /// 3x / 4x: accepted at once, cancellable through the API, no delivery confirmation.
    Split,
    /// Long credit: accepted waiting for the delivery confirmation, cancelled by the lender.
    Credit,
}

/// What the bridge knows about one subscription when the merchant acts on the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionFacts {
    pub kind: SolutionKind,
    pub status: Option<Status>,
    /// When it was first seen ACCEPTED (unix ms); unknown counts as "just now".
    pub accepted_at_ms: Option<i64>,
    /// What the provider still finances (minor units).
    pub financed: i64,
    pub partial_cancellation_made: bool,
    pub delivered: bool,
}

/// What to do at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Send the delivery confirmation.
    ConfirmDelivery,
    /// Send a cancellation of `amount`; `full` when it is everything still financed.
    Cancel { amount: i64, full: bool },
    /// Nothing to send, for this reason (not needed, already done).
    Nothing(Code),
    /// The provider's rules forbid it: the merchant sees why.
    Refuse(Code),
}

/// The delivery of the goods of a financed order is to be confirmed.
pub fn plan_delivery(s: &SubscriptionFacts) -> Plan {
    if s.kind == SolutionKind::Split {
        return Plan::Nothing(Code::DeliveryConfirmationNotNeeded);
    }
    if s.delivered {
        return Plan::Nothing(Code::DeliveryAlreadyConfirmed);
    }
    if s.status != Some(Status::Accepted) {
        return Plan::Refuse(Code::FinancingNotAccepted);
    }
    Plan::ConfirmDelivery
}

/// `amount` of the financing is to be cancelled (None: everything still financed).
pub fn plan_cancel(s: &SubscriptionFacts, amount: Option<i64>, now_ms: i64) -> Plan {
    if s.status == Some(Status::Cancelled) {
        return Plan::Nothing(Code::FinancingAlreadyCancelled);
    }
    if s.status != Some(Status::Accepted) {
        return Plan::Refuse(Code::FinancingNotAccepted);
    }
    if s.kind == SolutionKind::Credit {
        return Plan::Refuse(Code::FinancingCancelByLenderOnly);
    }
    if s.accepted_at_ms.is_some_and(|at| now_ms.saturating_sub(at) > CANCEL_WINDOW_MS) {
        return Plan::Refuse(Code::FinancingCancelPeriodOver);
    }
    let amount = amount.unwrap_or(s.financed);
    if amount <= 0 || s.financed <= 0 {
        return Plan::Nothing(Code::NothingToPay);
    }
    if amount > s.financed {
        return Plan::Refuse(Code::FinancingCancelAboveFinanced);
    }
    let full = amount == s.financed;
    if !full && s.partial_cancellation_made {
        return Plan::Refuse(Code::FinancingPartialCancelUsed);
    }
    Plan::Cancel { amount, full }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(kind: SolutionKind, status: Status) -> SubscriptionFacts {
        SubscriptionFacts { kind, status: Some(status), accepted_at_ms: Some(0), financed: 30_000, partial_cancellation_made: false, delivered: false }
    }
    const DAY: i64 = 86_400_000;

    #[test]
    fn delivery_is_confirmed_once_for_accepted_long_credit_only() {
        let mut s = sub(SolutionKind::Credit, Status::Accepted);
        assert_eq!(plan_delivery(&s), Plan::ConfirmDelivery);
        s.delivered = true;
        assert_eq!(plan_delivery(&s), Plan::Nothing(Code::DeliveryAlreadyConfirmed));
        assert_eq!(plan_delivery(&sub(SolutionKind::Split, Status::Accepted)), Plan::Nothing(Code::DeliveryConfirmationNotNeeded));
        assert_eq!(plan_delivery(&sub(SolutionKind::Credit, Status::PreAccepted)), Plan::Refuse(Code::FinancingNotAccepted));
    }

    #[test]
    fn split_payments_cancel_in_full_or_once_in_part_within_90_days() {
        let s = sub(SolutionKind::Split, Status::Accepted);
        assert_eq!(plan_cancel(&s, None, DAY), Plan::Cancel { amount: 30_000, full: true });
        assert_eq!(plan_cancel(&s, Some(10_000), DAY), Plan::Cancel { amount: 10_000, full: false });
        assert_eq!(plan_cancel(&s, Some(30_001), DAY), Plan::Refuse(Code::FinancingCancelAboveFinanced));
        assert_eq!(plan_cancel(&s, Some(10_000), 90 * DAY), Plan::Cancel { amount: 10_000, full: false }, "day 90 is inside");
        assert_eq!(plan_cancel(&s, Some(10_000), 90 * DAY + 1), Plan::Refuse(Code::FinancingCancelPeriodOver));
        let once = SubscriptionFacts { partial_cancellation_made: true, financed: 20_000, ..s.clone() };
        assert_eq!(plan_cancel(&once, Some(5_000), DAY), Plan::Refuse(Code::FinancingPartialCancelUsed));
        assert_eq!(plan_cancel(&once, Some(20_000), DAY), Plan::Cancel { amount: 20_000, full: true }, "the rest may still go");
    }

    #[test]
    fn only_accepted_split_payments_are_cancelled_through_the_api() {
        assert_eq!(plan_cancel(&sub(SolutionKind::Credit, Status::Accepted), None, DAY), Plan::Refuse(Code::FinancingCancelByLenderOnly));
        assert_eq!(plan_cancel(&sub(SolutionKind::Split, Status::PreAccepted), None, DAY), Plan::Refuse(Code::FinancingNotAccepted));
        assert_eq!(plan_cancel(&sub(SolutionKind::Split, Status::Cancelled), None, DAY), Plan::Nothing(Code::FinancingAlreadyCancelled));
        let unknown_acceptance = SubscriptionFacts { accepted_at_ms: None, ..sub(SolutionKind::Split, Status::Accepted) };
        assert_eq!(plan_cancel(&unknown_acceptance, None, 1_000 * DAY), Plan::Cancel { amount: 30_000, full: true });
    }
}
