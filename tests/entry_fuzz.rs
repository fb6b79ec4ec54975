//! The JSON entry point on damaged requests: every vector's request with bytes deleted,
//! inserted, replaced or cut off. The core reads a request in one pass (the typed reader checks
//! the syntax as it reads), so this is where a request that is not valid JSON must still answer
//! exactly serde_json's `invalid_json` message, and a valid one never `invalid_json`; and nothing
//! may panic.

use serde_json::Value;
use std::path::Path;

/// Every vector's request bytes (as `tests/vectors.rs` sends them).
fn requests() -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for c in cases {
            out.push(match &c["request"] {
                Value::String(raw) if c.get("raw").and_then(Value::as_bool) == Some(true) => raw.as_bytes().to_vec(),
                other => serde_json::to_vec(other).unwrap(),
            });
        }
    }
    out
}

/// A request object's text with its members in the given key order (keys not named follow in
/// sorted order), and `blank` around every member: how hosts write the envelope (the PHP bridge
/// sends `v`, `op`, `now`, `input`; the JavaScript one `v`, `op`, `input`, `now`).
fn reordered(request: &Value, order: &[&str], blank: &str) -> Option<Vec<u8>> {
    let obj = request.as_object()?;
    let mut keys: Vec<&String> = obj.keys().filter(|k| order.contains(&k.as_str())).collect();
    keys.sort_by_key(|k| order.iter().position(|o| o == k));
    keys.extend(obj.keys().filter(|k| !order.contains(&k.as_str())));
    let members: Vec<String> = keys.iter().map(|k| format!("{blank}{}{blank}:{blank}{}{blank}", Value::from(k.as_str()), obj[k.as_str()])).collect();
    Some(format!("{blank}{{{}}}{blank}", members.join(",")).into_bytes())
}

/// The envelope orders of [`reordered`]: the PHP bridge's, the JavaScript one's, and input alone
/// at the end after an unknown key.
const ORDERS: &[&[&str]] = &[&["v", "op", "now", "input"], &["v", "op", "input", "now"], &["now", "v", "op"]];

/// A small deterministic generator (no dependency, same cases on every run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Bytes that change JSON's structure, plus a control character and a byte that is not UTF-8.
const NOISE: &[u8] = b"{}[]\",:\\ 0123456789.-+eEnultrfax\x01\xff";

fn mutate(req: &[u8], g: &mut Lcg) -> Vec<u8> {
    let mut m = req.to_vec();
    for _ in 0..=g.below(2) {
        let at = g.below(m.len() + 1);
        match g.below(4) {
            0 if at < m.len() => {
                m.remove(at);
            }
            1 => m.insert(at, NOISE[g.below(NOISE.len())]),
            2 if at < m.len() => m[at] = NOISE[g.below(NOISE.len())],
            _ => m.truncate(at),
        }
    }
    m
}

/// What the answer must be: `invalid_json` exactly when serde_json refuses the text, with the
/// message of the core's syntax pass (`de::check`, the same as serde_json's but for one column
/// of a string holding both invalid UTF-8 and an escape); else anything but `invalid_json`.
/// serde_json also refuses numbers beyond a float's range (`1E999`), which the core reads by
/// their grammar and answers as a wrong type or value.
fn assert_syntax_first(request: &[u8], answer: &[u8], what: &str) {
    let answer: Value = serde_json::from_slice(answer).unwrap_or_else(|e| panic!("{what}: answer is not JSON ({e})"));
    let code = answer.pointer("/error/code").and_then(Value::as_str);
    let shown = String::from_utf8_lossy(request);
    match (serde_json::from_slice::<Value>(request), shopcredit::api::de::check(request)) {
        (Err(e), Ok(())) if e.to_string().starts_with("number out of range") => assert_ne!(code, Some("invalid_json"), "{what}: {shown}"),
        (Err(_), Err(m)) => {
            assert_eq!(code, Some("invalid_json"), "{what}: {shown}");
            assert_eq!(answer.pointer("/error/message").and_then(Value::as_str), Some(m.as_str()), "{what}: {shown}");
        }
        (Ok(_), Ok(())) => assert_ne!(code, Some("invalid_json"), "{what}: valid JSON refused: {shown}"),
        (theirs, ours) => panic!("{what}: serde_json {theirs:?}, core {ours:?}: {shown}"),
    }
}

#[test]
fn damaged_requests_answer_serde_jsons_syntax_error_or_a_coded_one() {
    let mut g = Lcg(15);
    let mut checked = 0;
    for req in requests() {
        for _ in 0..24 {
            let m = mutate(&req, &mut g);
            assert_syntax_first(&m, &shopcredit::handle_json(&m), "request");
            checked += 1;
        }
    }
    assert!(checked > 5_000, "{checked}");
}

