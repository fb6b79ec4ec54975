//! Golden vectors: every `tests/vectors/*.json` case through the native core. The same files run
//! through the wasm-bindgen build and the host-ABI build in Node, and through PHP; all must
//! produce byte-identical responses.
//!
//! A vector file is a JSON array of `{"name": "...", "request": {...}, "response": {...}}`.
//! The expected bytes are `response` serialized compactly with sorted keys (what the core emits).
//! `UPDATE_VECTORS=missing` fills in cases whose `response` is null (review them by hand before
//! committing); nothing ever overwrites an existing expectation.

use serde_json::Value;
use std::fs;
use std::path::Path;

fn vector_files() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> =
        fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    files
}

fn request_bytes(case: &Value) -> Vec<u8> {
    // A request given as a string is sent verbatim (malformed-JSON cases); otherwise compactly.
    match &case["request"] {
        Value::String(raw) if case.get("raw").and_then(Value::as_bool) == Some(true) => raw.as_bytes().to_vec(),
        other => serde_json::to_vec(other).unwrap(),
    }
}

#[test]
fn every_vector_matches_byte_for_byte() {
    let update = std::env::var("UPDATE_VECTORS").ok().as_deref() == Some("missing");
    let mut total = 0;
    let mut failures = Vec::new();
    for file in vector_files() {
        let text = fs::read_to_string(&file).unwrap();
        let mut cases: Vec<Value> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut changed = false;
        for case in cases.iter_mut() {
            total += 1;
            let name = case["name"].as_str().unwrap_or("?").to_string();
            let actual = shopcredit::handle_json(&request_bytes(case));
            if case["response"].is_null() {
                if update {
                    case["response"] = serde_json::from_slice(&actual).unwrap();
                    changed = true;
                    continue;
                }
                failures.push(format!("{}: {name}: no expected response", file.display()));
                continue;
            }
            let expected = serde_json::to_vec(&case["response"]).unwrap();
            if actual != expected {
                failures.push(format!(
                    "{}: {name}\n  expected {}\n  actual   {}",
                    file.display(),
                    String::from_utf8_lossy(&expected),
                    String::from_utf8_lossy(&actual)
                ));
            }
        }
        if changed {
            fs::write(&file, serde_json::to_string_pretty(&cases).unwrap() + "\n").unwrap();
        }
    }
    assert!(failures.is_empty(), "{} of {total} vectors failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total > 0, "no vectors found");
}
