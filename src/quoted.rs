//! A text quoted in a message the way Rust's `{:?}` quotes a string (`"a\"b"`), which is how the
//! vectors pin the server's messages.
//!
//! Written by hand, not through `str`'s `Debug`: that and its `Formatter` paths were ~1 KB of the
//! host wasm. A non-ASCII character goes through `char::escape_debug` (the same escaping), except
//! in the storefront build: there it is written as it is, as the Unicode printable and grapheme
//! tables behind that escaping are ~4 KB of the wasm every shopper downloads. Only a message's
//! wording can differ that way (an unprintable character or a combining mark), never its code or
//! path, and the server answers again anyway.

use core::fmt;
use core::fmt::Write;

/// `{}` of this is `{:?}` of the text.
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            quote(f, c)?;
        }
        f.write_char('"')
    }
}

/// One character as `str`'s `Debug` writes it. ASCII by hand, so that `str`'s `Debug` (and its
/// `Formatter` paths) is not in the host wasm either; a non-ASCII character through
/// `char::escape_debug`, which escapes it exactly as `str`'s `Debug` does (a quote is ASCII).
fn quote(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        '"' => f.write_str("\\\""),
        '\\' => f.write_str("\\\\"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        '\0' => f.write_str("\\0"),
        c if c.is_ascii_control() => {
            let hex = b"0123456789abcdef";
            let b = c as u8;
            f.write_str("\\u{")?;
            if b >= 16 {
                f.write_char(char::from(hex[usize::from(b >> 4)]))?;
            }
            f.write_char(char::from(hex[usize::from(b & 15)]))?;
            f.write_char('}')
        }
        #[cfg(not(feature = "storefront"))]
        c if !c.is_ascii() => c.escape_debug().try_for_each(|e| f.write_char(e)),
        c => f.write_char(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn quotes_ascii_as_debug_does() {
        let all: String = (0u8..128).map(char::from).collect();
        for s in ["", "EUR", "a\"b\\c", "line\nbreak\r\ttab\0", all.as_str(), "été 🙂"] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }

    #[cfg(not(feature = "storefront"))]
    #[test]
    fn quotes_unprintable_and_combining_characters_as_debug_does() {
        for s in ["\u{301}a\u{301}", "zero\u{200b}width\u{feff}", "\u{85}\u{a0}\u{ad}", "'\u{10ffff}\u{e000}", "ß\u{1f600}"] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }
}
