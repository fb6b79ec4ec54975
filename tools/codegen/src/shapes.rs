//! Per-operation types for TypeScript and PHP docblock array shapes, from the wire schema the
//! core's derives describe (`shopcredit::api::schema`, feature `schema`): the same types that read
//! and write every request, so the shapes cannot drift from the code.

use shopcredit::api::schema::{Api, Def, Field, Schemas, Ty};
use std::collections::BTreeMap;

pub const TS_OPS_PATH: &str = "js/src/generated/ops.ts";
pub const PHP_SHAPES_PATH: &str = "php-bridge/src/Generated/Shapes.php";

/// Which side of an operation a named type is on: read (`In`) or written (`Out`). A type can be
/// read leniently and written strictly, so each side has its own names.
#[derive(Clone, Copy)]
enum Side {
    In,
    Out,
}

/// The names every named type gets in generated code: its Rust name when unique on its side,
/// else its published module path in CamelCase (`CreditLineAdjustCancelInput`), prefixed by the
/// side. Two types with one generated name stop codegen (a name must say which type it is).
struct Names {
    by_rust: BTreeMap<&'static str, String>,
}

impl Names {
    fn new(schemas: &Schemas, side: Side) -> Names {
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for q in schemas.defs.keys() {
            *count.entry(last(q)).or_default() += 1;
        }
        let prefix = match side {
            Side::In => "In",
            Side::Out => "Out",
        };
        let by_rust: BTreeMap<&'static str, String> = schemas.defs.keys().map(|q| (*q, format!("{prefix}{}", type_name(q, count[last(q)] == 1)))).collect();
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for (q, name) in &by_rust {
            if let Some(other) = seen.insert(name, q) {
                panic!("{other} and {q} would both be named {name} in generated code: rename one");
            }
        }
        Names { by_rust }
    }
    fn of(&self, q: &str) -> &str {
        &self.by_rust[q]
    }
}

fn last(q: &str) -> &str {
    q.rsplit("::").next().unwrap_or(q)
}

/// Areas whose wire types lived in `<area>::ops` when their generated names were published:
/// a type directly in `api::ops::<area>` keeps its `<Area>Ops…` name.
const FORMER_OPS_AREAS: [&str; 2] = ["financing", "credit_line"];

/// Wire types that came to `api::ops` from another domain module than their area's `ops`, by the
/// path their generated name was published from.
const PUBLISHED_FROM: [(&str, &str); 1] = [("api::ops::financing::WireRequest", "financing::after_sale::WireRequest")];

/// The module path a type's generated name comes from (crate name left out). The wire layer
/// (`api::ops::<area>`) is named like the domain module its types came from, so moving a type
/// out of the rules into the ops layer keeps its TypeScript and PHP name:
/// `api::ops::wallet::topup::CheckInput` is `wallet::topup::CheckInput`.
fn published_path(q: &str) -> String {
    let q = q.split_once("::").map_or(q, |(_, rest)| rest);
    let Some(wire) = q.strip_prefix("api::ops::") else { return q.to_string() };
    if let Some((_, from)) = PUBLISHED_FROM.iter().find(|(now, _)| *now == q) {
        return from.to_string();
    }
    match wire.split_once("::") {
        Some((area, name)) if !name.contains("::") && FORMER_OPS_AREAS.contains(&area) => format!("{area}::ops::{name}"),
        _ => wire.to_string(),
    }
}

/// A named type's generated name, without its side: `CheckInput` when its Rust name is `unique`,
/// else its published module path in CamelCase (`WalletTopupCheckInput`).
fn type_name(q: &str, unique: bool) -> String {
    if unique {
        last(q).to_string()
    } else {
        published_path(q).split("::").map(camel).collect()
    }
}

/// `credit_line` → `CreditLine`, `ReserveInput` → `ReserveInput`.
fn camel(s: &str) -> String {
    s.split('_').map(|w| w[..1].to_ascii_uppercase() + &w[1..]).collect()
}

/// A member name as written in a TypeScript interface or a PHP array shape: quoted unless it is
/// a plain identifier (`credit.enabled` is one key).
fn key(name: &str) -> String {
    let plain = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("'{name}'")
    }
}

/// `eligibility.evaluate` → `EligibilityEvaluate`.
pub fn op_type(op: &str) -> String {
    let js = crate::js_name(op);
    js[..1].to_ascii_uppercase() + &js[1..]
}

