//! `cargo run -p shopcredit-codegen [-- --check]` from the repository root.
fn main() {
    let check = std::env::args().any(|a| a == "--check");
    let mut stale = Vec::new();
    for (path, content) in shopcredit_codegen::outputs() {
        let current = std::fs::read_to_string(path).unwrap_or_default();
        if current != content {
            if check {
                stale.push(path);
            } else {
                if let Some(dir) = std::path::Path::new(path).parent() {
                    std::fs::create_dir_all(dir).expect("create output folder");
                }
                std::fs::write(path, content).expect("write generated file");
                println!("wrote {path}");
            }
        }
    }
    if !stale.is_empty() {
        eprintln!("stale generated files (run `make codegen`): {}", stale.join(", "));
        std::process::exit(1);
    }
}
