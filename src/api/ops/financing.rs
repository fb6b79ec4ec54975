//! `financing.*` on the wire: apply a status update, normalize a webhook, validate the admin's
//! status mapping, list the solutions a cart is eligible for, and plan an after-sale request.
//! The rules are [`crate::financing`] (subscription life cycle, mapping, solutions, webhook
//! meaning, after-sale plans); this file reads the wire into their domain values and maps their
//! refusals to coded errors with the path of the field at fault.

use crate::prelude::*;

use crate::api::wire::{amount_string, check_len, valid_id, Amount, AmountOut, CurrencyCode, Id, Loose};
use crate::api::{parse_input, to_result, ApiError, Ctx, Input, Out};
use crate::codes::{Code, ErrorCode};
use crate::financing::after_sale::{plan_cancel, plan_delivery, Plan, SolutionKind, SubscriptionFacts};
use crate::financing::mapping::{self, InvalidMapping, Mapping, Target};
use crate::financing::solutions::{Cart, Terms, TermsError};
use crate::financing::status::{Hint, Status};
use crate::financing::subscription::{self, Outcome, Source, StatusState, Update, MAX_EVENT_IDS};
use crate::financing::timestamp::parse_ms;
use crate::financing::webhook::{self, Ignored};
use crate::money::Currency;
use crate::quoted::Quoted;
use crate::sorted::SortedMap;
use crate::{Read, Write};

pub use crate::financing::mapping::violations as mapping_violations;

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
    /// The stored subscription's ids with a status state (the one given, or the one reached).
    fn of(s: &'a Subscription, st: &'a StatusState) -> SubscriptionOut<'a> {
        SubscriptionOut {
            last_event_ids: &st.last_event_ids,
            last_update_ms: st.last_update_ms,
            order_ref: &s.order_ref,
            partial_cancellation_applied: st.partial_cancellation_applied,
            solution_code: &s.solution_code,
            status: st.status,
            sub_status: st.sub_status.as_deref(),
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
    fn of(h: &'a subscription::HistoryEntry) -> HistoryOut<'a> {
        HistoryOut { at_ms: h.at_ms, event_id: &h.event_id, source: h.source, status: h.status.as_str(), sub_status: h.sub_status.as_deref() }
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

fn short_text(s: &str, max: usize, path: &dyn core::fmt::Display) -> Result<(), ApiError> {
    if s.len() > max || s.chars().any(|c| c.is_control()) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path.to_string(), format!("at most {max} bytes without control characters")));
    }
    Ok(())
}

