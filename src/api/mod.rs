//! The one JSON protocol both WebAssembly builds expose: one request object in, one response
//! object out.
//!
//! Request:  `{"v":1,"op":"wallet.pay","now":1795390200,"input":{...}}`
//! Response: `{"ok":true,"op":"wallet.pay","result":{...},"v":1}`
//!        or `{"error":{"code":"missing_field","message":"...","path":"input.cart"},"ok":false,"v":1}`
//!
//! camelCase fields, amounts as decimal strings, `now` in unix seconds (the core has no clock).
//! Business rejections are values inside `result` (see [`crate::codes::Code`]); malformed input is
//! an `error` (see [`ErrorCode`]) and means nothing may be written. Object keys are emitted in
//! sorted order so every runtime produces byte-identical output.

pub mod wire;

use crate::codes::ErrorCode;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

pub const PROTOCOL_VERSION: u64 = 1;
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// `now` must lie in 1970-01-01 ..= 9999-12-31.
pub const MAX_NOW_S: i64 = 253_402_300_799;

/// Malformed input: a stable code, a human message and where in the request it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub path: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), path: None }
    }
    pub fn at(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { code, message: message.into(), path: Some(path.into()) }
    }
    pub fn from_money(e: crate::money::MoneyError, path: impl Into<String>) -> ApiError {
        let code = ErrorCode::parse(e.code()).unwrap_or(ErrorCode::InvalidValue);
        ApiError::at(code, path, e.to_string())
    }
}

/// What every operation may read besides its input.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    now_s: Option<i64>,
}

impl Ctx {
    pub fn new(now_s: Option<i64>) -> Ctx {
        Ctx { now_s }
    }
    /// `now` (unix seconds); a missing `now` is an error for operations that need the time.
    pub fn now(&self) -> Result<i64, ApiError> {
        self.now_s.ok_or_else(|| ApiError::at(ErrorCode::MissingField, "now", "this operation needs `now` (unix seconds)"))
    }
}

pub type OpFn = fn(&Ctx, Value) -> Result<Value, ApiError>;

/// Every operation, by wire name. Sorted by name (a test checks it); binary-searched.
pub static OPS: &[(&str, OpFn)] = &[
    ("checkout.reserve", crate::checkout::reserve),
    ("checkout.settle", crate::checkout::settle),
    ("credit.availability", crate::credit_line::ops::availability_op),
    ("credit.cancelOrder", crate::credit_line::adjust::cancel_order),
    ("credit.check", crate::credit_line::ops::check),
    ("credit.creditNote", crate::credit_line::adjust::credit_note_op),
    ("credit.dueDate", crate::credit_line::ops::due_date),
    ("credit.increaseDecision", crate::credit_line::ops::increase_decision),
    ("credit.increaseRequest", crate::credit_line::ops::increase_request),
    ("credit.markPaid", crate::credit_line::ops::mark_paid),
    ("credit.recordPayment", crate::credit_line::ops::record_payment),
    ("credit.reminders", crate::credit_line::ops::reminders),
    ("credit.setLimit", crate::credit_line::ops::set_limit),
    ("credit.status", crate::credit_line::ops::status),
    ("eligibility.evaluate", crate::eligibility::evaluate),
    ("financing.apply", crate::financing::ops::apply),
    ("financing.defaultMapping", crate::financing::ops::default_mapping),
    ("financing.solutions", crate::financing::ops::solutions),
    ("financing.validateMapping", crate::financing::ops::validate_mapping),
    ("financing.webhook", crate::financing::ops::webhook),
    ("ledger.createTransfers", crate::ledger::ops::create_transfers),
    ("ledger.expirePending", crate::ledger::ops::expire_pending),
    ("ledger.reconcile", crate::ledger::ops::reconcile),
    ("ledger.reconcileSums", crate::ledger::ops::reconcile_sums),
    ("money.allocate", crate::money_ops::allocate),
    ("money.convert", crate::money_ops::convert),
    ("settings.defaults", crate::settings::defaults),
    ("settings.validate", crate::settings::validate),
    ("wallet.availability", crate::wallet::ops::availability_op),
    ("wallet.balance", crate::wallet::ops::balance),
    ("wallet.bonus", crate::wallet::ops::bonus),
    ("wallet.cancel", crate::wallet::ops::cancel),
    ("wallet.massAdjust", crate::wallet::ops::mass_adjust),
    ("wallet.pay", crate::wallet::ops::pay),
    ("wallet.refund", crate::wallet::ops::refund),
    ("wallet.stats", crate::wallet::ops::stats),
    ("wallet.topUp", crate::wallet::ops::top_up),
    ("wallet.topUpCheck", crate::wallet::ops::top_up_check),
    ("wallet.withdrawalDecision", crate::wallet::ops::withdrawal_decision),
    ("wallet.withdrawalRequest", crate::wallet::ops::withdrawal_request),
];

