//! Top-up orders: credited once, when the payment is captured; a cancelled or refunded top-up
//! takes its credit back from the balance, or flags what was already spent.

use super::decide::{invalid, Invalid, Out};
use super::effects::{HostAction, NoteCode, Party, TransferLeg};
use super::model::{Mail, Phase, StatusClass};
use crate::ledger::MovementType;
use crate::money::Money;
use crate::prelude::*;

/// The payment of a top-up was captured: credit it once (after a cancellation the merchant is
/// told to give the money back instead).
pub fn capture(out: &mut Out) {
    let Some(t) = out.s.top_up else { return };
    if t.credited > 0 || out.s.external.paid > 0 {
        out.nothing();
        return;
    }
    out.s.external.paid = t.price;
    if matches!(out.s.phase, Phase::Cancelled | Phase::Failed) {
        out.note(NoteCode::TopUpPaidAfterCancel, &[("amount", out.money(t.price))]);
        return;
    }
    out.transfer(vec![TransferLeg { from: Party::TopUps, to: Party::Wallet, amount: t.credit, code: MovementType::TopUp }]);
    if let Some(tu) = out.s.top_up.as_mut() {
        tu.credited = t.credit;
    }
    out.s.phase = Phase::Paid;
    out.note(NoteCode::TopUpCredited, &[("credit", out.money(t.credit)), ("vat", out.money(t.vat)), ("paid", out.money(t.price))]);
    out.status(StatusClass::Paid);
    out.mail(Mail::BalanceCredited);
}

/// Cancelled: every credit still reversible goes back.
pub fn reverse_all(out: &mut Out) -> Result<(), Invalid> {
    let due = out.s.top_up.map_or(0, |t| t.reversible());
    reverse(out, due)
}

/// Refunded in part: the credit that corresponds to what was refunded so far (the same share
/// of the credit as of the price, largest remainder) minus what was already taken back.
pub fn reverse_for_refund(out: &mut Out) -> Result<(), Invalid> {
    let Some(t) = out.s.top_up else { return Ok(()) };
    if t.credited == 0 {
        return Ok(());
    }
    let share = Money::from_minor(t.credited, out.s.currency)
        .ok()
        .and_then(|m| m.allocate(&[t.refunded, (t.price - t.refunded).max(0)]))
        .map(|parts| parts[0].minor())
        .ok_or(invalid("input.order.topUp", "the refunded share cannot be computed"))?;
    reverse(out, (share - t.reversed - t.unrecovered).max(0))
}

/// Takes `due` back from the balance, as much as it still holds (wallet → top-ups, an
/// `adjustment_debit` of the order); flags the rest.
fn reverse(out: &mut Out, due: i64) -> Result<(), Invalid> {
    if due == 0 {
        return Ok(());
    }
    let available = out.ctx.wallet_available.ok_or(invalid("input.facts.walletAvailable", "taking money from the balance needs the balance available now"))?;
    let take = due.min(available.max(0));
    let short = due - take;
    out.transfer(vec![TransferLeg { from: Party::Wallet, to: Party::TopUps, amount: take, code: MovementType::AdjustmentDebit }]);
    if let Some(t) = out.s.top_up.as_mut() {
        t.reversed += take;
        t.unrecovered += short;
    }
    if take > 0 {
        out.note(NoteCode::TopUpReversed, &[("amount", out.money(take))]);
    }
    if short > 0 {
        out.note(NoteCode::TopUpReversalShort, &[("reversed", out.money(take)), ("missing", out.money(short))]);
        out.actions.push(HostAction::Email { template: Mail::TopUpReversalShortAdmin });
    }
    Ok(())
}