/// The core takes the input's end from the request's end when `input` comes last (and checks
/// that guess by reading): the answer must not depend on where `input` stands, nor on blanks.
#[test]
fn every_vector_answers_the_same_whatever_the_envelope_order() {
    let mut checked = 0;
    for req in requests() {
        let Ok(v) = serde_json::from_slice::<Value>(&req) else { continue };
        let expected = shopcredit::handle_json(&req);
        for order in ORDERS {
            for blank in ["", " \n\t\r"] {
                let Some(other) = reordered(&v, order, blank) else { continue };
                assert_eq!(
                    String::from_utf8_lossy(&shopcredit::handle_json(&other)),
                    String::from_utf8_lossy(&expected),
                    "{}",
                    String::from_utf8_lossy(&other)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1_000, "{checked}");
}

#[test]
fn damaged_requests_in_the_hosts_envelope_order_answer_the_same_way() {
    let mut g = Lcg(17);
    for req in requests() {
        let Ok(v) = serde_json::from_slice::<Value>(&req) else { continue };
        for order in &ORDERS[..2] {
            let Some(req) = reordered(&v, order, "") else { continue };
            for _ in 0..12 {
                let m = mutate(&req, &mut g);
                assert_syntax_first(&m, &shopcredit::handle_json(&m), "request");
            }
        }
    }
}

#[test]
fn damaged_inputs_through_call_op_answer_the_same_way() {
    let mut g = Lcg(16);
    for req in requests() {
        let Ok(v) = serde_json::from_slice::<Value>(&req) else { continue };
        let (Some(op), Some(input)) = (v["op"].as_str(), v.get("input")) else { continue };
        // A `now` out of range is refused before the input is looked at.
        if v["now"].as_i64().is_some_and(|t| !(0..=shopcredit::api::MAX_NOW_S).contains(&t)) {
            continue;
        }
        let input = serde_json::to_vec(input).unwrap();
        for _ in 0..8 {
            let m = mutate(&input, &mut g);
            let answer = match shopcredit::api::call_op(op, v["now"].as_i64(), &m) {
                Ok(out) => out.as_bytes().to_vec(),
                Err(e) => shopcredit::api::error_json(&e),
            };
            assert_syntax_first(&m, &answer, op);
        }
    }
}

#[test]
fn nesting_is_limited_at_the_128th_level_of_the_whole_request() {
    for depth in [125, 126, 127, 128] {
        let input = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let req = format!(r#"{{"v":1,"op":"money.allocate","input":{{"weights":{input},"currency":"EUR","total":"1"}}}}"#);
        assert_syntax_first(req.as_bytes(), &shopcredit::handle_json(req.as_bytes()), "nesting");
        let dup = format!(r#"{{"v":1,"op":"money.allocate","input":{input},"input":{{}}}}"#);
        assert_syntax_first(dup.as_bytes(), &shopcredit::handle_json(dup.as_bytes()), "two inputs");
    }
}

/// What an amount's text answered before the exact minor-units parser (through `Decimal`: read
/// by `parse_decimal`, refused when negative or too large, then `Money::from_decimal_exact`):
/// its minor units in `currency`, or the error's code and message.
fn amount_before(s: &str, currency: shopcredit::money::Currency) -> Result<i64, (String, String)> {
    use shopcredit::money::{parse_decimal, Money, MAX_MINOR};
    use shopcredit::quoted::Quoted;
    let refused = |code: &str, message: String| Err((code.to_string(), message));
    let d = match parse_decimal(s) {
        Ok(d) => d,
        Err(e) => return refused(e.code(), e.to_string()),
    };
    if d.is_sign_negative() && !d.is_zero() {
        return refused("negative_amount", format!("amount {} must not be negative", Quoted(s)));
    }
    if d.abs().trunc() > rust_decimal::Decimal::from(MAX_MINOR) {
        return refused("amount_too_large", format!("amount {} is too large", Quoted(s)));
    }
    Money::from_decimal_exact(d, currency).map(|m| m.minor()).or_else(|e| refused(e.code(), e.to_string()))
}

/// An eligibility request's cart total as every kind of text (exponents, too many decimals,
/// overflow, signs, leading zeros, empty, long text that `Decimal` rounded): the answer is what
/// the `Decimal` path answered, code, path and message, or the same total.
#[test]
fn amounts_answer_what_the_decimal_path_answered() {
    let eur = shopcredit::money::Currency::from_code("EUR").unwrap();
    let base: Value = requests().iter().filter_map(|r| serde_json::from_slice::<Value>(r).ok()).find(|v| v["op"] == "eligibility.evaluate").unwrap();
    let mut texts: Vec<String> = [
        "120",
        "120.00",
        "120.000",
        "0120.5",
        "000",
        "0",
        "-0",
        "-0.00",
        "1e3",
        "1E3",
        "1.2e1",
        "12.345",
        "12.3450",
        "0.001",
        "+1",
        "-1",
        "--1",
        "-0.01",
        " 1",
        "1 ",
        "",
        "-",
        ".",
        "1.",
        ".5",
        "1.2.3",
        "1,5",
        "9999999999999.99",
        "9999999999999.999",
        "10000000000000",
        "999999999999999",
        "1000000000000000",
        "-1000000000000000",
        "99999999999999999999",
        "123456789012345678901234567890",
        "1234567890123456789012345678901",
        "99999999999999.999999999999999",
        "0.0000000000000000000000000001",
    ]
    .map(String::from)
    .to_vec();
    let mut g = Lcg(18);
    for _ in 0..2_000 {
        texts.push((0..g.below(22)).map(|_| b"00123456789.-+e"[g.below(15)] as char).collect());
    }
    for text in &texts {
        let mut request = base.clone();
        request["input"]["cart"]["total"] = Value::from(text.as_str());
        let answer: Value = serde_json::from_slice(&shopcredit::handle_json(&serde_json::to_vec(&request).unwrap())).unwrap();
        match amount_before(text, eur) {
            Ok(minor) => assert_eq!(answer["result"]["total"], Value::from(shopcredit::money::format_minor(minor, eur)), "{text:?}: {answer}"),
            Err((code, message)) => {
                assert_eq!(answer["error"]["code"], Value::from(code), "{text:?}: {answer}");
                assert_eq!(answer["error"]["message"], Value::from(message), "{text:?}: {answer}");
                assert_eq!(answer["error"]["path"], "input.cart.total", "{text:?}");
            }
        }
    }
}
