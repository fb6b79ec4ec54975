//! After the sale, at the financing provider: a financed order reaching the merchant's "shipped"
//! status asks for the delivery confirmation (once); cancelling it cancels the financing in full,
//! a refund cancels that part. The bridge queues each request with the event and sends it after
//! the commit, where `financing.afterSale` applies the provider's rules (accepted only, long
//! credit by the lender only, 90 days, one partial cancellation); its answer comes back as a
//! `provider_answered` event, which writes the merchant's note once.

use crate::prelude::*;

use super::decide::{refuse, Out, Refusal};
use super::effects::{BookOp, NoteCode};
use super::event::{ProviderAnswer, ProviderOutcome, ProviderRequest};
use super::model::{Delivery, FinancingState, Method, Phase, StatusClass};
use crate::codes::Code;

/// The status the merchant chose as "shipped" (by default any fulfilled status) asks the
/// provider to confirm the delivery of an accepted financing, once.
pub fn on_status(out: &mut Out, class: StatusClass, host_status: Option<&str>) {
    let s = &out.s;
    let asked = matches!(s.delivery, Some(Delivery::Requested | Delivery::Confirmed | Delivery::NotNeeded));
    if s.method != Method::Financing || s.financing != FinancingState::Accepted || s.phase != Phase::Paid || asked {
        return;
    }
    let shipped = match out.ctx.shipped_status.as_deref() {
        Some(status) => host_status == Some(status),
        None => class == StatusClass::Fulfilled,
    };
    if shipped {
        let key = out.key();
        out.book(BookOp::ProviderConfirmDelivery { key });
        out.s.delivery = Some(Delivery::Requested);
    }
}

/// Asks the provider to cancel `amount` of an accepted financing (None: all it still finances).
/// False when the order has no accepted financing (nothing the provider could cancel).
pub fn cancel(out: &mut Out, amount: Option<i64>) -> bool {
    if out.s.method != Method::Financing || out.s.financing != FinancingState::Accepted {
        return false;
    }
    let key = out.key();
    out.book(BookOp::ProviderCancel { key, amount });
    true
}

/// The provider's answer to a request: the order follows and the merchant gets one note.
pub fn answered(out: &mut Out, a: &ProviderAnswer) -> Result<(), Refusal> {
    if out.s.method != Method::Financing {
        return refuse(Code::OrderNotPayable);
    }
    match a.request {
        ProviderRequest::ConfirmDelivery => delivery(out, a),
        ProviderRequest::Cancel => cancelled(out, a),
    }
    Ok(())
}

fn delivery(out: &mut Out, a: &ProviderAnswer) {
    let now = match a.outcome {
        ProviderOutcome::Done => Delivery::Confirmed,
        ProviderOutcome::None if a.reason == Some(Code::DeliveryConfirmationNotNeeded) => Delivery::NotNeeded,
        ProviderOutcome::None => Delivery::Confirmed,
        ProviderOutcome::Refused => Delivery::Refused,
    };
    if out.s.delivery == Some(now) && now != Delivery::Refused {
        return unchanged(out, a.reason);
    }
    out.s.delivery = Some(now);
    match now {
        Delivery::Confirmed if a.outcome == ProviderOutcome::Done => out.note(NoteCode::FinancingDeliveryConfirmed, &[]),
        Delivery::Refused => {
            let params = refusal_params(out, a, None);
            out.note(NoteCode::FinancingDeliveryRefused, &params);
        }
        _ => {}
    }
}

fn cancelled(out: &mut Out, a: &ProviderAnswer) {
    let amount = a.amount.unwrap_or_else(|| out.s.external.held());
    match a.outcome {
        ProviderOutcome::Done if a.full => {
            if out.s.financing == FinancingState::Cancelled {
                return unchanged(out, None);
            }
            // The provider takes its payment back: what the order still holds of it returns.
            let held = out.s.external.held();
            out.s.external.restored += held;
            out.s.financing = FinancingState::Cancelled;
            out.note(NoteCode::FinancingCancelled, &[("amount", out.money(amount))]);
        }
        ProviderOutcome::Done => {
            if out.s.partially_cancelled {
                return unchanged(out, None);
            }
            out.s.partially_cancelled = true;
            let after = out.money(a.financed_after.unwrap_or(0));
            out.note(NoteCode::FinancingCancelledInPart, &[("amount", out.money(amount)), ("financedAfter", after)]);
        }
        ProviderOutcome::None => unchanged(out, a.reason),
        ProviderOutcome::Refused if a.reason == Some(Code::FinancingCancelByLenderOnly) => {
            out.note(NoteCode::FinancingCancelAskLender, &[("amount", out.money(amount))]);
        }
        ProviderOutcome::Refused => {
            let params = refusal_params(out, a, Some(amount));
            out.note(NoteCode::FinancingCancelRefused, &params);
        }
    }
}

fn unchanged(out: &mut Out, reason: Option<Code>) {
    out.applied = false;
    out.reasons = vec![reason.unwrap_or(Code::AlreadyApplied)];
}

/// The reason (a code the host words) and the provider's own words when it said no (else empty;
/// its code stays in the order's financing block).
fn refusal_params(out: &Out, a: &ProviderAnswer, amount: Option<i64>) -> Vec<(&'static str, String)> {
    let mut p =
        vec![("reason", a.reason.unwrap_or(Code::ProviderRefused).as_str().to_string()), ("providerMessage", a.provider_message.clone().unwrap_or_default())];
    if let Some(m) = amount {
        p.push(("amount", out.money(m)));
    }
    p
}
