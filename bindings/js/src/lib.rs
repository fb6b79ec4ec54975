//! The only place that names wasm-bindgen. Two ways in, no logic:
//! - the typed API: one function per operation (`eligibilityEvaluate(input, now?)`), a plain JS
//!   object in and out; a malformed input throws a JS `Error` (`name` "ShopCreditError") carrying
//!   the core's `code` and `path`;
//! - `call(json) → json`, the one JSON protocol every runtime speaks.
//!
//! The object goes in through `JSON.stringify` into the core's typed reader, so it is checked
//! exactly as every other runtime checks it (unknown fields refused, every error with its path);
//! the result comes back through `JSON.parse` of the core's answer.
#[cfg(not(feature = "storefront"))]
use js_sys::{Error, Reflect, JSON};
use wasm_bindgen::prelude::*;

// The storefront build allocates from the host module's arena (one request's blocks, reset when
// the last is freed: wasm-bindgen frees the request and the answer after each `call`) instead of
// dlmalloc, whose code is ~13 KB of a module every shopper downloads.
#[cfg(all(feature = "storefront", target_arch = "wasm32"))]
#[path = "../../host/src/arena.rs"]
mod arena;

#[cfg(all(feature = "storefront", target_arch = "wasm32"))]
#[global_allocator]
static ARENA: arena::Arena = arena::Arena::new();

/// Handles one protocol request (see the core's `api` module) and returns the response JSON.
#[wasm_bindgen]
pub fn call(request: &str) -> String {
    shopcredit::handle_str(request)
}

/// The protocol version this build speaks.
#[wasm_bindgen(js_name = protocolVersion)]
pub fn protocol_version() -> u32 {
    shopcredit::api::PROTOCOL_VERSION as u32
}

/// A JS `Error` with the core's code and path (`null` when the whole input is at fault).
#[cfg(not(feature = "storefront"))]
fn error(code: &str, path: Option<&str>, message: &str) -> JsValue {
    let e = Error::new(message);
    e.set_name("ShopCreditError");
    let _ = Reflect::set(&e, &"code".into(), &code.into());
    let _ = Reflect::set(&e, &"path".into(), &path.map_or(JsValue::NULL, JsValue::from));
    e.into()
}

/// Runs one operation on a plain object; `now` in unix seconds (an integer).
#[cfg(not(feature = "storefront"))]
fn run(op: &str, input: JsValue, now: Option<f64>) -> Result<JsValue, JsValue> {
    let now_s = match now {
        None => None,
        Some(t) if t.fract() == 0.0 && t.abs() < 1e16 => Some(t as i64),
        Some(_) => return Err(error("invalid_type", Some("now"), "`now` must be an integer (unix seconds)")),
    };
    let text = if input.is_undefined() {
        "{}".to_string()
    } else {
        JSON::stringify(&input)
            .map_err(|_| error("invalid_type", Some("input"), "the input cannot be written as JSON (a cycle or a BigInt)"))?
            .as_string()
            .unwrap_or_default()
    };
    match shopcredit::api::call_op(op, now_s, text.as_bytes()) {
        Ok(out) => JSON::parse(std::str::from_utf8(out.as_bytes()).unwrap_or("null")),
        Err(e) => Err(error(e.code.as_str(), e.path.as_deref(), &e.message)),
    }
}

#[cfg(not(feature = "storefront"))]
macro_rules! typed_ops {
    ($($js:ident = $op:literal: $input:literal => $result:literal;)*) => {$(
        #[allow(non_snake_case)]
        #[wasm_bindgen(unchecked_return_type = $result)]
        pub fn $js(#[wasm_bindgen(unchecked_param_type = $input)] input: JsValue, now: Option<f64>) -> Result<JsValue, JsValue> {
            run($op, input, now)
        }
    )*};
}

// The input and result types the typed functions name, generated from the core's wire types
// (js/src/generated/ops.ts, declarations only), in the package's `.d.ts`.
#[cfg(not(feature = "storefront"))]
#[wasm_bindgen(typescript_custom_section)]
const OP_TYPES: &'static str = include_str!("../../../js/src/generated/ops.ts");

// Every op (generated from the op table by `make codegen`). The storefront build keeps only
// `call`, which is all the widget uses: every byte there is downloaded by shoppers.
#[cfg(not(feature = "storefront"))]
include!("ops.rs");
