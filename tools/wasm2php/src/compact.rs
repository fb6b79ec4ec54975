//! Spaces a PHP parser does not need, dropped from translated method bodies: a sixth of the
//! generated PHP was the spaces around operators (`($e + 20 & $M)` → `($e+20&$M)`). PHP compiles
//! the same opcodes; the code is generated, one statement per line still.
//!
//! A space is kept between two word characters (`goto L2`, `return $x`, `new Trap`) and between
//! two operator characters, whose joining could form another token (`- -1`, `< <`, `= &`, `/ /`);
//! quoted strings (trap messages) are copied as they are.

/// Characters of names, numbers and variables: a space between two of them separates tokens.
fn word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'\\')
}

/// Characters of PHP operators: two of them side by side may read as another operator or a comment.
fn operator(c: u8) -> bool {
    matches!(c, b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'=' | b'!' | b'?' | b':' | b'.' | b'~' | b'#')
}

/// One line of generated PHP without the spaces between tokens that do not need them.
pub fn line(code: &str) -> String {
    let b = code.as_bytes();
    let mut out = String::with_capacity(code.len());
    let mut quoted = false;
    for (i, &c) in b.iter().enumerate() {
        if c == b'\'' {
            quoted = !quoted;
        }
        if c == b' ' && !quoted && i > 0 {
            let (p, n) = (b[i - 1], b.get(i + 1).copied().unwrap_or(b' '));
            let needed = (word(p) && word(n)) || (operator(p) && operator(n)) || n == b' ';
            if !needed {
                continue;
            }
        }
        out.push(c as char);
    }
    out
}

/// Every line of a translated method (lines indented by a class layout stay as they are).
pub fn method(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for l in code.split_inclusive('\n') {
        if l.starts_with("    ") {
            out.push_str(l);
        } else {
            out.push_str(&line(l));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{line, method};

    #[test]
    fn spaces_go_where_no_two_tokens_would_merge() {
        assert_eq!(line("$c = ($m->g0 + 4294967232 & $M);"), "$c=($m->g0+4294967232&$M);");
        assert_eq!(line("if ($b === 0) goto L2;"), "if($b===0)goto L2;");
        assert_eq!(line("return (int) ($a < $b);"), "return(int)($a<$b);");
        assert_eq!(line("$x = $a - -1; $y = $a < -5 ? $b : -$c;"), "$x=$a- -1;$y=$a< -5?$b: -$c;");
        assert_eq!(line("switch ($b) { case 0: goto L8; default: goto L10; }"), "switch($b){case 0:goto L8;default:goto L10;}");
        assert_eq!(line("throw new Trap('unreachable executed (function 7)');"), "throw new Trap('unreachable executed (function 7)');");
        assert_eq!(line("$a = $b / $c; $d = $e * $f;"), "$a=$b/$c;$d=$e*$f;");
    }

    #[test]
    fn indented_lines_keep_their_layout() {
        let m = "private function f1($b, $d) {\n$c = $b + 1;\nreturn $c;\n}\n    public const X = 1;\n";
        assert_eq!(method(m), "private function f1($b,$d){\n$c=$b+1;\nreturn $c;\n}\n    public const X = 1;\n");
    }
}
