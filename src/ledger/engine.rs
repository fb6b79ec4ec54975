//! The ledger engine: applies transfer batches to account snapshots with TigerBeetle semantics.

use crate::prelude::*;

use super::types::*;
use crate::codes::Code;
use crate::money::MAX_MINOR;
use crate::sorted::{SortedMap, SortedSet};

/// The accounts and stored transfers one command works on.
pub struct Ledger {
    accounts: SortedMap<String, Account>,
    /// The snapshots as given, to report only accounts that actually changed.
    original: SortedMap<String, Account>,
    transfers: SortedMap<String, Transfer>,
    new_transfers: Vec<String>,
    pending_updates: Vec<PendingUpdate>,
    touched: SortedSet<String>,
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
    touched_before: SortedSet<String>,
}

impl Ledger {
    /// Fails (with the duplicated id) when two accounts or two transfers share an id.
    pub fn new(accounts: Vec<Account>, known_transfers: Vec<Transfer>) -> Result<Ledger, String> {
        if let Some(i) = crate::sorted::repeats(&accounts, |a| a.id.as_str()).iter().position(|r| *r) {
            return Err(accounts[i].id.clone());
        }
        if let Some(i) = crate::sorted::repeats(&known_transfers, |t| t.id.as_str()).iter().position(|r| *r) {
            return Err(known_transfers[i].id.clone());
        }
        let a: SortedMap<String, Account> = accounts.into_iter().map(|acc| (acc.id.clone(), acc)).collect();
        let t: SortedMap<String, Transfer> = known_transfers.into_iter().map(|tr| (tr.id.clone(), tr)).collect();
        Ok(Ledger { original: a.clone(), accounts: a, transfers: t, new_transfers: Vec::new(), pending_updates: Vec::new(), touched: SortedSet::new() })
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
                    for r in results.iter_mut().take(i + 1).skip(start) {
                        if open {
                            *r = Code::LinkedEventChainOpen;
                        } else if *r == Code::Ok || *r == Code::Exists {
                            *r = Code::LinkedEventFailed;
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
        Applied { accounts_before, transfer_id: None, pending_before, updates_len: self.pending_updates.len(), touched_before: self.touched.clone() }
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
            let target = t.pending_id.as_ref().and_then(|p| self.transfers.get(p.as_str()));
            return compare_existing(existing, t, target);
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
        let debits_after = i128::from(debit.debits_pending) + i128::from(debit.debits_posted) + i128::from(amount);
        match debit.kind {
            AccountKind::Wallet if debits_after > i128::from(debit.credits_posted) => return Code::WalletInsufficientFunds,
            AccountKind::CreditLine if debits_after > i128::from(debit.credits_posted) + i128::from(debit.limit) => return Code::ExceedsCreditLimit,
            _ => {}
        }
        let (dfield, cfield) = if f.pending { (debit.debits_pending, credit.credits_pending) } else { (debit.debits_posted, credit.credits_posted) };
        if exceeds_max(dfield, amount) || exceeds_max(cfield, amount) {
            return Code::OverflowsBalance;
        }
        let (did, cid) = (t.debit_account_id.clone(), t.credit_account_id.clone());
        if let Some(d) = self.accounts.get_mut(&did) {
            if f.pending {
                d.debits_pending += amount
            } else {
                d.debits_posted += amount
            }
        }
        if let Some(c) = self.accounts.get_mut(&cid) {
            if f.pending {
                c.credits_pending += amount
            } else {
                c.credits_posted += amount
            }
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
            if t.amount == 0 {
                p.amount
            } else {
                t.amount
            }
        } else {
            if t.amount != 0 && t.amount != p.amount {
                return Code::PendingTransferHasDifferentAmount;
            }
            p.amount
        };
        if t.flags.post_pending {
            let over = |a: Option<&Account>, f: fn(&Account) -> i64| a.is_some_and(|a| exceeds_max(f(a), amount));
            if over(self.accounts.get(&p.debit_account_id), |a| a.debits_posted) || over(self.accounts.get(&p.credit_account_id), |a| a.credits_posted) {
                return Code::OverflowsBalance;
            }
        }
        self.release_pending(&p);
        if t.flags.post_pending {
            if let Some(d) = self.accounts.get_mut(&p.debit_account_id) {
                d.debits_posted = d.debits_posted.saturating_add(amount);
            }
            if let Some(c) = self.accounts.get_mut(&p.credit_account_id) {
                c.credits_posted = c.credits_posted.saturating_add(amount);
            }
        }
        let status = if t.flags.post_pending { PendingStatus::Posted } else { PendingStatus::Voided };
        self.set_pending_status(&pid, status);
        self.record(t, amount, currency, now_s, PendingStatus::None);
        Code::Ok
    }

    fn release_pending(&mut self, p: &Transfer) {
        // A consistent snapshot holds the pending amount; saturating keeps a corrupt one from
        // overflowing (`ledger.reconcile` reports the drift).
        if let Some(d) = self.accounts.get_mut(&p.debit_account_id) {
            d.debits_pending = d.debits_pending.saturating_sub(p.amount);
        }
        if let Some(c) = self.accounts.get_mut(&p.credit_account_id) {
            c.credits_pending = c.credits_pending.saturating_sub(p.amount);
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
        let original = self.original;
        let accounts = self.touched.iter().filter_map(|id| self.accounts.get(id)).filter(|a| original.get(&a.id) != Some(*a)).cloned().collect();
        LedgerChanges { accounts, transfers, pending_updates: self.pending_updates }
    }
}

/// True when adding `amount` to `counter` would pass the largest amount the ledger holds.
fn exceeds_max(counter: i64, amount: i64) -> bool {
    counter.checked_add(amount).map_or(true, |v| v > MAX_MINOR)
}

/// A replayed id: `exists` when every field matches, else the first field that differs.
/// `target` is the pending transfer the input names, when known: a post of 0 ("the full pending
/// amount") matches a stored post only if that stored post moved the full pending amount.
fn compare_existing(e: &Transfer, t: &TransferInput, target: Option<&Transfer>) -> Code {
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
    let requested = match target {
        Some(p) if resolving && t.amount == 0 => p.amount,
        // The target is not loaded: 0 = "in full" cannot be resolved; the stored amount stands.
        None if resolving && t.amount == 0 => e.amount,
        _ => t.amount,
    };
    if e.amount != requested {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn eur() -> Currency {
        Currency::from_code("EUR").unwrap()
    }

    fn acc(id: &str, kind: AccountKind, credits_posted: i64, limit: i64) -> Account {
        let mut a = Account::new(id, kind, eur());
        a.credits_posted = credits_posted;
        a.limit = limit;
        a
    }

    /// wallet W (50.00), credit line C (limit 100.00), shop S and T (T funded W: debits 50.00).
    fn accounts() -> Vec<Account> {
        let mut t = acc("T", AccountKind::Shop, 0, 0);
        t.debits_posted = 5_000;
        vec![acc("W", AccountKind::Wallet, 5_000, 0), acc("C", AccountKind::CreditLine, 0, 10_000), acc("S", AccountKind::Shop, 0, 0), t]
    }

    fn tr(id: &str, d: &str, c: &str, amount: i64) -> TransferInput {
        TransferInput {
            id: id.into(),
            debit_account_id: d.into(),
            credit_account_id: c.into(),
            amount,
            pending_id: None,
            timeout_s: 0,
            flags: TransferFlags::default(),
            code: MovementType::OrderPayment,
            order_ref: None,
        }
    }
    fn pending(id: &str, d: &str, c: &str, amount: i64, timeout_s: i64) -> TransferInput {
        TransferInput { timeout_s, flags: TransferFlags { pending: true, ..Default::default() }, ..tr(id, d, c, amount) }
    }
    fn post(id: &str, p: &str, d: &str, c: &str, amount: i64) -> TransferInput {
        TransferInput { pending_id: Some(p.into()), flags: TransferFlags { post_pending: true, ..Default::default() }, ..tr(id, d, c, amount) }
    }
    fn void(id: &str, p: &str, d: &str, c: &str, amount: i64) -> TransferInput {
        TransferInput { pending_id: Some(p.into()), flags: TransferFlags { void_pending: true, ..Default::default() }, ..tr(id, d, c, amount) }
    }
    fn linked(mut t: TransferInput) -> TransferInput {
        t.flags.linked = true;
        t
    }

    fn ledger() -> Ledger {
        Ledger::new(accounts(), vec![]).unwrap()
    }
    fn codes(l: &mut Ledger, batch: &[TransferInput], now: i64) -> Vec<Code> {
        l.create_transfers(batch, now).into_iter().map(|o| o.result).collect()
    }
    fn one(batch: &[TransferInput]) -> Code {
        let mut l = ledger();
        *codes(&mut l, batch, 100).last().unwrap()
    }
    fn counters(l: &Ledger, id: &str) -> [i64; 4] {
        let a = l.account(id).unwrap();
        [a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted]
    }

    #[test]
    fn new_rejects_duplicate_ids() {
        let mut a = accounts();
        a.push(acc("W", AccountKind::Wallet, 0, 0));
        assert_eq!(Ledger::new(a, vec![]).err(), Some("W".to_string()));
        let mut l = ledger();
        l.create_transfers(&[tr("t1", "W", "S", 1)], 0);
        let t = l.transfer("t1").unwrap().clone();
        assert_eq!(Ledger::new(accounts(), vec![t.clone(), t]).err(), Some("t1".to_string()));
    }

    #[test]
    fn posted_transfer_moves_posted_counters_and_is_recorded() {
        let mut l = ledger();
        assert_eq!(codes(&mut l, &[tr("t1", "W", "S", 2_000)], 1_000), vec![Code::Ok]);
        assert_eq!(counters(&l, "W"), [0, 2_000, 0, 5_000]);
        assert_eq!(counters(&l, "S"), [0, 0, 0, 2_000]);
        let ch = l.into_changes();
        assert_eq!(ch.accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["S", "W"]);
        let t = &ch.transfers[0];
        assert_eq!((t.amount, t.timestamp_s, t.currency, t.pending_status), (2_000, 1_000, eur(), PendingStatus::None));
        assert!(ch.pending_updates.is_empty());
    }

    #[test]
    fn pending_transfer_moves_pending_counters() {
        let mut l = ledger();
        assert_eq!(codes(&mut l, &[pending("p1", "C", "S", 3_000, 60)], 10), vec![Code::Ok]);
        assert_eq!(counters(&l, "C"), [3_000, 0, 0, 0]);
        assert_eq!(counters(&l, "S"), [0, 0, 3_000, 0]);
        let t = l.transfer("p1").unwrap();
        assert_eq!((t.pending_status, t.expires_at_s()), (PendingStatus::Pending, Some(70)));
    }

    #[test]
    fn validation_codes_in_order() {
        let mut both = pending("x", "W", "W", 0, 0);
        both.flags.post_pending = true;
        both.pending_id = Some("p".into());
        assert_eq!(one(&[both]), Code::FlagsAreMutuallyExclusive);
        assert_eq!(one(&[tr("x", "W", "W", 0)]), Code::AccountsMustBeDifferent);
        let mut with_pid = tr("x", "W", "S", 0);
        with_pid.pending_id = Some("p".into());
        assert_eq!(one(&[with_pid]), Code::PendingIdMustBeAbsent);
        let mut no_pid = post("x", "p", "W", "S", 0);
        no_pid.pending_id = None;
        assert_eq!(one(&[no_pid]), Code::PendingIdRequired);
        let mut v = void("x", "p", "W", "S", 0);
        v.timeout_s = 5;
        assert_eq!(one(&[v]), Code::TimeoutReservedForPendingTransfer);
        let mut timed = tr("x", "W", "S", 0);
        timed.timeout_s = 5;
        assert_eq!(one(&[timed]), Code::TimeoutReservedForPendingTransfer);
        assert_eq!(one(&[tr("x", "W", "S", 0)]), Code::AmountMustNotBeZero);
        assert_eq!(one(&[pending("x", "W", "S", 0, 0)]), Code::AmountMustNotBeZero);
        assert_eq!(one(&[tr("x", "W", "S", -5)]), Code::AmountMustNotBeZero);
        assert_eq!(one(&[tr("x", "nope", "S", 1)]), Code::DebitAccountNotFound);
        assert_eq!(one(&[tr("x", "nope", "nope2", 1)]), Code::DebitAccountNotFound);
        assert_eq!(one(&[tr("x", "W", "nope", 1)]), Code::CreditAccountNotFound);
    }

    #[test]
    fn currency_and_closed_accounts() {
        let mut a = accounts();
        a.push(Account::new("USD", AccountKind::Shop, Currency::from_code("USD").unwrap()));
        let mut closed = acc("X", AccountKind::Shop, 0, 0);
        closed.closed = true;
        a.push(closed);
        let mut l = Ledger::new(a, vec![]).unwrap();
        assert_eq!(
            codes(&mut l, &[tr("a", "W", "USD", 1), tr("b", "W", "X", 1), tr("c", "X", "S", 1), pending("d", "X", "S", 1, 0)], 0),
            vec![Code::AccountsMustHaveTheSameCurrency, Code::AccountClosed, Code::AccountClosed, Code::AccountClosed]
        );
        assert!(l.into_changes().accounts.is_empty());
    }

    #[test]
    fn a_pending_transfer_on_a_since_closed_account_still_resolves() {
        let mut l = ledger();
        codes(&mut l, &[pending("p", "W", "S", 1_000, 0)], 0);
        let mut a: Vec<Account> = ["W", "S"].iter().map(|id| l.account(id).unwrap().clone()).collect();
        a[0].closed = true;
        let p = l.transfer("p").unwrap().clone();
        let mut l = Ledger::new(a, vec![p]).unwrap();
        assert_eq!(codes(&mut l, &[void("v", "p", "W", "S", 0)], 5), vec![Code::Ok]);
        assert_eq!(counters(&l, "W"), [0, 0, 0, 5_000]);
    }

    #[test]
    fn wallet_never_below_zero_pending_counted_pending_credits_not_spendable() {
        assert_eq!(one(&[tr("x", "W", "S", 5_001)]), Code::WalletInsufficientFunds);
        assert_eq!(one(&[tr("x", "W", "S", 5_000)]), Code::Ok);
        assert_eq!(one(&[pending("r", "W", "S", 3_000, 0), tr("x", "W", "S", 2_001)]), Code::WalletInsufficientFunds);
        assert_eq!(one(&[pending("r", "W", "S", 3_000, 0), pending("x", "W", "S", 2_001, 0)]), Code::WalletInsufficientFunds);
        // A pending top-up of an empty wallet is not spendable until posted.
        let mut l = Ledger::new(vec![acc("E", AccountKind::Wallet, 0, 0), acc("T", AccountKind::Shop, 0, 0)], vec![]).unwrap();
        assert_eq!(codes(&mut l, &[pending("top", "T", "E", 1_000, 0), tr("spend", "E", "T", 1)], 0), vec![Code::Ok, Code::WalletInsufficientFunds]);
        assert_eq!(codes(&mut l, &[post("pt", "top", "T", "E", 0), tr("spend2", "E", "T", 1_000)], 0), vec![Code::Ok, Code::Ok]);
    }

    #[test]
    fn credit_line_exposure_never_above_limit() {
        assert_eq!(one(&[tr("x", "C", "S", 10_000)]), Code::Ok);
        assert_eq!(one(&[tr("x", "C", "S", 10_001)]), Code::ExceedsCreditLimit);
        assert_eq!(one(&[pending("r", "C", "S", 6_000, 0), tr("x", "C", "S", 4_001)]), Code::ExceedsCreditLimit);
        // Payments received (credits posted) give room back; debits into the line never check.
        assert_eq!(one(&[tr("pay", "S", "C", 2_000), tr("x", "C", "S", 12_000)]), Code::Ok);
        // A limit lowered below the exposure blocks new debits but not posting the reservation.
        let mut l = ledger();
        codes(&mut l, &[pending("r", "C", "S", 8_000, 0)], 0);
        let mut a: Vec<Account> = ["C", "S"].iter().map(|id| l.account(id).unwrap().clone()).collect();
        a[0].limit = 1_000;
        let mut l = Ledger::new(a, vec![l.transfer("r").unwrap().clone()]).unwrap();
        assert_eq!(codes(&mut l, &[tr("x", "C", "S", 1), post("p", "r", "C", "S", 0)], 0), vec![Code::ExceedsCreditLimit, Code::Ok]);
    }

    #[test]
    fn overflows_balance() {
        let mut a = accounts();
        a[2].credits_posted = MAX_MINOR;
        a.push(acc("F", AccountKind::Shop, 0, 0));
        let mut l = Ledger::new(a, vec![]).unwrap();
        assert_eq!(
            codes(&mut l, &[tr("x", "F", "S", 1), tr("y", "F", "T", MAX_MINOR + 1), tr("z", "F", "T", MAX_MINOR)], 0),
            vec![Code::OverflowsBalance, Code::OverflowsBalance, Code::Ok]
        );
        // Pending S credits may still grow; posting them into the full posted counter may not.
        assert_eq!(codes(&mut l, &[pending("p", "F", "S", 5, 0), post("q", "p", "F", "S", 0)], 0), vec![Code::Ok, Code::OverflowsBalance]);
        assert_eq!(counters(&l, "S"), [0, 0, 5, MAX_MINOR]);
    }

    #[test]
    fn post_in_full_with_zero_and_in_part_releasing_the_rest() {
        let mut l = ledger();
        codes(&mut l, &[pending("p1", "W", "S", 3_000, 0), pending("p2", "C", "S", 4_000, 0)], 0);
        assert_eq!(codes(&mut l, &[post("a", "p1", "W", "S", 0), post("b", "p2", "C", "S", 1_500)], 7), vec![Code::Ok, Code::Ok]);
        assert_eq!(counters(&l, "W"), [0, 3_000, 0, 5_000]);
        assert_eq!(counters(&l, "C"), [0, 1_500, 0, 0]);
        assert_eq!(counters(&l, "S"), [0, 0, 0, 4_500]);
        assert_eq!(l.transfer("a").unwrap().amount, 3_000);
        assert_eq!(l.transfer("p2").unwrap().pending_status, PendingStatus::Posted);
        let ch = l.into_changes();
        assert_eq!(
            ch.pending_updates,
            vec![PendingUpdate { id: "p1".into(), status: PendingStatus::Posted }, PendingUpdate { id: "p2".into(), status: PendingStatus::Posted }]
        );
        assert_eq!(ch.transfers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["p1", "p2", "a", "b"]);
    }

    #[test]
    fn void_releases_and_accepts_zero_or_the_pending_amount() {
        for amount in [0, 3_000] {
            let mut l = ledger();
            assert_eq!(codes(&mut l, &[pending("p", "W", "S", 3_000, 0), void("v", "p", "W", "S", amount)], 0), vec![Code::Ok, Code::Ok]);
            assert_eq!(counters(&l, "W"), [0, 0, 0, 5_000]);
            assert_eq!((l.transfer("p").unwrap().pending_status, l.transfer("v").unwrap().amount), (PendingStatus::Voided, 3_000));
        }
        assert_eq!(one(&[pending("p", "W", "S", 3_000, 0), void("v", "p", "W", "S", 1_000)]), Code::PendingTransferHasDifferentAmount);
        assert_eq!(one(&[pending("p", "W", "S", 3_000, 0), post("v", "p", "W", "S", 3_001)]), Code::ExceedsPendingTransferAmount);
    }

    #[test]
    fn resolution_failures() {
        assert_eq!(one(&[post("x", "nope", "W", "S", 0)]), Code::PendingTransferNotFound);
        assert_eq!(one(&[tr("t", "W", "S", 10), post("x", "t", "W", "S", 0)]), Code::PendingTransferNotPending);
        assert_eq!(one(&[pending("p", "W", "S", 10, 0), post("a", "p", "W", "S", 0), void("x", "p", "W", "S", 0)]), Code::PendingTransferAlreadyPosted);
        assert_eq!(one(&[pending("p", "W", "S", 10, 0), void("a", "p", "W", "S", 0), post("x", "p", "W", "S", 0)]), Code::PendingTransferAlreadyVoided);
        assert_eq!(one(&[pending("p", "W", "S", 10, 0), post("x", "p", "W", "T", 0)]), Code::PendingTransferHasDifferentAccounts);
        assert_eq!(one(&[pending("p", "W", "S", 10, 0), post("x", "p", "T", "S", 0)]), Code::PendingTransferHasDifferentAccounts);
    }

    #[test]
    fn a_reservation_past_its_timeout_expires_and_cannot_be_posted() {
        let mut l = ledger();
        codes(&mut l, &[pending("p", "W", "S", 1_000, 60), pending("q", "W", "S", 500, 0)], 100);
        let stored: Vec<Transfer> = ["p", "q"].iter().map(|id| l.transfer(id).unwrap().clone()).collect();
        let accs: Vec<Account> = accounts().iter().map(|a| l.account(&a.id).unwrap().clone()).collect();
        // Still live one second before.
        let mut early = Ledger::new(accs.clone(), stored.clone()).unwrap();
        assert_eq!(codes(&mut early, &[post("x", "p", "W", "S", 0)], 159), vec![Code::Ok]);
        let mut l = Ledger::new(accs.clone(), stored.clone()).unwrap();
        assert_eq!(codes(&mut l, &[post("x", "p", "W", "S", 0)], 160), vec![Code::PendingTransferExpired]);
        assert_eq!(counters(&l, "W"), [500, 0, 0, 5_000]);
        let ch = l.into_changes();
        assert_eq!(ch.pending_updates, vec![PendingUpdate { id: "p".into(), status: PendingStatus::Expired }]);
        assert!(ch.transfers.is_empty());
        // Stored as expired: the status answers.
        let mut expired = stored.clone();
        expired[0].pending_status = PendingStatus::Expired;
        let mut l = Ledger::new(accs, expired).unwrap();
        assert_eq!(codes(&mut l, &[void("x", "p", "W", "S", 0)], 0), vec![Code::PendingTransferExpired]);
    }

    #[test]
    fn expire_pending_releases_due_reservations_only() {
        let mut l = ledger();
        codes(&mut l, &[pending("p", "W", "S", 1_000, 60), pending("q", "C", "S", 500, 0), pending("r", "C", "S", 700, 120)], 0);
        assert!(l.expire_pending(59).is_empty());
        assert_eq!(l.expire_pending(60), vec![PendingUpdate { id: "p".into(), status: PendingStatus::Expired }]);
        assert!(l.expire_pending(60).is_empty());
        assert_eq!(counters(&l, "W"), [0, 0, 0, 5_000]);
        assert_eq!(counters(&l, "S"), [0, 0, 1_200, 0]);
        assert_eq!(l.expire_pending(1_000).len(), 1);
        assert_eq!(counters(&l, "C"), [500, 0, 0, 0]);
        let ch = l.into_changes();
        assert_eq!(ch.pending_updates.len(), 2);
    }

    #[test]
    fn replays_answer_exists_or_the_first_differing_field() {
        let mut l = ledger();
        let base = pending("p", "W", "S", 1_000, 60);
        assert_eq!(codes(&mut l, core::slice::from_ref(&base), 0), vec![Code::Ok]);
        let ex = |f: &dyn Fn(&mut TransferInput)| {
            let mut t = base.clone();
            f(&mut t);
            t
        };
        // A replay that differs in `linked` fails, and with it the chain it opens.
        assert_eq!(codes(&mut l, &[ex(&|t| t.flags.linked = true), tr("n", "T", "S", 1)], 5), vec![Code::ExistsWithDifferentFlags, Code::LinkedEventFailed]);
        let batch = [
            base.clone(),
            ex(&|t| {
                t.flags.pending = false;
                t.timeout_s = 0;
            }),
            ex(&|t| t.debit_account_id = "C".into()),
            ex(&|t| t.credit_account_id = "T".into()),
            ex(&|t| t.amount = 999),
            ex(&|t| t.timeout_s = 61),
            ex(&|t| t.code = MovementType::Refund),
        ];
        let mut out = codes(&mut l, &batch, 5);
        assert_eq!(out.remove(0), Code::Exists);
        assert_eq!(
            out,
            vec![
                Code::ExistsWithDifferentFlags,
                Code::ExistsWithDifferentDebitAccountId,
                Code::ExistsWithDifferentCreditAccountId,
                Code::ExistsWithDifferentAmount,
                Code::ExistsWithDifferentTimeout,
                Code::ExistsWithDifferentCode
            ]
        );
        codes(&mut l, &[pending("p2", "W", "S", 10, 0), post("x", "p", "W", "S", 0)], 5);
        assert_eq!(codes(&mut l, &[post("x", "p2", "W", "S", 0)], 5), vec![Code::ExistsWithDifferentAmount]);
        assert_eq!(codes(&mut l, &[post("x", "p", "W", "S", 0), post("x", "p", "W", "S", 1_000)], 5), vec![Code::Exists, Code::Exists]);
        codes(&mut l, &[pending("p3", "W", "S", 1_000, 0)], 5);
        assert_eq!(codes(&mut l, &[post("x", "p3", "W", "S", 1_000)], 5), vec![Code::ExistsWithDifferentPendingId]);
        // A partial post replayed as "in full" asks for something else.
        codes(&mut l, &[post("y", "p3", "W", "S", 400)], 5);
        assert_eq!(codes(&mut l, &[post("y", "p3", "W", "S", 0), post("y", "p3", "W", "S", 400)], 5), vec![Code::ExistsWithDifferentAmount, Code::Exists]);
        // A replay changes nothing.
        let before: Vec<_> = ["W", "S"].iter().map(|id| counters(&l, id)).collect();
        assert_eq!(codes(&mut l, &[base.clone(), post("x", "p", "W", "S", 0)], 5), vec![Code::Exists, Code::Exists]);
        assert_eq!(before, ["W", "S"].iter().map(|id| counters(&l, id)).collect::<Vec<_>>());
    }

    #[test]
    fn a_stored_post_replayed_without_its_target_loaded_answers_exists() {
        let mut l = ledger();
        codes(&mut l, &[pending("p", "W", "S", 1_000, 0), post("x", "p", "W", "S", 0)], 0);
        let x = l.transfer("x").unwrap().clone();
        let mut l = Ledger::new(accounts(), vec![x]).unwrap();
        assert_eq!(codes(&mut l, &[post("x", "p", "W", "S", 0)], 0), vec![Code::Exists]);
        assert!(l.into_changes().accounts.is_empty());
    }

    #[test]
    fn the_same_id_twice_in_a_batch_is_a_replay() {
        let mut l = ledger();
        assert_eq!(
            codes(&mut l, &[tr("t", "W", "S", 10), tr("t", "W", "S", 10), tr("t", "W", "S", 11)], 0),
            vec![Code::Ok, Code::Exists, Code::ExistsWithDifferentAmount]
        );
        assert_eq!(counters(&l, "W"), [0, 10, 0, 5_000]);
    }

    #[test]
    fn linked_chain_all_applied() {
        let mut l = ledger();
        let out = codes(&mut l, &[linked(tr("a", "W", "S", 1_000)), tr("b", "C", "S", 2_000), tr("c", "T", "W", 5)], 0);
        assert_eq!(out, vec![Code::Ok, Code::Ok, Code::Ok]);
        assert_eq!(l.into_changes().transfers.len(), 3);
    }

    #[test]
    fn linked_chain_fails_as_a_whole_naming_the_real_reason() {
        let mut l = ledger();
        let batch = [
            tr("before", "T", "S", 1),
            linked(pending("a", "W", "S", 1_000, 0)),
            linked(tr("b", "W", "S", 1_000)),
            linked(tr("c", "C", "S", 20_000)),
            tr("d", "S", "C", 1),
            tr("after", "T", "S", 2),
        ];
        assert_eq!(
            codes(&mut l, &batch, 0),
            vec![Code::Ok, Code::LinkedEventFailed, Code::LinkedEventFailed, Code::ExceedsCreditLimit, Code::LinkedEventFailed, Code::Ok]
        );
        assert_eq!(counters(&l, "W"), [0, 0, 0, 5_000]);
        assert_eq!(counters(&l, "S"), [0, 0, 0, 3]);
        assert!(l.transfer("a").is_none() && l.transfer("d").is_none());
        let ch = l.into_changes();
        assert_eq!(ch.transfers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["before", "after"]);
        assert_eq!(ch.accounts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["S", "T"]);
    }

    #[test]
    fn a_failed_chain_undoes_its_resolutions() {
        let mut l = ledger();
        codes(&mut l, &[pending("p", "W", "S", 1_000, 0)], 0);
        let stored = l.transfer("p").unwrap().clone();
        let accs: Vec<Account> = accounts().iter().map(|a| l.account(&a.id).unwrap().clone()).collect();
        let mut l = Ledger::new(accs.clone(), vec![stored]).unwrap();
        let out = codes(&mut l, &[linked(post("x", "p", "W", "S", 0)), tr("y", "W", "S", 4_001)], 0);
        assert_eq!(out, vec![Code::LinkedEventFailed, Code::WalletInsufficientFunds]);
        assert_eq!(l.transfer("p").unwrap().pending_status, PendingStatus::Pending);
        let ch = l.into_changes();
        assert!(ch.accounts.is_empty() && ch.transfers.is_empty() && ch.pending_updates.is_empty());
    }

    #[test]
    fn exists_counts_as_success_in_a_chain_and_a_replayed_chain_changes_nothing() {
        let mut l = ledger();
        let chain = [linked(pending("a", "W", "S", 1_000, 0)), linked(tr("b", "C", "S", 500)), tr("c", "T", "W", 5)];
        assert_eq!(codes(&mut l, &chain, 0), vec![Code::Ok; 3]);
        let before: Vec<_> = ["W", "C", "S", "T"].iter().map(|id| counters(&l, id)).collect();
        assert_eq!(codes(&mut l, &chain, 0), vec![Code::Exists; 3]);
        assert_eq!(before, ["W", "C", "S", "T"].iter().map(|id| counters(&l, id)).collect::<Vec<_>>());
        // A chain whose replayed member now differs fails; the replays answer linked_event_failed.
        let mut changed = chain.clone();
        changed[2].amount = 6;
        assert_eq!(codes(&mut l, &changed, 0), vec![Code::LinkedEventFailed, Code::LinkedEventFailed, Code::ExistsWithDifferentAmount]);
    }

    #[test]
    fn open_chain_at_the_end_of_the_batch() {
        let mut l = ledger();
        let out = codes(&mut l, &[tr("a", "T", "S", 1), linked(tr("b", "W", "S", 1)), linked(tr("c", "W", "S", 1))], 0);
        assert_eq!(out, vec![Code::Ok, Code::LinkedEventChainOpen, Code::LinkedEventChainOpen]);
        assert_eq!(counters(&l, "W"), [0, 0, 0, 5_000]);
        assert_eq!(codes(&mut l, &[linked(tr("z", "W", "S", 1))], 0), vec![Code::LinkedEventChainOpen]);
        assert_eq!(l.into_changes().transfers.len(), 1);
    }

    #[test]
    fn accounts_back_to_their_snapshot_are_not_reported() {
        let mut l = ledger();
        assert_eq!(codes(&mut l, &[pending("p", "W", "S", 1_000, 0), void("v", "p", "W", "S", 0)], 0), vec![Code::Ok, Code::Ok]);
        let ch = l.into_changes();
        assert!(ch.accounts.is_empty());
        assert_eq!(ch.transfers.len(), 2);
        assert_eq!(ch.pending_updates, vec![PendingUpdate { id: "p".into(), status: PendingStatus::Voided }]);
    }
}
