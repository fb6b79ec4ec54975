//! The admin's mapping of financing statuses to the shop's order statuses, and the checks every
//! mapping must pass.

use crate::prelude::*;

use super::status::{Hint, Status};
use crate::codes::Code;
use crate::sorted::SortedMap;

/// The order status (the host's own word) and whether the order counts as paid, for one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub order_status: String,
    pub is_paid: bool,
}

/// Every mapped financing status.
pub type Mapping = SortedMap<Status, Target>;

/// The checks every mapping must pass: each status mapped; no non-final status to a paid one.
pub fn violations(m: &Mapping) -> Vec<(Status, Code)> {
    let mut v = Vec::new();
    for s in Status::ALL {
        match m.get(&s) {
            None => v.push((s, Code::StatusMappingMissing)),
            Some(e) if e.is_paid && !matches!(s, Status::Accepted) && !s.is_final() => v.push((s, Code::NonFinalStatusMappedToPaid)),
            Some(e) if e.order_status.is_empty() => v.push((s, Code::StatusMappingMissing)),
            _ => {}
        }
    }
    v
}

/// A mapping that fails a check cannot be applied: the first violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidMapping {
    pub status: Status,
    pub code: Code,
}

/// The mapping, when it passes every check.
pub fn usable(m: &Mapping) -> Result<(), InvalidMapping> {
    match violations(m).first() {
        Some(&(status, code)) => Err(InvalidMapping { status, code }),
        None => Ok(()),
    }
}

/// The default target of a status, in abstract shop statuses each host maps to its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultTarget {
    pub order_status: &'static str,
    pub is_paid: bool,
}

pub fn default_target(s: Status) -> DefaultTarget {
    let (order_status, is_paid) = match s.hint() {
        Hint::AwaitingFinancing => ("awaiting_financing", false),
        Hint::Paid => ("paid", true),
        Hint::PaymentError => ("payment_error", false),
        _ => ("cancelled", false),
    };
    DefaultTarget { order_status, is_paid }
}
