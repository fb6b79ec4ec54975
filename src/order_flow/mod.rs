//! The order lifecycle, decided once for every host (`order.decide`).
//!
//! Given what the books know about one host order ([`model::OrderState`]: one running account
//! per funding source, the reservation, the credit check, the due date, financing, the top-up,
//! which once-only effects happened) and one host-neutral [`event::Event`] (placed, status
//! changed to a status class, a refund from the host's refund screen, a payment recorded on a
//! receivable, a captured payment, a financing update, the outcome of a book operation), the
//! decision ([`decide::decide`]) answers:
//! - the **book operations** the bridge runs with the existing operations under the order's lock
//!   ([`effects::BookOp`]); those whose outcome matters (reservation, credit check, due date)
//!   come back as a `booked` event;
//! - the **host actions** the host performs once ([`effects::HostAction`]: set a status class,
//!   add a note by message code, send a host e-mail, refund through the external gateway, give
//!   stock back, record a payment);
//! - the new state.
//!
//! A financed order also asks the financing provider ([`after_sale`]): the delivery confirmation
//! at the merchant's "shipped" status, a cancellation in full or in part when it is cancelled or
//! refunded; the provider's answer comes back as a `provider_answered` event.
//!
//! Invariants (property-tested): per source, refunded + restored never exceeds paid; a
//! cancelled order holds nothing in the books; a top-up is credited once and only when its
//! payment is captured, and a cancelled or refunded top-up takes its credit back or flags it.

use crate::prelude::*;

pub mod after_sale;
pub mod booked;
pub mod decide;
pub mod effects;
pub mod event;
pub mod financing;
pub mod model;
pub mod place;
pub mod receivable;
pub mod refund;
pub mod status;
pub mod topup;

pub use decide::{decide, Context, Decision, Invalid};
pub use effects::{BookOp, HostAction, NoteCode};
pub use event::Event;
pub use model::{OrderState, StatusClass};

/// The words hosts translate (status classes, note codes, mails, action and event types), by
/// group, as they appear on the wire; `tools/codegen` turns them into PHP and TypeScript constants.
pub fn vocabulary() -> Vec<(&'static str, Vec<String>)> {
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
    let words = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (
            "event",
            words(&[
                "placed",
                "status_changed",
                "refund",
                "payment_recorded",
                "payment_captured",
                "financing",
                "credit_check_run",
                "booked",
                "provider_answered",
            ]),
        ),
        ("status", names(&model::StatusClass::ALL)),
        ("action", words(&["set_status", "note", "email", "refund_external", "stock", "record_payment"])),
        ("note", names(&effects::NoteCode::ALL)),
        ("mail", names(&model::Mail::ALL)),
        (
            "method",
            names(&[model::Method::CreditLine, model::Method::WalletFull, model::Method::WalletPartial, model::Method::Financing, model::Method::External]),
        ),
    ]
}
