//! The typed API from inside the wasm (wasm-bindgen-test): in Node (`wasm-pack test --node`) and
//! in headless Chromium (`scripts/test-wasm-bindgen.sh` runs both).
use js_sys::{Error, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

fn obj(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn text(v: &JsValue) -> String {
    JSON::stringify(v).unwrap().as_string().unwrap()
}

fn field(e: &JsValue, name: &str) -> JsValue {
    Reflect::get(e, &name.into()).unwrap()
}

#[wasm_bindgen_test]
fn plain_objects_in_and_out() {
    let out = shopcredit_js::moneyAllocate(obj(r#"{"currency":"EUR","parts":3,"total":"100.00"}"#), None).unwrap();
    assert_eq!(text(&out), r#"{"currency":"EUR","parts":["33.34","33.33","33.33"]}"#);
    assert!(out.is_object());
}

#[wasm_bindgen_test]
fn malformed_input_throws_an_error_with_code_and_path() {
    let e = shopcredit_js::moneyAllocate(obj(r#"{"currency":"EUR","parts":3,"total":1.5}"#), None).unwrap_err();
    assert!(e.is_instance_of::<Error>());
    assert_eq!(field(&e, "name").as_string().as_deref(), Some("ShopCreditError"));
    assert_eq!(field(&e, "code").as_string().as_deref(), Some("invalid_type"));
    assert_eq!(field(&e, "path").as_string().as_deref(), Some("input.total"));
    assert_eq!(field(&e, "message").as_string().as_deref(), Some("invalid type: floating point `1.5`, expected an amount as a string"));
}

#[wasm_bindgen_test]
fn a_misspelt_field_is_refused_not_ignored() {
    let e = shopcredit_js::moneyAllocate(obj(r#"{"currency":"EUR","parts":3,"total":"1.00","totl":"2"}"#), None).unwrap_err();
    assert_eq!(field(&e, "code").as_string().as_deref(), Some("unknown_field"));
    assert_eq!(field(&e, "path").as_string().as_deref(), Some("input.totl"));
}

#[wasm_bindgen_test]
fn now_must_be_whole_seconds_and_is_required_where_the_rules_need_time() {
    let e = shopcredit_js::moneyAllocate(obj(r#"{"currency":"EUR","parts":1,"total":"1.00"}"#), Some(1.5)).unwrap_err();
    assert_eq!(field(&e, "path").as_string().as_deref(), Some("now"));
    let input = obj(r#"{"accounts":[],"batch":[]}"#);
    let e = shopcredit_js::ledgerCreateTransfers(input, None).unwrap_err();
    assert_eq!((field(&e, "code").as_string(), field(&e, "path").as_string()), (Some("missing_field".into()), Some("now".into())));
}

/// Every successful eligibility vector gives the same result through the typed function as
/// through the JSON protocol.
#[wasm_bindgen_test]
fn eligibility_vectors_through_the_typed_function() {
    let cases = obj(include_str!("../../../tests/vectors/eligibility.json"));
    let cases: js_sys::Array = cases.dyn_into().unwrap();
    let mut checked = 0;
    for case in cases.iter() {
        let request = field(&case, "request");
        let response = field(&case, "response");
        if !request.is_object() || field(&response, "ok").as_bool() != Some(true) {
            continue;
        }
        let now = field(&request, "now").as_f64();
        let out = shopcredit_js::eligibilityEvaluate(field(&request, "input"), now).unwrap();
        let via_json = shopcredit_js::call(&text(&request));
        assert_eq!(text(&field(&obj(&via_json), "result")), text(&out));
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} eligibility vectors");
}
