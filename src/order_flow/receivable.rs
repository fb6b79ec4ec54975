//! A payment recorded on an order on account (the host's own payment screen, or our back office).

use super::decide::{refuse, Out, Refusal};
use super::effects::{BookOp, HostAction, NoteCode};
use super::event::{Origin, PaymentRecorded};
use super::model::{CheckState, Method, Phase, StatusClass};
use crate::codes::Code;

pub fn payment(out: &mut Out, p: &PaymentRecorded) -> Result<(), Refusal> {
    let c = out.s.credit_line;
    if out.s.method != Method::CreditLine || out.s.credit_check != CheckState::Passed || out.s.phase != Phase::Paid {
        return refuse(Code::OrderNotPayable);
    }
    if p.amount == 0 {
        return refuse(Code::AmountMustNotBeZero);
    }
    if p.amount > c.outstanding() {
        return refuse(Code::AmountAboveMaximum);
    }
    let key = out.key();
    out.book(BookOp::RecordPayment { key, amount: p.amount, method: p.method.clone(), reference: p.reference.clone() });
    out.s.credit_line.settled += p.amount;
    let left = out.s.credit_line.outstanding();
    if p.origin == Origin::ShopCredit {
        out.actions.push(HostAction::RecordPayment { amount: p.amount, method: p.method.clone(), reference: p.reference.clone() });
    }
    out.note(NoteCode::PaymentReceived, &[("amount", out.money(p.amount)), ("outstanding", out.money(left))]);
    // Fully paid: the paid status, unless the order already went further (shipped, delivered):
    // a shipped order is never moved back to "paid".
    if left == 0 && out.s.status != Some(StatusClass::Fulfilled) {
        out.status(StatusClass::Paid);
    }
    Ok(())
}
