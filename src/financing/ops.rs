//! `financing.*` operations: apply a status update, normalize a webhook, validate the admin's
//! status mapping, and list the solutions a cart is eligible for.

use super::status::{allowed, Hint, Status};
use super::timestamp::parse_ms;
use crate::api::wire::{amount_string, check_len, Amount, CurrencyCode, Id, Loose};
use crate::api::{parse_input, to_result, ApiError, Ctx};
use crate::codes::{Code, ErrorCode};
use crate::money::Money;
use crate::{Read, Write};
use std::collections::BTreeMap;

pub const MAX_EVENT_IDS: usize = 50;

#[derive(Read, Write, Clone, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HistoryEntry {
    pub status: String,
    #[serde(default)]
    pub sub_status: Option<String>,
    pub at_ms: i64,
    pub source: Source,
    pub event_id: String,
}

#[derive(Read, Write, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Return,
    Poll,
    Webhook,
}

/// The subscription as the host stores it.
#[derive(Read, Write, Clone, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Subscription {
    pub subscription_id: Id,
    pub order_ref: Id,
    pub solution_code: Id,
    /// Absent until the provider first reports a status.
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub sub_status: Option<String>,
    #[serde(default)]
    pub last_update_ms: i64,
    #[serde(default)]
    pub last_event_ids: Vec<String>,
    #[serde(default)]
    pub partial_cancellation_applied: bool,
}

/// `financing.apply`'s answer (every struct's fields in wire order: sorted).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct ApplyOut<'a> {
    alert: Option<Alert>,
    applied: bool,
    code: Code,
    event_id: &'a str,
    history: Option<HistoryOut<'a>>,
    /// Only when applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    order_is_paid: Option<bool>,
    order_status: Option<String>,
    shop_status_hint: Option<Hint>,
    subscription: SubscriptionOut<'a>,
}

#[derive(Write)]
struct Alert {
    level: &'static str,
    message: String,
}

/// A subscription on the wire, in sorted field order (the stored struct keeps its declared order
/// for the "expected one of" list of its unknown-field errors).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct SubscriptionOut<'a> {
    last_event_ids: &'a [String],
    last_update_ms: i64,
    order_ref: &'a Id,
    partial_cancellation_applied: bool,
    solution_code: &'a Id,
    status: Option<Status>,
    sub_status: Option<&'a str>,
    subscription_id: &'a Id,
}

impl<'a> SubscriptionOut<'a> {
    fn of(s: &'a Subscription) -> SubscriptionOut<'a> {
        SubscriptionOut {
            last_event_ids: &s.last_event_ids,
            last_update_ms: s.last_update_ms,
            order_ref: &s.order_ref,
            partial_cancellation_applied: s.partial_cancellation_applied,
            solution_code: &s.solution_code,
            status: s.status,
            sub_status: s.sub_status.as_deref(),
            subscription_id: &s.subscription_id,
        }
    }
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct HistoryOut<'a> {
    at_ms: i64,
    event_id: &'a str,
    source: Source,
    status: &'a str,
    sub_status: Option<&'a str>,
}

impl<'a> HistoryOut<'a> {
    fn of(h: &'a HistoryEntry) -> HistoryOut<'a> {
        HistoryOut { at_ms: h.at_ms, event_id: &h.event_id, source: h.source, status: &h.status, sub_status: h.sub_status.as_deref() }
    }
}

/// `financing.webhook`'s answer.
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct WebhookOut<'a> {
    action: &'static str,
    event: Option<WebhookEvent<'a>>,
    event_id: &'a str,
    order_ref: Option<&'a str>,
    reason: Option<&'static str>,
}

#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct WebhookEvent<'a> {
    event_id: &'a str,
    last_update_timestamp: &'a str,
    partial_cancellation: bool,
    source: &'static str,
    status: String,
    sub_status: Option<String>,
}

/// `financing.validateMapping`'s answer.
#[derive(Write)]
struct MappingCheck {
    valid: bool,
    violations: Vec<MappingViolation>,
}

#[derive(Write)]
struct MappingViolation {
    code: Code,
    status: &'static str,
}

