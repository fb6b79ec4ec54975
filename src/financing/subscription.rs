//! A financing subscription's status life cycle: one update from a return, a poll or a webhook
//! is applied once and in order; duplicates, stale, backward and impossible updates change
//! nothing and say why; an unknown status changes nothing and is reported.

use crate::prelude::*;

use super::mapping::Mapping;
use super::status::{allowed, Hint, Status};
use crate::codes::Code;

/// How many applied event ids a subscription remembers (older ones are dropped).
pub const MAX_EVENT_IDS: usize = 50;

/// Where an update came from.
#[derive(crate::Read, crate::Write, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Return,
    Poll,
    Webhook,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Return => "return",
            Source::Poll => "poll",
            Source::Webhook => "webhook",
        }
    }
}

/// What the host stored about a subscription's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusState {
    /// Absent until the provider first reports a status.
    pub status: Option<Status>,
    pub sub_status: Option<String>,
    pub last_update_ms: i64,
    pub last_event_ids: Vec<String>,
    pub partial_cancellation_applied: bool,
}

/// One observed update.
#[derive(Debug, Clone, Copy)]
pub struct Update<'a> {
    /// The provider's event id; absent for returns and polls (then derived from what was seen).
    pub event_id: Option<&'a str>,
    pub source: Source,
    /// The provider's status word as given (an unknown one is reported, not applied).
    pub status: &'a str,
    pub sub_status: Option<&'a str>,
    /// The provider's timestamp as given (part of a derived event id) and in unix ms.
    pub observed_at: &'a str,
    pub at_ms: i64,
    pub partial_cancellation: bool,
}

/// The history line of an applied update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub status: Status,
    pub sub_status: Option<String>,
    pub at_ms: i64,
    pub source: Source,
    pub event_id: String,
}

/// An applied update: the new state, its history line, and what the shop's order becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub state: StatusState,
    pub entry: HistoryEntry,
    pub order_status: Option<String>,
    pub is_paid: bool,
    pub hint: Hint,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing changes, for this reason.
    Unchanged(Code),
    /// The provider reported a status we do not know: nothing changes, the merchant is told.
    UnknownStatus,
    Applied(Box<Applied>),
}

/// Event id for updates the provider gives without one (return, polling): stable for the same
/// observed state, so observing it twice is a duplicate.
fn derived_event_id(subscription_id: &str, u: &Update<'_>) -> String {
    let mut id = format!("{}:{}:{}:{}", u.source.as_str(), subscription_id, u.status, u.observed_at);
    if let Some(ss) = u.sub_status {
        id.push(':');
        id.push_str(&keep_chars(ss, |c| c.is_ascii_alphanumeric(), 40));
    }
    keep_chars(&id, |c| !c.is_control(), 200)
}

/// The first `max` characters of `s` that `keep` accepts. One function for both filters above
/// (each `filter().take().collect()` was its own ~0.5 KB copy of `String`'s char extension).
fn keep_chars(s: &str, keep: fn(char) -> bool, max: usize) -> String {
    let mut out = String::new();
    for c in s.chars().filter(|c| keep(*c)).take(max) {
        out.push(c);
    }
    out
}

/// The update's event id (given or derived) and what applying it does.
pub fn apply(subscription_id: &str, state: &StatusState, u: &Update<'_>, mapping: &Mapping) -> (String, Outcome) {
    let event_id = match u.event_id {
        Some(id) => id.to_string(),
        None => derived_event_id(subscription_id, u),
    };
    let outcome = outcome(state, u, &event_id, mapping);
    (event_id, outcome)
}

/// Why nothing changes, when nothing does; else the status reached and its shop hint.
fn transition(state: &StatusState, u: &Update<'_>, to: Status, event_id: &str) -> Result<(Hint, bool), Code> {
    if state.last_event_ids.iter().any(|e| e == event_id) {
        return Err(Code::DuplicateEvent);
    }
    if state.status.is_some() && u.at_ms < state.last_update_ms {
        return Err(Code::StaleUpdate);
    }
    let Some(from) = state.status else {
        return Ok((to.hint(), false));
    };
    if from.is_final() {
        return Err(if from == to { Code::DuplicateEvent } else { Code::SubscriptionFinal });
    }
    if from == to {
        if to == Status::Accepted && u.partial_cancellation {
            if state.partial_cancellation_applied {
                return Err(Code::PartialCancellationAlreadyApplied);
            }
            return Ok((Hint::PartiallyCancelled, true));
        }
        if u.sub_status.is_none() || u.sub_status == state.sub_status.as_deref() {
            return Err(Code::DuplicateEvent);
        }
    } else if to.rank() < from.rank() {
        return Err(Code::BackwardTransition);
    } else if !allowed(from, to) {
        return Err(Code::TransitionNotAllowed);
    }
    Ok((to.hint(), false))
}