/// The admin's mapping, keyed by status.
pub(crate) fn parse_mapping(m: &SortedMap<String, MappingEntry>, path: &str) -> Result<Mapping, ApiError> {
    let mut out = SortedMap::new();
    for (k, v) in m {
        let s = Status::parse(k)
            .ok_or_else(|| ApiError::at(ErrorCode::InvalidValue, format!("{path}.{}", k.chars().take(30).collect::<String>()), "not a financing status"))?;
        short_text(&v.order_status, 64, &format_args!("{path}.{k}.orderStatus"))?;
        out.insert(s, Target { order_status: v.order_status.clone(), is_paid: v.is_paid });
    }
    Ok(out)
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ApplyInput {
    subscription: Subscription,
    event: Event,
    mapping: SortedMap<String, MappingEntry>,
}

fn state_of(s: &Subscription) -> StatusState {
    StatusState {
        status: s.status,
        sub_status: s.sub_status.clone(),
        last_update_ms: s.last_update_ms,
        last_event_ids: s.last_event_ids.clone(),
        partial_cancellation_applied: s.partial_cancellation_applied,
    }
}

/// Applies one status update. Duplicates, stale, backward and impossible updates change nothing
/// and say why; unknown statuses change nothing and raise an alert.
pub fn apply(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: ApplyInput = parse_input(input)?;
    check_len(&i.subscription.last_event_ids, MAX_EVENT_IDS, "input.subscription.lastEventIds")?;
    if let Some(ss) = &i.event.sub_status {
        short_text(ss, 120, &"input.event.subStatus")?;
    }
    short_text(&i.event.status, 64, &"input.event.status")?;
    let mapping = parse_mapping(&i.mapping, "input.mapping")?;
    mapping::usable(&mapping).map_err(|InvalidMapping { status, code }| {
        ApiError::at(ErrorCode::InvalidValue, format!("input.mapping.{}", status.as_str()), format!("the mapping is invalid: {code}"))
    })?;
    let e = &i.event;
    let at_ms = parse_ms(&e.last_update_timestamp)
        .ok_or_else(|| ApiError::at(ErrorCode::InvalidDate, "input.event.lastUpdateTimestamp", "not an RFC 3339 timestamp like 2024-04-22T10:00:19.077Z"))?;
    let update = Update {
        event_id: e.event_id.as_ref().map(|id| id.0.as_str()),
        source: e.source,
        status: &e.status,
        sub_status: e.sub_status.as_deref(),
        observed_at: &e.last_update_timestamp,
        at_ms,
        partial_cancellation: e.partial_cancellation,
    };
    let sub = &i.subscription;
    let state = state_of(sub);
    let (event_id, outcome) = subscription::apply(&sub.subscription_id.0, &state, &update, &mapping);
    let unchanged = |code: Code, alert: Option<Alert>| ApplyOut {
        alert,
        applied: false,
        code,
        event_id: &event_id,
        history: None,
        order_is_paid: None,
        order_status: None,
        shop_status_hint: None,
        subscription: SubscriptionOut::of(sub, &state),
    };
    match &outcome {
        Outcome::Unchanged(code) => to_result(&unchanged(*code, None)),
        Outcome::UnknownStatus => {
            let shown: String = e.status.chars().take(64).collect();
            let message = format!("financing subscription {} reported unknown status {}; ignored", sub.subscription_id.0, Quoted(&shown));
            to_result(&unchanged(Code::UnknownStatus, Some(Alert { level: "warning", message })))
        }
        Outcome::Applied(a) => to_result(&ApplyOut {
            alert: None,
            applied: true,
            code: Code::Ok,
            event_id: &event_id,
            history: Some(HistoryOut::of(&a.entry)),
            order_is_paid: Some(a.is_paid),
            order_status: a.order_status.clone(),
            shop_status_hint: Some(a.hint),
            subscription: SubscriptionOut::of(sub, &a.state),
        }),
    }
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

fn loose(k: &Loose<String>) -> Option<&str> {
    k.0.as_deref()
}

/// The event's id and timestamp, both required and checked.
fn webhook_id_and_time(p: &WebhookPayload) -> Result<(&str, &str), ApiError> {
    let id = loose(&p.id).ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.id", "the event id is missing"))?;
    if !valid_id(id) {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.id", "the event id is not a valid id"));
    }
    let ts = loose(&p.timestamp).ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.timestamp", "the event timestamp is missing"))?;
    if parse_ms(ts).is_none() {
        return Err(ApiError::at(ErrorCode::InvalidDate, "input.timestamp", "not an RFC 3339 timestamp"));
    }
    Ok((id, ts))
}

/// Normalizes a verified webhook payload into an update for `financing.apply` (or says why it
/// is ignored). The bridge checked the signature; this only reads the event.
pub fn webhook(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    if !input.is_object() {
        return Err(ApiError::at(ErrorCode::InvalidType, "input", "the webhook payload must be an object"));
    }
    let p: WebhookPayload = parse_input(input)?;
    let data = p.data.0.as_ref();
    let (id, ts) = webhook_id_and_time(&p)?;
    let code = loose(&p.event_code).or_else(|| data.and_then(|d| loose(&d.event_code))).unwrap_or("");
    let tracked = match webhook::classify(code, loose(&p.event_type_code).unwrap_or("")) {
        Ok(t) => t,
        Err(why) => {
            let reason = match why {
                Ignored::TestEvent => "test_event",
                Ignored::NotTracked => "event_not_tracked",
            };
            return to_result(&WebhookOut { action: "ignore", event: None, event_id: id, order_ref: None, reason: Some(reason) });
        }
    };
    let order_ref = data
        .and_then(|d| loose(&d.merchant_global_order_id))
        .ok_or_else(|| ApiError::at(ErrorCode::MissingField, "input.data.merchantGlobalOrderId", "the order reference is missing"))?;
    if !valid_id(order_ref) {
        return Err(ApiError::at(ErrorCode::InvalidId, "input.data.merchantGlobalOrderId", "not a valid order reference"));
    }
    let sub_status = data.and_then(|d| loose(&d.consolidated_substatus));
    to_result(&WebhookOut {
        action: "apply",
        event: Some(WebhookEvent {
            event_id: id,
            last_update_timestamp: ts,
            partial_cancellation: tracked.partial,
            source: "webhook",
            status: tracked.status(data.and_then(|d| loose(&d.consolidated_status))),
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
    mapping: SortedMap<String, MappingEntry>,
}

/// Checks an admin's financing → order status mapping.
pub fn validate_mapping(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: ValidateInput = parse_input(input)?;
    let m = parse_mapping(&i.mapping, "input.mapping")?;
    let v = mapping::violations(&m);
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
pub(crate) fn default_entries() -> SortedMap<&'static str, DefaultEntry> {
    Status::ALL
        .iter()
        .map(|s| {
            let t = mapping::default_target(*s);
            (s.as_str(), DefaultEntry { is_paid: t.is_paid, order_status: t.order_status })
        })
        .collect()
}

#[derive(Write)]
struct DefaultMapping {
    mapping: SortedMap<&'static str, DefaultEntry>,
}

/// `financing.defaultMapping`: the default mapping, in abstract shop statuses.
pub fn default_mapping(_ctx: &Ctx, _input: Input<'_>) -> Result<Out, ApiError> {
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
pub struct SolutionOut<'a> {
    pub available: bool,
    pub instalments: Option<u32>,
    pub kind: &'static str,
    pub label: Option<&'a str>,
    pub max_amount: AmountOut,
    pub min_amount: AmountOut,
    pub reasons: Vec<Code>,
    /// Split payments: the instalments, the first taking the odd cent; `null` when unavailable.
    pub schedule: Option<Vec<AmountOut>>,
    pub solution_code: &'a str,
}

#[derive(Write)]
struct SolutionsOut<'a> {
    solutions: Vec<SolutionOut<'a>>,
}

/// Each configured solution: available for this cart or not (with every reason), and for split
/// payments the instalment schedule (the first instalment takes the odd cent).
pub fn solutions(_ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: SolutionsInput = parse_input(input)?;
    let cc = i.cart.currency.0;
    let total = i.cart.total.minor(cc, "input.cart.total")?;
    to_result(&SolutionsOut { solutions: evaluate_solutions(&i.solutions, cc, total, &i.cart.billing_country, "input")? })
}

pub fn check_country(country: &str, path: &dyn core::fmt::Display) -> Result<(), ApiError> {
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ApiError::at(ErrorCode::InvalidValue, path.to_string(), "an ISO 3166 alpha-2 code like FR"));
    }
    Ok(())
}

/// A configured solution's terms in domain values; `p` is its path.
fn terms_of(s: &SolutionConfig, p: &SolutionPath<'_>) -> Result<Terms, ApiError> {
    check_len(&s.countries, 60, format_args!("{p}.countries"))?;
    if let Some(l) = &s.label {
        short_text(l, 120, &format_args!("{p}.label"))?;
    }
    let sc = s.currency.0;
    Ok(Terms {
        kind: if s.kind == Kind::Split { SolutionKind::Split } else { SolutionKind::Credit },
        instalments: s.instalments,
        min: s.min_amount.minor(sc, format_args!("{p}.minAmount"))?,
        max: s.max_amount.minor(sc, format_args!("{p}.maxAmount"))?,
        currency: sc,
        enabled: s.enabled,
    })
}

/// `<path>.solutions[<n>]`: the path of a configured solution, written only when an error
/// names it (a decision checks every solution; formatting each path ahead cost more than its rule).
struct SolutionPath<'a> {
    list: &'a str,
    n: usize,
}

impl core::fmt::Display for SolutionPath<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.solutions[{}]", self.list, self.n)
    }
}