#[derive(Read, Clone, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Event {
    #[serde(default)]
    pub event_id: Option<Id>,
    pub source: Source,
    pub status: String,
    #[serde(default)]
    pub sub_status: Option<String>,
    pub last_update_timestamp: String,
    #[serde(default)]
    pub partial_cancellation: bool,
}

#[derive(Read, Write, Clone, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MappingEntry {
    pub order_status: String,
    pub is_paid: bool,
}

fn short_text(s: &str, max: usize, path: &str) -> Result<(), ApiError> {
    if s.len() > max || s.chars().any(|c| c.is_control()) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, format!("at most {max} bytes without control characters")));
    }
    Ok(())
}

pub(crate) fn parse_mapping(m: &BTreeMap<String, MappingEntry>, path: &str) -> Result<BTreeMap<Status, MappingEntry>, ApiError> {
    let mut out = BTreeMap::new();
    for (k, v) in m {
        let s = Status::parse(k)
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidValue, format!("{path}.{}", k.chars().take(30).collect::<String>()), "not a financing status"))?;
        short_text(&v.order_status, 64, &format!("{path}.{k}.orderStatus"))?;
        out.insert(s, v.clone());
    }
    Ok(out)
}

/// The checks every mapping must pass: each status mapped; no non-final status to a paid one.
pub fn mapping_violations(m: &BTreeMap<Status, MappingEntry>) -> Vec<(Status, Code)> {
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

/// Event id for updates the provider gives without one (return, polling): stable for the same
/// observed state, so observing it twice is a duplicate.
fn derived_event_id(sub: &Subscription, e: &Event, status: &str) -> String {
    let mut id = format!("{}:{}:{}:{}", e_source(e.source), sub.subscription_id.0, status, e.last_update_timestamp);
    if let Some(ss) = &e.sub_status {
        id.push(':');
        id.push_str(&ss.chars().filter(|c| c.is_ascii_alphanumeric()).take(40).collect::<String>());
    }
    id.chars().filter(|c| !c.is_control()).take(200).collect()
}

fn e_source(s: Source) -> &'static str {
    match s {
        Source::Return => "return",
        Source::Poll => "poll",
        Source::Webhook => "webhook",
    }
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ApplyInput {
    subscription: Subscription,
    event: Event,
    mapping: BTreeMap<String, MappingEntry>,
}

/// Applies one status update. Duplicates, stale, backward and impossible updates change nothing
/// and say why; unknown statuses change nothing and raise an alert.
pub fn apply(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ApplyInput = parse_input(input)?;
    check_len(&i.subscription.last_event_ids, MAX_EVENT_IDS, "input.subscription.lastEventIds")?;
    if let Some(ss) = &i.event.sub_status {
        short_text(ss, 120, "input.event.subStatus")?;
    }
    short_text(&i.event.status, 64, "input.event.status")?;
    let mapping = parse_mapping(&i.mapping, "input.mapping")?;
    let violations = mapping_violations(&mapping);
    if let Some((s, code)) = violations.first() {
        return Err(ApiError::at(ErrorCode::InvalidValue, format!("input.mapping.{}", s.as_str()), format!("the mapping is invalid: {code}")));
    }
    let ts = parse_ms(&i.event.last_update_timestamp)
        .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "input.event.lastUpdateTimestamp", "not an RFC 3339 timestamp like 2024-04-22T10:00:19.077Z"))?;
    let mut sub = i.subscription.clone();
    let e = &i.event;
    let event_id = match &e.event_id {
        Some(id) => id.0.clone(),
        None => derived_event_id(&sub, e, &e.status),
    };
    let no_op = |code: Code, alert: Option<Alert>| {
        to_result(&ApplyOut {
            alert,
            applied: false,
            code,
            event_id: &event_id,
            history: None,
            order_is_paid: None,
            order_status: None,
            shop_status_hint: None,
            subscription: SubscriptionOut::of(&i.subscription),
        })
    };
    let Some(to) = Status::parse(&e.status) else {
        let shown: String = e.status.chars().take(64).collect();
        return no_op(
            Code::UnknownStatus,
            Some(Alert { level: "warning", message: format!("financing subscription {} reported unknown status {shown:?}; ignored", sub.subscription_id.0) }),
        );
    };
    if sub.last_event_ids.contains(&event_id) {
        return no_op(Code::DuplicateEvent, None);
    }
    if sub.status.is_some() && ts < sub.last_update_ms {
        return no_op(Code::StaleUpdate, None);
    }
    let mut hint = to.hint();
    if let Some(from) = sub.status {
        if from.is_final() {
            return no_op(if from == to { Code::DuplicateEvent } else { Code::SubscriptionFinal }, None);
        }
        if from == to {
            if to == Status::Accepted && e.partial_cancellation {
                if sub.partial_cancellation_applied {
                    return no_op(Code::PartialCancellationAlreadyApplied, None);
                }
                sub.partial_cancellation_applied = true;
                hint = Hint::PartiallyCancelled;
            } else if e.sub_status.is_none() || e.sub_status == sub.sub_status {
                return no_op(Code::DuplicateEvent, None);
            }
        } else if to.rank() < from.rank() {
            return no_op(Code::BackwardTransition, None);
        } else if !allowed(from, to) {
            return no_op(Code::TransitionNotAllowed, None);
        }
    }
    sub.status = Some(to);
    if e.sub_status.is_some() {
        sub.sub_status = e.sub_status.clone();
    }
    sub.last_update_ms = sub.last_update_ms.max(ts);
    sub.last_event_ids.push(event_id.clone());
    if sub.last_event_ids.len() > MAX_EVENT_IDS {
        let drop = sub.last_event_ids.len() - MAX_EVENT_IDS;
        sub.last_event_ids.drain(..drop);
    }
    let entry = HistoryEntry { status: to.as_str().into(), sub_status: e.sub_status.clone(), at_ms: ts, source: e.source, event_id: event_id.clone() };
    let order_status = mapping.get(&to).map(|m| m.order_status.clone());
    let is_paid = mapping.get(&to).is_some_and(|m| m.is_paid);
    to_result(&ApplyOut {
        alert: None,
        applied: true,
        code: Code::Ok,
        event_id: &event_id,
        history: Some(HistoryOut::of(&entry)),
        order_is_paid: Some(is_paid),
        order_status,
        shop_status_hint: Some(hint),
        subscription: SubscriptionOut::of(&sub),
    })
}

