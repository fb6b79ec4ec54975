//! Decisions per second natively: the first successful case of each op from tests/vectors
//! (so the benchmark grows with the protocol). Run with `make bench`.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::Value;

fn representative_requests() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for f in files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for c in cases {
            let op = c["request"]["op"].as_str().unwrap_or("").to_string();
            if c["response"]["ok"] == Value::Bool(true) && seen.insert(op.clone()) {
                out.push((op, bridge_order(&c["request"])));
            }
        }
    }
    out
}

/// The envelope in `Core::call`'s order (`v`, `op`, `now`, `input`): with the input last the core
/// takes its text without a pass to find its end, as it does for every bridge call.
fn bridge_order(request: &Value) -> Vec<u8> {
    let members: Vec<String> = ["v", "op", "now", "input"].iter().filter_map(|k| request.get(k).map(|v| format!("\"{k}\":{v}"))).collect();
    format!("{{{}}}", members.join(",")).into_bytes()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("native");
    g.throughput(Throughput::Elements(1));
    for (op, req) in representative_requests() {
        g.bench_function(&op, |b| b.iter(|| shopcredit::handle_json(std::hint::black_box(&req))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
