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

use crate::prelude::*;

pub mod contract;
pub mod de;
pub mod ops;
#[cfg(feature = "schema")]
pub mod schema;
pub mod ser;
pub mod wire;

use crate::codes::ErrorCode;
use crate::quoted::Quoted;
use core::cell::Cell;
pub use de::Read;
pub use ser::Write;

pub const PROTOCOL_VERSION: u64 = 1;
pub const MAX_REQUEST_BYTES: usize = 1 << 20;
/// `now` must lie in 1970-01-01 ..= 9999-12-31.
pub const MAX_NOW_S: i64 = 253_402_300_799;

/// Malformed input: a stable code, a human message and where in the request it was found.
///
/// Boxed: every `?` on an operation's path moves the error, and one pointer moves in a word where
/// the fields would take seven (the host wasm carried those copies at hundreds of sites).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError(Box<ErrorBody>);

/// An [`ApiError`]'s fields (read through the error: `e.code`, `e.path`, `e.message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    pub path: Option<String>,
}

impl core::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl core::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.0.fmt(f)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError::of(code, message.into(), None)
    }
    pub fn at(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::of(code, message.into(), Some(path.into()))
    }
    /// The one place an error is allocated (not inlined into the many sites that build one).
    #[inline(never)]
    fn of(code: ErrorCode, message: String, path: Option<String>) -> ApiError {
        ApiError(Box::new(ErrorBody { code, message, path }))
    }
    pub fn from_money(e: crate::money::MoneyError, path: impl Into<String>) -> ApiError {
        let code = ErrorCode::parse(e.code()).unwrap_or(ErrorCode::InvalidValue);
        ApiError::at(code, path, e.to_string())
    }
}

/// `path.field`: a field's path under its parent's (`input.credit` → `input.credit.account`), in one
/// place rather than a `format!` at every site that names a field.
#[inline(never)]
pub fn field_path(path: &str, field: &str) -> String {
    let mut s = String::with_capacity(path.len() + 1 + field.len());
    s.push_str(path);
    s.push('.');
    s.push_str(field);
    s
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

/// An operation's input: the JSON text of the request's `input` (`{}` when absent).
/// Operations read it with [`parse_input`] into their typed request; the reader checks its syntax
/// as it goes and notes a complete read in `read`, so the entry point knows the whole request
/// was valid JSON without a pass of its own.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    text: &'a [u8],
    /// Nesting levels left at the input (the request's limit counts the envelope).
    depth: u32,
    read: Option<&'a Cell<bool>>,
}

impl<'a> Input<'a> {
    /// `text` must be one JSON value that [`de::check`] accepted.
    pub fn checked(text: &'a [u8]) -> Input<'a> {
        Input { text, depth: de::MAX_DEPTH, read: None }
    }
    /// Text not checked yet: `read` becomes true once an operation has read all of it.
    fn unchecked(text: &'a [u8], depth: u32, read: &'a Cell<bool>) -> Input<'a> {
        Input { text, depth, read: Some(read) }
    }
    /// No input (`{}`), for operations called by other operations.
    pub fn empty() -> Input<'static> {
        Input { text: b"{}", depth: de::MAX_DEPTH, read: None }
    }
    /// Whether the input is a JSON object.
    pub fn is_object(&self) -> bool {
        self.text.iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'{')
    }
}

/// An operation's result: its JSON text with every object's keys in sorted order (result
/// structs declare their fields sorted; debug builds check it on every answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Out(Vec<u8>);

