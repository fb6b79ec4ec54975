//! What a verified provider webhook means: the status update it carries, or why it is ignored.
//! (The bridge checked the signature; the ops layer reads and checks the payload's fields.)

use crate::prelude::*;

/// Why a webhook changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ignored {
    /// The provider's test event.
    TestEvent,
    /// An event that says nothing about a subscription's status.
    NotTracked,
}

/// The status update an event code stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracked {
    pub status: String,
    /// A partial cancellation (the subscription stays ACCEPTED).
    pub partial: bool,
}

/// The update an event stands for (`event_code`, else none), or why it is ignored.
pub fn classify(event_code: &str, event_type_code: &str) -> Result<Tracked, Ignored> {
    let (status, partial) = match event_code {
        "SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED" => ("CANCELLED", false),
        "SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED" => ("ACCEPTED", true),
        c => match c.strip_prefix("SC_SUBSCRIPTION_") {
            Some(s) => (s, false),
            None if event_type_code == "HELLO_WORLD" => return Err(Ignored::TestEvent),
            None => return Err(Ignored::NotTracked),
        },
    };
    Ok(Tracked { status: status.to_string(), partial })
}

impl Tracked {
    /// The status to apply: the data's consolidated status, when given, wins over the one implied
    /// by the code (not for a partial cancellation); at most 64 characters.
    pub fn status(&self, consolidated: Option<&str>) -> String {
        let status = consolidated.filter(|_| !self.partial).unwrap_or(&self.status);
        status.chars().take(64).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_codes_stand_for_updates_or_are_ignored() {
        assert_eq!(classify("SC_SUBSCRIPTION_ACCEPTED", ""), Ok(Tracked { status: "ACCEPTED".into(), partial: false }));
        assert_eq!(classify("SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED", ""), Ok(Tracked { status: "ACCEPTED".into(), partial: true }));
        assert_eq!(classify("", "HELLO_WORLD"), Err(Ignored::TestEvent));
        assert_eq!(classify("SC_OTHER", ""), Err(Ignored::NotTracked));
    }

    #[test]
    fn the_consolidated_status_wins_except_for_a_partial_cancellation() {
        let t = classify("SC_SUBSCRIPTION_REQUESTED", "").unwrap();
        assert_eq!(t.status(Some("PRE_ACCEPTED")), "PRE_ACCEPTED");
        let partial = classify("SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED", "").unwrap();
        assert_eq!(partial.status(Some("CANCELLED")), "ACCEPTED");
    }
}
