//! What every wallet movement shares on the domain side: a plain posted transfer.

use crate::prelude::*;

use crate::ledger::{MovementType, TransferFlags, TransferInput};

/// A posted transfer, no flags.
pub fn plain(id: String, debit: &str, credit: &str, amount: i64, code: MovementType, order_ref: Option<String>) -> TransferInput {
    TransferInput {
        id,
        debit_account_id: debit.into(),
        credit_account_id: credit.into(),
        amount,
        pending_id: None,
        timeout_s: 0,
        flags: TransferFlags::default(),
        code,
        order_ref,
    }
}
