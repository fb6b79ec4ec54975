//! Fails when the generated PHP/TypeScript/Markdown files differ from what the Rust lists give.
#[test]
fn generated_files_are_fresh() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (path, content) in shopcredit_codegen::outputs() {
        let current = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        assert!(current == content, "{path} is stale: run `make codegen`");
    }
}

#[test]
fn every_code_appears_in_each_language() {
    for c in shopcredit::codes::Code::ALL {
        assert!(shopcredit_codegen::php().contains(&format!("'{}'", c.as_str())));
        assert!(shopcredit_codegen::ts().contains(&format!("'{}'", c.as_str())));
    }
}
