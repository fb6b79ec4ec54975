//! Financing updates (return, poll, webhook) after `financing.apply` judged them: the order moves
//! once per status, the host records the provider's payment once.

use super::booked::{reached_paid, restore_stock};
use super::decide::{refuse, Out, Refusal};
use super::effects::{HostAction, NoteCode};
use super::event::FinancingUpdate;
use super::model::{FinancingState, Method, Phase, StatusClass};
use crate::codes::Code;
use crate::financing::status::Hint;
use crate::prelude::*;

pub fn update(out: &mut Out, f: &FinancingUpdate) -> Result<(), Refusal> {
    if out.s.method != Method::Financing {
        return refuse(Code::OrderNotPayable);
    }
    let Some(hint) = f.hint.filter(|_| f.applied) else {
        out.applied = false;
        out.reasons = vec![f.reason.unwrap_or(Code::AlreadyApplied)];
        return Ok(());
    };
    let total = out.s.external.planned;
    match hint {
        Hint::AwaitingFinancing => out.status(StatusClass::AwaitingFinancing),
        Hint::Paid if out.s.financing != FinancingState::Accepted => {
            out.s.financing = FinancingState::Accepted;
            out.s.external.paid = out.s.external.paid.max(total);
            out.s.phase = Phase::Paid;
            out.actions.push(HostAction::RecordPayment { amount: total, method: "financing".into(), reference: None });
            out.note(NoteCode::FinancingAccepted, &[("amount", out.money(total))]);
            reached_paid(out, StatusClass::Paid);
        }
        Hint::Paid => out.nothing(),
        Hint::PaymentError => {
            out.s.financing = FinancingState::Refused;
            out.s.phase = Phase::Failed;
            out.note(NoteCode::FinancingRefused, &[]);
            out.status(StatusClass::Failed);
            restore_stock(out);
        }
        // Our own cancellation already answered (or a second delivery): nothing more to give back.
        Hint::Cancelled if out.s.financing == FinancingState::Cancelled => out.nothing(),
        Hint::Cancelled => {
            let held = out.s.external.held();
            // The provider takes its payment back itself.
            out.s.external.restored += held;
            out.s.financing = FinancingState::Cancelled;
            out.s.phase = if held > 0 { Phase::Cancelled } else { Phase::Failed };
            out.note(NoteCode::FinancingCancelled, &[("amount", out.money(held))]);
            // A refunded order stays refunded (the provider's cancellation followed the refund).
            if out.s.status != Some(StatusClass::Refunded) {
                out.status(StatusClass::Cancelled);
            }
        }
        // Our own partial cancellation already answered: one note for it.
        Hint::PartiallyCancelled if out.s.partially_cancelled => out.nothing(),
        Hint::PartiallyCancelled => {
            out.s.partially_cancelled = true;
            out.note(NoteCode::FinancingPartiallyCancelled, &[]);
        }
    }
    Ok(())
}
