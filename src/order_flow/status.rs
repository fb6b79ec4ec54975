//! Status changes (the host's own, or made by hand in its back office) and captured payments:
//! settle, release, restore on cancellation, collect again on reopening, start the due date.

use crate::prelude::*;

use super::booked::collect_reserved;
use super::decide::{invalid, Invalid, Out, Refusal};
use super::effects::{BookOp, NoteCode, Party, SettleOutcome, TransferLeg};
use super::model::{Awaiting, CheckState, FinancingState, Kind, Method, Phase, StatusClass};
use crate::credit_line::check::AdminDecision;
use crate::ledger::MovementType;

pub fn changed(out: &mut Out, class: StatusClass, host_status: Option<&str>) -> Result<Result<(), Refusal>, Invalid> {
    if out.s.status == Some(class) && out.s.host_status.as_deref() == host_status {
        out.nothing();
        return Ok(Ok(()));
    }
    out.s.status = Some(class);
    out.s.host_status = host_status.map(str::to_string);
    match class {
        StatusClass::Paid | StatusClass::Fulfilled | StatusClass::OnAccount => paid(out, false)?,
        StatusClass::Cancelled | StatusClass::Failed | StatusClass::CreditCheckFailed => cancelled(out, class)?,
        StatusClass::Refunded => super::refund::everything(out)?,
        StatusClass::PendingPayment => {
            // A failed payment retried (the host reopens the order for another attempt).
            if out.s.phase == super::model::Phase::Failed && out.s.holds_nothing() && out.s.method != Method::CreditLine {
                out.s.phase = Phase::AwaitingPayment;
            }
        }
        StatusClass::PendingCreditCheck | StatusClass::AwaitingFinancing => {}
    }
    due_date(out, host_status);
    super::after_sale::on_status(out, class, host_status);
    Ok(Ok(()))
}

/// The host's gateway captured the payment: a top-up is credited now (never on a status alone).
pub fn captured(out: &mut Out) -> Result<Result<(), Refusal>, Invalid> {
    if out.s.kind == Kind::TopUp {
        super::topup::capture(out);
    } else {
        paid(out, true)?;
    }
    Ok(Ok(()))
}

/// The order counts as paid (or accepted on account) from now on.
fn paid(out: &mut Out, captured: bool) -> Result<(), Invalid> {
    if out.s.kind == Kind::TopUp {
        if !captured && out.s.top_up.is_some_and(|t| t.credited == 0) && matches!(out.s.phase, Phase::AwaitingPayment) {
            out.note(NoteCode::TopUpAwaitingCapture, &[]);
        }
        return Ok(());
    }
    match out.s.phase {
        Phase::AwaitingPayment => first_payment(out),
        Phase::PendingCheck => {
            // Moving a reviewed order on by hand approves it; the check still judges the limit.
            super::place::credit_check(out, Some(AdminDecision::Approve));
            Ok(())
        }
        Phase::Cancelled | Phase::Failed => reopen(out),
        Phase::Paid => {
            if captured {
                out.nothing();
            }
            Ok(())
        }
    }
}

fn first_payment(out: &mut Out) -> Result<(), Invalid> {
    match out.s.method {
        Method::WalletPartial => {
            let part = out.s.wallet.planned;
            if out.s.wallet.reserved > 0 && out.ctx.reservation_live {
                out.book(BookOp::Settle { outcome: SettleOutcome::Paid });
                collect_reserved(out);
                out.note(NoteCode::BalancePartPaid, &[("amount", out.money(part))]);
            } else if !collect(out, part)? {
                // The reservation ended before the payment came, and the balance no longer covers it.
                out.s.wallet.reserved = 0;
                out.note(NoteCode::BalancePartMissing, &[("amount", out.money(part))]);
            }
            out.s.external.paid = out.s.external.paid.max(out.s.external.planned);
        }
        Method::Financing | Method::External => out.s.external.paid = out.s.external.paid.max(out.s.external.planned),
        // Paid at placement, or decided by the credit check.
        Method::WalletFull | Method::CreditLine => return Ok(()),
    }
    out.s.phase = Phase::Paid;
    Ok(())
}

/// Takes `amount` from the balance for the order (no reservation): false when it does not cover it.
fn collect(out: &mut Out, amount: i64) -> Result<bool, Invalid> {
    let available = out.ctx.wallet_available.ok_or(invalid("input.facts.walletAvailable", "taking money from the balance needs the balance available now"))?;
    if available < amount {
        return Ok(false);
    }
    out.transfer(vec![TransferLeg { from: Party::Wallet, to: Party::Sales, amount, code: MovementType::OrderPayment }]);
    out.s.wallet.paid += amount;
    Ok(true)
}

