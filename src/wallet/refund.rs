//! `wallet.refund`: an order refund split by funding source (balance, credit line, external
//! gateway), or all of it to the balance when the admin chooses so.

use super::common::{account_of_kind, key_id, plain, shop_account, wallet_account};
use crate::api::ops::ledger::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, check_len, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{AccountKind, MovementType, TransferInput};
use crate::money::{Currency, Money};
use crate::{Read, Write};

/// A funding source of an order: what it paid and what was already refunded to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub paid: i64,
    pub refunded: i64,
}

impl Source {
    /// What can still be refunded to this source.
    pub fn room(&self) -> i64 {
        self.paid.saturating_sub(self.refunded).max(0)
    }
}

/// Splits a refund over the sources in proportion to what each paid (largest remainder, see
/// [`Money::allocate`]), never giving a source more than its room; what a capped source cannot
/// take moves to the next sources with room, in the order given. The parts sum to `amount`
/// exactly. None when `amount` is negative or exceeds the total room (`refund_exceeds_paid`).
pub fn split_refund(amount: i64, sources: &[Source], currency: Currency) -> Option<Vec<i64>> {
    let room: i128 = sources.iter().map(|s| i128::from(s.room())).sum();
    if amount < 0 || i128::from(amount) > room {
        return None;
    }
    if amount == 0 {
        return Some(vec![0; sources.len()]);
    }
    // amount > 0 and room > 0, so some source paid something: the weights are not all zero.
    let weights: Vec<i64> = sources.iter().map(|s| s.paid.max(0)).collect();
    let mut parts: Vec<i64> = Money::from_minor(amount, currency).ok()?.allocate(&weights)?.iter().map(|m| m.minor()).collect();
    let mut excess: i64 = 0;
    for (p, s) in parts.iter_mut().zip(sources) {
        if *p > s.room() {
            excess = excess.checked_add(*p - s.room())?;
            *p = s.room();
        }
    }
    for (p, s) in parts.iter_mut().zip(sources) {
        let take = excess.min(s.room() - *p);
        *p += take;
        excess -= take;
    }
    (excess == 0).then_some(parts)
}

#[derive(Read, Debug, Clone, Copy, PartialEq, Eq, Write)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    Wallet,
    CreditLine,
    External,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireSource {
    source: SourceKind,
    paid: Amount,
    #[serde(default)]
    refunded: Option<Amount>,
}

#[derive(Read, Write, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum RefundMode {
    /// Each source gets its share (the default).
    Proportional,
    /// Everything goes to the balance (an admin's choice), up to the order total minus refunds.
    ToBalance,
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

fn refused(reason: Code, mode: RefundMode, c: Currency) -> Result<crate::api::Out, ApiError> {
    to_result(&RefundOut { accepted: false, reasons: vec![reason], mode, legs: vec![], external: amount_string(0, c), ledger: None, replay: false })
}

/// What each source gets of `amount` (the split rule of the mode), or why it cannot.
fn wanted(mode: RefundMode, amount: i64, sources: &[(SourceKind, Source)], c: Currency) -> Result<Vec<(SourceKind, i64)>, Code> {
    let plain: Vec<Source> = sources.iter().map(|(_, s)| *s).collect();
    match mode {
        RefundMode::Proportional => match split_refund(amount, &plain, c) {
            Some(parts) => Ok(sources.iter().map(|(k, _)| *k).zip(parts).collect()),
            None => Err(Code::RefundExceedsPaid),
        },
        RefundMode::ToBalance => {
            let room: i128 = plain.iter().map(|s| i128::from(s.room())).sum();
            if i128::from(amount) > room {
                return Err(Code::RefundExceedsPaid);
            }
            Ok(vec![(SourceKind::Wallet, amount)])
        }
    }
}

