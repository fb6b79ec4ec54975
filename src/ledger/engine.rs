//! Placeholder signatures; the engine is being written (see the ledger helper's task).
use super::types::*;

/// The accounts and stored transfers one command works on.
pub struct Ledger {
    accounts: std::collections::BTreeMap<String, Account>,
    transfers: std::collections::BTreeMap<String, Transfer>,
    new_transfers: Vec<String>,
    pending_updates: Vec<PendingUpdate>,
    touched: std::collections::BTreeSet<String>,
}

/// What the host must write back: touched accounts (sorted by id), new transfers (in the order
/// they were accepted), and status changes of pending transfers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerChanges {
    pub accounts: Vec<Account>,
    pub transfers: Vec<Transfer>,
    pub pending_updates: Vec<PendingUpdate>,
}

impl Ledger {
    /// Fails (with the duplicated id) when two accounts or two transfers share an id.
    pub fn new(accounts: Vec<Account>, known_transfers: Vec<Transfer>) -> Result<Ledger, String> {
        let _ = (accounts, known_transfers);
        unimplemented!()
    }
    pub fn account(&self, id: &str) -> Option<&Account> {
        self.accounts.get(id)
    }
    pub fn transfer(&self, id: &str) -> Option<&Transfer> {
        self.transfers.get(id)
    }
    /// Applies a batch in order; one outcome per input.
    pub fn create_transfers(&mut self, inputs: &[TransferInput], now_s: i64) -> Vec<TransferOutcome> {
        let _ = (inputs, now_s, &self.new_transfers, &self.pending_updates, &self.touched);
        unimplemented!()
    }
    /// Expires every known pending transfer whose timeout has passed at `now_s`.
    pub fn expire_pending(&mut self, now_s: i64) -> Vec<PendingUpdate> {
        let _ = now_s;
        unimplemented!()
    }
    pub fn into_changes(self) -> LedgerChanges {
        unimplemented!()
    }
}