/// A field may be left out: it has a default (read) or is skipped when empty (written); an input
/// field that may be `null` may also be left out (serde's `Option`).
fn may_be_absent(f: &Field, side: Side) -> bool {
    f.optional || (matches!(side, Side::In) && matches!(f.ty, Ty::Nullable(_)))
}

fn ts_ty(t: &Ty, names: &Names) -> String {
    match t {
        Ty::Bool => "boolean".into(),
        Ty::Int => "number".into(),
        Ty::Str(_) => "string".into(),
        Ty::Literal(v) => v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join(" | "),
        Ty::Named(q) => names.of(q).into(),
        Ty::List(i) => {
            let inner = ts_ty(i, names);
            if inner.contains(' ') {
                format!("Array<{inner}>")
            } else {
                format!("{inner}[]")
            }
        }
        Ty::Map(i) => format!("Record<string, {}>", ts_ty(i, names)),
        Ty::Nullable(i) => format!("{} | null", ts_ty(i, names)),
        Ty::Union(v) => v.iter().map(|t| ts_ty(t, names)).collect::<Vec<_>>().join(" | "),
        Ty::Any => "unknown".into(),
    }
}

/// What a string holds when it has a format (`amount`: a decimal string in the currency's units).
fn format_note(t: &Ty) -> Option<&'static str> {
    match t {
        Ty::Str(f) if !f.is_empty() => Some(f),
        Ty::Nullable(i) | Ty::List(i) | Ty::Map(i) => format_note(i),
        _ => None,
    }
}

fn ts_doc(doc: &str, t: Option<&Ty>, indent: &str) -> String {
    let doc = doc.trim();
    let note = t.and_then(format_note).map(|f| format!("({f})"));
    let text = [doc, note.as_deref().unwrap_or("")].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        String::new()
    } else {
        format!("{indent}/** {} */\n", text.replace("*/", "* /"))
    }
}

fn ts_defs(schemas: &Schemas, names: &Names, side: Side, out: &mut String) {
    for (q, (doc, def)) in &schemas.defs {
        *out += &ts_doc(doc, None, "");
        match def {
            Def::Object { fields, .. } => {
                *out += &format!("export interface {} {{\n", names.of(q));
                for f in fields {
                    *out += &ts_doc(f.doc, Some(&f.ty), "  ");
                    *out += &format!("  {}{}: {};\n", key(f.name), if may_be_absent(f, side) { "?" } else { "" }, ts_ty(&f.ty, names));
                }
                *out += "}\n";
            }
            Def::Enum(vs) => {
                *out += &format!("export type {} = {};\n", names.of(q), vs.iter().map(|(w, _)| format!("'{w}'")).collect::<Vec<_>>().join(" | "));
            }
        }
    }
}

/// `js/src/generated/ops.ts`: declarations only, so the wasm-bindgen build can also carry it in
/// its `.d.ts` (its typed functions name these types).
pub fn ts_ops() -> String {
    let api = Api::all();
    let (ins, outs) = (Names::new(&api.inputs, Side::In), Names::new(&api.results, Side::Out));
    let mut s = String::from("// Generated by tools/codegen from the core's wire types (src/api/schema.rs). Do not edit: run `make codegen`.\n// Amounts are decimal strings in the currency's units; dates YYYY-MM-DD; ids are strings.\n\n");
    for o in &api.ops {
        let t = op_type(o.op);
        s += &format!("/** `{}` input. */\nexport type {t}Input = {};\n", o.op, ts_ty(&o.input, &ins));
        s += &format!("/** `{}` result (the `result` of an `ok` answer). */\nexport type {t}Result = {};\n", o.op, ts_ty(&o.result, &outs));
    }
    s += "\n/** Every operation's input and result, by wire name. */\nexport interface OpTypes {\n";
    for o in &api.ops {
        let t = op_type(o.op);
        s += &format!("  '{}': {{ input: {t}Input; result: {t}Result }};\n", o.op);
    }
    s += "}\n\n// What operations read.\n";
    ts_defs(&api.inputs, &ins, Side::In, &mut s);
    s += "\n// What operations answer.\n";
    ts_defs(&api.results, &outs, Side::Out, &mut s);
    s
}

