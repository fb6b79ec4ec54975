//! A batch applied to a ledger, as the rules read it: each transfer's answer and what to write
//! back (the wire shape of it is `crate::api::ops::ledger::LedgerOutput`).

use crate::prelude::*;

use super::{Ledger, LedgerChanges, TransferInput, TransferOutcome};
use crate::codes::Code;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    /// One per transfer of the batch, in its order.
    pub outcomes: Vec<TransferOutcome>,
    pub changes: LedgerChanges,
}

impl Booking {
    /// True when every transfer was applied now or earlier (`ok` or `exists`).
    pub fn all_applied(&self) -> bool {
        all_applied(self.outcomes.iter().map(|o| o.result))
    }
    /// The first code that is neither `ok`, `exists` nor `linked_event_failed`: the real reason.
    pub fn first_failure(&self) -> Option<Code> {
        first_failure(self.outcomes.iter().map(|o| o.result))
    }
}

/// True when every result is `ok` or `exists` (applied now or earlier); shared with the wire output.
pub fn all_applied(mut results: impl Iterator<Item = Code>) -> bool {
    results.all(|c| matches!(c, Code::Ok | Code::Exists))
}

/// The first result that is neither `ok`, `exists` nor `linked_event_failed`: the real reason.
pub fn first_failure(mut results: impl Iterator<Item = Code>) -> Option<Code> {
    results.find(|c| !matches!(c, Code::Ok | Code::Exists | Code::LinkedEventFailed))
}

impl Ledger {
    /// Applies `batch` at `now_s` and keeps the answers and the changes to write back.
    pub fn book(mut self, batch: &[TransferInput], now_s: i64) -> Booking {
        let outcomes = self.create_transfers(batch, now_s);
        Booking { outcomes, changes: self.into_changes() }
    }
}