fn outcome(state: &StatusState, u: &Update<'_>, event_id: &str, mapping: &Mapping) -> Outcome {
    let Some(to) = Status::parse(u.status) else {
        return Outcome::UnknownStatus;
    };
    let (hint, partially_cancelled) = match transition(state, u, to, event_id) {
        Ok(t) => t,
        Err(code) => return Outcome::Unchanged(code),
    };
    let mut next = state.clone();
    next.partial_cancellation_applied |= partially_cancelled;
    next.status = Some(to);
    if let Some(ss) = u.sub_status {
        next.sub_status = Some(ss.to_string());
    }
    next.last_update_ms = next.last_update_ms.max(u.at_ms);
    next.last_event_ids.push(event_id.to_string());
    if next.last_event_ids.len() > MAX_EVENT_IDS {
        let drop = next.last_event_ids.len() - MAX_EVENT_IDS;
        next.last_event_ids.drain(..drop);
    }
    let entry = HistoryEntry { status: to, sub_status: u.sub_status.map(str::to_string), at_ms: u.at_ms, source: u.source, event_id: event_id.to_string() };
    let target = mapping.get(&to);
    Outcome::Applied(Box::new(Applied {
        state: next,
        entry,
        order_status: target.map(|m| m.order_status.clone()),
        is_paid: target.is_some_and(|m| m.is_paid),
        hint,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::financing::mapping::Target;

    fn accepted() -> StatusState {
        StatusState {
            status: Some(Status::Accepted),
            sub_status: None,
            last_update_ms: 1_000,
            last_event_ids: vec!["e1".into()],
            partial_cancellation_applied: false,
        }
    }

    fn update<'a>(status: &'a str, at_ms: i64) -> Update<'a> {
        Update { event_id: None, source: Source::Poll, status, sub_status: None, observed_at: "t", at_ms, partial_cancellation: false }
    }

    fn mapping() -> Mapping {
        Status::ALL.iter().map(|s| (*s, Target { order_status: s.as_str().to_lowercase(), is_paid: *s == Status::Accepted })).collect()
    }

    #[test]
    fn a_derived_event_id_makes_the_same_observation_a_duplicate() {
        let (id, out) = apply("sub", &accepted(), &update("CANCELLED", 2_000), &mapping());
        assert_eq!(id, "poll:sub:CANCELLED:t");
        let Outcome::Applied(a) = out else { panic!("applied") };
        assert_eq!((a.state.status, a.order_status.as_deref(), a.is_paid), (Some(Status::Cancelled), Some("cancelled"), false));
        assert_eq!(a.state.last_event_ids, ["e1", "poll:sub:CANCELLED:t"]);
        assert_eq!(apply("sub", &a.state, &update("CANCELLED", 2_000), &mapping()).1, Outcome::Unchanged(Code::DuplicateEvent));
    }

    #[test]
    fn stale_unknown_and_repeated_partial_cancellations_change_nothing() {
        assert_eq!(apply("sub", &accepted(), &update("CANCELLED", 999), &mapping()).1, Outcome::Unchanged(Code::StaleUpdate));
        assert_eq!(apply("sub", &accepted(), &update("NEW_WORD", 2_000), &mapping()).1, Outcome::UnknownStatus);
        let partial = Update { partial_cancellation: true, ..update("ACCEPTED", 2_000) };
        let Outcome::Applied(a) = apply("sub", &accepted(), &partial, &mapping()).1 else { panic!("applied") };
        assert_eq!((a.hint, a.state.partial_cancellation_applied), (Hint::PartiallyCancelled, true));
        let again = Update { observed_at: "t2", ..partial };
        assert_eq!(apply("sub", &a.state, &again, &mapping()).1, Outcome::Unchanged(Code::PartialCancellationAlreadyApplied));
    }
}
