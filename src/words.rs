//! Every code a merchant or a customer can see, by group, so the hosts' words for them are
//! checked to be complete: `tools/codegen` writes these lists into
//! `php-bridge/src/Generated/LabelKeys.php`, and the bridge's catalogue test fails when a code of
//! any group has no words in English or French (a new code without words fails CI).

use crate::prelude::*;

use crate::codes::{Code, ErrorCode};
use crate::credit_line::increase::RequestState;
use crate::credit_line::profile::{ReceivableState, RiskLevel};
use crate::credit_line::statement::LineKind;
use crate::financing::status::Status;
use crate::ledger::{MovementType, PendingStatus};
use crate::order_flow::effects::NoteCode;

fn names<T: crate::Write>(items: &[T]) -> Vec<String> {
    // Each is a unit variant: written as a plain JSON string.
    items
        .iter()
        .filter_map(|i| {
            let text = String::from_utf8(crate::api::ser::to_vec(i)).ok()?;
            Some(text.strip_prefix('"')?.strip_suffix('"')?.to_string())
        })
        .collect()
}

/// `(group, codes)`: the group names are the catalogue's (`reason`, `error`, `note`, ...).
pub fn groups() -> Vec<(&'static str, Vec<String>)> {
    let vocabulary = crate::order_flow::vocabulary();
    let order = |g: &str| vocabulary.iter().find(|(n, _)| *n == g).map(|(_, w)| w.clone()).unwrap_or_default();
    vec![
        // Business answers (refusal reasons and ledger results) and malformed-input errors.
        ("reason", Code::ALL.iter().map(|c| c.as_str().to_string()).collect()),
        ("error", ErrorCode::ALL.iter().map(|c| c.as_str().to_string()).collect()),
        // The order lifecycle: order notes, status classes, host e-mails, payment methods.
        ("note", order("note")),
        ("status", order("status")),
        ("mail", order("mail")),
        ("method", order("method")),
        // The books: movement kinds and the state of a movement (a reservation is one movement
        // whose state moves from pending to posted, voided or expired).
        ("movement", MovementType::ALL.iter().map(|m| m.as_str().to_string()).collect()),
        ("movement_state", names(&PendingStatus::ALL)),
        ("statement_line", names(&LineKind::ALL)),
        // Credit lines and requests.
        ("risk_level", names(&RiskLevel::ALL)),
        ("receivable_state", names(&ReceivableState::ALL)),
        ("increase_state", names(&RequestState::ALL)),
        // Financing: the lender's statuses.
        ("financing_status", Status::ALL.iter().map(|s| s.as_str().to_string()).collect()),
    ]
}

/// The params each order note carries (its words name exactly these placeholders).
pub fn note_params() -> Vec<(String, Vec<&'static str>)> {
    NoteCode::ALL.iter().map(|n| (names(&[*n]).remove(0), n.params().to_vec())).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_group_has_codes_and_none_twice() {
        for (g, codes) in super::groups() {
            assert!(!codes.is_empty(), "{g}");
            let mut sorted = codes.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), codes.len(), "{g}");
        }
        assert_eq!(super::note_params().len(), crate::order_flow::effects::NoteCode::ALL.len());
    }
}