impl Out {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

pub type OpFn = fn(&Ctx, Input<'_>) -> Result<Out, ApiError>;

/// The storefront build (`--features storefront`): only what the browser runs, the checkout
/// preview. The badge and My account show figures the server sent and need no core.
#[cfg(feature = "storefront")]
pub static OPS: &[(&str, OpFn)] = &[("eligibility.evaluate", ops::eligibility::evaluate)];

/// Every operation, by wire name. Sorted by name (a test checks it); binary-searched.
#[cfg(not(feature = "storefront"))]
pub static OPS: &[(&str, OpFn)] = &[
    ("checkout.reserve", ops::checkout::reserve),
    ("checkout.settle", ops::checkout::settle),
    ("credit.availability", ops::credit_line::availability_op),
    ("credit.cancelOrder", ops::credit_line::adjust::cancel_order),
    ("credit.check", ops::credit_line::check),
    ("credit.creditNote", ops::credit_line::adjust::credit_note_op),
    ("credit.dueDate", ops::credit_line::due_date),
    ("credit.increaseDecision", ops::credit_line::increase_decision),
    ("credit.increaseRequest", ops::credit_line::increase_request),
    ("credit.markPaid", ops::credit_line::mark_paid),
    ("credit.recordPayment", ops::credit_line::record_payment),
    ("credit.reminders", ops::credit_line::reminders),
    ("credit.setLimit", ops::credit_line::set_limit),
    ("credit.statement", ops::credit_line::statement::statement),
    ("credit.status", ops::credit_line::status),
    ("eligibility.evaluate", ops::eligibility::evaluate),
    ("financing.afterSale", ops::financing::after_sale),
    ("financing.apply", ops::financing::apply),
    ("financing.defaultMapping", ops::financing::default_mapping),
    ("financing.solutions", ops::financing::solutions),
    ("financing.validateMapping", ops::financing::validate_mapping),
    ("financing.webhook", ops::financing::webhook),
    ("ledger.createTransfers", crate::api::ops::ledger::create_transfers),
    ("ledger.expirePending", crate::api::ops::ledger::expire_pending),
    ("ledger.reconcile", crate::api::ops::ledger::reconcile),
    ("ledger.reconcileSums", crate::api::ops::ledger::reconcile_sums),
    ("money.allocate", ops::money::allocate),
    ("money.convert", ops::money::convert),
    ("order.decide", ops::order::decide_op),
    ("settings.defaults", ops::settings::defaults),
    ("settings.validate", ops::settings::validate),
    ("wallet.availability", ops::wallet::gate::availability_op),
    ("wallet.balance", ops::wallet::balance),
    ("wallet.bonus", ops::wallet::bonus),
    ("wallet.cancel", ops::wallet::cancel::cancel),
    ("wallet.massAdjust", ops::wallet::batch::mass_adjust),
    ("wallet.pay", ops::wallet::pay::pay),
    ("wallet.refund", ops::wallet::refund::refund),
    ("wallet.stats", ops::wallet::stats),
    ("wallet.statsSums", ops::wallet::stats_sums),
    ("wallet.topUp", ops::wallet::topup::top_up),
    ("wallet.topUpCheck", ops::wallet::topup::top_up_check),
    ("wallet.withdrawalDecision", ops::wallet::withdrawal_decision),
    ("wallet.withdrawalRequest", ops::wallet::withdrawal_request),
];

/// Handles one request; never panics on any input.
pub fn handle_json(request: &[u8]) -> Vec<u8> {
    if request.len() > MAX_REQUEST_BYTES {
        let e = ApiError::new(ErrorCode::RequestTooLarge, format!("request is {} bytes; the limit is {MAX_REQUEST_BYTES}", request.len()));
        return error_json(&e);
    }
    let read = Cell::new(false);
    let guess = input_end_guess(request);
    let mut answer = handle(request, &read, guess);
    if guess.is_some() && !read.get() {
        // The guess may have been wrong (or the request is bad anyway): answer exactly as the
        // envelope without a guess does.
        answer = handle(request, &read, None);
    }
    let answer = match answer {
        Ok(done) if read.get() => Ok(done),
        other => syntax_first(request).and(other),
    };
    match answer {
        Ok((op, result)) => {
            // 35 bytes around the result and the name (operation names need no escaping).
            let mut out = Vec::with_capacity(result.0.len() + op.len() + 35);
            ser::put(&mut out, br#"{"ok":true,"op":"#);
            write_json_string(&mut out, op);
            ser::put(&mut out, br#","result":"#);
            ser::put(&mut out, result.as_bytes());
            ser::put(&mut out, br#","v":1}"#);
            out
        }
        Err(e) => error_json(&e),
    }
}

/// A request (or an input) that is not valid JSON answers `invalid_json` with serde_json's
/// message and position, whatever else is wrong with it: the answer of a failed or unfinished
/// read goes through this.
#[inline(never)]
fn syntax_first(text: &[u8]) -> Result<(), ApiError> {
    de::check(text).map_err(|m| ApiError::new(ErrorCode::InvalidJson, m))
}

/// Same as [`handle_json`] for callers holding a string.
pub fn handle_str(request: &str) -> String {
    String::from_utf8(handle_json(request.as_bytes())).unwrap_or_default()
}

fn write_json_string(out: &mut Vec<u8>, s: &str) {
    // serde_json's escaping, so every runtime answers byte for byte the same.
    ser::string(out, s)
}

/// `{"error":{"code":...,"message":...,"path":...},"ok":false,"v":1}`
pub fn error_json(e: &ApiError) -> Vec<u8> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(br#"{"error":{"code":""#);
    out.extend_from_slice(e.code.as_str().as_bytes());
    out.extend_from_slice(br#"","message":"#);
    write_json_string(&mut out, &e.message);
    out.extend_from_slice(br#","path":"#);
    match &e.path {
        Some(p) => write_json_string(&mut out, p),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(br#"},"ok":false,"v":1}"#);
    out
}

/// The envelope's fields as found: value ranges in the request (the last one wins, as in a
/// JSON object), and the first unknown key in sorted order.
#[derive(Default)]
struct Envelope {
    v: Option<(usize, usize)>,
    op: Option<(usize, usize)>,
    now: Option<(usize, usize)>,
    input: Option<(usize, usize)>,
    /// How many `input` keys: all but the last are passed over unread.
    inputs: u32,
    unknown: Option<String>,
}

/// The envelope's keys, told apart by their bytes (no string comparison calls: each wasm call
/// costs the generated PHP core ~2,000 interpreter instructions).
#[derive(Clone, Copy, PartialEq, Eq)]
enum EnvelopeKey {
    V,
    Op,
    Now,
    Input,
}

impl EnvelopeKey {
    fn of(key: &[u8]) -> Option<EnvelopeKey> {
        match key {
            [b'v'] => Some(EnvelopeKey::V),
            [b'o', b'p'] => Some(EnvelopeKey::Op),
            [b'n', b'o', b'w'] => Some(EnvelopeKey::Now),
            [b'i', b'n', b'p', b'u', b't'] => Some(EnvelopeKey::Input),
            _ => None,
        }
    }
}

/// The index of the operation named `op` in [`OPS`] (sorted by name), its names compared byte
/// by byte (`str::cmp` is a closure and a `memcmp` call per step in the size-optimised host
/// build).
fn op_index(op: &str) -> Option<usize> {
    let (mut lo, mut hi) = (0, OPS.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match compare_bytes(OPS[mid].0.as_bytes(), op.as_bytes()) {
            core::cmp::Ordering::Less => lo = mid + 1,
            core::cmp::Ordering::Greater => hi = mid,
            core::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// `a.cmp(b)` for byte strings, written out.
fn compare_bytes(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return if a[i] < b[i] { core::cmp::Ordering::Less } else { core::cmp::Ordering::Greater };
        }
        i += 1;
    }
    if a.len() < b.len() {
        core::cmp::Ordering::Less
    } else if a.len() > b.len() {
        core::cmp::Ordering::Greater
    } else {
        core::cmp::Ordering::Equal
    }
}

/// Where `input` ends if it is the envelope's last member (as hosts write it): right after the
/// last non-blank byte before the request's closing `}`. The envelope then need not pass over the
/// input's bytes to find its end (a pass costing about a tenth of a decision): the operation's
/// reader checks that the guessed text is exactly one JSON value, and [`handle_json`] answers
/// anew without a guess whenever the operation did not read it all.
fn input_end_guess(request: &[u8]) -> Option<usize> {
    let blank = |c: &u8| matches!(c, b' ' | b'\n' | b'\t' | b'\r');
    let close = request.iter().rposition(|c| !blank(c))?;
    if request[close] != b'}' {
        return None;
    }
    request[..close].iter().rposition(|c| !blank(c)).map(|last| last + 1)
}

/// Finds the envelope's fields, checking the syntax of all but `input` (which the operation's
/// typed reader checks as it reads it). With `input_end` (see [`input_end_guess`]), the first
/// `input` is taken to end there: right for any request whose whole input an operation reads.
fn envelope(request: &[u8], input_end: Option<usize>) -> Result<Envelope, ApiError> {
    let invalid = |m: String| ApiError::new(ErrorCode::InvalidJson, m);
    let mut s = de::Scanner::new(request);
    if !matches!(s.ws(), Some(b'{')) {
        de::check(request).map_err(invalid)?;
        return Err(ApiError::new(ErrorCode::InvalidType, "the request must be a JSON object"));
    }
    let mut env = Envelope::default();
    s.object(|s, (ks, ke, escaped)| {
        let key = de::unescape(&request[ks..ke], escaped);
        let field = EnvelopeKey::of(key.as_bytes());
        s.ws();
        let start = s.i;
        if field == Some(EnvelopeKey::Input) {
            match input_end {
                Some(end) if env.inputs == 0 && end > start => s.i = end,
                _ => s.pass_over(),
            }
        } else {
            s.value()?;
        }
        let span = Some((start, s.i));
        match field {
            Some(EnvelopeKey::V) => env.v = span,
            Some(EnvelopeKey::Op) => env.op = span,
            Some(EnvelopeKey::Now) => env.now = span,
            Some(EnvelopeKey::Input) => {
                env.input = span;
                env.inputs += 1;
            }
            None => {
                if env.unknown.as_deref().map_or(true, |u| *key < *u) {
                    env.unknown = Some(key.to_string());
                }
            }
        }
        Ok(())
    })
    .map_err(invalid)?;
    if s.ws().is_some() {
        return Err(invalid(s.peek_error("trailing characters")));
    }
    Ok(env)
}

/// A JSON value's text without the whitespace around its tokens (how a message shows it).
fn compact(text: &[u8]) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut in_str = false;
    let mut escape = false;
    for &c in text {
        if in_str {
            if escape {
                escape = false;
            } else if c == b'\\' {
                escape = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if c.is_ascii_whitespace() {
            continue;
        }
        out.push(c);
    }
    de::lossy(&out).into_owned()
}

fn is_integer(text: &[u8]) -> bool {
    !text.is_empty() && text.iter().enumerate().all(|(i, c)| c.is_ascii_digit() || (i == 0 && *c == b'-' && text.len() > 1))
}

/// ASCII digits as a `u64` (`None` on overflow), what `parse::<u64>` gives for them: written out,
/// as `parse` is a call per digit in the size-optimised host build.
fn decimal_u64(digits: &[u8]) -> Option<u64> {
    let mut n: u64 = 0;
    for &c in digits {
        let d = u64::from(c.wrapping_sub(b'0'));
        if d > 9 || n > (u64::MAX - d) / 10 {
            return None;
        }
        n = n * 10 + d;
    }
    (!digits.is_empty()).then_some(n)
}

fn read_now(text: &[u8]) -> Result<Option<i64>, ApiError> {
    let wrong_type = || ApiError::at(ErrorCode::InvalidType, "now", "`now` must be an integer (unix seconds)");
    let out_of_range = || ApiError::at(ErrorCode::InvalidDate, "now", "`now` must be unix seconds between 1970 and 9999");
    match text.first() {
        Some(b'n') => Ok(None),
        Some(b'-' | b'0'..=b'9') => {
            if !is_integer(text) {
                return Err(wrong_type());
            }
            // serde_json reads integers beyond 64 bits as floats.
            let digits = text.strip_prefix(b"-").unwrap_or(text);
            let n = decimal_u64(digits).ok_or_else(wrong_type)?;
            if text[0] == b'-' {
                return if n <= i64::MAX as u64 + 1 { Err(out_of_range()) } else { Err(wrong_type()) };
            }
            match i64::try_from(n) {
                Ok(t) if (0..=MAX_NOW_S).contains(&t) => Ok(Some(t)),
                _ => Err(out_of_range()),
            }
        }
        _ => Err(wrong_type()),
    }
}

/// The request's answer; `read` says whether the operation read its whole input (else the
/// caller checks the request's syntax before answering, or asks again without `input_end`).
/// Not inlined: the entry point calls it twice, and one copy keeps the wasm smaller.
#[inline(never)]
fn handle<'a>(request: &'a [u8], read: &'a Cell<bool>, input_end: Option<usize>) -> Result<(&'static str, Out), ApiError> {
    let env = envelope(request, input_end)?;
    if env.inputs > 1 {
        // The inputs before the last one are read by nobody: check the whole request now.
        syntax_first(request)?;
        read.set(true);
    }
    let text = |(a, b): (usize, usize)| &request[a..b];
    match env.v.map(text) {
        Some([b'1']) => {}
        Some(other) => {
            return Err(ApiError::at(
                ErrorCode::UnsupportedVersion,
                "v",
                format!("protocol version {} is not supported; this core speaks {PROTOCOL_VERSION}", compact(other)),
            ))
        }
        None => return Err(ApiError::at(ErrorCode::UnsupportedVersion, "v", "the protocol version `v` is missing")),
    }
    let op = match env.op.map(text) {
        Some(t) if t.first() == Some(&b'"') => de::unescape(&t[1..t.len() - 1], t.contains(&b'\\')),
        Some(_) => return Err(ApiError::at(ErrorCode::InvalidType, "op", "`op` must be a string")),
        None => return Err(ApiError::at(ErrorCode::MissingField, "op", "`op` is missing")),
    };
    let now_s = match env.now.map(text) {
        None => None,
        Some(t) => read_now(t)?,
    };
    if let Some(key) = env.unknown {
        return Err(ApiError::at(ErrorCode::UnknownField, key.clone(), format!("unknown top-level field {}", Quoted(&key))));
    }
    let input = match env.input {
        Some(span) => Input::unchecked(text(span), de::MAX_DEPTH - 1, read),
        None => {
            read.set(true);
            Input::empty()
        }
    };
    let (name, f) = op_index(&op)
        .map(|i| OPS[i])
        .ok_or_else(|| ApiError::at(ErrorCode::UnknownOp, "op", format!("unknown operation {}", Quoted(&op.chars().take(64).collect::<String>()))))?;
    let result = f(&Ctx::new(now_s), input)?;
    Ok((name, result))
}

/// One operation by name, for bindings that hold the input apart from an envelope (the typed
/// JavaScript API): `input` is the input's JSON text, checked here like a request's.
pub fn call_op(op: &str, now_s: Option<i64>, input: &[u8]) -> Result<Out, ApiError> {
    if input.len() > MAX_REQUEST_BYTES {
        return Err(ApiError::new(ErrorCode::RequestTooLarge, format!("input is {} bytes; the limit is {MAX_REQUEST_BYTES}", input.len())));
    }
    if let Some(t) = now_s {
        if !(0..=MAX_NOW_S).contains(&t) {
            return Err(ApiError::at(ErrorCode::InvalidDate, "now", "`now` must be unix seconds between 1970 and 9999"));
        }
    }
    let read = Cell::new(false);
    let answer = op_index(op)
        .map(|i| OPS[i].1)
        .ok_or_else(|| ApiError::at(ErrorCode::UnknownOp, "op", format!("unknown operation {}", Quoted(&op.chars().take(64).collect::<String>()))))
        .and_then(|f| f(&Ctx::new(now_s), Input::unchecked(input, de::MAX_DEPTH, &read)));
    match answer {
        Ok(out) if read.get() => Ok(out),
        other => syntax_first(input).and(other),
    }
}

/// A result as a `serde_json::Value`, for tests.
#[cfg(test)]
pub(crate) fn to_value<T: Write>(v: &T) -> serde_json::Value {
    serde_json::from_slice(&ser::to_vec(v)).unwrap()
}

/// [`parse_input`] for a value built in a test.
#[cfg(test)]
pub(crate) fn parse_value<T: Read>(v: serde_json::Value) -> Result<T, ApiError> {
    let text = serde_json::to_vec(&v).unwrap();
    parse_input(Input::checked(&text))
}

/// Reads an operation's input into its typed request; every failure becomes a coded error with
/// the JSON path of the offending field (`input.cart.total`).
pub fn parse_input<T: Read>(input: crate::api::Input<'_>) -> Result<T, ApiError> {
    let mut value = core::mem::MaybeUninit::<T>::uninit();
    // SAFETY: `value` is a place for a `T`, which `read_input` initialises when it succeeds.
    unsafe {
        read_input(input, T::read_in, value.as_mut_ptr().cast::<u8>())?;
        Ok(value.assume_init())
    }
}

/// [`parse_input`]'s work, once for every input type (the type's own part is `read`).
///
/// # Safety
/// `read` reads a value of the type that `p` is an uninitialised place for.
#[inline(never)]
unsafe fn read_input(input: crate::api::Input<'_>, read: unsafe fn(&mut de::Reader<'_>, *mut u8) -> Result<(), de::Error>, p: *mut u8) -> Result<(), ApiError> {
    let mut r = de::Reader::over(input.text, input.depth).map_err(input_error)?;
    read(&mut r, p).map_err(input_error)?;
    // Text after the value leaves the input unread: the entry point then answers the syntax
    // pass's `invalid_json`.
    if let Some(read) = input.read {
        read.set(r.at_end());
    }
    Ok(())
}

#[inline(never)]
fn input_error(e: de::Error) -> ApiError {
    let (code, path) = (e.code, Some(e.path_from("input")));
    ApiError::of(code, e.into_message(), path)
}

/// Serializes an operation's result.
pub fn to_result(value: &dyn Write) -> Result<Out, ApiError> {
    let bytes = ser::to_vec(value);
    #[cfg(debug_assertions)]
    assert_sorted(&bytes);
    Ok(Out(bytes))
}

/// Keys sorted at every level of an answer (debug builds: every test checks every answer).
#[cfg(debug_assertions)]
fn assert_sorted(bytes: &[u8]) {
    fn walk(s: &mut de::Scanner<'_>, text: &[u8]) -> Result<(), String> {
        match s.ws() {
            Some(b'{') => {
                let mut last: Option<String> = None;
                s.object(|s, (ks, ke, escaped)| {
                    let key = de::unescape(&text[ks..ke], escaped).into_owned();
                    if let Some(prev) = &last {
                        assert!(prev < &key, "declare result fields in sorted order: {prev:?} before {key:?} in {}", String::from_utf8_lossy(text));
                    }
                    last = Some(key);
                    walk(s, text)
                })
            }
            Some(b'[') => {
                s.i += 1;
                loop {
                    match s.ws() {
                        Some(b']') => {
                            s.i += 1;
                            return Ok(());
                        }
                        Some(b',') => s.i += 1,
                        _ => walk(s, text)?,
                    }
                }
            }
            _ => s.value(),
        }
    }
    let mut s = de::Scanner::new(bytes);
    walk(&mut s, bytes).expect("result JSON");
    assert!(s.ws().is_none(), "result JSON");
}

/// Serializes a result made of a shared answer and fields of one operation (`extra`'s fields win
/// over `main`'s of the same name); both are objects with sorted keys, and so is the merge.
pub fn to_result_with(main: &dyn Write, extra: &dyn Write) -> Result<Out, ApiError> {
    let a = to_result(main)?;
    let b = to_result(extra)?;
    let (ma, mb) = (members(a.as_bytes()), members(b.as_bytes()));
    let mut out = Vec::with_capacity(a.0.len() + b.0.len());
    out.push(b'{');
    let (mut i, mut j) = (0, 0);
    while i < ma.len() || j < mb.len() {
        let take_b = j < mb.len() && (i == ma.len() || mb[j].0 <= ma[i].0);
        if take_b && i < ma.len() && mb[j].0 == ma[i].0 {
            i += 1;
        }
        let m = if take_b { &mb[j] } else { &ma[i] };
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(m.1);
        if take_b {
            j += 1;
        } else {
            i += 1;
        }
    }
    out.push(b'}');
    Ok(Out(out))
}

/// The members (`"key":value`) of a JSON object we serialized, with their keys.
fn members(b: &[u8]) -> Vec<(&[u8], &[u8])> {
    let mut s = de::Scanner::new(b);
    let mut list = Vec::new();
    let _ = s.object(|s, (ks, ke, _)| {
        s.value()?;
        list.push((&b[ks..ke], &b[ks - 1..s.i]));
        Ok(())
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn call(s: &str) -> serde_json::Value {
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
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","now":1.5}"#).pointer("/error/code").unwrap(), "invalid_type");
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","now":99999999999999999999}"#).pointer("/error/code").unwrap(), "invalid_type");
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","now":253402300800}"#).pointer("/error/code").unwrap(), "invalid_date");
        assert_eq!(
            call(r#"{"v":"1","op":"money.allocate"}"#).pointer("/error/message").unwrap(),
            "protocol version \"1\" is not supported; this core speaks 1"
        );
    }

    // Calls ops the storefront build leaves out.
    #[test]
    #[cfg(not(feature = "storefront"))]
    fn an_op_by_name_answers_what_the_envelope_answers() {
        let input = r#"{"currency":"EUR","parts":3,"total":"100.00"}"#;
        let out = call_op("money.allocate", None, input.as_bytes()).unwrap();
        let env = handle_str(&format!(r#"{{"v":1,"op":"money.allocate","input":{input}}}"#));
        assert!(env.contains(core::str::from_utf8(out.as_bytes()).unwrap()), "{env}");
        assert_eq!(call_op("money.allocate", None, b"{").unwrap_err().code, ErrorCode::InvalidJson);
        assert_eq!(call_op("money.nope", None, b"{}").unwrap_err().code, ErrorCode::UnknownOp);
        assert_eq!(call_op("money.allocate", Some(-1), b"{}").unwrap_err().code, ErrorCode::InvalidDate);
        let e = call_op("money.allocate", None, br#"{"currency":"EUR","total":1.5,"parts":2}"#).unwrap_err();
        assert_eq!((e.code, e.path.as_deref()), (ErrorCode::InvalidType, Some("input.total")));
    }

    // Calls ops the storefront build leaves out.
    #[test]
    #[cfg(not(feature = "storefront"))]
    fn the_envelope_reads_fields_in_any_order_and_escaped() {
        let input = r#"{"currency":"EUR","parts":3,"total":"100.00"}"#;
        let sorted = handle_str(&format!(r#"{{"input":{input},"op":"money.allocate","v":1}}"#));
        assert!(sorted.starts_with(r#"{"ok":true,"op":"money.allocate","result":{"currency":"EUR","parts":["33.34""#), "{sorted}");
        assert_eq!(handle_str(&format!(r#"{{"v":1, "op":"money.allocate",	 "input" : {input} }}"#)), sorted);
        assert_eq!(handle_str(&format!(r#"{{"\u0076":1,"o\u0070":"money\u002eallocate","input":{input}}}"#)), sorted);
        // As in a JSON object, the last of two equal keys wins.
        assert_eq!(handle_str(&format!(r#"{{"v":2,"v":1,"op":"money.allocate","input":{input}}}"#)), sorted);
        // The first unknown key in sorted order is named.
        assert_eq!(call(r#"{"v":1,"op":"money.allocate","zz":1,"aa":2}"#).pointer("/error/path").unwrap(), "aa");
    }

    // Calls ops the storefront build leaves out.
    #[test]
    #[cfg(not(feature = "storefront"))]
    fn input_errors_name_the_path_through_lists_and_maps() {
        let r = call(
            r#"{"v":1,"op":"ledger.createTransfers","now":1,"input":{"accounts":[],"batch":[{"id":"t","debitAccountId":"a","creditAccountId":"b","amount":"1","code":"top_up"},{"id":"t2","debitAccountId":"a","creditAccountId":"b","amount":"1","code":"top_up","memo":"x"}]}}"#,
        );
        assert_eq!(r.pointer("/error/path").unwrap(), "input.batch[1].memo");
        assert_eq!(r.pointer("/error/code").unwrap(), "unknown_field");
        let r = call(r#"{"v":1,"op":"money.allocate","input":{"currency":"EUR","total":"1","weights":[1,"2"]}}"#);
        assert_eq!((r.pointer("/error/path").unwrap(), r.pointer("/error/code").unwrap()), (&json!("input.weights[1]"), &json!("invalid_type")));
        let r = call(r#"{"v":1,"op":"money.allocate","input":{"currency":"EUR","total":"1","total":"2","parts":1}}"#);
        assert_eq!(r.pointer("/error/code").unwrap(), "invalid_value", "a duplicated field is refused, not silently overwritten");
    }
}
