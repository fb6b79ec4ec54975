//! `wallet.refund` on the wire; the rules (the split by funding source, whether a stored refund
//! is the same refund) are [`crate::wallet::refund`].

use super::common::{account_of_kind, key_id, shop_account, wallet_account};
use crate::api::ops::ledger::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, same_currency, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{AccountKind, MovementType, TransferInput};
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
    let mut sources: Vec<(SourceKind, Source)> = Vec::new();
    for (n, s) in i.sources.iter().enumerate() {
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
    shop_account(&i.sales_account, c, "input.salesAccount")?;
    let mut accounts = vec![i.sales_account.clone()];
    let wallet = match &i.wallet {
        Some(w) => {
            let a = wallet_account(w, "input.wallet")?;
            same_currency(c, a.currency, "input.wallet.currency")?;
            accounts.push(w.clone());
            Some(a)
        }
        None => None,
    };
    let credit = match &i.credit_line {
        Some(w) => {
            let a = account_of_kind(w, AccountKind::CreditLine, "input.creditLine")?;
            same_currency(c, a.currency, "input.creditLine.currency")?;
            accounts.push(w.clone());
            Some(a)
        }
        None => None,
    };
    let wallet_id = key_id(&i.key.0, "wallet")?;
    let credit_id = key_id(&i.key.0, "credit")?;
    let ledger = ledger_from(&accounts, &i.transfers, "input")?;

    // Replay: the legs stored under this key are the answer (the split is not re-judged
    // against `refunded` amounts that may already include this very refund).
    let mut stored: Vec<TransferInput> = [&wallet_id, &credit_id]
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
    // Same order as first sent: the linked leg first, the one closing the chain last.
    crate::sort::sort_by(&mut stored, |a, b| (!a.flags.linked).cmp(&!b.flags.linked));
    if !stored.is_empty() {
        let kinds: Vec<(SourceKind, i64)> =
            stored.iter().map(|t| (if t.id == wallet_id { SourceKind::Wallet } else { SourceKind::CreditLine }, t.amount)).collect();
        if !same_refund(i.mode, amount, &sources, &kinds, c) {
            // The key was used for another refund: answered as a conflict, nothing booked.
            return refused(Code::ExistsWithDifferentAmount, i.mode, c);
        }
        let internal: i64 = stored.iter().map(|t| t.amount).sum();
        let legs = stored
            .iter()
            .map(|t| Leg {
                source: if t.id == wallet_id { SourceKind::Wallet } else { SourceKind::CreditLine },
                amount: amount_string(t.amount, c),
                transfer_id: Some(t.id.clone()),
            })
            .collect();
        let lo = run(ledger, &stored, now);
        let accepted = lo.all_applied();
        return to_result(&RefundOut {
            accepted,
            reasons: lo.first_failure().into_iter().collect(),
            mode: i.mode,
            legs,
            external: amount_string(amount.saturating_sub(internal).max(0), c),
            ledger: Some(lo),
            replay: accepted,
        });
    }

    if amount == 0 {
        return refused(Code::AmountMustNotBeZero, i.mode, c);
    }
    let wanted = match wanted(i.mode, amount, &sources, c) {
        Ok(w) => w,
        Err(code) => return refused(code, i.mode, c),
    };
    let mut batch = Vec::new();
    let mut legs = Vec::new();
    let mut external = 0i64;
    for (kind, part) in wanted {
        let target = match kind {
            SourceKind::External => None,
            SourceKind::Wallet => Some((
                &wallet_id,
                wallet.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.wallet", "a refund to the balance needs the wallet account"))?,
            )),
            SourceKind::CreditLine => Some((
                &credit_id,
                credit
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