fn terms_error(e: TermsError, p: &SolutionPath<'_>) -> ApiError {
    match e {
        TermsError::MaxBelowMin => ApiError::at(ErrorCode::InvalidValue, format!("{p}.maxAmount"), "maxAmount must not be below minAmount"),
        TermsError::InstalmentsOutOfRange => ApiError::at(ErrorCode::InvalidValue, format!("{p}.instalments"), "a split solution needs 2 to 12 instalments"),
    }
}

pub fn evaluate_solutions<'a>(list: &'a [SolutionConfig], cc: Currency, total: i64, country: &str, path: &str) -> Result<Vec<SolutionOut<'a>>, ApiError> {
    check_len(list, 20, format_args!("{path}.solutions"))?;
    check_country(country, &format_args!("{path}.cart.billingCountry"))?;
    let cart = Cart { currency: cc, total, country };
    let mut out = Vec::new();
    for (n, s) in list.iter().enumerate() {
        let p = SolutionPath { list: path, n };
        let solution = terms_of(s, &p)?.check().map_err(|e| terms_error(e, &p))?;
        let j = solution.judge(&s.countries, &cart);
        let t = solution.terms;
        out.push(SolutionOut {
            available: j.reasons.is_empty(),
            instalments: t.instalments,
            kind: if t.kind == SolutionKind::Split { "split" } else { "credit" },
            label: s.label.as_deref(),
            max_amount: AmountOut { minor: t.max, currency: t.currency },
            min_amount: AmountOut { minor: t.min, currency: t.currency },
            reasons: j.reasons,
            schedule: j.schedule.map(|parts| parts.iter().map(|x| AmountOut { minor: x.minor(), currency: cc }).collect()),
            solution_code: &s.solution_code.0,
        });
    }
    Ok(out)
}

