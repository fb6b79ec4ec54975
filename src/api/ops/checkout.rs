//! `checkout.reserve` and `checkout.settle` on the wire; the rules (which legs a checkout may
//! reserve, what refuses each leg, the linked reservations and their settlement) are
//! [`crate::checkout`].

use crate::prelude::*;

use crate::api::ops::eligibility::CreditPart;
use crate::api::ops::ledger::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::ops::wallet::settings::{WireCustomer, WireWalletSettings};
use crate::api::wire::{amount_string, check_len, derived_id, same_currency, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::checkout::{check_legs, close_chain, credit_leg_reasons, reservation, settlement, skipped_reason, LegsError, Outcome};
use crate::codes::{Code, ErrorCode};
use crate::ledger::{MovementType, PendingStatus, TransferInput};
use crate::wallet::pay::payment_reasons;
use crate::wallet::rules::{availability as wallet_gate, Mode};
use crate::wallet::settings::Customer;
use crate::{Read, Write};

fn key_id(key: &str, leg: &str) -> Result<String, ApiError> {
    derived_id(key, leg, "input.key")
}

fn legs_error(e: LegsError) -> ApiError {
    let message = match e {
        LegsError::NoLeg => "reserve at least one leg (wallet or creditLine)",
        LegsError::AboveTotal => "the legs add up to more than the cart total",
    };
    ApiError::at(ErrorCode::InvalidValue, "input.legs", message)
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Cart {
    currency: CurrencyCode,
    total: Amount,
    #[serde(default)]
    contains_top_up: bool,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Legs {
    #[serde(default)]
    wallet: Option<Amount>,
    #[serde(default)]
    credit_line: Option<Amount>,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckoutWalletPart {
    account: WireAccount,
    settings: WireWalletSettings,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ReserveInput {
    key: Id,
    order_ref: Id,
    cart: Cart,
    customer: WireCustomer,
    legs: Legs,
    #[serde(default)]
    timeout_s: u32,
    #[serde(default)]
    wallet: Option<CheckoutWalletPart>,
    #[serde(default)]
    credit_line: Option<CreditPart>,
    sales_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// `checkout.reserve`'s answer (fields in wire order: sorted).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReserveOut {
    accepted: bool,
    ledger: Option<LedgerOutput>,
    legs: Vec<LegOut>,
    reasons: Vec<Code>,
    remaining_to_pay: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct LegOut {
    amount: String,
    method: &'static str,
    transfer_id: String,
}

/// `checkout.settle`'s answer.
#[derive(Write)]
struct SettleOut {
    ledger: LedgerOutput,
    reasons: Vec<Code>,
    settled: bool,
    skipped: Vec<SkippedOut>,
}

/// A reservation that was already resolved another way.
#[derive(Write)]
struct SkippedOut {
    id: String,
    status: PendingStatus,
}

/// The legs of one checkout so far: the accounts they touch, what refuses them, their
/// reservations and what the answer lists.
#[derive(Default)]
struct Chain {
    accounts: Vec<WireAccount>,
    reasons: Vec<Code>,
    batch: Vec<TransferInput>,
    legs: Vec<LegOut>,
}

/// What every leg of one request is judged on.
struct Judged<'a> {
    i: &'a ReserveInput,
    customer: Customer,
    total: i64,
    /// A leg of this key is stored: the ledger answers, the legs are not judged again.
    replay: bool,
}

/// Re-checks every leg on the server and reserves them as one linked chain (all or nothing).
pub fn reserve(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: ReserveInput = parse_input(input)?;
    let c = i.cart.currency.0;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    let customer = i.customer.validate("input.customer")?;
    let wallet_amount = match &i.legs.wallet {
        Some(a) => a.minor(c, "input.legs.wallet")?,
        None => 0,
    };
    let credit_amount = match &i.legs.credit_line {
        Some(a) => a.minor(c, "input.legs.creditLine")?,
        None => 0,
    };
    check_legs(wallet_amount, credit_amount, total).map_err(legs_error)?;
    let replay = i.transfers.iter().any(|t| t.id.0.starts_with(&format!("{}:", i.key.0)));
    let judged = Judged { i: &i, customer, total, replay };
    let mut chain = Chain { accounts: vec![i.sales_account.clone()], ..Chain::default() };
    if wallet_amount > 0 {
        wallet_leg(&judged, wallet_amount, &mut chain)?;
    }
    if credit_amount > 0 {
        credit_leg(&judged, credit_amount, now, &mut chain)?;
    }
    let remaining = amount_string(total - wallet_amount - credit_amount, c);
    if !chain.reasons.is_empty() {
        Code::sort_list(&mut chain.reasons, true);
        return to_result(&ReserveOut { accepted: false, ledger: None, legs: vec![], reasons: chain.reasons, remaining_to_pay: amount_string(total, c) });
    }
    close_chain(&mut chain.batch);
    let ledger = ledger_from(&chain.accounts, &i.transfers, "input")?;
    let lo = run(ledger, &chain.batch, now);
    let accepted = lo.all_applied();
    to_result(&ReserveOut {
        accepted,
        reasons: lo.first_failure().into_iter().collect(),
        legs: if accepted { chain.legs } else { vec![] },
        remaining_to_pay: if accepted { remaining } else { amount_string(total, c) },
        ledger: Some(lo),
    })
}

/// The balance leg: the wallet and its settings checked, the balance gate re-judged.
// inline(always): called once; as calls of their own, it and credit_leg made the host wasm ~0.8 KB larger.
#[inline(always)]
fn wallet_leg(j: &Judged<'_>, amount: i64, chain: &mut Chain) -> Result<(), ApiError> {
    let (i, c) = (j.i, j.i.cart.currency.0);
    let w = i.wallet.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.wallet", "a wallet leg needs the wallet"))?;
    let acc = w.account.to_account(&"input.wallet.account")?;
    same_currency(acc.currency, c, "input.wallet.account.currency")?;
    let s = w.settings.validate(c, "input.wallet.settings")?;
    let mode = if amount == j.total { Mode::Full } else { Mode::Partial };
    let gate = wallet_gate(Some(&acc), &s, &j.customer, j.total, i.cart.contains_top_up, mode);
    if !j.replay {
        chain.reasons.extend(payment_reasons(&gate, amount));
    }
    chain.accounts.push(w.account.clone());
    let id = key_id(&i.key.0, "wallet")?;
    chain.legs.push(LegOut { amount: amount_string(amount, c), method: "wallet", transfer_id: id.clone() });
    let order_ref = Some(i.order_ref.0.clone());
    chain.batch.push(reservation(id, &acc.id, &i.sales_account.id.0, amount, i.timeout_s, MovementType::OrderPayment, &order_ref));
    Ok(())
}

/// The credit-line leg: the credit context checked, the line's gate re-judged on today's date.
// inline(always): called once (see wallet_leg).
#[inline(always)]
fn credit_leg(j: &Judged<'_>, amount: i64, now: i64, chain: &mut Chain) -> Result<(), ApiError> {
    let (i, c) = (j.i, j.i.cart.currency.0);
    let cp = i.credit_line.as_ref().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.creditLine", "a credit-line leg needs the credit line"))?;
    let cc = cp.credit.validate("input.creditLine.credit")?;
    let acc =
        cc.account.clone().ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.creditLine.credit.account", "a credit-line leg needs the account"))?;
    same_currency(acc.currency, c, "input.creditLine.credit.account.currency")?;
    if !j.replay {
        let gate =
            crate::credit_line::rules::availability(Some(&acc), &cc.profile, &cc.settings, &cc.receivables, cc.unlisted.as_ref(), amount, cc.today(now)?);
        chain.reasons.extend(gate.reasons);
        chain.reasons.extend(credit_leg_reasons(cp.enabled, j.customer.logged_in, i.cart.contains_top_up));
    }
    if let Some(a) = &cp.credit.account {
        chain.accounts.push(a.clone());
    }
    let id = key_id(&i.key.0, "credit")?;
    chain.legs.push(LegOut { amount: amount_string(amount, c), method: "credit_line", transfer_id: id.clone() });
    let order_ref = Some(i.order_ref.0.clone());
    chain.batch.push(reservation(id, &acc.id, &i.sales_account.id.0, amount, i.timeout_s, MovementType::OrderOnAccount, &order_ref));
    Ok(())
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SettleInput {
    outcome: Outcome,
    reservations: Vec<WireTransfer>,
    accounts: Vec<WireAccount>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// Posts (paid) or voids (cancelled) an order's reservations together. Ids derive from the
/// reservation ids, so running the same settlement twice answers `exists`.
pub fn settle(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: SettleInput = parse_input(input)?;
    check_len(&i.reservations, 10, "input.reservations")?;
    let mut known = i.transfers.clone();
    let mut batch = Vec::new();
    let mut skipped = Vec::new();
    for (n, r) in i.reservations.iter().enumerate() {
        let t = r.to_transfer(&format!("input.reservations[{n}]"))?;
        if !t.flags.pending {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("input.reservations[{n}]"), "not a pending transfer"));
        }
        if !known.iter().any(|k| k.id.0 == t.id) {
            known.push(r.clone());
        }
        let leg = if i.outcome == Outcome::Paid { "post" } else { "void" };
        let id = key_id(&t.id, leg)?;
        let replay = i.transfers.iter().any(|k| k.id.0 == id);
        if !replay && t.pending_status != PendingStatus::Pending {
            skipped.push(SkippedOut { id: t.id.clone(), status: t.pending_status });
            continue;
        }
        batch.push(settlement(&t, id, i.outcome));
    }
    close_chain(&mut batch);
    let ledger = ledger_from(&i.accounts, &known, "input")?;
    let lo = run(ledger, &batch, now);
    let mut reasons: Vec<Code> = lo.first_failure().into_iter().collect();
    // A reservation already resolved the other way is the reason the order cannot settle.
    reasons.extend(skipped.iter().map(|s| skipped_reason(s.status)));
    Code::sort_list(&mut reasons, true);
    to_result(&SettleOut { settled: lo.all_applied() && skipped.is_empty(), reasons, skipped, ledger: lo })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<ReserveInput, ReserveOut>("checkout.reserve");
    api.op::<SettleInput, SettleOut>("checkout.settle");
}
