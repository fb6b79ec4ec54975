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
            "--no-inline-loop-loads" => opts.inline_loop_loads = false,
            "--count-calls" => opts.count_calls = true,
            "--hot-bytes" => opts.hot_bytes = it.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--profile" => {
                let path = it.next().unwrap_or_default();
                match std::fs::read_to_string(&path).map_err(|e| e.to_string()).and_then(|t| shopcredit_wasm2php::parse_profile(&t)) {
                    Ok(calls) => opts.profile = Some(calls),
                    Err(e) => {
                        eprintln!("wasm2php: profile {path}: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            "--words" => {
                let path = it.next().unwrap_or_default();
                match std::fs::read_to_string(&path).map_err(|e| e.to_string()).and_then(|t| shopcredit_wasm2php::parse_words(&t)) {
                    Ok(words) => opts.words = Some(words),
                    Err(e) => {
                        eprintln!("wasm2php: words {path}: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            "--lazy-groups" => opts.lazy_group_bytes = it.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            "--parts" => opts.parts = it.next().and_then(|v| v.parse().ok()).unwrap_or(1),
            "--max-call-depth" => opts.max_call_depth = it.next().and_then(|v| v.parse().ok()).unwrap_or(opts.max_call_depth),
            _ => files.push(a),
        }
    }
    let [input, output] = files.as_slice() else {
        eprintln!("usage: wasm2php IN.wasm OUT.php [--namespace NS] [--class NAME] [--max-call-depth N] [--inline-memory | --no-inline-loop-loads] [--count-calls | --profile FILE --hot-bytes N [--words FILE]] [--parts N | --lazy-groups BYTES]");
        return ExitCode::from(2);
    };
    let wasm = match std::fs::read(input) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("wasm2php: cannot read {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stem = std::path::Path::new(output.as_str()).file_stem().and_then(|s| s.to_str()).unwrap_or("shopcredit_core").to_string();
    opts.file_stem = stem.clone();
    let (files, stats) = match shopcredit_wasm2php::translate_files(&wasm, &opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("wasm2php: {input}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = std::path::Path::new(output.as_str()).parent().map(|p| p.to_path_buf()).unwrap_or_default();
    // Parts first, the main file last: a reader of the main file finds every part in place.
    let mut targets: Vec<(std::path::PathBuf, &String)> =
        files.iter().enumerate().skip(1).map(|(n, code)| (dir.join(format!("{stem}.part{n}.php")), code)).collect();
    targets.push((std::path::PathBuf::from(output), &files[0]));
    for (path, code) in &targets {
        let tmp = format!("{}.tmp{}", path.display(), std::process::id());
        if let Err(e) = std::fs::write(&tmp, code.as_bytes()).and_then(|_| std::fs::rename(&tmp, path)) {
            let _ = std::fs::remove_file(&tmp);
            eprintln!("wasm2php: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    let php: String = files.concat();
    eprintln!(
        "wasm2php: {input} → {output} (+{} part files): {} functions ({} on call cycles, depth-checked), {} instructions, {} bytes of PHP",
        files.len() - 1,
        stats.functions,
        stats.recursive_functions,
        stats.instructions,
        php.len()
    );
    ExitCode::SUCCESS
}
