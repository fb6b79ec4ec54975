//! `ledger.*` operations: raw transfer batches, expiry of reservations, reconciliation.

use super::sums::{wide_string, WideAmount};
use super::types::*;
use super::wire::*;
use crate::api::wire::{check_len, same_currency, CurrencyCode};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::ErrorCode;
use crate::money::Currency;
use crate::{Read, Write};
use std::collections::BTreeMap;

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CreateInput {
    accounts: Vec<WireAccount>,
    #[serde(default)]
    transfers: Vec<WireTransfer>,
    batch: Vec<WireTransferInput>,
}

/// Applies a batch of transfers (ids are idempotency keys).
pub fn create_transfers(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: CreateInput = parse_input(input)?;
    check_len(&i.batch, MAX_BATCH, "input.batch")?;
    let ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    let batch = i.batch.iter().enumerate().map(|(n, t)| t.to_input(&ledger, &format!("input.batch[{n}]"))).collect::<Result<Vec<_>, _>>()?;
    to_result(&run(ledger, &batch, now))
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ExpireInput {
    accounts: Vec<WireAccount>,
    transfers: Vec<WireTransfer>,
}

/// Expires the given pending transfers whose timeout has passed at `now`.
pub fn expire_pending(ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let now = ctx.now()?;
    let i: ExpireInput = parse_input(input)?;
    let mut ledger = ledger_from(&i.accounts, &i.transfers, "input")?;
    ledger.expire_pending(now);
    to_result(&output(&[], &ledger.into_changes()))
}

#[derive(Write, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
struct Counters {
    credits_pending: String,
    credits_posted: String,
    debits_pending: String,
    debits_posted: String,
}

impl Counters {
    fn from_minor(v: [i128; 4], c: Currency) -> Counters {
        let [a, b, cp, d] = v.map(|x| wide_string(x, c));
        Counters { debits_pending: a, debits_posted: b, credits_pending: cp, credits_posted: d }
    }
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct AccountCheck {
    computed: Counters,
    id: String,
    stored: Counters,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct Drift {
    account_id: String,
    computed: String,
    field: &'static str,
    stored: String,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReconcileOutput {
    accounts: Vec<AccountCheck>,
    consistent: bool,
    drift: Vec<Drift>,
}

/// Indexes into `[debits_pending, debits_posted, credits_pending, credits_posted]`.
const COUNTER_NAMES: [&str; 4] = ["debitsPending", "debitsPosted", "creditsPending", "creditsPosted"];

/// Which counters a stored transfer counts in on its (debit side, credit side), or None when it
/// counts nothing. The one rule behind both reconciliations.
fn counted_in(flags: TransferFlags, status: PendingStatus) -> Option<(usize, usize)> {
    match (flags.pending, status) {
        // A live reservation counts as pending.
        (true, PendingStatus::Pending) => Some((0, 2)),
        // Resolved reservations count nothing themselves: their post transfer counts.
        (true, _) => None,
        // A void moved nothing.
        _ if flags.void_pending => None,
        // Plain transfers and posts count as posted.
        _ => Some((1, 3)),
    }
}

/// Compares an account's stored counters with the sums computed from its transfers.
fn check_account(a: &Account, computed: [i128; 4], drift: &mut Vec<Drift>) -> AccountCheck {
    let stored = [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted].map(i128::from);
    for k in 0..4 {
        if stored[k] != computed[k] {
            drift.push(Drift {
                account_id: a.id.clone(),
                field: COUNTER_NAMES[k],
                stored: wide_string(stored[k], a.currency),
                computed: wide_string(computed[k], a.currency),
            });
        }
    }
    AccountCheck { id: a.id.clone(), stored: Counters::from_minor(stored, a.currency), computed: Counters::from_minor(computed, a.currency) }
}

/// Recomputes every account's counters from its transfers and reports any drift.
pub fn reconcile(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ExpireInput = parse_input(input)?;
    let accounts = parse_accounts(&i.accounts, "input.accounts")?;
    let transfers = parse_transfers(&i.transfers, "input.transfers")?;
    check_transfer_currencies(&accounts, &transfers, "input.transfers")?;
    // Sums of up to 10,000 transfers may exceed i64: i128.
    let mut sums: BTreeMap<&str, [i128; 4]> = accounts.iter().map(|a| (a.id.as_str(), [0i128; 4])).collect();
    for t in &transfers {
        let Some((d, c)) = counted_in(t.flags, t.pending_status) else {
            continue;
        };
        if let Some(s) = sums.get_mut(t.debit_account_id.as_str()) {
            s[d] += i128::from(t.amount);
        }
        if let Some(s) = sums.get_mut(t.credit_account_id.as_str()) {
            s[c] += i128::from(t.amount);
        }
    }
    let mut drift = Vec::new();
    let checks = accounts.iter().map(|a| check_account(a, sums.get(a.id.as_str()).copied().unwrap_or([0; 4]), &mut drift)).collect();
    to_result(&ReconcileOutput { consistent: drift.is_empty(), accounts: checks, drift })
}

/// Which side of its transfers a sum covers.
#[derive(Read, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Debit,
    Credit,
}

/// `SUM(amount)` and `COUNT(*)` over one account's transfers on one side with the same
/// currency, flags and pending status.
#[derive(Read, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct WireTransferSum {
    pub side: Side,
    pub currency: CurrencyCode,
    #[serde(default)]
    pub flags: Vec<WireFlag>,
    pub pending_status: PendingStatus,
    pub count: u64,
    pub amount: WideAmount,
}

/// Groups are (side, currency, flags, pending status): a few dozen at most.
pub const MAX_SUMS: usize = 1000;

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconcileSumsInput {
    pub account: WireAccount,
    pub sums: Vec<WireTransferSum>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ReconcileSumsOutput {
    account: AccountCheck,
    consistent: bool,
    drift: Vec<Drift>,
    /// How many transfers the sums cover.
    transfers: u64,
}

/// `ledger.reconcileSums`: one account's stored counters against the sums of its transfers as the
/// database grouped them, counted by the same rule as `ledger.reconcile`. The request stays small
/// however many transfers the account has.
pub fn reconcile_sums(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ReconcileSumsInput = parse_input(input)?;
    let a = i.account.to_account("input.account")?;
    check_len(&i.sums, MAX_SUMS, "input.sums")?;
    let mut computed = [0i128; 4];
    let mut transfers = 0u64;
    for (n, s) in i.sums.iter().enumerate() {
        let path = format!("input.sums[{n}]");
        same_currency(a.currency, s.currency.0, format_args!("{path}.currency"))?;
        let amount = s.amount.minor(a.currency, &format!("{path}.amount"))?;
        let too_large = || ApiError::at(ErrorCode::AmountTooLarge, format!("{path}.amount"), "the sums overflow");
        transfers = transfers.checked_add(s.count).ok_or_else(too_large)?;
        let Some((d, c)) = counted_in(wire_flags(&s.flags), s.pending_status) else {
            continue;
        };
        let k = if s.side == Side::Debit { d } else { c };
        computed[k] = computed[k].checked_add(amount).ok_or_else(too_large)?;
    }
    let mut drift = Vec::new();
    let account = check_account(&a, computed, &mut drift);
    to_result(&ReconcileSumsOutput { consistent: drift.is_empty(), account, drift, transfers })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    use super::wire::LedgerOutput;
    api.op::<CreateInput, LedgerOutput>("ledger.createTransfers");
    api.op::<ExpireInput, LedgerOutput>("ledger.expirePending");
    api.op::<ExpireInput, ReconcileOutput>("ledger.reconcile");
    api.op::<ReconcileSumsInput, ReconcileSumsOutput>("ledger.reconcileSums");
}
