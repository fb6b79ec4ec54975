//! The generated shapes are the operations' real types: every operation has one, every vector's
//! input is read by the declared input type, and every vector's result fits the declared result
//! (no field missing, none undeclared, each of its type).
use serde_json::Value;
use shopcredit::api::schema::{Api, Def, Schemas, Ty};

fn vectors() -> Vec<(String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    for f in files {
        let cases: Vec<Value> = serde_json::from_slice(&std::fs::read(&f).unwrap()).unwrap();
        for c in cases {
            let name = format!("{}: {}", f.file_name().unwrap().to_string_lossy(), c["name"].as_str().unwrap_or("?"));
            out.push((name, c));
        }
    }
    out
}

/// Where `v` does not fit `t` (empty: it fits).
fn misfits(v: &Value, t: &Ty, s: &Schemas, path: &str) -> Vec<String> {
    let bad = |what: &str| vec![format!("{path}: expected {what}, got {v}")];
    match t {
        Ty::Bool if v.is_boolean() => vec![],
        Ty::Int if v.is_i64() || v.is_u64() => vec![],
        Ty::Str(_) if v.is_string() => vec![],
        Ty::Literal(ws) if v.as_str().is_some_and(|x| ws.contains(&x)) => vec![],
        Ty::Any => vec![],
        Ty::Nullable(_) if v.is_null() => vec![],
        Ty::Nullable(i) => misfits(v, i, s, path),
        Ty::List(i) => match v.as_array() {
            Some(a) => a.iter().enumerate().flat_map(|(n, x)| misfits(x, i, s, &format!("{path}[{n}]"))).collect(),
            None => bad("a list"),
        },
        Ty::Map(i) => match v.as_object() {
            Some(m) => m.iter().flat_map(|(k, x)| misfits(x, i, s, &format!("{path}.{k}"))).collect(),
            None => bad("an object"),
        },
        Ty::Union(ts) => {
            if ts.iter().any(|t| misfits(v, t, s, path).is_empty()) {
                vec![]
            } else {
                bad("one of the union's shapes")
            }
        }
        Ty::Named(q) => match &s.defs[q].1 {
            Def::Enum(vs) if v.as_str().is_some_and(|x| vs.iter().any(|(w, _)| *w == x)) => vec![],
            Def::Enum(_) => bad(q),
            Def::Object { fields, .. } => match v.as_object() {
                None => bad(q),
                Some(m) => {
                    let mut out: Vec<String> =
                        m.keys().filter(|k| !fields.iter().any(|f| f.name == *k)).map(|k| format!("{path}.{k}: not declared in {q}")).collect();
                    for f in fields {
                        match m.get(f.name) {
                            None if !f.optional => out.push(format!("{path}.{}: missing (declared in {q})", f.name)),
                            None => {}
                            Some(x) => out.extend(misfits(x, &f.ty, s, &format!("{path}.{}", f.name))),
                        }
                    }
                    out
                }
            },
        },
        _ => bad(&format!("{t:?}")),
    }
}

#[test]
fn every_operation_has_shapes() {
    let api = Api::all();
    let named: Vec<&str> = api.ops.iter().map(|o| o.op).collect();
    let table: Vec<&str> = shopcredit::api::OPS.iter().map(|(n, _)| *n).collect();
    assert_eq!(named, table);
}

#[test]
fn every_vector_fits_its_operations_shapes() {
    let api = Api::all();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, case) in vectors() {
        let (req, resp) = (&case["request"], &case["response"]);
        let Some(shape) = req["op"].as_str().and_then(|op| api.ops.iter().find(|o| o.op == op)) else { continue };
        if resp["ok"] != Value::Bool(true) {
            continue;
        }
        let input = serde_json::to_vec(&req["input"]).unwrap();
        if let Err(e) = (shape.read_input)(&input) {
            failures.push(format!("{name}: the declared input type refuses it: {e:?}"));
        }
        failures.extend(misfits(&resp["result"], &shape.result, &api.results, "result").into_iter().map(|m| format!("{name}: {m}")));
        checked += 1;
    }
    assert!(checked > 300, "only {checked} vectors checked");
    assert!(failures.is_empty(), "{} misfits:\n{}", failures.len(), failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}

#[test]
fn a_result_that_does_not_fit_is_caught() {
    let api = Api::all();
    let shape = api.ops.iter().find(|o| o.op == "money.allocate").unwrap();
    let ok: Value = serde_json::json!({"currency": "EUR", "parts": ["1.00"]});
    assert!(misfits(&ok, &shape.result, &api.results, "result").is_empty());
    for bad in [
        serde_json::json!({"currency": "EUR"}),
        serde_json::json!({"currency": "EUR", "parts": [1]}),
        serde_json::json!({"currency": "EUR", "parts": [], "extra": true}),
    ] {
        assert!(!misfits(&bad, &shape.result, &api.results, "result").is_empty(), "{bad}");
    }
    assert!((shape.read_input)(br#"{"currency":"EUR","parts":2,"total":"1.00","typo":1}"#).is_err());
}