/// The provider's webhook payload: only the fields read here; anything else is the provider's
/// business and ignored, and a field of an unexpected type counts as absent.
#[derive(Read)]
#[serde(rename_all = "camelCase")]
struct WebhookPayload {
    #[serde(default)]
    id: Loose<String>,
    #[serde(default)]
    timestamp: Loose<String>,
    #[serde(default)]
    event_code: Loose<String>,
    #[serde(default)]
    event_type_code: Loose<String>,
    #[serde(default)]
    data: Loose<WebhookData>,
}

#[derive(Read)]
#[serde(rename_all = "camelCase")]
struct WebhookData {
    #[serde(default)]
    event_code: Loose<String>,
    #[serde(default)]
    merchant_global_order_id: Loose<String>,
    #[serde(default)]
    consolidated_status: Loose<String>,
    #[serde(default)]
    consolidated_substatus: Loose<String>,
}

/// Normalizes a verified webhook payload into an update for `financing.apply` (or says why it
/// is ignored). The bridge checked the signature; this only reads the event.
pub fn webhook(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    if !input.is_object() {
        return Err(ApiError::at(ErrorCode::InvalidType, "input", "the webhook payload must be an object"));
    }
    let p: WebhookPayload = parse_input(input)?;
    let data = p.data.0.as_ref();
    fn get(k: &Loose<String>) -> Option<&str> {
        k.0.as_deref()
    }
    let id = get(&p.id).ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.id", "the event id is missing"))?;
    if !crate::api::wire::valid_id(id) {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.id", "the event id is not a valid id"));
    }
    let ts = get(&p.timestamp).ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.timestamp", "the event timestamp is missing"))?;
    if parse_ms(ts).is_none() {
        return Err(ApiError::at(ErrorCode::InvalidDate, "input.timestamp", "not an RFC 3339 timestamp"));
    }
    let code = get(&p.event_code).or_else(|| data.and_then(|d| get(&d.event_code))).unwrap_or("");
    let type_code = get(&p.event_type_code).unwrap_or("");
    let ignore = |why: &'static str| to_result(&WebhookOut { action: "ignore", event: None, event_id: id, order_ref: None, reason: Some(why) });
    let (status, partial) = match code {
        "SC_CANCEL_REQUEST_CANCELLATION_ACCEPTED" => (Some("CANCELLED".to_string()), false),
        "SC_CANCEL_REQUEST_PARTIAL_CANCELLATION_ACCEPTED" => (Some("ACCEPTED".to_string()), true),
        c if c.starts_with("SC_SUBSCRIPTION_") => (c.strip_prefix("SC_SUBSCRIPTION_").map(str::to_string), false),
        _ => (None, false),
    };
    let Some(status) = status else {
        return ignore(if type_code == "HELLO_WORLD" { "test_event" } else { "event_not_tracked" });
    };
    let order_ref = data
        .and_then(|d| get(&d.merchant_global_order_id))
        .ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.data.merchantGlobalOrderId", "the order reference is missing"))?;
    if !crate::api::wire::valid_id(order_ref) {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.data.merchantGlobalOrderId", "not a valid order reference"));
    }
    // The data's consolidated status, when given, wins over the one implied by the code.
    let status = data.and_then(|d| get(&d.consolidated_status)).map(str::to_string).filter(|_| !partial).unwrap_or(status);
    let sub_status = data.and_then(|d| get(&d.consolidated_substatus));
    to_result(&WebhookOut {
        action: "apply",
        event: Some(WebhookEvent {
            event_id: id,
            last_update_timestamp: ts,
            partial_cancellation: partial,
            source: "webhook",
            status: status.chars().take(64).collect(),
            sub_status: sub_status.map(|s| s.chars().take(120).collect()),
        }),
        event_id: id,
        order_ref: Some(order_ref),
        reason: None,
    })
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ValidateInput {
    mapping: BTreeMap<String, MappingEntry>,
}

/// Checks an admin's financing → order status mapping.
pub fn validate_mapping(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: ValidateInput = parse_input(input)?;
    let m = parse_mapping(&i.mapping, "input.mapping")?;
    let v = mapping_violations(&m);
    to_result(&MappingCheck { valid: v.is_empty(), violations: v.iter().map(|(s, c)| MappingViolation { code: *c, status: s.as_str() }).collect() })
}

/// One status of the default mapping (fields in wire order: sorted).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DefaultEntry {
    is_paid: bool,
    order_status: &'static str,
}