/// Handles one request; never panics on any input.
pub fn handle_json(request: &[u8]) -> Vec<u8> {
    let response = match handle(request) {
        Ok((op, result)) => json!({"v": PROTOCOL_VERSION, "ok": true, "op": op, "result": result}),
        Err(e) => error_value(&e),
    };
    serde_json::to_vec(&response).unwrap_or_else(|_| br#"{"error":{"code":"internal_error","message":"response could not be encoded","path":null},"ok":false,"v":1}"#.to_vec())
}

/// Same as [`handle_json`] for callers holding a string.
pub fn handle_str(request: &str) -> String {
    String::from_utf8(handle_json(request.as_bytes())).unwrap_or_default()
}

fn error_value(e: &ApiError) -> Value {
    json!({"v": PROTOCOL_VERSION, "ok": false, "error": {"code": e.code, "message": e.message, "path": e.path}})
}

fn handle(request: &[u8]) -> Result<(String, Value), ApiError> {
    if request.len() > MAX_REQUEST_BYTES {
        return Err(ApiError::new(ErrorCode::RequestTooLarge, format!("request is {} bytes; the limit is {MAX_REQUEST_BYTES}", request.len())));
    }
    let value: Value = serde_json::from_slice(request).map_err(|e| ApiError::new(ErrorCode::InvalidJson, e.to_string()))?;
    let Value::Object(mut obj) = value else {
        return Err(ApiError::new(ErrorCode::InvalidType, "the request must be a JSON object"));
    };
    match obj.get("v") {
        Some(Value::Number(n)) if n.as_u64() == Some(PROTOCOL_VERSION) => {}
        Some(other) => {
            return Err(ApiError::at(ErrorCode::UnsupportedVersion, "v", format!("protocol version {other} is not supported; this core speaks {PROTOCOL_VERSION}")))
        }
        None => return Err(ApiError::at(ErrorCode::UnsupportedVersion, "v", "the protocol version `v` is missing")),
    }
    let op = match obj.get("op") {
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ApiError::at(ErrorCode::InvalidType, "op", "`op` must be a string")),
        None => return Err(ApiError::at(ErrorCode::MissingField, "op", "`op` is missing")),
    };
    let now_s = match obj.get("now") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.is_f64() => return Err(ApiError::at(ErrorCode::InvalidType, "now", "`now` must be an integer (unix seconds)")),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(t) if (0..=MAX_NOW_S).contains(&t) => Some(t),
            _ => return Err(ApiError::at(ErrorCode::InvalidDate, "now", "`now` must be unix seconds between 1970 and 9999")),
        },
        Some(_) => return Err(ApiError::at(ErrorCode::InvalidType, "now", "`now` must be an integer (unix seconds)")),
    };
    for key in obj.keys() {
        if !matches!(key.as_str(), "v" | "op" | "now" | "input") {
            return Err(ApiError::at(ErrorCode::UnknownField, key.clone(), format!("unknown top-level field {key:?}")));
        }
    }
    let input = obj.remove("input").unwrap_or(Value::Object(Default::default()));
    let f = OPS
        .binary_search_by(|(name, _)| (*name).cmp(op.as_str()))
        .map(|i| OPS[i].1)
        .map_err(|_| ApiError::at(ErrorCode::UnknownOp, "op", format!("unknown operation {:?}", op.chars().take(64).collect::<String>())))?;
    let result = f(&Ctx::new(now_s), input)?;
    Ok((op, result))
}