/// A stored refund under this key is the same refund when the amount asked now splits into the
/// stored legs, judged on the sources as given or with the stored legs taken out of them (a caller
/// may count this very refund among what was already refunded).
fn same_refund(mode: RefundMode, amount: i64, sources: &[(SourceKind, Source)], stored: &[(SourceKind, i64)], c: Currency) -> bool {
    let stored_of = |k: SourceKind| stored.iter().filter(|(s, _)| *s == k).map(|(_, a)| *a).sum::<i64>();
    let matches = |parts: &[(SourceKind, i64)]| {
        [SourceKind::Wallet, SourceKind::CreditLine].iter().all(|k| parts.iter().filter(|(s, _)| s == k).map(|(_, a)| *a).sum::<i64>() == stored_of(*k))
    };
    let without: Vec<(SourceKind, Source)> =
        sources.iter().map(|(k, s)| (*k, Source { paid: s.paid, refunded: (s.refunded - stored_of(*k)).max(0) })).collect();
    [sources, &without[..]].iter().any(|src| wanted(mode, amount, src, c).is_ok_and(|parts| matches(&parts)))
}

/// `wallet.refund`: wallet part sales → wallet (`{key}:wallet`), credit-line part sales → credit
/// line (`{key}:credit`), both code `refund` and linked (all or nothing); the external part is
/// returned for the host's gateway. A replay (a leg already stored) is answered from the stored legs.
pub fn refund(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
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
            crate::api::wire::same_currency(c, a.currency, "input.wallet.currency")?;
            accounts.push(w.clone());
            Some(a)
        }
        None => None,
    };
    let credit = match &i.credit_line {
        Some(w) => {
            let a = account_of_kind(w, AccountKind::CreditLine, "input.creditLine")?;
            crate::api::wire::same_currency(c, a.currency, "input.creditLine.currency")?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }
    fn src(paid: i64, refunded: i64) -> Source {
        Source { paid, refunded }
    }

    #[test]
    fn refund_split_is_proportional_and_capped() {
        let s = [src(3000, 0), src(7000, 0)];
        assert_eq!(split_refund(1000, &s, eur()), Some(vec![300, 700]));
        assert_eq!(split_refund(10000, &s, eur()), Some(vec![3000, 7000]));
        let capped = [src(3000, 2900), src(7000, 0)];
        assert_eq!(split_refund(1000, &capped, eur()), Some(vec![100, 900]));
        assert_eq!(split_refund(7100, &capped, eur()), Some(vec![100, 7000]));
        assert_eq!(split_refund(7101, &capped, eur()), None);
        assert_eq!(split_refund(-1, &s, eur()), None);
        assert_eq!(split_refund(0, &s, eur()), Some(vec![0, 0]));
    }

    #[test]
    fn odd_minor_units_go_to_the_largest_remainder() {
        assert_eq!(split_refund(1, &[src(3000, 0), src(3000, 0)], eur()), Some(vec![1, 0]));
        assert_eq!(split_refund(100, &[src(1, 0), src(1, 0), src(1, 0)], eur()), None);
        assert_eq!(split_refund(2, &[src(1, 0), src(1, 0), src(1, 0)], eur()), Some(vec![1, 1, 0]));
        assert_eq!(split_refund(1000, &[src(1000, 0), src(2000, 0), src(3000, 0)], eur()), Some(vec![167, 333, 500]));
    }

    #[test]
    fn huge_amounts_do_not_overflow() {
        let m = crate::money::MAX_MINOR;
        let s = [src(m, 0), src(m, 0), src(m, 0)];
        let parts = split_refund(m, &s, eur()).unwrap();
        assert_eq!(parts.iter().map(|p| i128::from(*p)).sum::<i128>(), i128::from(m));
    }

    proptest! {
        #[test]
        fn refund_split_sums_exactly_and_respects_room(amount in 0i64..200_000, paid in prop::collection::vec((0i64..100_000, 0i64..100_000), 1..4)) {
            let sources: Vec<Source> = paid.iter().map(|(p, r)| src(*p, (*r).min(*p))).collect();
            let room: i64 = sources.iter().map(|s| s.room()).sum();
            match split_refund(amount, &sources, eur()) {
                Some(parts) => {
                    prop_assert_eq!(parts.len(), sources.len());
                    prop_assert_eq!(parts.iter().sum::<i64>(), amount);
                    for (p, s) in parts.iter().zip(&sources) {
                        prop_assert!(*p >= 0 && *p <= s.room());
                    }
                }
                None => prop_assert!(amount > room),
            }
        }
    }
}
