//! `wasm2php IN.wasm OUT.php [--namespace NS] [--class NAME]`: writes OUT.php atomically, or
//! exits 1 with the reason (an unsupported instruction fails the build, never a request).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = shopcredit_wasm2php::Options::default();
    let mut files = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--namespace" => opts.namespace = it.next().unwrap_or_default(),
            "--class" => opts.class = it.next().unwrap_or_default(),
            "--inline-memory" => opts.inline_memory = true,
            "--max-call-depth" => opts.max_call_depth = it.next().and_then(|v| v.parse().ok()).unwrap_or(opts.max_call_depth),
            _ => files.push(a),
        }
    }
    let [input, output] = files.as_slice() else {
        eprintln!("usage: wasm2php IN.wasm OUT.php [--namespace NS] [--class NAME] [--max-call-depth N] [--inline-memory]");
        return ExitCode::from(2);
    };
    let wasm = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("wasm2php: cannot read {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (php, stats) = match shopcredit_wasm2php::translate(&wasm, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wasm2php: {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let tmp = format!("{output}.tmp{}", std::process::id());
    if let Err(e) = std::fs::write(&tmp, php.as_bytes()).and_then(|_| std::fs::rename(&tmp, output)) {
        let _ = std::fs::remove_file(&tmp);
        eprintln!("wasm2php: cannot write {output}: {e}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wasm2php: {input} → {output}: {} functions ({} on call cycles, depth-checked), {} instructions, {} bytes of PHP",
        stats.functions,
        stats.recursive_functions,
        stats.instructions,
        php.len()
    );
    ExitCode::SUCCESS
}