const MARK: char = '\u{1}';

/// A serde error message that carries one of our codes (used by custom deserializers).
pub fn marked_error(code: &str, message: &str) -> String {
    format!("{MARK}{code}{MARK}{message}")
}

/// Deserializes an operation's input into its typed struct; every failure becomes a coded
/// error with the JSON path of the offending field (`input.cart.total`).
pub fn parse_input<T: DeserializeOwned>(input: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(input).map_err(|e| {
        let inner = e.inner().to_string();
        let path = e.path().to_string();
        let mut path = if path == "." { "input".to_string() } else { format!("input.{path}") };
        let (code, message) = classify_serde_error(&inner);
        // serde reports a missing field at its parent; name the field itself.
        if code == ErrorCode::MissingField {
            if let Some(field) = inner.split('`').nth(1) {
                path = format!("{path}.{field}");
            }
        }
        ApiError { code, message, path: Some(path) }
    })
}

fn classify_serde_error(msg: &str) -> (ErrorCode, String) {
    if let Some(rest) = msg.strip_prefix(MARK) {
        if let Some((code, m)) = rest.split_once(MARK) {
            // serde may append " at line X column Y" for some sources; drop it.
            let m = m.split(" at line ").next().unwrap_or(m);
            return (ErrorCode::parse(code).unwrap_or(ErrorCode::InvalidValue), m.to_string());
        }
    }
    let code = if msg.starts_with("missing field") {
        ErrorCode::MissingField
    } else if msg.starts_with("unknown field") {
        ErrorCode::UnknownField
    } else if msg.starts_with("invalid type") {
        ErrorCode::InvalidType
    } else {
        ErrorCode::InvalidValue
    };
    (code, msg.to_string())
}

/// Serializes an operation's result.
pub fn to_result<T: serde::Serialize>(value: &T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| ApiError::new(ErrorCode::InternalError, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(s: &str) -> Value {
        serde_json::from_slice(&handle_json(s.as_bytes())).unwrap()
    }

    #[test]
    fn ops_table_is_sorted_and_unique() {
        assert!(OPS.windows(2).all(|w| w[0].0 < w[1].0), "keep OPS sorted by name");
    }

    #[test]
    fn envelope_errors_are_coded() {
        assert_eq!(call("{").pointer("/error/code").unwrap(), "invalid_json");
        assert_eq!(call("[]").pointer("/error/code").unwrap(), "invalid_type");
        assert_eq!(call(r#"{"op":"money.allocate"}"#).pointer("/error/code").unwrap(), "unsupported_version");
        assert_eq!(call(r#"{"v":2,"op":"money.allocate"}"#).pointer("/error/code").unwrap(), "unsupported_version");
        assert_eq!(call(r#"{"v":1,"op":"nope"}"#).pointer("/error/code").unwrap(), "unknown_op");
        assert_eq!(call(r#"{"v":1}"#).pointer("/error/code").unwrap(), "missing_field");
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","now":-5}"#).pointer("/error/code").unwrap(), "invalid_date");
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","now":"x"}"#).pointer("/error/code").unwrap(), "invalid_type");
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","extra":1}"#).pointer("/error/code").unwrap(), "unknown_field");
        let deep = "[".repeat(10_000);
        assert_eq!(call(&deep).pointer("/error/code").unwrap(), "invalid_json");
        let big = format!(r#"{{"v":1,"op":"x","input":"{}"}}"#, "a".repeat(MAX_REQUEST_BYTES));
        assert_eq!(call(&big).pointer("/error/code").unwrap(), "request_too_large");
        assert_eq!(handle_json(&[0xff, 0xfe]), handle_json(&[0xff, 0xfe]));
    }
}
