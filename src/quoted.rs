//! A text quoted in a message the way Rust's `{:?}` quotes a string (`"a\"b"`), which is how the
//! vectors pin the server's messages.
//!
//! The storefront build writes it by hand: `str`'s `Debug` brings the Unicode printable and
//! grapheme tables and their escaping code (~4 KB) into the wasm every shopper downloads. Its
//! quoting is the same for every ASCII text; a non-ASCII character that `Debug` would escape
//! (unprintable, or a combining mark) is written as it is. Only a message's wording can differ
//! that way, never its code or path, and the server answers again anyway.

use std::fmt;

/// `{}` of this is `{:?}` of the text.
pub struct Quoted<'a>(pub &'a str);

#[cfg(not(feature = "storefront"))]
impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

#[cfg(feature = "storefront")]
impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_ascii_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_ascii_as_debug_does() {
        let all: String = (0u8..128).map(char::from).collect();
        for s in ["", "EUR", "a\"b\\c", "line\nbreak\r\ttab\0", all.as_str(), "été 🙂"] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }
}