/// The default mapping, in abstract shop statuses each host maps to its own.
pub(crate) fn default_entries() -> BTreeMap<&'static str, DefaultEntry> {
    Status::ALL
        .iter()
        .map(|s| {
            let (order_status, is_paid) = match s.hint() {
                Hint::AwaitingFinancing => ("awaiting_financing", false),
                Hint::Paid => ("paid", true),
                Hint::PaymentError => ("payment_error", false),
                _ => ("cancelled", false),
            };
            (s.as_str(), DefaultEntry { is_paid, order_status })
        })
        .collect()
}

#[derive(Write)]
struct DefaultMapping {
    mapping: BTreeMap<&'static str, DefaultEntry>,
}

/// `financing.defaultMapping`: the default mapping, in abstract shop statuses.
pub fn default_mapping(_ctx: &Ctx, _input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    to_result(&DefaultMapping { mapping: default_entries() })
}

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Split,
    Credit,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SolutionConfig {
    solution_code: Id,
    #[serde(default)]
    label: Option<String>,
    kind: Kind,
    #[serde(default)]
    instalments: Option<u32>,
    min_amount: Amount,
    max_amount: Amount,
    countries: Vec<String>,
    currency: CurrencyCode,
    #[serde(default = "yes")]
    enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SolutionCart {
    currency: CurrencyCode,
    total: Amount,
    billing_country: String,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SolutionsInput {
    solutions: Vec<SolutionConfig>,
    cart: SolutionCart,
}

/// One configured solution judged for a cart (fields in wire order).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
pub struct SolutionOut {
    pub available: bool,
    pub instalments: Option<u32>,
    pub kind: &'static str,
    pub label: Option<String>,
    pub max_amount: String,
    pub min_amount: String,
    pub reasons: Vec<Code>,
    /// Split payments: the instalments, the first taking the odd cent; `null` when unavailable.
    pub schedule: Option<Vec<String>>,
    pub solution_code: String,
}

#[derive(Write)]
struct SolutionsOut {
    solutions: Vec<SolutionOut>,
}

/// The provider finances in euros only.
const FINANCED_CURRENCY: &str = "EUR";

/// Each configured solution: available for this cart or not (with every reason), and for split
/// payments the instalment schedule (the first instalment takes the odd cent).
pub fn solutions(_ctx: &Ctx, input: crate::api::Input<'_>) -> Result<crate::api::Out, ApiError> {
    let i: SolutionsInput = parse_input(input)?;
    let cc = i.cart.currency.0;
    let total = i.cart.total.minor(cc, "input.cart.total")?;
    to_result(&SolutionsOut { solutions: evaluate_solutions(&i.solutions, cc, total, &i.cart.billing_country, "input")? })
}

pub fn check_country(country: &str, path: &str) -> Result<(), ApiError> {
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path, "an ISO 3166 alpha-2 code like FR"));
    }
    Ok(())
}