#[derive(Read, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum RequestType {
    Cancel,
    ConfirmDelivery,
}

/// A flat request (a `type` and its fields): serde's internally tagged enums would pull float
/// handling into the host wasm.
#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireRequest {
    #[serde(rename = "type")]
    kind: RequestType,
    /// Cancel only: what to cancel; absent = everything still financed.
    #[serde(default)]
    amount: Option<Amount>,
}

#[derive(Read)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WireSubscription {
    kind: SolutionKind,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    accepted_at_ms: Option<i64>,
    financed_amount: Amount,
    currency: CurrencyCode,
    #[serde(default)]
    partial_cancellation_made: bool,
    #[serde(default)]
    delivered: bool,
}

#[derive(Read)]
#[serde(deny_unknown_fields)]
struct AfterSaleInput {
    request: WireRequest,
    subscription: WireSubscription,
}

/// `financing.afterSale`'s answer (fields in wire order: sorted).
#[derive(Write)]
#[serde(rename_all = "camelCase")]
struct AfterSaleOut {
    /// `call` (send it to the provider), `none` (nothing to send) or `refuse`.
    action: &'static str,
    cancelled_amount: Option<String>,
    financed_after: Option<String>,
    full: bool,
    reasons: Vec<Code>,
}

fn facts_of(s: &WireSubscription) -> Result<SubscriptionFacts, ApiError> {
    let financed = s.financed_amount.minor(s.currency.0, "input.subscription.financedAmount")?;
    let status = match &s.status {
        None => None,
        Some(t) => Some(Status::parse(t).ok_or_else(|| ApiError::at(ErrorCode::InvalidValue, "input.subscription.status", "not a financing status"))?),
    };
    Ok(SubscriptionFacts {
        kind: s.kind,
        status,
        accepted_at_ms: s.accepted_at_ms,
        financed,
        partial_cancellation_made: s.partial_cancellation_made,
        delivered: s.delivered,
    })
}

/// `financing.afterSale`: whether (and what) to send to the provider for a delivery or a
/// cancellation, by the provider's rules.
pub fn after_sale(ctx: &Ctx, input: Input<'_>) -> Result<Out, ApiError> {
    let i: AfterSaleInput = parse_input(input)?;
    let c = i.subscription.currency.0;
    let facts = facts_of(&i.subscription)?;
    let plan = match i.request.kind {
        RequestType::ConfirmDelivery => {
            if i.request.amount.is_some() {
                return Err(ApiError::at(ErrorCode::InvalidValue, "input.request.amount", "a delivery confirmation has no amount"));
            }
            plan_delivery(&facts)
        }
        RequestType::Cancel => {
            let amount = match &i.request.amount {
                Some(a) => Some(a.minor(c, "input.request.amount")?),
                None => None,
            };
            plan_cancel(&facts, amount, ctx.now()?.saturating_mul(1000))
        }
    };
    let nothing = |action: &'static str, code: Code| AfterSaleOut { action, cancelled_amount: None, financed_after: None, full: false, reasons: vec![code] };
    to_result(&match plan {
        Plan::ConfirmDelivery => AfterSaleOut { action: "call", cancelled_amount: None, financed_after: None, full: false, reasons: vec![] },
        Plan::Cancel { amount, full } => AfterSaleOut {
            action: "call",
            cancelled_amount: Some(amount_string(amount, c)),
            financed_after: Some(amount_string(facts.financed - amount, c)),
            full,
            reasons: vec![],
        },
        Plan::Nothing(code) => nothing("none", code),
        Plan::Refuse(code) => nothing("refuse", code),
    })
}

/// What this module's operations read and answer (tools/codegen).
#[cfg(feature = "schema")]
pub fn shapes(api: &mut crate::api::schema::Api) {
    api.op::<AfterSaleInput, AfterSaleOut>("financing.afterSale");
    api.op::<ApplyInput, ApplyOut<'static>>("financing.apply");
    api.op_no_input::<DefaultMapping>("financing.defaultMapping");
    api.op::<SolutionsInput, SolutionsOut<'static>>("financing.solutions");
    api.op::<ValidateInput, MappingCheck>("financing.validateMapping");
    api.op::<WebhookPayload, WebhookOut<'static>>("financing.webhook");
}
