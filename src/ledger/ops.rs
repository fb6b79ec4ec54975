//! `ledger.*` operations: raw transfer batches, expiry of reservations, reconciliation.

use super::types::*;
use super::wire::*;
use crate::api::wire::{amount_string, check_len};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateInput {
    accounts: Vec<WireAccount>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
    batch: Vec<WireTransferInput>,
}

/// Applies a batch of transfers (ids are idempotency keys).
pub fn create_transfers(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: CreateInput = parse_input(input)?;
    check_len(&i.batch, MAX_BATCH, "input.batch")?;
    let ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    let batch = i
        .batch
        .iter()
        .enumerate()
        .map(|(n, t)| t.to_input(&ledger, &format!("input.batch[{n}]")))
        .collect::<Result<Vec<_>, _>>()?;
    to_result(&run(ledger, &batch, now))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpireInput {
    accounts: Vec<WireAccount>,
    transfers: Vec<WireTransfer>,
}

/// Expires the given pending transfers whose timeout has passed at `now`.
pub fn expire_pending(ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let now = ctx.now()?;
    let i: ExpireInput = parse_input(input)?;
    let mut ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    ledger.expire_pending(now);
    to_result(&output(&[], &ledger.into_changes()))
}

#[derive(Serialize, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
struct Counters {
    debits_pending: String,
    debits_posted: String,
    credits_pending: String,
    credits_posted: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountCheck {
    id: String,
    stored: Counters,
    computed: Counters,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Drift {
    account_id: String,
    field: &'static str,
    stored: String,
    computed: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReconcileOutput {
    consistent: bool,
    accounts: Vec<AccountCheck>,
    drift: Vec<Drift>,
}

/// Recomputes every account's counters from its transfers and reports any drift.
pub fn reconcile(_ctx: &Ctx, input: Value) -> Result<Value, ApiError> {
    let i: ExpireInput = parse_input(input)?;
    let accounts = parse_accounts(&i.accounts, "input.accounts")?;
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    check_transfer_currencies(&accounts, &transfers, "input.transfers")?;
    // [debits_pending, debits_posted, credits_pending, credits_posted] per account, in i128.
    let mut sums: BTreeMap<&str, [i128; 4]> = accounts.iter().map(|a| (a.id.as_str(), [0i128; 4])).collect();
    for t in &transfers {
        let (d, c) = match (t.flags.pending, t.pending_status) {
            // A live reservation counts as pending.
            (true, PendingStatus::Pending) => (0, 2),
            // Resolved reservations count nothing themselves: their post transfer counts.
            (true, _) => continue,
            // A void moved nothing.
            _ if t.flags.void_pending => continue,
            // Plain transfers and posts count as posted.
            _ => (1, 3),
        };
        if let Some(s) = sums.get_mut(t.debit_account_id.as_str()) {
            s[d] += i128::from(t.amount);
        }
        if let Some(s) = sums.get_mut(t.credit_account_id.as_str()) {
            s[c] += i128::from(t.amount);
        }
    }
    let mut checks = Vec::new();
    let mut drift = Vec::new();
    for a in &accounts {
        let s = sums.get(a.id.as_str()).copied().unwrap_or([0; 4]);
        let stored = [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted];
        let names = ["debitsPending", "debitsPosted", "creditsPending", "creditsPosted"];
        let fmt = |v: i128| -> String {
            match i64::try_from(v) {
                Ok(x) => amount_string(x, a.currency),
                // Sums of up to 10,000 transfers may exceed i64; i128 still formats exactly.
                Err(_) => Decimal::try_from_i128_with_scale(v, u32::from(a.currency.exponent())).map_or_else(|_| v.to_string(), |d| d.to_string()),
            }
        };
        for k in 0..4 {
            if i128::from(stored[k]) != s[k] {
                drift.push(Drift { account_id: a.id.clone(), field: names[k], stored: fmt(i128::from(stored[k])), computed: fmt(s[k]) });
            }
        }
        let c = |v: [String; 4]| {
            let [a, b, c, d] = v;
            Counters { debits_pending: a, debits_posted: b, credits_pending: c, credits_posted: d }
        };
        checks.push(AccountCheck {
            id: a.id.clone(),
            stored: c(stored.map(|v| fmt(i128::from(v)))),
            computed: c(s.map(fmt)),
        });
    }
    to_result(&ReconcileOutput { consistent: drift.is_empty(), accounts: checks, drift })
}