/// A cancelled or failed order is set to a paid status again: the balance part is collected again
/// when the balance covers it; otherwise (and for orders on account, whose receivable is closed)
/// the order goes back to cancelled.
fn reopen(out: &mut Out) -> Result<(), Invalid> {
    let w = out.s.wallet;
    let need = (w.planned - w.refunded - w.held()).max(0);
    let refuse_reopen = |out: &mut Out, reason: &str, missing: i64| {
        out.status(StatusClass::Cancelled);
        out.note(NoteCode::ReopenRefused, &[("reason", reason.to_string()), ("missing", out.money(missing))]);
    };
    match out.s.method {
        Method::CreditLine => {
            refuse_reopen(out, "order_on_account", 0);
            return Ok(());
        }
        Method::WalletFull | Method::WalletPartial if need > 0 => {
            let available =
                out.ctx.wallet_available.ok_or(invalid("input.facts.walletAvailable", "taking money from the balance needs the balance available now"))?;
            if !collect(out, need)? {
                refuse_reopen(out, "wallet_insufficient_funds", need - available.max(0));
                return Ok(());
            }
            out.note(NoteCode::ReopenCollected, &[("amount", out.money(need))]);
        }
        _ => {}
    }
    out.s.external.paid = out.s.external.paid.max(out.s.external.planned);
    out.s.phase = Phase::Paid;
    Ok(())
}

/// Cancelled, failed or failed credit check: release what is reserved, give back what the order
/// holds, once.
fn cancelled(out: &mut Out, class: StatusClass) -> Result<(), Invalid> {
    if matches!(out.s.phase, Phase::Cancelled | Phase::Failed) {
        return Ok(());
    }
    if out.s.wallet.reserved > 0 || out.s.credit_line.reserved > 0 {
        out.book(BookOp::Settle { outcome: SettleOutcome::Cancelled });
        out.s.wallet.reserved = 0;
        out.s.credit_line.reserved = 0;
        out.note(NoteCode::ReservationReleased, &[]);
    }
    give_back(out)?;
    if out.s.credit_check == CheckState::ManualReview {
        out.s.credit_check = CheckState::Failed;
    }
    let held_nothing_before = out.s.phase != Phase::Paid;
    out.s.phase = if class == StatusClass::Failed && held_nothing_before { Phase::Failed } else { Phase::Cancelled };
    Ok(())
}

/// What a cancellation gives back per source: the balance payment, the credit line's unpaid
/// rest (the customer's own payments are returned another way), the top-up's credit.
fn give_back(out: &mut Out) -> Result<(), Invalid> {
    let w = out.s.wallet.held();
    if w > 0 {
        out.transfer(vec![TransferLeg { from: Party::Sales, to: Party::Wallet, amount: w, code: MovementType::CancellationRestore }]);
        out.s.wallet.restored += w;
        out.note(NoteCode::BalanceRestored, &[("amount", out.money(w))]);
    }
    let c = out.s.credit_line;
    if c.held() > 0 {
        let to_line = c.outstanding();
        let key = out.key();
        out.book(BookOp::CancelOnAccount { key });
        out.s.credit_line.restored += c.held();
        out.note(NoteCode::CreditRestored, &[("amount", out.money(to_line))]);
        if c.held() > to_line {
            out.note(NoteCode::PaidToReturn, &[("amount", out.money(c.held() - to_line))]);
        }
    }
    let e = out.s.external.held();
    if e > 0 && out.s.kind == Kind::Goods {
        if out.s.method == Method::Financing {
            // An accepted financing is cancelled at the provider: its answer tells the merchant.
            if !super::after_sale::cancel(out, None) {
                out.note(NoteCode::FinancingCancelAtProvider, &[("amount", out.money(e))]);
            }
        } else {
            out.note(NoteCode::ExternalToReturn, &[("amount", out.money(e))]);
        }
    }
    if out.s.kind == Kind::TopUp {
        super::topup::reverse_all(out)?;
    }
    if out.s.financing == FinancingState::Awaiting {
        out.s.financing = FinancingState::Cancelled;
    }
    Ok(())
}

/// The admin-chosen status of an order on account starts its due date (once).
fn due_date(out: &mut Out, host_status: Option<&str>) {
    let s = &out.s;
    let at_status = host_status.is_some() && out.ctx.due_date_status.as_deref() == host_status;
    if at_status
        && s.method == Method::CreditLine
        && s.credit_check == CheckState::Passed
        && s.phase == Phase::Paid
        && !s.due_date_started
        && s.awaiting.is_none()
    {
        out.s.due_date_started = true;
        out.s.awaiting = Some(Awaiting::DueDate);
        out.book(BookOp::DueDate);
    }
}
