//! Refunds from the host's own refund screen, split by funding source from what the order's
//! running accounts hold (never more than a source paid minus what it already got back, by
//! refunds or by a cancellation).

use super::decide::{invalid, refuse, Invalid, Out, Refusal};
use super::effects::{BookOp, HostAction, NoteCode, Party, TransferLeg};
use super::event::Refund;
use super::model::{Kind, Leg};
use crate::codes::Code;
use crate::ledger::MovementType;
use crate::prelude::*;
use crate::wallet::refund::{split_refund, Source};

/// What one refund gives each source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Split {
    pub wallet: i64,
    pub credit_line: i64,
    pub external: i64,
}

fn source(l: &Leg) -> Source {
    Source { paid: l.paid, refunded: l.paid - l.held() }
}

/// Pro rata by what each source paid, capped by what it still holds (`wallet.refund`'s rule).
/// When the host's gateway already refunded the external method, that part comes first.
pub fn split(amount: i64, wallet: &Leg, credit: &Leg, external: &Leg, via_gateway: bool, c: crate::money::Currency) -> Option<Split> {
    if via_gateway {
        let ext = amount.min(external.held());
        let parts = split_refund(amount - ext, &[source(wallet), source(credit)], c)?;
        return Some(Split { wallet: parts[0], credit_line: parts[1], external: ext });
    }
    let parts = split_refund(amount, &[source(wallet), source(credit), source(external)], c)?;
    Some(Split { wallet: parts[0], credit_line: parts[1], external: parts[2] })
}

pub fn handle(out: &mut Out, r: &Refund) -> Result<Result<(), Refusal>, Invalid> {
    if r.amount == 0 {
        return Ok(refuse(Code::AmountMustNotBeZero));
    }
    if out.s.kind == Kind::TopUp {
        return top_up(out, r);
    }
    let s = &out.s;
    let Some(parts) = split(r.amount, &s.wallet, &s.credit_line, &s.external, r.via_gateway, s.currency) else {
        return Ok(refuse(Code::RefundExceedsPaid));
    };
    book(out, parts, r);
    Ok(Ok(()))
}

/// The host set the order to refunded by hand: everything still held goes back.
pub fn everything(out: &mut Out) -> Result<(), Invalid> {
    if out.s.kind == Kind::TopUp {
        let left = out.s.external.held();
        if left > 0 {
            let r = Refund { refund_id: "status".into(), amount: left, via_gateway: false, to_balance: false };
            top_up(out, &r)?.ok();
        }
        return Ok(());
    }
    let s = &out.s;
    let parts = Split { wallet: s.wallet.held(), credit_line: s.credit_line.held(), external: s.external.held() };
    if parts.wallet + parts.credit_line + parts.external > 0 {
        let total = parts.wallet + parts.credit_line + parts.external;
        book(out, parts, &Refund { refund_id: "status".into(), amount: total, via_gateway: false, to_balance: false });
    }
    Ok(())
}

fn book(out: &mut Out, p: Split, r: &Refund) {
    // Chosen by the admin: the external part goes to the balance too.
    let to_wallet = p.wallet + if r.to_balance { p.external } else { 0 };
    out.transfer(vec![
        TransferLeg { from: Party::Sales, to: Party::Wallet, amount: to_wallet, code: MovementType::Refund },
        TransferLeg { from: Party::Sales, to: Party::CreditLine, amount: p.credit_line, code: MovementType::Refund },
    ]);
    if p.credit_line > 0 {
        out.book(BookOp::CreditNote { amount: p.credit_line });
    }
    out.s.wallet.refunded += p.wallet;
    out.s.credit_line.refunded += p.credit_line;
    out.s.external.refunded += p.external;
    if p.external > 0 && !r.via_gateway && !r.to_balance && !super::after_sale::cancel(out, Some(p.external)) {
        // Not financed: the order's own payment method gives it back.
        out.actions.push(HostAction::RefundExternal { amount: p.external, refund_id: Some(r.refund_id.clone()) });
    }
    out.note(
        NoteCode::RefundBooked,
        &[("wallet", out.money(to_wallet)), ("creditLine", out.money(p.credit_line)), ("external", out.money(if r.to_balance { 0 } else { p.external }))],
    );
}

/// A top-up refunded (in part): the money goes back to the card, the matching credit leaves the balance.
fn top_up(out: &mut Out, r: &Refund) -> Result<Result<(), Refusal>, Invalid> {
    out.s.top_up.ok_or(invalid("input.order.topUp", "a top-up order carries its top-up"))?;
    if r.amount > out.s.external.held() {
        return Ok(refuse(Code::RefundExceedsPaid));
    }
    if let Some(tu) = out.s.top_up.as_mut() {
        tu.refunded += r.amount;
    }
    out.s.external.refunded += r.amount;
    super::topup::reverse_for_refund(out)?;
    if !r.via_gateway {
        out.actions.push(HostAction::RefundExternal { amount: r.amount, refund_id: Some(r.refund_id.clone()) });
    }
    out.note(NoteCode::RefundBooked, &[("wallet", out.money(0)), ("creditLine", out.money(0)), ("external", out.money(r.amount))]);
    Ok(Ok(()))
}