fn php_ty(t: &Ty, names: &Names) -> String {
    match t {
        Ty::Bool => "bool".into(),
        Ty::Int => "int".into(),
        Ty::Str(_) => "string".into(),
        Ty::Literal(v) => v.iter().map(|s| format!("'{s}'")).collect::<Vec<_>>().join("|"),
        Ty::Named(q) => names.of(q).into(),
        Ty::List(i) => format!("list<{}>", php_ty(i, names)),
        Ty::Map(i) => format!("array<string, {}>", php_ty(i, names)),
        Ty::Nullable(i) => format!("{}|null", php_ty(i, names)),
        Ty::Union(v) => v.iter().map(|t| php_ty(t, names)).collect::<Vec<_>>().join("|"),
        Ty::Any => "mixed".into(),
    }
}

fn php_defs(schemas: &Schemas, names: &Names, side: Side, out: &mut String) {
    for (q, (_, def)) in &schemas.defs {
        let shape = match def {
            Def::Object { fields, .. } => {
                let fs: Vec<String> =
                    fields.iter().map(|f| format!("{}{}: {}", key(f.name), if may_be_absent(f, side) { "?" } else { "" }, php_ty(&f.ty, names))).collect();
                format!("array{{{}}}", fs.join(", "))
            }
            Def::Enum(vs) => vs.iter().map(|(w, _)| format!("'{w}'")).collect::<Vec<_>>().join("|"),
        };
        *out += &format!(" * @phpstan-type {} {}\n", names.of(q), shape);
    }
}

/// `php-bridge/src/Generated/Shapes.php`: one docblock type alias per operation's input and
/// result (and the named types they use), for `@phpstan-import-type` in the bridge.
pub fn php_shapes() -> String {
    let api = Api::all();
    let (ins, outs) = (Names::new(&api.inputs, Side::In), Names::new(&api.results, Side::Out));
    let mut s = String::from("<?php\n\n// Generated by tools/codegen from the core's wire types (src/api/schema.rs). Do not edit: run `make codegen`.\n\ndeclare(strict_types=1);\n\nnamespace ShopCredit\\Generated;\n\n/**\n * Every operation's input and result as docblock array shapes (PHPStan/Psalm type aliases):\n * `@phpstan-import-type EligibilityEvaluateResult from Shapes`. Amounts are decimal strings.\n *\n");
    for o in &api.ops {
        let t = op_type(o.op);
        s += &format!(" * @phpstan-type {t}Input {}\n", php_ty(&o.input, &ins));
        s += &format!(" * @phpstan-type {t}Result {}\n", php_ty(&o.result, &outs));
    }
    php_defs(&api.inputs, &ins, Side::In, &mut s);
    php_defs(&api.results, &outs, Side::Out, &mut s);
    s += " */\nfinal class Shapes\n{\n    /** Every operation with generated shapes. */\n    public const OPS = [\n";
    for o in &api.ops {
        s += &format!("        '{}',\n", o.op);
    }
    s += "    ];\n}\n";
    s
}

#[cfg(test)]
mod tests {
    use super::type_name;

    #[test]
    fn a_type_moved_into_the_ops_layer_keeps_its_generated_name() {
        // Shared Rust names: named by the domain module path the type was published from.
        assert_eq!(type_name("shopcredit::wallet::topup::CheckInput", false), "WalletTopupCheckInput");
        assert_eq!(type_name("shopcredit::api::ops::wallet::topup::CheckInput", false), "WalletTopupCheckInput");
        assert_eq!(type_name("shopcredit::api::ops::settings::ValidateInput", false), "SettingsValidateInput");
        assert_eq!(type_name("shopcredit::api::ops::financing::Kind", false), "FinancingOpsKind");
        assert_eq!(type_name("shopcredit::api::ops::financing::WireRequest", false), "FinancingAfterSaleWireRequest");
        assert_eq!(type_name("shopcredit::api::ops::credit_line::Cart", false), "CreditLineOpsCart");
        assert_eq!(type_name("shopcredit::api::ops::credit_line::adjust::CancelInput", false), "CreditLineAdjustCancelInput");
        // A unique Rust name is the name, wherever the type lives.
        assert_eq!(type_name("shopcredit::api::ops::wallet::PayInput", true), "PayInput");
    }
}
