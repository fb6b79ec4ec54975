//! Shorter names in one translated method: the wasm locals (`$l<N>`) and stack slots (`$s<N>`)
//! renamed to one- or two-letter variables, the most used first, and the 32-bit mask held in a
//! variable (`$M`) where the method uses it often. A third of the generated PHP was these names
//! and masks; PHP runs the same opcodes (opcache folds `$M` back into a constant).

use std::collections::HashMap;

/// Names the generated code uses for itself: the module (`$m`, `$this`), the inline-memory and
/// i64 temporaries (`$a`, `$h`, `$k`, `$v`, `$t`), the mask (`$M`) and the memory words (`$W`).
const RESERVED: &[&str] = &["a", "h", "k", "m", "t", "v", "M", "W", "this"];

/// Uses of the mask from which a method declares `$M` (below, the declaration costs more than it saves).
const MASK_VAR_FROM: usize = 3;

/// The method `code` (header and body) with short variable names and, where it pays, `$M`.
pub fn shorten(code: &str) -> String {
    let code = with_mask_var(code);
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for_each_var(&code, |name| *uses.entry(name).or_default() += 1);
    let mut order: Vec<(&str, usize)> = uses.into_iter().collect();
    // Most used first; ties by name, so the output does not depend on hashing.
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut fresh = short_names();
    let renamed: HashMap<&str, String> = order.iter().map(|(name, _)| (*name, fresh.next().unwrap_or_default())).collect();
    let mut out = String::with_capacity(code.len());
    let mut last = 0;
    for (at, name) in var_positions(&code) {
        out.push_str(&code[last..at]);
        out.push('$');
        out.push_str(&renamed[name]);
        last = at + 1 + name.len();
    }
    out.push_str(&code[last..]);
    out
}

/// `0xFFFFFFFF` as `$M` when the method uses it at least `MASK_VAR_FROM` times: declared as the
/// first statement of the body (after the header's `{` line).
fn with_mask_var(code: &str) -> String {
    if code.matches("0xFFFFFFFF").count() < MASK_VAR_FROM {
        return code.to_string();
    }
    let Some(open) = code.find("{\n") else { return code.to_string() };
    let (head, body) = code.split_at(open + 2);
    format!("{head}$M = 0xFFFFFFFF;\n{}", body.replace("0xFFFFFFFF", "$M"))
}

/// Byte position (of the `$`) and name (without `$`) of every `$l<digits>` / `$s<digits>`.
fn var_positions(code: &str) -> Vec<(usize, &str)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    for (at, _) in code.match_indices('$') {
        let kind = bytes.get(at + 1).copied();
        if !matches!(kind, Some(b'l' | b's')) {
            continue;
        }
        let digits = bytes[at + 2..].iter().take_while(|b| b.is_ascii_digit()).count();
        let end = at + 2 + digits;
        let ends_name = bytes.get(end).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'));
        if digits > 0 && ends_name {
            found.push((at, &code[at + 1..end]));
        }
    }
    found
}

fn for_each_var<'c>(code: &'c str, mut f: impl FnMut(&'c str)) {
    for (_, name) in var_positions(code) {
        f(name);
    }
}

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// `b`, `c`, … `Z`, then `aa`, `ab`, …: letters only, reserved names skipped.
fn short_names() -> impl Iterator<Item = String> {
    (0..).map(letters_of).filter(|n| !RESERVED.contains(&n.as_str()))
}

/// Bijective base 52: 0 → `a`, 51 → `Z`, 52 → `aa`.
fn letters_of(mut n: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        if n < LETTERS.len() {
            break;
        }
        n = n / LETTERS.len() - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locals_and_slots_get_short_names_most_used_first() {
        let code = "    private function f3($l0, $l1)\n    {\n$l2 = 0;\n$s0 = $l1 + $l1 + $l1;\n$l2 = $s0 + $l12;\nreturn $l2 + $l1;\n    }\n";
        let got = shorten(code);
        assert_eq!(got, "    private function f3($e, $b)\n    {\n$c = 0;\n$d = $b + $b + $b;\n$c = $d + $f;\nreturn $c + $b;\n    }\n");
    }

    #[test]
    fn names_that_are_not_locals_or_slots_stay() {
        let code = "    private function f1($l0)\n    {\n$this->s32($l0, $m->l32($l0 + 4)); $a = $l0; $sz = $this->sz; $l0x = 1;\n    }\n";
        assert_eq!(shorten(code), "    private function f1($b)\n    {\n$this->s32($b, $m->l32($b + 4)); $a = $b; $sz = $this->sz; $l0x = 1;\n    }\n");
    }

    #[test]
    fn the_mask_becomes_a_variable_from_three_uses() {
        let two = "    private function f1($l0)\n    {\nreturn ($l0 + 1 & 0xFFFFFFFF) + ($l0 & 0xFFFFFFFF);\n    }\n";
        assert!(shorten(two).contains("& 0xFFFFFFFF) + ($b & 0xFFFFFFFF)"));
        let three = "    private function f1($l0)\n    {\n$l0 = $l0 & 0xFFFFFFFF;\nreturn ($l0 + 1 & 0xFFFFFFFF) + ($l0 & 0xFFFFFFFF);\n    }\n";
        assert_eq!(shorten(three), "    private function f1($b)\n    {\n$M = 0xFFFFFFFF;\n$b = $b & $M;\nreturn ($b + 1 & $M) + ($b & $M);\n    }\n");
    }

    #[test]
    fn short_names_skip_reserved_ones_and_never_repeat() {
        let names: Vec<String> = short_names().take(3000).collect();
        assert!(names.iter().all(|n| !RESERVED.contains(&n.as_str()) && n.chars().all(|c| c.is_ascii_alphabetic())));
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert_eq!(&names[..3], ["b", "c", "d"]);
        assert_eq!(names.iter().position(|n| n == "aa"), Some(52 - RESERVED.len() + 1));
    }
}
