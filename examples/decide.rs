//! Runs one vector's request through the JSON entry point many times, for a profiler or an
//! instruction counter (`perf stat -e instructions:u`, `perf record`), which a loaded machine
//! disturbs far less than a clock:
//! `cargo build --release --example decide && perf stat -e instructions:u target/release/examples/decide eligibility.evaluate 100000`
//! The first successful case of the op in tests/vectors is used (as `benches/decisions.rs` does).

fn main() {
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_else(|| "eligibility.evaluate".to_string());
    let n: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let request = first_ok_request(&op).unwrap_or_else(|| panic!("no successful vector for {op}"));
    let start = std::time::Instant::now();
    let mut bytes = 0usize;
    for _ in 0..n {
        bytes += shopcredit::handle_json(std::hint::black_box(&request)).len();
    }
    let per = start.elapsed().as_nanos() as f64 / n as f64 / 1000.0;
    println!("{op}: {n} calls, {per:.2} µs per call (wall), {} bytes per answer", bytes as u64 / n);
}

/// The request of the first case of `op` whose answer is `"ok":true`, as compact text with the
/// envelope's members in the order the PHP bridge writes them (`v`, `op`, `now`, `input`).
fn first_ok_request(op: &str) -> Option<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> =
        std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    for f in files {
        let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(f).ok()?).ok()?;
        for c in cases {
            if c["request"]["op"] == op && c["response"]["ok"] == true {
                return Some(bridge_order(&c["request"]));
            }
        }
    }
    None
}

/// The envelope as `Core::call` writes it: input last.
fn bridge_order(request: &serde_json::Value) -> Vec<u8> {
    let members: Vec<String> = ["v", "op", "now", "input"].iter().filter_map(|k| request.get(k).map(|v| format!("\"{k}\":{v}"))).collect();
    format!("{{{}}}", members.join(",")).into_bytes()
}
