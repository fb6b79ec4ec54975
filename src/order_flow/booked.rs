//! Outcomes of the book operations a decision waited for: the checkout reservation, the credit
//! check, the due date.

use crate::prelude::*;

use super::decide::{invalid, Invalid, Out, Refusal};
use super::effects::{BookOp, NoteCode, SettleOutcome, StockChange};
use super::event::Booked;
use super::model::{Awaiting, CheckState, Mail, Method, Phase, StatusClass};
use crate::codes::Code;
use crate::credit_line::check::Outcome;

pub fn handle(out: &mut Out, b: &Booked) -> Result<Result<(), Refusal>, Invalid> {
    let awaited = out.s.awaiting.take();
    match (awaited, b) {
        (Some(Awaiting::Reserve), Booked::Reserve { accepted, reasons }) => Ok(reserved(out, *accepted, reasons)),
        (Some(Awaiting::CreditCheck), Booked::CreditCheck { outcome, reasons }) => {
            checked(out, *outcome, reasons);
            Ok(Ok(()))
        }
        (Some(Awaiting::DueDate), Booked::DueDate { due_date }) => {
            if let Some(d) = due_date {
                out.note(NoteCode::DueDateSet, &[("date", d.clone())]);
            }
            Ok(Ok(()))
        }
        _ => Err(invalid("input.event.op", "this outcome is not the one the order waits for")),
    }
}

fn reserved(out: &mut Out, accepted: bool, reasons: &[Code]) -> Result<(), Refusal> {
    if !accepted {
        // Nothing was booked: the placement is refused and may be tried again.
        return Err(Refusal(reasons.to_vec()));
    }
    out.s.wallet.reserved = out.s.wallet.planned;
    out.s.credit_line.reserved = out.s.credit_line.planned;
    match out.s.method {
        Method::WalletFull => {
            out.book(BookOp::Settle { outcome: SettleOutcome::Paid });
            collect_reserved(out);
            out.s.phase = Phase::Paid;
            out.note(NoteCode::PaidFromBalance, &[("amount", out.money(out.s.wallet.planned))]);
            reached_paid(out, StatusClass::Paid);
        }
        Method::WalletPartial => {
            let rest = out.s.external.planned;
            out.note(NoteCode::BalanceReserved, &[("amount", out.money(out.s.wallet.planned)), ("rest", out.money(rest))]);
        }
        Method::CreditLine => super::place::credit_check(out, None),
        Method::Financing | Method::External => {}
    }
    Ok(())
}

/// The reservations were posted: what was reserved is now paid.
pub fn collect_reserved(out: &mut Out) {
    for leg in [&mut out.s.wallet, &mut out.s.credit_line] {
        leg.paid += leg.reserved;
        leg.reserved = 0;
    }
}

/// The order reached the status the host sends its order mails for.
pub fn reached_paid(out: &mut Out, class: StatusClass) {
    out.status(class);
    out.mail(Mail::NewOrder);
    out.mail(Mail::OrderProcessing);
}

fn checked(out: &mut Out, outcome: Outcome, reasons: &[Code]) {
    let codes = reasons.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",");
    match outcome {
        Outcome::Passed => {
            collect_reserved(out);
            if out.s.credit_line.paid == 0 {
                // No live reservation (expired during a review): the check booked the debit itself.
                out.s.credit_line.paid = out.s.credit_line.planned;
            }
            out.s.credit_check = CheckState::Passed;
            out.s.phase = Phase::Paid;
            out.note(NoteCode::CreditCheckPassed, &[("amount", out.money(out.s.credit_line.planned))]);
            reached_paid(out, StatusClass::OnAccount);
        }
        Outcome::Failed => {
            out.s.credit_line.reserved = 0;
            out.s.credit_check = CheckState::Failed;
            out.s.phase = Phase::Failed;
            out.note(NoteCode::CreditCheckFailed, &[("reasons", codes)]);
            out.status(StatusClass::CreditCheckFailed);
            out.mail(Mail::CreditCheckFailedCustomer);
            out.mail(Mail::CreditCheckFailedAdmin);
            restore_stock(out);
        }
        Outcome::ManualReview | Outcome::Pending => {
            out.s.credit_check = CheckState::ManualReview;
            out.s.phase = Phase::PendingCheck;
            out.note(NoteCode::CreditCheckManualReview, &[("reasons", codes)]);
            out.status(StatusClass::PendingCreditCheck);
            out.mail(Mail::CreditCheckPending);
            out.mail(Mail::CreditCheckManualReviewAdmin);
        }
    }
}

/// Our failure statuses are not ones the hosts give stock back for by themselves.
pub fn restore_stock(out: &mut Out) {
    if out.s.stock_held {
        out.s.stock_held = false;
        out.actions.push(super::effects::HostAction::Stock { change: StockChange::Restore });
    }
}
