//! `wallet.massAdjust` on the wire; the rules (one independent transfer per customer, the
//! summary) are [`crate::wallet::batch`].

use crate::prelude::*;

use super::common::{check_text, shop_account, wallet_account};
use crate::api::field_path;
use crate::api::ops::ledger::{ledger_from, run, LedgerOutput, WireAccount, WireTransfer};
use crate::api::wire::{check_len, same_currency, Amount, CurrencyCode, Id, MAX_ID_BYTES};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::wallet::batch::{mass_transfers, summarize, Direction, MAX_ITEMS};
use crate::{Read, Write};

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MassItem {
    customer_id: Id,
    wallet: WireAccount,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct MassInput {
    batch_key: Id,
    direction: Direction,
    currency: CurrencyCode,
    amount: Amount,
    reason: String,
    items: Vec<MassItem>,
    shop_account: WireAccount,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ItemOut {
    customer_id: String,
    /// `ok` applied now, `exists` done earlier, anything else: skipped for that reason.
    result: Code,
    transfer_id: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct MassOut {
    already_done: usize,
    applied: usize,
    direction: Direction,
    items: Vec<ItemOut>,
    ledger: LedgerOutput,
    reason: String,
    skipped: usize,
}

/// `wallet.massAdjust`: one independent transfer per customer; a debit a wallet cannot cover is
/// skipped with `wallet_insufficient_funds`; replays answer `exists` (resumable).
pub fn mass_adjust(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let now = ctx.now()?;
    let i: MassInput = parse_input(input)?;
    let c = i.currency.0;
    check_len(&i.items, MAX_ITEMS, "input.items")?;
    check_text(&i.reason, "input.reason", true)?;
    let amount = i.amount.minor(c, "input.amount")?;
    shop_account(&i.shop_account, c, "input.shopAccount")?;
    let mut accounts = vec![i.shop_account.clone()];
    let customer_repeated = crate::sorted::repeats(&i.items, |item| item.customer_id.0.as_str());
    let wallet_repeated = crate::sorted::repeats(&i.items, |item| item.wallet.id.0.as_str());
    let mut pairs = Vec::with_capacity(i.items.len());
    for (n, item) in i.items.iter().enumerate() {
        let path = format!("input.items[{n}]");
        let w = wallet_account(&item.wallet, &field_path(&path, "wallet"))?;
        same_currency(c, w.currency, format_args!("{path}.wallet.currency"))?;
        if customer_repeated[n] {
            return Err(ApiError::at(ErrorCode::DuplicateId, field_path(&path, "customerId"), "each customer appears once"));
        }
        if wallet_repeated[n] {
            return Err(ApiError::at(ErrorCode::DuplicateId, format!("{path}.wallet.id"), "each wallet appears once"));
        }
        if i.batch_key.0.len() + 1 + item.customer_id.0.len() > MAX_ID_BYTES {
            return Err(ApiError::at(ErrorCode::InvalidId, field_path(&path, "customerId"), "batchKey:customerId must fit in 128 bytes"));
        }
        accounts.push(item.wallet.clone());
        pairs.push((item.customer_id.0.as_str(), item.wallet.id.0.as_str()));
    }
    let ledger = ledger_from(&accounts, &i.transfers, "input")?;
    let batch = mass_transfers(&i.batch_key.0, i.direction, amount, &i.shop_account.id.0, &pairs);
    let lo = run(ledger, &batch, now);
    let codes: Vec<Code> = lo.results.iter().map(|r| r.result).collect();
    let (applied, already_done, skipped) = summarize(&codes);
    let items =
        pairs.iter().zip(&lo.results).map(|((cid, _), r)| ItemOut { customer_id: cid.to_string(), transfer_id: r.id.clone(), result: r.result }).collect();
    to_result(&MassOut { applied, already_done, skipped, direction: i.direction, reason: i.reason.clone(), items, ledger: lo })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<MassInput, MassOut>("wallet.massAdjust");
}
