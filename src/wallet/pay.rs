//! `wallet.pay`: an order paid (in full, or part of it) from the balance.

use super::common::{book, booked, key_id, plain, rejected, shop_account, wallet_account};
use super::gate::{availability, Mode, WireCart};
use super::settings::{WireCustomer, WireWalletSettings};
use crate::api::ops::ledger::{ledger_from, WireAccount, WireTransfer};
use crate::api::wire::{Amount, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::decision::Availability;
use crate::ledger::MovementType;
use crate::Read;

/// Why the amount asked is inconsistent with the mode and the cart (a caller error, not a
/// business rejection): a full payment is the cart total; a partial one is 1 minor unit up to
/// the total minus 1.
pub fn amount_error(mode: Mode, amount: i64, total: i64) -> Option<&'static str> {
    match mode {
        Mode::Full if amount != total => Some("a full payment must equal the cart total"),
        Mode::Partial if amount == 0 => Some("a partial payment takes at least one minor unit from the balance"),
        Mode::Partial if amount >= total => Some("a partial payment must be less than the cart total"),
        _ => None,
    }
}

/// The business reasons against taking `amount` from the balance: the gate's, plus
/// `wallet_insufficient_funds` when the amount is more than the balance covers.
pub fn payment_reasons(gate: &Availability, amount: i64) -> Vec<Code> {
    let mut r = gate.reasons.clone();
    if gate.available && amount > gate.covers {
        r.push(Code::WalletInsufficientFunds);
    }
    Code::sort_list(&mut r, true);
    r
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct PayInput {
    key: Id,
    order_ref: Id,
    mode: Mode,
    /// What to take from the balance.
    amount: Amount,
    cart: WireCart,
    /// true: a reservation (pending transfer) posted or voided later; false: posted at once.
    #[serde(default)]
    reserve: bool,
    /// Reservations only: seconds until the reservation expires by itself (0 = never).
    #[serde(default)]
    timeout_s: u32,
    wallet: WireAccount,
    sales_account: WireAccount,
    settings: WireWalletSettings,
    customer: WireCustomer,
    /// Stored transfers with the ids this op derives (`{key}:wallet`), for replays.
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// `wallet.pay`: re-checks the gate on the server, then moves `amount` wallet → sales
/// (id `{key}:wallet`, code `order_payment`), pending when `reserve`.
pub fn pay(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: PayInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    crate::api::wire::same_currency(c, i.cart.currency.0, "input.cart.currency")?;
    shop_account(&i.sales_account, c, "input.salesAccount")?;
    let total = i.cart.total.minor(c, "input.cart.total")?;
    let amount = i.amount.minor(c, "input.amount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let customer = i.customer.validate("input.customer")?;
    if !i.reserve && i.timeout_s != 0 {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.timeoutS", "a timeout is only for reservations (reserve: true)"));
    }
    let ledger = ledger_from(&[i.wallet.clone(), i.sales_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key.0, "wallet")?;
    // A replay is answered by the ledger (`exists`), not re-judged against today's balance.
    // The gate speaks first (a closed gate is a business answer whatever the amount); an amount
    // inconsistent with an open gate is a caller error.
    let gate = availability(Some(&w), &s, &customer, total, i.cart.contains_top_up, i.mode);
    let replay = ledger.transfer(&id).is_some();
    if !replay && !gate.available {
        return to_result(&rejected(gate.reasons, amount, &w));
    }
    if let Some(msg) = amount_error(i.mode, amount, total) {
        return Err(ApiError::at(ErrorCode::InvalidValue, "input.amount", msg));
    }
    if !replay {
        let reasons = payment_reasons(&gate, amount);
        if !reasons.is_empty() {
            return to_result(&rejected(reasons, amount, &w));
        }
    }
    let mut t = plain(id.clone(), &w.id, &i.sales_account.id.0, amount, MovementType::OrderPayment, Some(i.order_ref.0.clone()));
    if i.reserve {
        t.flags.pending = true;
        t.timeout_s = i64::from(i.timeout_s);
    }
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    to_result(&booked(lo, balance, amount, &w, &id))
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<PayInput, super::common::MoveOut>("wallet.pay");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_must_match_the_mode() {
        assert_eq!(amount_error(Mode::Full, 4500, 4500), None);
        assert!(amount_error(Mode::Full, 4000, 4500).is_some());
        assert_eq!(amount_error(Mode::Partial, 1, 4500), None);
        assert!(amount_error(Mode::Partial, 0, 4500).is_some());
        assert!(amount_error(Mode::Partial, 4500, 4500).is_some());
    }

    #[test]
    fn partial_above_what_the_balance_covers_is_refused() {
        let gate = Availability::from_reasons(vec![], 5000, 8000);
        assert_eq!(payment_reasons(&gate, 5000), vec![]);
        assert_eq!(payment_reasons(&gate, 5001), vec![Code::WalletInsufficientFunds]);
        let closed = Availability::from_reasons(vec![Code::MethodDisabled], 5000, 8000);
        assert_eq!(payment_reasons(&closed, 100), vec![Code::MethodDisabled]);
    }
}
