//! The ledger engine: applies transfer batches to account snapshots with TigerBeetle semantics.

use super::types::*;
use crate::codes::Code;
use crate::money::MAX_MINOR;
use std::collections::{BTreeMap, BTreeSet};

/// The accounts and stored transfers one command works on.
pub struct Ledger {
    accounts: BTreeMap<String, Account>,
    transfers: BTreeMap<String, Transfer>,
    new_transfers: Vec<String>,
    pending_updates: Vec<PendingUpdate>,
    touched: BTreeSet<String>,
}

/// What the host must write back: touched accounts (sorted by id), new transfers (in the order
/// they were accepted), and status changes of pending transfers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerChanges {
    pub accounts: Vec<Account>,
    pub transfers: Vec<Transfer>,
    pub pending_updates: Vec<PendingUpdate>,
}

/// Undo information for one applied transfer of an open linked chain.
struct Applied {
    accounts_before: Vec<Account>,
    transfer_id: Option<String>,
    pending_before: Option<Transfer>,
    updates_len: usize,
    touched_before: BTreeSet<String>,
}

impl Ledger {
    /// Fails (with the duplicated id) when two accounts or two transfers share an id.
    pub fn new(accounts: Vec<Account>, known_transfers: Vec<Transfer>) -> Result<Ledger, String> {
        let mut a = BTreeMap::new();
        for acc in accounts {
            let id = acc.id.clone();
            if a.insert(id.clone(), acc).is_some() {
                return Err(id);
            }
        }
        let mut t = BTreeMap::new();
        for tr in known_transfers {
            let id = tr.id.clone();
            if t.insert(id.clone(), tr).is_some() {
                return Err(id);
            }
        }
        Ok(Ledger { accounts: a, transfers: t, new_transfers: Vec::new(), pending_updates: Vec::new(), touched: BTreeSet::new() })
    }
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }
    pub fn transfer(&self, id: &str) -> Option<&Transfer> {
        self.transfers.get(id)
    }

    /// Applies a batch in order; one outcome per input.
    pub fn create_transfers(&mut self, inputs: &[TransferInput], now_s: i64) -> Vec<TransferOutcome> {
        // Reservations whose timeout has passed release their funds before anything else, so
        // the checks below see the real balances and a post to them answers `expired`.
        self.expire_pending(now_s);
        let mut results: Vec<Code> = vec![Code::Ok; inputs.len()];
        let mut chain_start: Option<usize> = None;
        let mut chain_undo: Vec<Applied> = Vec::new();
        let mut chain_failed = false;
        let last = inputs.len().saturating_sub(1);
        for (i, input) in inputs.iter().enumerate() {
            let in_chain = chain_start.is_some() || input.flags.linked;
            if in_chain && chain_start.is_none() {
                chain_start = Some(i);
                chain_undo.clear();
                chain_failed = false;
            }
            if chain_failed {
                results[i] = Code::LinkedEventFailed;
            } else if input.flags.linked && i == last {
                results[i] = Code::LinkedEventChainOpen;
            } else {
                let snapshot = self.snapshot_for(input);
                let r = self.apply_one(input, now_s);
                results[i] = r;
                if r == Code::Ok {
                    if in_chain {
                        chain_undo.push(snapshot);
                    }
                } else if r != Code::Exists && in_chain {
                    chain_failed = true;
                }
            }
            let chain_ends = in_chain && !input.flags.linked;
            let chain_open_at_end = in_chain && i == last && input.flags.linked;
            if chain_ends || chain_open_at_end {
                let start = chain_start.unwrap_or(i);
                let open = chain_open_at_end;
                if chain_failed || open {
                    while let Some(undo) = chain_undo.pop() {
                        self.undo(undo);
                    }
                    for j in start..=i {
                        if open {
                            results[j] = Code::LinkedEventChainOpen;
                        } else if results[j] == Code::Ok || results[j] == Code::Exists {
                            results[j] = Code::LinkedEventFailed;
                        }
                    }
                }
                chain_start = None;
                chain_undo.clear();
                chain_failed = false;
            }
        }
        inputs.iter().zip(results).map(|(t, r)| TransferOutcome { id: t.id.clone(), result: r }).collect()
    }

    fn snapshot_for(&self, input: &TransferInput) -> Applied {
        let mut accounts_before = Vec::new();
        for id in [&input.debit_account_id, &input.credit_account_id] {
            if let Some(a) = self.accounts.get(id.as_str()) {
                accounts_before.push(a.clone());
            }
        }
        let pending_before = input.pending_id.as_ref().and_then(|p| self.transfers.get(p.as_str()).cloned());
        Applied {
            accounts_before,
            transfer_id: None,
            pending_before,
            updates_len: self.pending_updates.len(),
            touched_before: self.touched.clone(),
        }
    }

    fn undo(&mut self, mut undo: Applied) {
        for a in undo.accounts_before.drain(..) {
            self.accounts.insert(a.id.clone(), a);
        }
        if let Some(p) = undo.pending_before.take() {
            self.transfers.insert(p.id.clone(), p);
        }
        // The transfer applied by this step is the last one recorded.
        if let Some(id) = undo.transfer_id.take().or_else(|| self.new_transfers.last().cloned()) {
            if self.new_transfers.last() == Some(&id) {
                self.new_transfers.pop();
                self.transfers.remove(&id);
            }
        }
        self.pending_updates.truncate(undo.updates_len);
        self.touched = undo.touched_before;
    }

    fn apply_one(&mut self, t: &TransferInput, now_s: i64) -> Code {
        let f = t.flags;
        let resolving = f.post_pending || f.void_pending;
        if [f.pending, f.post_pending, f.void_pending].iter().filter(|x| **x).count() > 1 {
            return Code::FlagsAreMutuallyExclusive;
        }
        if t.debit_account_id == t.credit_account_id {
            return Code::AccountsMustBeDifferent;
        }
        if !resolving && t.pending_id.is_some() {
            return Code::PendingIdMustBeAbsent;
        }
        if resolving && t.pending_id.is_none() {
            return Code::PendingIdRequired;
        }
        if !f.pending && t.timeout_s != 0 {
            return Code::TimeoutReservedForPendingTransfer;
        }
        if t.amount < 0 || t.timeout_s < 0 {
            return Code::AmountMustNotBeZero;
        }
        if !resolving && t.amount == 0 {
            return Code::AmountMustNotBeZero;
        }
        if let Some(existing) = self.transfers.get(&t.id) {
            return compare_existing(existing, t);
        }
        let Some(debit) = self.accounts.get(&t.debit_account_id) else { return Code::DebitAccountNotFound };
        let Some(credit) = self.accounts.get(&t.credit_account_id) else { return Code::CreditAccountNotFound };
        if debit.currency != credit.currency {
            return Code::AccountsMustHaveTheSameCurrency;
        }
        let currency = debit.currency;
        if resolving {
            return self.resolve_pending(t, now_s, currency);
        }
        if debit.closed || credit.closed {
            return Code::AccountClosed;
        }
        let amount = t.amount;
        if amount > MAX_MINOR {
            return Code::OverflowsBalance;
        }
        // Balance invariants, pessimistic: pending debits count, pending credits do not.
        let debits_after = debit.debits_pending as i128 + debit.debits_posted as i128 + amount as i128;
        match debit.kind {
            AccountKind::Wallet if debits_after > debit.credits_posted as i128 => return Code::WalletInsufficientFunds,
            AccountKind::CreditLine if debits_after > debit.credits_posted as i128 + debit.limit as i128 => {
                return Code::ExceedsCreditLimit
            }
            _ => {}
        }
        let (dfield, cfield) = if f.pending { (debit.debits_pending, credit.credits_pending) } else { (debit.debits_posted, credit.credits_posted) };
        if dfield.checked_add(amount).is_none_or(|v| v > MAX_MINOR) || cfield.checked_add(amount).is_none_or(|v| v > MAX_MINOR) {
            return Code::OverflowsBalance;
        }
        let (did, cid) = (t.debit_account_id.clone(), t.credit_account_id.clone());
        if let Some(d) = self.accounts.get_mut(&did) {
            if f.pending { d.debits_pending += amount } else { d.debits_posted += amount }
        }
        if let Some(c) = self.accounts.get_mut(&cid) {
            if f.pending { c.credits_pending += amount } else { c.credits_posted += amount }
        }
        self.touched.insert(did);
        self.touched.insert(cid);
        self.record(t, amount, currency, now_s, if f.pending { PendingStatus::Pending } else { PendingStatus::None });
        Code::Ok
    }

    fn resolve_pending(&mut self, t: &TransferInput, now_s: i64, currency: crate::money::Currency) -> Code {
        let pid = t.pending_id.clone().unwrap_or_default();
        let Some(p) = self.transfers.get(&pid).cloned() else { return Code::PendingTransferNotFound };
        if !p.flags.pending {
            return Code::PendingTransferNotPending;
        }
        match p.pending_status {
            PendingStatus::Posted => return Code::PendingTransferAlreadyPosted,
            PendingStatus::Voided => return Code::PendingTransferAlreadyVoided,
            PendingStatus::Expired => return Code::PendingTransferExpired,
            PendingStatus::Pending => {}
            PendingStatus::None => return Code::PendingTransferNotPending,
        }
        if p.expires_at_s().is_some_and(|at| at <= now_s) {
            return Code::PendingTransferExpired;
        }
        if p.debit_account_id != t.debit_account_id || p.credit_account_id != t.credit_account_id {
            return Code::PendingTransferHasDifferentAccounts;
        }
        let amount = if t.flags.post_pending {
            if t.amount > p.amount {
                return Code::ExceedsPendingTransferAmount;
            }
            if t.amount == 0 { p.amount } else { t.amount }
        } else {
            if t.amount != 0 && t.amount != p.amount {
                return Code::PendingTransferHasDifferentAmount;
            }
            p.amount
        };
        self.release_pending(&p);
        if t.flags.post_pending {
            if let Some(d) = self.accounts.get_mut(&p.debit_account_id) {
                d.debits_posted += amount;
            }
            if let Some(c) = self.accounts.get_mut(&p.credit_account_id) {
                c.credits_posted += amount;
            }
        }
        let status = if t.flags.post_pending { PendingStatus::Posted } else { PendingStatus::Voided };
        self.set_pending_status(&pid, status);
        self.record(t, amount, currency, now_s, PendingStatus::None);
        Code::Ok
    }

    fn release_pending(&mut self, p: &Transfer) {
        if let Some(d) = self.accounts.get_mut(&p.debit_account_id) {
            d.debits_pending -= p.amount;
        }
        if let Some(c) = self.accounts.get_mut(&p.credit_account_id) {
            c.credits_pending -= p.amount;
        }
        self.touched.insert(p.debit_account_id.clone());
        self.touched.insert(p.credit_account_id.clone());
    }

    fn set_pending_status(&mut self, id: &str, status: PendingStatus) {
        if let Some(p) = self.transfers.get_mut(id) {
            p.pending_status = status;
        }
        self.pending_updates.push(PendingUpdate { id: id.to_string(), status });
    }

    fn expire_one(&mut self, id: &str) {
        if let Some(p) = self.transfers.get(id).cloned() {
            if p.pending_status == PendingStatus::Pending {
                self.release_pending(&p);
                self.set_pending_status(id, PendingStatus::Expired);
            }
        }
    }

    fn record(&mut self, t: &TransferInput, amount: i64, currency: crate::money::Currency, now_s: i64, status: PendingStatus) {
        let tr = Transfer {
            id: t.id.clone(),
            debit_account_id: t.debit_account_id.clone(),
            credit_account_id: t.credit_account_id.clone(),
            amount,
            currency,
            pending_id: t.pending_id.clone(),
            timeout_s: t.timeout_s,
            flags: t.flags,
            code: t.code,
            order_ref: t.order_ref.clone(),
            timestamp_s: now_s,
            pending_status: status,
        };
        self.new_transfers.push(tr.id.clone());
        self.transfers.insert(tr.id.clone(), tr);
    }

    /// Expires every known pending transfer whose timeout has passed at `now_s`.
    pub fn expire_pending(&mut self, now_s: i64) -> Vec<PendingUpdate> {
        let before = self.pending_updates.len();
        let due: Vec<String> = self
            .transfers
            .values()
            .filter(|t| t.pending_status == PendingStatus::Pending && t.expires_at_s().is_some_and(|at| at <= now_s))
            .map(|t| t.id.clone())
            .collect();
        for id in due {
            self.expire_one(&id);
        }
        self.pending_updates[before..].to_vec()
    }

    pub fn into_changes(self) -> LedgerChanges {
        let mut transfers_by_id = self.transfers;
        let transfers = self.new_transfers.iter().filter_map(|id| transfers_by_id.remove(id)).collect();
        let accounts = self.touched.iter().filter_map(|id| self.accounts.get(id).cloned()).collect();
        LedgerChanges { accounts, transfers, pending_updates: self.pending_updates }
    }
}

/// A replayed id: `exists` when every field matches, else the first field that differs.
fn compare_existing(e: &Transfer, t: &TransferInput) -> Code {
    if e.flags != t.flags {
        return Code::ExistsWithDifferentFlags;
    }
    if e.debit_account_id != t.debit_account_id {
        return Code::ExistsWithDifferentDebitAccountId;
    }
    if e.credit_account_id != t.credit_account_id {
        return Code::ExistsWithDifferentCreditAccountId;
    }
    let resolving = t.flags.post_pending || t.flags.void_pending;
    if e.amount != t.amount && !(resolving && t.amount == 0) {
        return Code::ExistsWithDifferentAmount;
    }
    if e.pending_id != t.pending_id {
        return Code::ExistsWithDifferentPendingId;
    }
    if e.timeout_s != t.timeout_s {
        return Code::ExistsWithDifferentTimeout;
    }
    if e.code != t.code {
        return Code::ExistsWithDifferentCode;
    }
    Code::Exists
}
