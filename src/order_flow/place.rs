//! Placing an order: a top-up is judged before anyone pays for it; our methods reserve their
//! legs (the outcome comes back as `booked`), financing waits for the provider.

use crate::prelude::*;

use super::decide::{finish, invalid, refuse, refused, Context, Decision, Invalid, Out, Refusal};
use super::effects::{BookOp, NoteCode, SettleOutcome};
use super::event::Placed;
use super::model::{Awaiting, CheckState, FinancingState, Kind, Leg, Method, OrderState, Phase, StatusClass, TopUp};
use crate::codes::Code;
use crate::credit_line::check::AdminDecision;
use crate::wallet::topup::{top_up_credit, top_up_reasons};

/// The first placement of an order.
pub fn first(p: &Placed, ctx: &Context) -> Result<Decision, Invalid> {
    let mut out = Out::new(OrderState::new(p.kind, p.method, p.currency, p.total), ctx);
    Ok(match place(&mut out, p)? {
        Ok(()) => finish(out),
        Err(Refusal(reasons)) => refused(None, reasons),
    })
}

/// A placement again: a checkout retried after the cart changed, while nothing is held.
pub fn again(out: &mut Out, p: &Placed) -> Result<Result<(), Refusal>, Invalid> {
    let s = &out.s;
    let open = matches!(s.phase, Phase::AwaitingPayment | Phase::Failed) && s.wallet.held() == 0 && s.credit_line.held() == 0 && s.external.held() == 0;
    if !open || s.kind != p.kind || s.top_up.is_some_and(|t| t.credited > 0) {
        return Ok(refuse(Code::OrderAlreadyPlaced));
    }
    if s.wallet.reserved > 0 || s.credit_line.reserved > 0 {
        out.book(BookOp::Settle { outcome: SettleOutcome::Cancelled });
    }
    if p.currency != out.s.currency {
        return Err(invalid("input.event.currency", "an order keeps its currency"));
    }
    let mut fresh = OrderState::new(p.kind, p.method, p.currency, p.total);
    fresh.seq = out.s.seq;
    fresh.mails = out.s.mails.clone();
    fresh.status = out.s.status;
    fresh.host_status = out.s.host_status.clone();
    out.s = fresh;
    place(out, p)
}

fn place(out: &mut Out, p: &Placed) -> Result<Result<(), Refusal>, Invalid> {
    if p.total <= 0 {
        return Ok(refuse(Code::NothingToPay));
    }
    out.s.payment_method = p.payment_method.clone();
    out.s.stock_held = p.stock_held;
    if p.kind == Kind::TopUp {
        return top_up(out, p);
    }
    let total = p.total;
    match p.method {
        Method::External => return Err(invalid("input.event.method", "a goods order is placed with one of our methods")),
        Method::WalletPartial if p.wallet_part <= 0 || p.wallet_part >= total => {
            return Err(invalid("input.event.walletPart", "the balance part must be above zero and below the total"))
        }
        Method::WalletPartial => {
            out.s.wallet = Leg::planned(p.wallet_part);
            out.s.external = Leg::planned(total - p.wallet_part);
        }
        Method::WalletFull => out.s.wallet = Leg::planned(total),
        Method::CreditLine => out.s.credit_line = Leg::planned(total),
        Method::Financing => {
            out.s.external = Leg::planned(total);
            out.s.financing = FinancingState::Awaiting;
            out.status(StatusClass::AwaitingFinancing);
            out.note(NoteCode::FinancingStarted, &[("amount", out.money(total))]);
            return Ok(Ok(()));
        }
    }
    let key = out.key();
    out.s.reservation_key = Some(key.clone());
    out.s.awaiting = Some(Awaiting::Reserve);
    out.book(BookOp::Reserve { key, wallet: out.s.wallet.planned, credit_line: out.s.credit_line.planned });
    Ok(Ok(()))
}

/// A top-up is paid with the host's own gateway: one the merchant allows, priced in the order's
/// currency, judged by the balance rules before the customer pays.
fn top_up(out: &mut Out, p: &Placed) -> Result<Result<(), Refusal>, Invalid> {
    if p.method != Method::External {
        return Ok(refuse(Code::CartContainsTopUp));
    }
    let settings = out.ctx.wallet.as_ref().ok_or(invalid("input.settings.wallet", "placing a top-up needs the balance settings"))?;
    let method = p.payment_method.as_deref().ok_or(invalid("input.event.paymentMethod", "a top-up names the host payment method"))?;
    let mut reasons = Vec::new();
    if !out.ctx.top_up_methods.iter().any(|m| m == method) {
        reasons.push(Code::TopUpMethodNotAllowed);
    }
    let tc = top_up_credit(p.total, out.s.currency, settings.top_up_vat_rate)
        .ok_or(invalid("input.event.total", "the amount cannot be split into credit and VAT"))?;
    reasons.extend(top_up_reasons(settings, p.total, tc.credit));
    if !reasons.is_empty() {
        return Ok(Err(Refusal(reasons)));
    }
    out.s.external = Leg::planned(p.total);
    out.s.top_up = Some(TopUp { price: p.total, credit: tc.credit, vat: tc.vat, ..TopUp::default() });
    out.note(NoteCode::TopUpPlaced, &[("credit", out.money(tc.credit)), ("vat", out.money(tc.vat))]);
    Ok(Ok(()))
}

/// An admin decides an order on account waiting for review (the check runs again).
pub fn check_again(out: &mut Out, admin: Option<AdminDecision>) -> Result<(), Refusal> {
    if out.s.method != Method::CreditLine || out.s.credit_check != CheckState::ManualReview {
        return refuse(Code::AlreadyApplied);
    }
    credit_check(out, admin);
    Ok(())
}

/// Books the credit check (posting or voiding the reservation); the outcome comes back as `booked`.
pub fn credit_check(out: &mut Out, admin: Option<AdminDecision>) {
    let key = out.key();
    let reservation_id = out.s.reservation_key.as_ref().map(|k| format!("{k}:credit"));
    out.s.awaiting = Some(Awaiting::CreditCheck);
    out.book(BookOp::CreditCheck { key, reservation_id, admin });
}
