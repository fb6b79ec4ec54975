//! Credit-increase requests ("demandes de crédits"): a customer asks for a higher limit; an admin
//! approves (with the new limit) or declines, once.

use crate::codes::Code;
use crate::{Read, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Read, Write)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Requested,
    Approved,
    Declined,
}

impl RequestState {
    /// Every state, for the words hosts show (`tools/codegen`).
    pub const ALL: [RequestState; 3] = [RequestState::Requested, RequestState::Approved, RequestState::Declined];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Read)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Decline,
}

/// A request must ask for more than the current limit.
pub fn check_request(current_limit: i64, requested_limit: i64) -> Result<(), Code> {
    if requested_limit <= current_limit {
        return Err(Code::NewLimitNotHigher);
    }
    Ok(())
}

/// Decides a request: the new state and, on approval, the new limit (the one given, else the
/// one requested), which must be above the current limit. A decided request stays decided.
pub fn decide(
    state: RequestState,
    decision: Decision,
    current_limit: i64,
    requested_limit: i64,
    new_limit: Option<i64>,
) -> Result<(RequestState, Option<i64>), Code> {
    if state != RequestState::Requested {
        return Err(Code::RequestAlreadyDecided);
    }
    match decision {
        Decision::Decline => Ok((RequestState::Declined, None)),
        Decision::Approve => {
            let limit = new_limit.unwrap_or(requested_limit);
            check_request(current_limit, limit)?;
            Ok((RequestState::Approved, Some(limit)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_must_ask_for_more() {
        assert_eq!(check_request(1000, 1001), Ok(()));
        assert_eq!(check_request(1000, 1000), Err(Code::NewLimitNotHigher));
    }

    #[test]
    fn decisions_are_taken_once_with_a_higher_limit() {
        use RequestState::*;
        assert_eq!(decide(Requested, Decision::Approve, 1000, 5000, None), Ok((Approved, Some(5000))));
        assert_eq!(decide(Requested, Decision::Approve, 1000, 5000, Some(3000)), Ok((Approved, Some(3000))));
        assert_eq!(decide(Requested, Decision::Approve, 1000, 5000, Some(1000)), Err(Code::NewLimitNotHigher));
        assert_eq!(decide(Requested, Decision::Decline, 1000, 5000, None), Ok((Declined, None)));
        assert_eq!(decide(Approved, Decision::Decline, 1000, 5000, None), Err(Code::RequestAlreadyDecided));
        assert_eq!(decide(Declined, Decision::Approve, 1000, 5000, None), Err(Code::RequestAlreadyDecided));
    }
}
