//! The JSON writer for results: every value writes its own text ([`Write`], derived with
//! `#[derive(Write)]` from the types' `#[serde(...)]` attributes), byte for byte what serde_json
//! wrote before (same escaping, integers as written by `Display`, `null` for `None`).
//! Structs declare their fields in sorted order: the answer's keys are sorted.

use crate::sorted::SortedMap;
use std::borrow::Cow;

/// A value written as JSON text.
pub trait Write {
    fn write(&self, out: &mut Vec<u8>);
}

/// An object being written: `{`, then `"key":value` members with commas, then `}`.
pub struct Obj<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Obj<'a> {
        out.push(b'{');
        Obj { out, first: true }
    }
    /// One member; `key` is the member's `"name":` text.
    #[inline(never)]
    pub fn field(&mut self, key: &'static str, value: &dyn Write) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.extend_from_slice(key.as_bytes());
        value.write(self.out);
    }
    pub fn end(self) {
        self.out.push(b'}');
    }
}

/// A JSON string with serde_json's escaping (control characters, `"` and `\`; nothing else).
#[inline(never)]
pub fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            0..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        out.push(b'\\');
        out.push(short);
        if short == b'u' {
            out.extend_from_slice(&[b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// An integer in decimal (what `Display` writes), without the formatting machinery.
#[inline(never)]
pub fn integer(out: &mut Vec<u8>, n: i128) {
    if n < 0 {
        out.push(b'-');
    }
    let mut v = n.unsigned_abs();
    let mut buf = [0u8; 40];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[at..]);
}

macro_rules! write_int {
    ($($t:ty)*) => {$(
        impl Write for $t {
            fn write(&self, out: &mut Vec<u8>) {
                integer(out, *self as i128)
            }
        }
    )*};
}
write_int!(u8 u16 u32 u64 usize i32 i64 i128);

impl Write for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl Write for str {
    fn write(&self, out: &mut Vec<u8>) {
        string(out, self)
    }
}

impl Write for String {
    fn write(&self, out: &mut Vec<u8>) {
        string(out, self)
    }
}

impl Write for Cow<'_, str> {
    fn write(&self, out: &mut Vec<u8>) {
        string(out, self)
    }
}

impl<T: Write + ?Sized> Write for &T {
    fn write(&self, out: &mut Vec<u8>) {
        (**self).write(out)
    }
}

impl<T: Write + ?Sized> Write for Box<T> {
    fn write(&self, out: &mut Vec<u8>) {
        (**self).write(out)
    }
}

impl<T: Write> Write for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

impl<T: Write> Write for [T] {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            v.write(out);
        }
        out.push(b']');
    }
}

impl<T: Write, const N: usize> Write for [T; N] {
    fn write(&self, out: &mut Vec<u8>) {
        self.as_slice().write(out)
    }
}

impl<T: Write> Write for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        self.as_slice().write(out)
    }
}

impl<T: Write> Write for crate::sorted::SortedSet<T> {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            v.write(out);
        }
        out.push(b']');
    }
}

impl<K: AsRef<str>, V: Write> Write for SortedMap<K, V> {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            string(out, k.as_ref());
            out.push(b':');
            v.write(out);
        }
        out.push(b'}');
    }
}

/// The JSON text of a value.
pub fn to_vec(value: &dyn Write) -> Vec<u8> {
    // Most answers fit: one allocation, no copy while growing.
    let mut out = Vec::with_capacity(1024);
    value.write(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_numbers_are_written_as_serde_json_writes_them() {
        for s in ["", "plain", "quote \" and \\ back", "\u{0}\u{1f}\u{7f}\u{8}\u{c}\n\r\t", "é 😀 / <>", "\u{2028}"] {
            assert_eq!(String::from_utf8(to_vec(&s)).unwrap(), serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for n in [0i64, 7, -7, i64::MAX, i64::MIN, 1_000_000] {
            assert_eq!(String::from_utf8(to_vec(&n)).unwrap(), n.to_string());
        }
        assert_eq!(String::from_utf8(to_vec(&u64::MAX)).unwrap(), u64::MAX.to_string());
        let m: SortedMap<&str, Option<Vec<bool>>> = [("b", None), ("a", Some(vec![true, false]))].into_iter().collect();
        assert_eq!(String::from_utf8(to_vec(&m)).unwrap(), r#"{"a":[true,false],"b":null}"#);
    }
}
