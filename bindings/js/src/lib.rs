//! The only place that names wasm-bindgen: a JSON string in, the core's JSON string out.
use wasm_bindgen::prelude::*;

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
