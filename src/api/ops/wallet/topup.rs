//! `wallet.topUp` and `wallet.topUpCheck` on the wire; the rules (what a top-up credits, which
//! reasons refuse it) are [`crate::wallet::topup`].

use crate::prelude::*;

use super::common::{book, booked, key_id, move_result, rejected, shop_account, wallet_account};
use super::settings::WireWalletSettings;
use crate::api::ops::ledger::{ledger_from, WireAccount, WireTransfer};
use crate::api::wire::{amount_string, Amount, CurrencyCode, Id};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::ledger::MovementType;
use crate::wallet::common::plain;
use crate::wallet::topup::{top_up_credit, top_up_reasons, VAT_ROUNDING};
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TopUpInput {
    key: Id,
    order_ref: Id,
    /// Collected for the top-up lines, already net of discounts and coupons.
    paid: Amount,
    settings: WireWalletSettings,
    wallet: WireAccount,
    top_ups_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

/// What `wallet.topUp` answers besides the movement (fields in wire order).
#[derive(Write)]
struct TopUpExtra {
    paid: String,
    vat: VatOut,
}

#[derive(Write)]
struct VatOut {
    amount: String,
    mode: &'static str,
    rate: Option<String>,
    rounding: Option<&'static str>,
}

/// `wallet.topUpCheck`'s answer.
#[derive(Write)]
struct CheckOut {
    accepted: bool,
    credit: String,
    currency: CurrencyCode,
    reasons: Vec<Code>,
    vat: String,
}

/// `wallet.topUp`: credits the balance (id `{key}:topup`, code `top_up`, shop top-ups → wallet).
pub fn top_up(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: TopUpInput = parse_input(input)?;
    let w = wallet_account(&i.wallet, "input.wallet")?;
    let c = w.currency;
    shop_account(&i.top_ups_account, c, "input.topUpsAccount")?;
    let s = i.settings.validate(c, "input.settings")?;
    let paid = i.paid.minor(c, "input.paid")?;
    let ledger = ledger_from(&[i.wallet.clone(), i.top_ups_account.clone()], &i.transfers, "input")?;
    let id = key_id(&i.key.0, "topup")?;
    let tc = top_up_credit(paid, c, s.top_up_vat_rate).ok_or_else(|| ApiError::at(ErrorCode::AmountTooLarge, "input.paid", "amount too large"))?;
    let extra = TopUpExtra {
        paid: amount_string(paid, c),
        vat: VatOut {
            amount: amount_string(tc.vat, c),
            mode: if s.top_up_vat_rate.is_some() { "included" } else { "none" },
            rate: s.top_up_vat_rate.map(|r| crate::money::decimal_string(r.normalize())),
            rounding: s.top_up_vat_rate.map(|_| VAT_ROUNDING.name()),
        },
    };
    if ledger.transfer(&id).is_none() {
        let r = top_up_reasons(&s, paid, tc.credit);
        if !r.is_empty() {
            return move_result(&rejected(r, tc.credit, &w), &extra);
        }
    }
    let t = plain(id.clone(), &i.top_ups_account.id.0, &w.id, tc.credit, MovementType::TopUp, Some(i.order_ref.0.clone()));
    let (lo, balance) = book(ledger, &[t], now, &w.id);
    move_result(&booked(lo, balance, tc.credit, &w, &id), &extra)
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CheckInput {
    currency: CurrencyCode,
    amount: Amount,
    settings: WireWalletSettings,
}

/// `wallet.topUpCheck`: may the customer buy a top-up of `amount` (the price they will pay)? The
/// same reasons `wallet.topUp` applies when the paid order is credited, asked before the payment so
/// nobody pays for a top-up that would not be credited. `{accepted, reasons, credit, vat}`.
pub fn top_up_check(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: CheckInput = parse_input(input)?;
    let c = i.currency.0;
    let s = i.settings.validate(c, "input.settings")?;
    let paid = i.amount.minor(c, "input.amount")?;
    let credited = top_up_credit(paid, c, s.top_up_vat_rate)
        .ok_or_else(|| ApiError::at(ErrorCode::InvalidValue, "input.amount", "the amount cannot be split into credit and VAT"))?;
    let reasons = top_up_reasons(&s, paid, credited.credit);
    to_result(&CheckOut {
        accepted: reasons.is_empty(),
        credit: amount_string(credited.credit, c),
        currency: CurrencyCode(c),
        reasons,
        vat: amount_string(credited.vat, c),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op_merged::<TopUpInput, super::common::MoveOut, TopUpExtra>("wallet.topUp", "shopcredit::wallet::topup::TopUpOut");
    api.op::<CheckInput, CheckOut>("wallet.topUpCheck");
}
