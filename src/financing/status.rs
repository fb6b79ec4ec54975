//! Financing statuses, their order in the life cycle and the abstract shop-status hints.

use crate::{Read, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Write, Read)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    Initialized,
    Requested,
    PreAccepted,
    Accepted,
    Rejected,
    Aborted,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 7] =
        [Status::Initialized, Status::Requested, Status::PreAccepted, Status::Accepted, Status::Rejected, Status::Aborted, Status::Cancelled];

    pub fn parse(s: &str) -> Option<Status> {
        // The provider writes PRE-ACCEPTED in some documents; accept both spellings.
        match s {
            "INITIALIZED" => Some(Status::Initialized),
            "REQUESTED" => Some(Status::Requested),
            "PRE_ACCEPTED" | "PRE-ACCEPTED" => Some(Status::PreAccepted),
            "ACCEPTED" => Some(Status::Accepted),
            "REJECTED" => Some(Status::Rejected),
            "ABORTED" => Some(Status::Aborted),
            "CANCELLED" => Some(Status::Cancelled),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Initialized => "INITIALIZED",
            Status::Requested => "REQUESTED",
            Status::PreAccepted => "PRE_ACCEPTED",
            Status::Accepted => "ACCEPTED",
            Status::Rejected => "REJECTED",
            Status::Aborted => "ABORTED",
            Status::Cancelled => "CANCELLED",
        }
    }
    pub fn is_final(self) -> bool {
        matches!(self, Status::Rejected | Status::Aborted | Status::Cancelled)
    }
    /// Position in the life cycle; finals share the last rank.
    pub fn rank(self) -> u8 {
        match self {
            Status::Initialized => 1,
            Status::Requested => 2,
            Status::PreAccepted => 3,
            Status::Accepted => 4,
            _ => 5,
        }
    }
    pub fn hint(self) -> Hint {
        match self {
            Status::Initialized | Status::Requested | Status::PreAccepted => Hint::AwaitingFinancing,
            Status::Accepted => Hint::Paid,
            Status::Rejected => Hint::PaymentError,
            Status::Aborted | Status::Cancelled => Hint::Cancelled,
        }
    }
}

/// What the order should become, in host-neutral terms; each host maps these to its statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Write, Read)]
#[serde(rename_all = "snake_case")]
pub enum Hint {
    AwaitingFinancing,
    Paid,
    PaymentError,
    Cancelled,
    PartiallyCancelled,
}

/// Does the life cycle allow `from → to` (a different status)?
pub fn allowed(from: Status, to: Status) -> bool {
    use Status::*;
    matches!(
        (from, to),
        (Initialized, Requested | PreAccepted | Accepted | Rejected | Aborted)
            | (Requested, PreAccepted | Accepted | Rejected | Aborted)
            | (PreAccepted, Accepted | Rejected | Cancelled | Aborted)
            | (Accepted, Cancelled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_the_reference_diagram() {
        use Status::*;
        let expected = [
            (Initialized, Aborted),
            (Initialized, PreAccepted),
            (Initialized, Accepted),
            (Initialized, Rejected),
            (PreAccepted, Accepted),
            (PreAccepted, Rejected),
            (PreAccepted, Cancelled),
            (Accepted, Cancelled),
        ];
        for (f, t) in expected {
            assert!(allowed(f, t), "{f:?} -> {t:?}");
        }
        for f in Status::ALL {
            for t in Status::ALL {
                if f.is_final() {
                    assert!(!allowed(f, t), "final {f:?} must not move");
                }
                if allowed(f, t) {
                    assert!(t.rank() > f.rank(), "{f:?} -> {t:?} goes forward");
                }
            }
        }
        assert!(!allowed(Accepted, Rejected));
        assert!(!allowed(Accepted, PreAccepted));
    }

    #[test]
    fn both_spellings_of_pre_accepted_parse() {
        assert_eq!(Status::parse("PRE-ACCEPTED"), Some(Status::PreAccepted));
        assert_eq!(Status::parse("accepted"), None);
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