pub fn evaluate_solutions(list: &[SolutionConfig], cc: crate::money::Currency, total: i64, country: &str, path: &str) -> Result<Vec<SolutionOut>, ApiError> {
    check_len(list, 20, format_args!("{path}.solutions"))?;
    check_country(country, &format!("{path}.cart.billingCountry"))?;
    let mut out = Vec::new();
    for (n, s) in list.iter().enumerate() {
        let p = format!("{path}.solutions[{n}]");
        check_len(&s.countries, 60, format_args!("{p}.countries"))?;
        if let Some(l) = &s.label {
            short_text(l, 120, &format!("{p}.label"))?;
        }
        let sc = s.currency.0;
        let min = s.min_amount.minor(sc, format_args!("{p}.minAmount"))?;
        let max = s.max_amount.minor(sc, format_args!("{p}.maxAmount"))?;
        if max < min {
            return Err(ApiError::at(ErrorCode::InvalidValue, format!("{p}.maxAmount"), "maxAmount must not be below minAmount"));
        }
        let instalments = match (s.kind, s.instalments) {
            (Kind::Split, Some(k)) if (2..=12).contains(&k) => Some(k),
            (Kind::Split, _) => return Err(ApiError::at(ErrorCode::InvalidValue, format!("{p}.instalments"), "a split solution needs 2 to 12 instalments")),
            (Kind::Credit, _) => None,
        };
        let mut reasons = Vec::new();
        if !s.enabled {
            reasons.push(Code::MethodDisabled);
        }
        if cc.code() != FINANCED_CURRENCY || sc != cc {
            reasons.push(Code::CurrencyNotSupported);
        }
        if !s.countries.iter().any(|c| c == country) {
            reasons.push(Code::CountryNotSupported);
        }
        if total <= 0 {
            reasons.push(Code::NothingToPay);
        } else if sc == cc && total < min {
            reasons.push(Code::AmountBelowMinimum);
        } else if sc == cc && total > max {
            reasons.push(Code::AmountAboveMaximum);
        }
        Code::sort_list(&mut reasons, false);
        let schedule: Option<Vec<String>> = match (instalments, reasons.is_empty()) {
            (Some(k), true) => Money::from_minor(total, cc)
                .ok()
                .and_then(|m| m.split_even(k as usize))
                .map(|parts| parts.iter().map(|x| amount_string(x.minor(), cc)).collect()),
            _ => None,
        };
        out.push(SolutionOut {
            available: reasons.is_empty(),
            instalments,
            kind: if s.kind == Kind::Split { "split" } else { "credit" },
            label: s.label.clone(),
            max_amount: amount_string(max, sc),
            min_amount: amount_string(min, sc),
            reasons,
            schedule,
            solution_code: s.solution_code.0.clone(),
        });
    }
    Ok(out)
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<ApplyInput, ApplyOut<'static>>("financing.apply");
    api.op_no_input::<DefaultMapping>("financing.defaultMapping");
    api.op::<SolutionsInput, SolutionsOut>("financing.solutions");
    api.op::<ValidateInput, MappingCheck>("financing.validateMapping");
    api.op::<WebhookPayload, WebhookOut<'static>>("financing.webhook");
}
