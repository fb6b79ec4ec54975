//! `wallet.refund` on the wire; the rules (the split by funding source, whether a stored refund
//! is the same refund) are [`crate::wallet::refund`].

use crate::prelude::*;

use super::common::{account_of_kind, key_id, shop_account};
use crate::api::ops::ledger::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{Account, AccountKind, Ledger, MovementType, TransferInput};
use crate::money::Currency;
use crate::wallet::common::plain;
use crate::wallet::refund::{same_refund, wanted, RefundMode, Source, SourceKind};
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireSource {
    source: SourceKind,
    paid: Amount,
    #[serde(default)]
    refunded: Option<Amount>,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RefundInput {
    key: Id,
    order_ref: Id,
    currency: CurrencyCode,
    refund_amount: Amount,
    #[serde(default = "default_mode")]
    mode: RefundMode,
    sources: Vec<WireSource>,
    #[serde(default)]
    wallet: Option<WireAccount>,
    #[serde(default)]
    credit_line: Option<WireAccount>,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

fn default_mode() -> RefundMode {
    RefundMode::Proportional
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct Leg {
    amount: String,
    source: SourceKind,
    /// The ledger transfer of this leg; null for the external part (the host's gateway refunds it).
    transfer_id: Option<String>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct RefundOut {
    accepted: bool,
    /// What the host must refund through the original external payment method.
    external: String,
    ledger: Option<LedgerOutput>,
    legs: Vec<Leg>,
    mode: RefundMode,
    reasons: Vec<Code>,
    /// The same key with the same refund was applied before: answered, nothing new booked.
    replay: bool,
}

fn refused(reason: Code, mode: RefundMode, c: Currency) -> Result<Out, ApiError> {
    to_result(&RefundOut { accepted: false, reasons: vec![reason], mode, legs: vec![], external: amount_string(0, c), ledger: None, replay: false })
}

/// Where the refund's internal legs go: the transfer ids derived from the key and the accounts
/// they credit (absent when the request has none).
struct Targets {
    wallet_id: String,
    credit_id: String,
    wallet: Option<Account>,
    credit: Option<Account>,
}

impl Targets {
    fn kind_of(&self, t: &TransferInput) -> SourceKind {
        if t.id == self.wallet_id {
            SourceKind::Wallet
        } else {
            SourceKind::CreditLine
        }
    }
}

/// `wallet.refund`: wallet part sales → wallet (`{key}:wallet`), credit-line part sales → credit
/// line (`{key}:credit`), both code `refund` and linked (all or nothing); the external part is
/// returned for the host's gateway. A replay (a leg already stored) is answered from the stored legs.
pub fn refund(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: RefundInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.sources, 3, "input.sources")?;
    if i.sources.is_empty() {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.sources", "list at least one funding source"));
    }
    let amount = i.refund_amount.minor(c, "input.refundAmount")?;
    let sources = sources_of(&i.sources, c)?;
    shop_account(&i.sales_account, c, "input.salesAccount")?;
    let targets = Targets {
        wallet: leg_account(&i.wallet, AccountKind::Wallet, c, "input.wallet")?,
        credit: leg_account(&i.credit_line, AccountKind::CreditLine, c, "input.creditLine")?,
        wallet_id: key_id(&i.key.0, "wallet")?,
        credit_id: key_id(&i.key.0, "credit")?,
    };
    let mut accounts = vec![i.sales_account.clone()];
    for a in [&i.wallet, &i.credit_line].into_iter().flatten() {
        accounts.push(a.clone());
    }
    let ledger = ledger_from(&accounts, &i.transfers, "input")?;
    let stored = stored_legs(&ledger, &targets);
    if !stored.is_empty() {
        return replay(&i, ledger, &stored, &targets, &sources, amount, now);
    }
    if amount == 0 {
        return refused(Code::AmountMustNotBeZero, i.mode, c);
    }
    match wanted(i.mode, amount, &sources, c) {
        Ok(parts) => book_refund(&i, ledger, &parts, &targets, now),
        Err(code) => refused(code, i.mode, c),
    }
}

/// Each funding source in minor units; a source listed twice or refunded more than it paid is
/// an error.
fn sources_of(wire: &[WireSource], c: Currency) -> Result<Vec<(SourceKind, Source)>, ApiError> {
    let mut sources: Vec<(SourceKind, Source)> = Vec::new();
    for (n, s) in wire.iter().enumerate() {
        let paid = s.paid.minor(c, format_args!("input.sources[{n}].paid"))?;
        let refunded = match &s.refunded {
            Some(r) => r.minor(c, format_args!("input.sources[{n}].refunded"))?,
            None => 0,
        };
        if refunded > paid {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("input.sources[{n}].refunded"), "a source cannot have been refunded more than it paid"));
        }
        if sources.iter().any(|(k, _)| *k == s.source) {
            return Err(ApiError::at(ErrorCode::DuplicateId, format!("input.sources[{n}].source"), "each source appears once"));
        }
        sources.push((s.source, Source { paid, refunded }));
    }
    Ok(sources)
}

/// An account a leg may credit, when given: checked for its kind and the refund's currency.
fn leg_account(w: &Option<WireAccount>, kind: AccountKind, c: Currency, path: &str) -> Result<Option<Account>, ApiError> {
    let Some(w) = w else { return Ok(None) };
    let a = account_of_kind(w, kind, path)?;
    same_currency(c, a.currency, format_args!("{path}.currency"))?;
    Ok(Some(a))
}

/// The legs stored under this key, in the order first sent: the linked leg first, the one
/// closing the chain last.
fn stored_legs(ledger: &Ledger, targets: &Targets) -> Vec<TransferInput> {
    let mut stored: Vec<TransferInput> = [&targets.wallet_id, &targets.credit_id]
        .iter()
        .filter_map(|id| ledger.transfer(id))
        .map(|t| TransferInput {
            id: t.id.clone(),
            debit_account_id: t.debit_account_id.clone(),
            credit_account_id: t.credit_account_id.clone(),
            amount: t.amount,
            pending_id: t.pending_id.clone(),
            timeout_s: t.timeout_s,
            flags: t.flags,
            code: t.code,
            order_ref: t.order_ref.clone(),
        })
        .collect();
    crate::sort::sort_by(&mut stored, |a, b| (!a.flags.linked).cmp(&!b.flags.linked));
    stored
}

/// A replay: the stored legs are the answer (the split is not re-judged against `refunded`
/// amounts that may already include this very refund), unless the key was used for another
/// refund (answered as a conflict, nothing booked).
fn replay(
    i: &RefundInput,
    ledger: Ledger,
    stored: &[TransferInput],
    targets: &Targets,
    sources: &[(SourceKind, Source)],
    amount: i64,
    now: i64,
) -> Result<Out, ApiError> {
    let c = i.currency.0;
    let kinds: Vec<(SourceKind, i64)> = stored.iter().map(|t| (targets.kind_of(t), t.amount)).collect();
    if !same_refund(i.mode, amount, sources, &kinds, c) {
        return refused(Code::ExistsWithDifferentAmount, i.mode, c);
    }
    let internal: i64 = stored.iter().map(|t| t.amount).sum();
    let legs = stored.iter().map(|t| Leg { source: targets.kind_of(t), amount: amount_string(t.amount, c), transfer_id: Some(t.id.clone()) }).collect();
    let lo = run(ledger, stored, now);
    let accepted = lo.all_applied();
    to_result(&RefundOut {
        accepted,
        reasons: lo.first_failure().into_iter().collect(),
        mode: i.mode,
        legs,
        external: amount_string(amount.saturating_sub(internal).max(0), c),
        ledger: Some(lo),
        replay: accepted,
    })
}

/// A new refund: one linked transfer per internal leg with something to refund, the external
/// part returned for the host's gateway.
fn book_refund(i: &RefundInput, ledger: Ledger, parts: &[(SourceKind, i64)], targets: &Targets, now: i64) -> Result<Out, ApiError> {
    let c = i.currency.0;
    let mut batch = Vec::new();
    let mut legs = Vec::new();
    let mut external = 0i64;
    for &(kind, part) in parts {
        let target = match kind {
            SourceKind::External => None,
            SourceKind::Wallet => Some((
                &targets.wallet_id,
                targets
                    .wallet
                    .as_ref()
                    .ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.wallet", "a refund to the balance needs the wallet account"))?,
            )),
            SourceKind::CreditLine => Some((
                &targets.credit_id,
                targets
                    .credit
                    .as_ref()
                    .ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.creditLine", "a refund to the credit line needs the credit-line account"))?,
            )),
        };
        let transfer_id = match (target, part) {
            (Some((id, account)), p) if p > 0 => {
                let mut t = plain(id.clone(), &i.sales_account.id.0, &account.id, p, MovementType::Refund, Some(i.order_ref.0.clone()));
                t.flags.linked = true;
                batch.push(t);
                Some(id.clone())
            }
            (None, p) => {
                external += p;
                None
            }
            _ => None,
        };
        legs.push(Leg { source: kind, amount: amount_string(part, c), transfer_id });
    }
    if let Some(last) = batch.last_mut() {
        last.flags.linked = false;
    }
    let lo = run(ledger, &batch, now);
    to_result(&RefundOut {
        accepted: lo.all_applied(),
        reasons: lo.first_failure().into_iter().collect(),
        mode: i.mode,
        legs,
        external: amount_string(external, c),
        ledger: Some(lo),
        replay: false,
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<RefundInput, RefundOut>("wallet.refund");
}
