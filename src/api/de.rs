//! The typed parser: JSON bytes straight into an operation's request struct, no
//! `serde_json::Value` in between. It knows where it is, so every error carries the JSON path of
//! the field at fault (`input.cart.total`).
//!
//! One pass over an operation's input: [`Reader`] reads the text straight into the typed value
//! ([`Read`], derived with `#[derive(Read)]` from the types' `#[serde(...)]` attributes) and
//! checks the syntax of everything it reads or skips on the way, so a value read without error
//! was valid JSON. Any failure (a syntax error or a typed one) is then answered by [`check`]
//! first, which re-reads the whole request with serde_json's syntax messages and positions: a
//! request with a syntax error anywhere answers `invalid_json` exactly as before, and the
//! syntax pass costs nothing on the success path. Messages are serde's own wording.

use crate::prelude::*;

use crate::codes::ErrorCode;
use crate::sorted::SortedMap;
use alloc::borrow::Cow;
use core::fmt;

/// serde_json's recursion limit: the 128th nested `[` or `{` is refused.
pub(crate) const MAX_DEPTH: u32 = 128;

/// A path segment, innermost first while an error bubbles up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A parse failure: a stable code, a message and the path below the input it was found at.
///
/// Boxed, like [`super::ApiError`]: every `Result<_, Error>` of the reader then carries one word
/// for its error instead of seven, which every `?` and every read moved (≈ 3 KB gzipped of the
/// host wasm).
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<ErrorBody>);

/// An [`Error`]'s fields (read through the error: `e.code`, `e.message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    path: Vec<Seg>,
}

impl core::ops::Deref for Error {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error::of(code, message.into())
    }
    /// The message, moved out of the box.
    pub(crate) fn into_message(self) -> String {
        self.0.message
    }
    /// The one place an error is allocated (not inlined into the many sites that build one).
    #[inline(never)]
    fn of(code: ErrorCode, message: String) -> Error {
        Error(Box::new(ErrorBody { code, message, path: Vec::new() }))
    }
    /// An error whose code comes from a rule's error code text (`MoneyError::code`).
    pub fn coded(code: &str, message: impl Into<String>) -> Error {
        Error::new(ErrorCode::parse(code).unwrap_or(ErrorCode::InvalidValue), message)
    }
    /// The path under `root` (`input.cart.total`, `input.items[2].id`).
    pub fn path_from(&self, root: &str) -> String {
        let mut s = String::from(root);
        for seg in self.path.iter().rev() {
            match seg {
                Seg::Key(k) => {
                    s.push('.');
                    s.push_str(k);
                }
                Seg::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
    #[inline(never)]
    fn at_key(mut self, key: &str) -> Error {
        self.0.path.push(Seg::Key(key.to_string()));
        self
    }
    #[inline(never)]
    fn at_index(mut self, i: usize) -> Error {
        self.0.path.push(Seg::Index(i));
        self
    }
    /// serde's `invalid value: integer `5000000000`, expected u32`.
    fn invalid_value(unexpected: &str, exp: &str) -> Error {
        Error::new(ErrorCode::InvalidValue, format!("invalid value: {unexpected}, expected {exp}"))
    }
    #[inline(never)]
    fn unknown_variant(variant: &str, expected: &[&str]) -> Error {
        let list = if expected.is_empty() { "there are no variants".to_string() } else { one_of(expected) };
        Error::new(ErrorCode::InvalidValue, format!("unknown variant `{variant}`, {list}"))
    }
    #[inline(never)]
    fn unknown_field(field: &str, expected: &[&str]) -> Error {
        let list = if expected.is_empty() { "there are no fields".to_string() } else { one_of(expected) };
        Error::new(ErrorCode::UnknownField, format!("unknown field `{field}`, {list}"))
    }
    #[inline(never)]
    fn missing_field(field: &'static str) -> Error {
        Error::new(ErrorCode::MissingField, format!("missing field `{field}`")).at_key(field)
    }
    #[inline(never)]
    fn duplicate_field(field: &'static str) -> Error {
        Error::new(ErrorCode::InvalidValue, format!("duplicate field `{field}`"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl core::error::Error for Error {}

/// serde's "expected one of" list.
fn one_of(names: &[&str]) -> String {
    match names {
        [] => "there are none".to_string(),
        [a] => format!("expected `{a}`"),
        [a, b] => format!("expected `{a}` or `{b}`"),
        _ => {
            let list: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            format!("expected one of {}", list.join(", "))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The syntax pass, with serde_json's messages and positions: answers a request that failed.

/// Checks that `b` is one JSON value (whitespace around it allowed) and returns the range of
/// the value; the error is serde_json's (`EOF while parsing a value at line 1 column 12`).
pub fn check(b: &[u8]) -> Result<(), String> {
    let mut s = Scanner { b, i: 0, depth: MAX_DEPTH };
    s.value()?;
    match s.ws() {
        Some(_) => Err(s.peek_error("trailing characters")),
        None => Ok(()),
    }
}

pub(crate) struct Scanner<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) i: usize,
    depth: u32,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(b: &'a [u8]) -> Scanner<'a> {
        Scanner { b, i: 0, depth: MAX_DEPTH }
    }
    fn position(&self, i: usize) -> (usize, usize) {
        let i = i.min(self.b.len());
        let head = &self.b[..i];
        let start = head.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        (1 + head[..start].iter().filter(|&&c| c == b'\n').count(), i - start)
    }
    fn error_at(&self, what: &str, i: usize) -> String {
        let (line, col) = self.position(i);
        format!("{what} at line {line} column {col}")
    }
    /// serde_json's `error`: the position after the last byte read.
    pub(crate) fn error(&self, what: &str) -> String {
        self.error_at(what, self.i)
    }
    /// serde_json's `peek_error`: the position of the byte looked at.
    pub(crate) fn peek_error(&self, what: &str) -> String {
        self.error_at(what, self.i + 1)
    }
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    pub(crate) fn ws(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn next(&mut self) -> Option<u8> {
        let c = self.b.get(self.i).copied();
        if c.is_some() {
            self.i += 1;
        }
        c
    }
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Passes over one value without checking it (brackets matched, strings and escapes jumped),
    /// for the request's `input`, which the typed reader checks as it reads it. Never fails;
    /// on malformed text it stops somewhere the caller's own checks will refuse.
    pub(crate) fn pass_over(&mut self) {
        self.pass_over_unclamped();
        // An escape at the very end can step past it.
        self.i = self.i.min(self.b.len());
    }
    fn pass_over_unclamped(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.ws() {
            match c {
                b'"' => {
                    self.i += 1;
                    while let Some(c) = self.next() {
                        match c {
                            b'"' => break,
                            b'\\' => self.i += 1,
                            _ => {}
                        }
                    }
                }
                b'[' | b'{' => {
                    depth += 1;
                    self.i += 1;
                }
                b']' | b'}' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.i += 1;
                }
                b',' | b':' if depth == 0 => return,
                b',' | b':' => self.i += 1,
                _ => {
                    // A number or a literal: up to the next delimiter.
                    while matches!(self.peek(), Some(c) if !matches!(c, b',' | b':' | b']' | b'}' | b'[' | b'{' | b'"' | b' ' | b'\n' | b'\t' | b'\r')) {
                        self.i += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    /// One value; the cursor ends right after it.
    pub(crate) fn value(&mut self) -> Result<(), String> {
        match self.ws() {
            None => Err(self.peek_error("EOF while parsing a value")),
            Some(b'n') => self.ident(b"null"),
            Some(b't') => self.ident(b"true"),
            Some(b'f') => self.ident(b"false"),
            Some(b'-') => {
                self.i += 1;
                self.number()
            }
            Some(b'0'..=b'9') => self.number(),
            Some(b'"') => {
                self.i += 1;
                self.string().map(|_| ())
            }
            Some(b'[') => self.list(),
            Some(b'{') => self.object(|s, _| s.value()),
            Some(_) => Err(self.peek_error("expected value")),
        }
    }
    fn ident(&mut self, word: &[u8]) -> Result<(), String> {
        self.i += 1;
        for &w in &word[1..] {
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(c) if c != w => return Err(self.error("expected ident")),
                Some(_) => {}
            }
        }
        Ok(())
    }
    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }
    fn number(&mut self) -> Result<(), String> {
        match self.next() {
            None => return Err(self.error("EOF while parsing a value")),
            Some(b'0') => {
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(self.peek_error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                self.digits();
            }
            Some(_) => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(match self.peek() {
                    Some(_) => self.peek_error("invalid number"),
                    None => self.peek_error("EOF while parsing a value"),
                });
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            match self.next() {
                None => return Err(self.error("EOF while parsing a value")),
                Some(b'0'..=b'9') => {
                    self.digits();
                }
                Some(_) => return Err(self.error("invalid number")),
            }
        }
        Ok(())
    }
    /// A string after its opening quote; returns whether it had escapes.
    pub(crate) fn string(&mut self) -> Result<bool, String> {
        let start = self.i;
        let mut escaped = false;
        let mut high = 0u8;
        loop {
            let Some(c) = self.next() else {
                return Err(self.error("EOF while parsing a string"));
            };
            match c {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                0..=0x1f => return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string")),
                _ => high |= c,
            }
        }
        // ASCII is UTF-8: only a string with a byte >= 0x80 is checked.
        if high < 0x80 {
            return Ok(escaped);
        }
        if let Err(e) = core::str::from_utf8(&self.b[start..self.i - 1]) {
            return Err(self.error_at("invalid unicode code point", start + e.valid_up_to() + 1));
        }
        Ok(escaped)
    }
    fn escape(&mut self) -> Result<(), String> {
        match self.next() {
            None => Err(self.error("EOF while parsing a string")),
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(()),
            Some(b'u') => {
                let n = self.hex4()?;
                if (0xDC00..=0xDFFF).contains(&n) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                if (0xD800..=0xDBFF).contains(&n) {
                    for want in [b'\\', b'u'] {
                        match self.next() {
                            None => return Err(self.error("EOF while parsing a string")),
                            Some(c) if c != want => return Err(self.error("unexpected end of hex escape")),
                            Some(_) => {}
                        }
                    }
                    let n2 = self.hex4()?;
                    if !(0xDC00..=0xDFFF).contains(&n2) {
                        return Err(self.error("lone leading surrogate in hex escape"));
                    }
                }
                Ok(())
            }
            Some(_) => Err(self.error("invalid escape")),
        }
    }
    fn hex4(&mut self) -> Result<u16, String> {
        if self.i + 4 > self.b.len() {
            self.i = self.b.len();
            return Err(self.error("EOF while parsing a string"));
        }
        let mut n: u16 = 0;
        let mut ok = true;
        for &c in &self.b[self.i..self.i + 4] {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => {
                    ok = false;
                    0
                }
            };
            n = (n << 4) | u16::from(d);
        }
        self.i += 4;
        if !ok {
            return Err(self.error("invalid escape"));
        }
        Ok(n)
    }
    fn enter(&mut self) -> Result<(), String> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(self.peek_error("recursion limit exceeded"));
        }
        self.i += 1;
        Ok(())
    }
    fn list(&mut self) -> Result<(), String> {
        self.enter()?;
        let mut first = true;
        loop {
            let peek = match self.ws() {
                Some(b']') => break,
                Some(b',') if !first => {
                    self.i += 1;
                    self.ws()
                }
                Some(b) if first => Some(b),
                Some(_) => return Err(self.peek_error("expected `,` or `]`")),
                None => return Err(self.peek_error("EOF while parsing a list")),
            };
            first = false;
            match peek {
                Some(b']') => return Err(self.peek_error("trailing comma")),
                Some(_) => self.value()?,
                None => return Err(self.peek_error("EOF while parsing a value")),
            }
        }
        self.i += 1;
        self.depth += 1;
        Ok(())
    }
    /// An object; `member` reads each value (given the key's range and whether it has escapes),
    /// so the envelope can look at its own fields while the rest is only checked.
    pub(crate) fn object(&mut self, mut member: impl FnMut(&mut Scanner<'a>, (usize, usize, bool)) -> Result<(), String>) -> Result<(), String> {
        self.enter()?;
        let mut first = true;
        loop {
            let peek = match self.ws() {
                Some(b'}') => break,
                Some(b',') if !first => {
                    self.i += 1;
                    self.ws()
                }
                Some(b) if first => Some(b),
                Some(_) => return Err(self.peek_error("expected `,` or `}`")),
                None => return Err(self.peek_error("EOF while parsing an object")),
            };
            first = false;
            match peek {
                Some(b'"') => {}
                Some(b'}') => return Err(self.peek_error("trailing comma")),
                Some(_) => return Err(self.peek_error("key must be a string")),
                None => return Err(self.peek_error("EOF while parsing a value")),
            }
            self.i += 1;
            let start = self.i;
            let escaped = self.string()?;
            let key = (start, self.i - 1, escaped);
            match self.ws() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.peek_error("expected `:`")),
                None => return Err(self.peek_error("EOF while parsing an object")),
            }
            member(self, key)?;
        }
        self.i += 1;
        self.depth += 1;
        Ok(())
    }
}

/// Drops a string read from the request: a borrowed one (the usual case) is forgotten, as it
/// owns nothing, instead of going through the drop-glue call the size-optimised host build makes
/// for every `Cow` dropped.
#[cfg_attr(not(feature = "storefront"), inline(always))]
pub fn release(s: Cow<'_, str>) {
    match s {
        Cow::Owned(o) => drop(o),
        borrowed => core::mem::forget(borrowed),
    }
}

/// Whether every byte is below 0x80 (written out: `is_ascii` is a call in the size-optimised
/// host build).
fn ascii(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        if b[i] >= 0x80 {
            return false;
        }
        i += 1;
    }
    true
}

/// Decodes a checked JSON string body (between the quotes).
pub(crate) fn unescape(raw: &[u8], escaped: bool) -> Cow<'_, str> {
    if !escaped {
        if ascii(raw) {
            // SAFETY: ASCII is UTF-8.
            return Cow::Borrowed(unsafe { core::str::from_utf8_unchecked(raw) });
        }
        return lossy(raw);
    }
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        i += 1;
        if c != b'\\' {
            out.push(c);
            continue;
        }
        let e = raw.get(i).copied().unwrap_or(b'\\');
        i += 1;
        let ch = match e {
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hex =
                    |at: usize| raw.get(at..at + 4).and_then(|h| core::str::from_utf8(h).ok()).and_then(|h| u32::from_str_radix(h, 16).ok()).unwrap_or(0xFFFD);
                let n = hex(i);
                i += 4;
                let cp = if (0xD800..=0xDBFF).contains(&n) && matches!(raw.get(i), Some(b'\\')) {
                    let n2 = hex(i + 2);
                    i += 6;
                    0x10000 + ((n - 0xD800) << 10) + (n2.wrapping_sub(0xDC00) & 0x3FF)
                } else {
                    n
                };
                char::from_u32(cp).unwrap_or('\u{FFFD}')
            }
            other => other as char,
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    Cow::Owned(lossy(&out).into_owned())
}

/// `String::from_utf8_lossy`, written with `from_utf8` (already in the module) instead of
/// `Utf8Chunks` (~1 KB of the host wasm): each invalid sequence, as `Utf8Error::error_len`
/// delimits it (the same rule), becomes one U+FFFD.
pub(crate) fn lossy(bytes: &[u8]) -> Cow<'_, str> {
    let mut out = String::new();
    let mut rest = bytes;
    loop {
        match core::str::from_utf8(rest) {
            Ok(s) if out.is_empty() => return Cow::Borrowed(s),
            Ok(s) => {
                out.push_str(s);
                return Cow::Owned(out);
            }
            Err(e) => {
                let (valid, after) = rest.split_at(e.valid_up_to());
                // SAFETY: `from_utf8` found these bytes valid.
                out.push_str(unsafe { core::str::from_utf8_unchecked(valid) });
                out.push('\u{FFFD}');
                match e.error_len() {
                    Some(n) => rest = after.get(n..).unwrap_or_default(),
                    None => return Cow::Owned(out),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The typed reader: JSON text into typed values, its syntax checked on the way.

/// A value read from checked JSON text. Structs and enums derive it (`#[derive(Read)]`).
pub trait Read: Sized {
    /// What the value is called in "invalid type: …, expected X" (serde's wording).
    const EXPECTING: &'static str;
    /// Whether an absent field of this type is `None` rather than missing (an `Option`, as in
    /// serde).
    const OPTIONAL: bool = false;
    fn read(r: &mut Reader<'_>) -> Result<Self, Error>;
    /// Reads a value into its uninitialised place (what a struct's field table calls, one
    /// instance per field type): a derived struct reads its members there directly, other types
    /// read and move.
    ///
    /// # Safety
    /// `p` points to writable, aligned, uninitialised memory for a `Self`; it holds one exactly
    /// when `Ok` is returned.
    unsafe fn read_in(r: &mut Reader<'_>, p: *mut u8) -> Result<(), Error> {
        let v = Self::read(r)?;
        p.cast::<Self>().write(v);
        Ok(())
    }
    /// What a struct's field table reads this type with, and whether `null` is read there as
    /// the field's absent value (`None`) rather than by that reader: see `Option`'s.
    const MEMBER_READ: (ReadIn, bool) = (Self::read_in, false);
    /// A plain value of the type: what an absent field of an `OPTIONAL` type holds (`None`);
    /// the reader uses no other type's placeholder.
    fn placeholder() -> Self;
}

/// A [`Read::read_in`].
pub type ReadIn = unsafe fn(&mut Reader<'_>, *mut u8) -> Result<(), Error>;

/// A vector's buffer while [`Reader::seq_into`] fills it.
pub struct RawSeq {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

/// The layout of a map's `(String, T)` entries and `T`'s functions ([`Reader::map_into`]).
pub struct MapEntry {
    pub size: usize,
    pub align: usize,
    pub key: usize,
    pub value: usize,
    pub value_size: usize,
    pub read: ReadIn,
    pub drop_value: Option<unsafe fn(*mut u8)>,
}

impl RawSeq {
    /// The index of the entry `cmp` finds equal (`Ok`), or where it would go (`Err`), as
    /// `slice::binary_search_by` (only the first `len` entries are looked at).
    fn binary_search(&self, cmp: impl Fn(usize) -> core::cmp::Ordering) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp(mid) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }
    /// Doubles the room (4 elements at first), as `Vec` grows.
    unsafe fn grow(&mut self, size: usize, align: usize) {
        use alloc::alloc::{alloc, handle_alloc_error, realloc, Layout};
        let cap = if self.cap == 0 { 4 } else { self.cap.saturating_mul(2) };
        // More than the address space can hold: the allocator's error, as `Vec` would (the
        // request, read whole in memory, would have to be larger than the memory first).
        let Ok(layout) = Layout::from_size_align(size.saturating_mul(cap), align) else { handle_alloc_error(Layout::new::<u8>()) };
        let ptr = if self.cap == 0 { alloc(layout) } else { realloc(self.ptr, Layout::from_size_align_unchecked(size * self.cap, align), layout.size()) };
        if ptr.is_null() {
            handle_alloc_error(layout);
        }
        self.ptr = ptr;
        self.cap = cap;
    }
    /// Drops the elements and frees the buffer.
    unsafe fn free(&mut self, size: usize, align: usize, drop: Option<unsafe fn(*mut u8)>) {
        if let Some(drop) = drop {
            for k in 0..self.len {
                drop(self.ptr.add(k * size));
            }
        }
        if self.cap != 0 {
            alloc::alloc::dealloc(self.ptr, alloc::alloc::Layout::from_size_align_unchecked(size * self.cap, align));
        }
    }
}

/// One field of a struct's table, generated by `#[derive(Read)]` (see [`Reader::object`]).
/// A table lists its fields sorted by wire name.
pub struct Member {
    /// The field's name on the wire.
    pub name: &'static str,
    /// Where the field lives in the struct (`offset_of!`, checked by [`crate::api::ser::small`]).
    pub offset: u16,
    /// The field's place in the struct's declaration (the order serde's messages list them in).
    pub decl: u8,
    /// Whether `null` is read as the field's `absent` value (`None`) instead of by `read`
    /// ([`Read::MEMBER_READ`]).
    pub null_absent: bool,
    /// Reads a value into the field's uninitialised place ([`Read::MEMBER_READ`]).
    pub read: ReadIn,
    /// Writes an absent field's value (its default, or `None`); `None` when it is required.
    pub absent: Option<unsafe fn(*mut u8)>,
    /// Drops a value read before a later member failed; `None` for types without drop glue.
    pub drop: Option<unsafe fn(*mut u8)>,
}

/// The index of `key` among the members (length and first byte first: most names differ there).
fn member_index(members: &[Member], key: &str) -> Option<usize> {
    let first = key.as_bytes().first();
    members.iter().position(|m| m.name.len() == key.len() && m.name.as_bytes().first() == first && m.name == key)
}

/// Whether `a` and `b`, of the same length, hold the same bytes: compared 4 at a time, the last
/// window overlapping, rather than byte by byte (`memcmp` in wasm), which costs two emulated
/// memory reads per byte in the generated PHP core. Always inlined (a handful of places): a call
/// costs that core more than the comparison.
#[cfg_attr(not(feature = "storefront"), inline(always))]
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8], i: usize| s.get(i..i + 4).and_then(|w| <[u8; 4]>::try_from(w).ok()).map_or(0, u32::from_le_bytes);
    if a.len() != b.len() {
        return false;
    }
    if a.len() < 4 {
        // Byte by byte, without `==` on slices (a `memcmp` call).
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        return true;
    }
    let last = a.len() - 4;
    let mut i = 0;
    while i < last {
        if word(a, i) != word(b, i) {
            return false;
        }
        i += 4;
    }
    word(a, last) == word(b, last)
}

/// The members' names in declaration order (the order serde's messages list them in).
fn declared(members: &[Member]) -> Vec<&'static str> {
    let mut names = vec![""; members.len()];
    for m in members {
        if let Some(slot) = names.get_mut(usize::from(m.decl)) {
            *slot = m.name;
        }
    }
    names
}

/// serde's error for the first (in declaration order) of the required fields among `unseen`.
#[inline(never)]
fn missing(members: &[Member], unseen: u64) -> Error {
    let mut first: Option<&Member> = None;
    each_member(members, unseen, |m| {
        if m.absent.is_none() && first.map_or(true, |f| m.decl < f.decl) {
            first = Some(m);
        }
    });
    Error::missing_field(first.map_or("", |m| m.name))
}

/// Drops the members read (`seen`) of a struct whose reading failed.
///
/// # Safety
/// `base` holds a struct `members` describes whose `seen` fields are initialised.
unsafe fn drop_read(members: &[Member], seen: u64, base: *mut u8) {
    each_member(members, seen, |m| {
        if let Some(drop) = m.drop {
            drop(base.add(usize::from(m.offset)));
        }
    });
}

/// Calls `f` with each member whose bit is set in `bits`.
fn each_member<'m>(members: &'m [Member], mut bits: u64, mut f: impl FnMut(&'m Member)) {
    while bits != 0 {
        if let Some(m) = members.get(bits.trailing_zeros() as usize) {
            f(m);
        }
        bits &= bits - 1;
    }
}

/// A member's `absent` for an optional type (`Option`): its placeholder, `None`.
///
/// # Safety
/// `p` points to writable, aligned, uninitialised memory for a `T`.
pub unsafe fn placeholder_at<T: Read>(p: *mut u8) {
    p.cast::<T>().write(T::placeholder());
}

/// A member's `absent` for a field with `#[serde(default)]`.
///
/// # Safety
/// `p` points to writable, aligned, uninitialised memory for a `T`.
pub unsafe fn default_at<T: Default>(p: *mut u8) {
    p.cast::<T>().write(T::default());
}

/// A member's `drop`.
///
/// # Safety
/// `p` points to an initialised `T` that is not used again.
pub unsafe fn drop_at<T>(p: *mut u8) {
    p.cast::<T>().drop_in_place();
}

/// `Some(drop_at::<T>)` when `T` has drop glue (for the derive's tables).
pub const fn drop_of<T>() -> Option<unsafe fn(*mut u8)> {
    if core::mem::needs_drop::<T>() {
        Some(drop_at::<T>)
    } else {
        None
    }
}

/// A member's `absent` for a field without `#[serde(default)]`: `None` (required) unless the
/// type is optional (serde's rule for `Option` fields).
pub const fn absent_of<T: Read>() -> Option<unsafe fn(*mut u8)> {
    if T::OPTIONAL {
        Some(placeholder_at::<T>)
    } else {
        None
    }
}

/// Reads one JSON value into `T`; errors carry the path below the value. A syntax error is
/// `invalid_json` without a message of its own: callers answer it with [`check`]'s.
pub fn from_slice<T: Read>(b: &[u8]) -> Result<T, Error> {
    from_slice_nested(b, MAX_DEPTH)
}

/// [`from_slice`] for a value nested in a request: `depth` is what is left of the nesting limit
/// at the value (so the 128th `[` or `{` of the whole request is refused, as [`check`] does).
pub fn from_slice_nested<T: Read>(b: &[u8], depth: u32) -> Result<T, Error> {
    let mut r = Reader { b, i: 0, depth };
    let v = T::read(&mut r)?;
    if r.ws().is_some() {
        return Err(broken());
    }
    Ok(v)
}

/// An object's key: a member recognised where it stands (the usual case: nothing to drop), or
/// any other key's text.
enum MemberKey<'a> {
    Member(usize),
    Other(Cow<'a, str>),
}

/// A cursor over JSON text that checks the syntax of what it reads. Outside strings the grammar
/// admits only ASCII; each string's UTF-8 is checked as it is read (the text is not checked as a
/// whole first: one pass over the bytes, not two).
pub struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    /// Nesting levels left before the limit.
    depth: u32,
}

/// What the next value is, for `invalid type` errors.
enum Token<'a> {
    Null,
    Bool(bool),
    Int(u64, bool),
    Float(&'a str),
    Str(Cow<'a, str>),
    Seq,
    Map,
}

#[inline(never)]
fn broken() -> Error {
    Error::new(ErrorCode::InvalidJson, "the request is not valid JSON")
}

impl<'a> Reader<'a> {
    /// A reader at the start of `b` (out of line: one copy, not one per type read).
    #[inline(never)]
    pub(crate) fn over(b: &'a [u8], depth: u32) -> Result<Reader<'a>, Error> {
        Ok(Reader { b, i: 0, depth })
    }
    /// Whether only whitespace is left (a bool, not an error: the caller then holds a value it
    /// would otherwise have to drop, and drop glue per type is what made the wasm grow).
    #[inline(never)]
    pub(crate) fn at_end(&mut self) -> bool {
        self.ws().is_none()
    }
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn ws(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }
    /// Whether `c` is the next byte after whitespace (the cursor then stands on it).
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn at(&mut self, c: u8) -> bool {
        matches!(self.ws(), Some(x) if x == c)
    }
    /// The body of a string whose opening quote is at the cursor; the cursor ends after it.
    /// Control characters, bad escapes and bad UTF-8 are syntax errors. Eight bytes are tested at
    /// once while none is a quote, a backslash or a control character (fewer emulated memory
    /// reads in the generated PHP core); UTF-8 is checked only for a string with a byte ≥ 0x80.
    #[inline(never)]
    fn string(&mut self) -> Result<Cow<'a, str>, Error> {
        const HIGH: u64 = u64::MAX / 255 * 0x80;
        let start = self.i + 1;
        let mut i = start;
        let mut high = 0u64;
        loop {
            let c = match self.b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
                Some(word) => {
                    let w = u64::from_le_bytes(word);
                    let hits = crate::api::ser::specials(w);
                    if hits == 0 {
                        high |= w;
                        i += 8;
                        continue;
                    }
                    // The lowest flag is exact: the first special byte of the word.
                    let k = hits.trailing_zeros() as usize / 8;
                    high |= w & ((1u64 << (8 * k)) - 1);
                    i += k;
                    (w >> (8 * k)) as u8
                }
                None => *self.b.get(i).ok_or_else(broken)?,
            };
            match c {
                b'"' => break,
                b'\\' => return self.escaped_string(start),
                0..=0x1f => return Err(broken()),
                _ => {
                    high |= u64::from(c);
                    i += 1;
                }
            }
        }
        self.i = i + 1;
        let raw = self.b.get(start..i).ok_or_else(broken)?;
        if high & HIGH == 0 {
            // SAFETY: every byte is below 0x80: ASCII is UTF-8.
            return Ok(Cow::Borrowed(unsafe { core::str::from_utf8_unchecked(raw) }));
        }
        core::str::from_utf8(raw).map(Cow::Borrowed).map_err(|_| broken())
    }
    /// A string with escapes (rare on the wire): checked by the syntax scanner, then decoded.
    #[inline(never)]
    fn escaped_string(&mut self, start: usize) -> Result<Cow<'a, str>, Error> {
        let mut s = Scanner { b: self.b, i: start, depth: self.depth };
        s.string().map_err(|_| broken())?;
        self.i = s.i;
        Ok(unescape(&self.b[start..s.i - 1], true))
    }
    /// Whether an exact literal (`null`, `true`, `false`) is at the cursor, which then passes it
    /// (a bool, not a `Result`: no error to build and drop on the usual path).
    fn literal(&mut self, word: &[u8]) -> bool {
        if !self.b.get(self.i..self.i + word.len()).is_some_and(|here| same(here, word)) {
            return false;
        }
        self.i += word.len();
        true
    }
    /// Enters a list or an object (the cursor is on its bracket).
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn enter(&mut self) -> Result<(), Error> {
        self.depth -= 1;
        if self.depth == 0 {
            return Err(broken());
        }
        self.i += 1;
        Ok(())
    }
    /// Leaves a list or an object (the cursor is on its closing bracket).
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn leave(&mut self) {
        self.i += 1;
        self.depth += 1;
    }
    #[inline(never)]
    fn number(&mut self) -> Result<Token<'a>, Error> {
        let start = self.i;
        let neg = matches!(self.b.get(self.i), Some(b'-'));
        // The grammar first (`01`, `1.`, `-` are syntax errors), then the value.
        let mut s = Scanner { b: self.b, i: start + usize::from(neg), depth: self.depth };
        s.number().map_err(|_| broken())?;
        let end = s.i;
        if neg {
            self.i += 1;
        }
        let mut n: u64 = 0;
        let mut fits = true;
        while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
            // Compared, not `checked_mul`: a 64-bit overflow test is a 128-bit multiplication
            // (a library call) in wasm32.
            let d = u64::from(c - b'0');
            if n <= (u64::MAX - d) / 10 {
                n = n * 10 + d;
            } else {
                fits = false;
            }
            self.i += 1;
        }
        let float = !fits || self.i < end;
        self.i = end;
        if float || (neg && n > i64::MAX as u64 + 1) {
            let raw = core::str::from_utf8(&self.b[start..end]).unwrap_or("0");
            return Ok(Token::Float(raw));
        }
        Ok(Token::Int(n, neg))
    }
    /// Reads a scalar or notes a container (without consuming it).
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'a>, Error> {
        Ok(match self.ws().ok_or_else(broken)? {
            b'n' => {
                if !self.literal(b"null") {
                    return Err(broken());
                }
                Token::Null
            }
            b't' => {
                if !self.literal(b"true") {
                    return Err(broken());
                }
                Token::Bool(true)
            }
            b'f' => {
                if !self.literal(b"false") {
                    return Err(broken());
                }
                Token::Bool(false)
            }
            b'"' => Token::Str(self.string()?),
            b'[' => Token::Seq,
            b'{' => Token::Map,
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return Err(broken()),
        })
    }
    /// serde's `invalid type: …, expected {exp}` for the token read (a container is skipped).
    #[inline(never)]
    fn wrong(&mut self, t: Token<'a>, exp: &str) -> Error {
        let unexpected = match &t {
            Token::Null => "null".to_string(),
            Token::Bool(b) => format!("boolean `{b}`"),
            Token::Int(n, false) => format!("integer `{n}`"),
            Token::Int(n, true) => format!("integer `{}`", (*n as i64).wrapping_neg()),
            Token::Float(raw) => format!("floating point `{raw}`"),
            Token::Str(s) => format!("string {}", crate::quoted::Quoted(s)),
            Token::Seq => "sequence".to_string(),
            Token::Map => "map".to_string(),
        };
        if matches!(t, Token::Seq | Token::Map) {
            let _ = self.skip();
        }
        Error::new(ErrorCode::InvalidType, format!("invalid type: {unexpected}, expected {exp}"))
    }
    /// Skips one value (its syntax checked).
    #[inline(never)]
    pub fn skip(&mut self) -> Result<(), Error> {
        let mut s = Scanner { b: self.b, i: self.i, depth: self.depth };
        s.value().map_err(|_| broken())?;
        self.i = s.i;
        Ok(())
    }
    /// A string (escapes decoded), else `invalid type … expected {exp}`. The usual case is
    /// inlined (one wasm call less per string read), the rest is [`Reader::not_at_string`].
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    pub fn str(&mut self, exp: &str) -> Result<Cow<'a, str>, Error> {
        if self.at(b'"') {
            return self.string();
        }
        self.not_at_string(exp)
    }
    #[inline(never)]
    fn not_at_string(&mut self, exp: &str) -> Result<Cow<'a, str>, Error> {
        match self.token()? {
            Token::Str(s) => Ok(s),
            t => Err(self.wrong(t, exp)),
        }
    }
    /// A string handed to `f` (see [`Reader::str`]), then dropped with [`release`].
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    pub fn with_str<T>(&mut self, exp: &str, f: impl FnOnce(&str) -> Result<T, Error>) -> Result<T, Error> {
        let s = self.str(exp)?;
        let v = f(&s);
        release(s);
        v
    }
    /// An unsigned integer up to `max` (serde's range errors for the primitive named `exp`).
    #[inline(never)]
    pub fn uint(&mut self, exp: &str, max: u64) -> Result<u64, Error> {
        let (n, neg) = self.integer(exp)?;
        match (n, neg) {
            (n, false) if n <= max => Ok(n),
            (n, false) => Err(Error::invalid_value(&format!("integer `{n}`"), exp)),
            (0, true) => Ok(0),
            (n, true) => Err(Error::invalid_value(&format!("integer `{}`", (n as i64).wrapping_neg()), exp)),
        }
    }
    /// An integer token's magnitude and sign, else `invalid type … expected {exp}`.
    #[cfg_attr(not(feature = "storefront"), inline(always))]
    fn integer(&mut self, exp: &str) -> Result<(u64, bool), Error> {
        match self.token()? {
            // (Moved out whole, so that no drop-glue call follows: an integer token owns nothing.)
            t @ Token::Int(n, neg) => {
                core::mem::forget(t);
                Ok((n, neg))
            }
            t => Err(self.wrong(t, exp)),
        }
    }
    /// A signed integer in `min..=max` (serde's range errors for the primitive named `exp`).
    #[inline(never)]
    pub fn int(&mut self, exp: &str, min: i64, max: i64) -> Result<i64, Error> {
        match self.integer(exp)? {
            (n, false) if n <= max as u64 => Ok(n as i64),
            (n, false) => Err(Error::invalid_value(&format!("integer `{n}`"), exp)),
            (n, true) => {
                let v = (n as i64).wrapping_neg();
                if v >= min {
                    Ok(v)
                } else {
                    Err(Error::invalid_value(&format!("integer `{v}`"), exp))
                }
            }
        }
    }
    /// `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, Error> {
        // The usual case without a `Token` in between.
        let word: &[u8] = if self.at(b't') { b"true" } else { b"false" };
        if self.literal(word) {
            return Ok(word.len() == 4);
        }
        match self.token()? {
            Token::Bool(b) => Ok(b),
            t => Err(self.wrong(t, "a boolean")),
        }
    }
    /// Consumes a `null` if one is next.
    pub fn null(&mut self) -> bool {
        self.at(b'n') && self.literal(b"null")
    }
    /// Whether a string is next (for readers that accept several shapes).
    pub fn at_string(&mut self) -> bool {
        self.at(b'"')
    }
    /// Whether an object is next.
    pub fn at_object(&mut self) -> bool {
        self.at(b'{')
    }
    /// Where the cursor is, to come back after a failed attempt ([`Reader::rewind`]).
    pub fn mark(&self) -> usize {
        self.i
    }
    pub fn rewind(&mut self, at: usize) {
        self.i = at;
    }
    /// The index of a unit variant's name among `names`, else serde's `unknown variant`.
    #[inline(never)]
    pub fn variant(&mut self, exp: &str, names: &[&str]) -> Result<usize, Error> {
        self.with_str(exp, |s| names.iter().position(|n| same(n.as_bytes(), s.as_bytes())).ok_or_else(|| Error::unknown_variant(s, names)))
    }
    /// Opens a list (`[`), else `invalid type … expected {exp}`.
    #[inline(never)]
    pub fn seq_start(&mut self, exp: &str) -> Result<(), Error> {
        if !self.at(b'[') {
            return Err(self.not_opened(exp));
        }
        self.enter()
    }
    /// Whether the open list has another element (the cursor is then on it); consumes `]`.
    /// `n` is the number of elements read so far.
    #[inline(never)]
    pub fn seq_next(&mut self, n: usize) -> Result<bool, Error> {
        match self.ws().ok_or_else(broken)? {
            b']' => {
                self.leave();
                return Ok(false);
            }
            b',' if n > 0 => self.i += 1,
            _ if n > 0 => return Err(broken()),
            _ => return Ok(true),
        }
        match self.ws() {
            Some(b']') | None => Err(broken()),
            Some(_) => Ok(true),
        }
    }
    /// Opens an object (`{`), else `invalid type … expected {exp}`.
    #[inline(never)]
    pub fn map_start(&mut self, exp: &str) -> Result<(), Error> {
        if !self.at(b'{') {
            return Err(self.not_opened(exp));
        }
        self.enter()
    }
    /// What is there instead of a list or an object: `invalid type … expected {exp}` (or the
    /// syntax error reading it).
    #[inline(never)]
    fn not_opened(&mut self, exp: &str) -> Error {
        match self.token() {
            Ok(t) => self.wrong(t, exp),
            Err(e) => e,
        }
    }
    /// The next key of the open object (the cursor is then on its value); `None` consumes `}`.
    /// `n` is the number of members read so far.
    #[inline(never)]
    pub fn map_next(&mut self, n: usize) -> Result<Option<Cow<'a, str>>, Error> {
        match self.ws().ok_or_else(broken)? {
            b'}' => {
                self.leave();
                return Ok(None);
            }
            b',' if n > 0 => self.i += 1,
            _ if n > 0 => return Err(broken()),
            _ => {}
        }
        if !self.at(b'"') {
            return Err(broken());
        }
        let key = self.string()?;
        if !self.at(b':') {
            return Err(broken());
        }
        self.i += 1;
        Ok(Some(key))
    }
    /// [`Reader::map_next`] for a struct's object: a key that is one of the members' names
    /// (the usual case) is recognised where it stands, without a pass over its bytes first;
    /// any other key (escaped, unknown) is read as a string. Returns the key and, when it was
    /// recognised, its member's index.
    #[inline(never)]
    fn next_member(&mut self, n: usize, members: &'static [Member], from: usize) -> Result<Option<MemberKey<'a>>, Error> {
        match self.ws().ok_or_else(broken)? {
            b'}' => {
                self.leave();
                return Ok(None);
            }
            b',' if n > 0 => self.i += 1,
            _ if n > 0 => return Err(broken()),
            _ => {}
        }
        if !self.at(b'"') {
            return Err(broken());
        }
        let key = match self.member_here(members, from) {
            Some(k) => MemberKey::Member(k),
            None => MemberKey::Other(self.string()?),
        };
        if !self.at(b':') {
            return Err(broken());
        }
        self.i += 1;
        Ok(Some(key))
    }
    /// The member whose name stands between the quote at the cursor and the next byte, which
    /// must be the closing quote (names are plain: no escapes, no quotes); the cursor then ends
    /// after it. The search starts at member `from` and wraps around: keys sent in sorted order
    /// are found at the first or after a few one-byte tests (the table is sorted too).
    fn member_here(&mut self, members: &'static [Member], from: usize) -> Option<usize> {
        let rest = self.b.get(self.i + 1..)?;
        let first = *rest.first()?;
        let n = members.len();
        let mut k = from;
        for _ in 0..n {
            if k >= n {
                k = 0;
            }
            let name = members.get(k)?.name;
            let b = name.as_bytes();
            if matches!(b.first(), Some(&c) if c == first) && matches!(rest.get(b.len()), Some(b'"')) && rest.get(..b.len()).is_some_and(|here| same(here, b)) {
                self.i += b.len() + 2;
                return Some(k);
            }
            k += 1;
        }
        None
    }
    /// A list whose elements `each` reads (one shared loop for every element type: only the
    /// element's read and push are generic); errors get the element's index in their path.
    #[inline(never)]
    pub fn seq(&mut self, exp: &str, each: &mut dyn FnMut(&mut Reader<'a>) -> Result<(), Error>) -> Result<(), Error> {
        self.seq_start(exp)?;
        let mut n = 0;
        while self.seq_next(n)? {
            each(self).map_err(|e| e.at_index(n))?;
            n += 1;
        }
        Ok(())
    }
    /// A list read into a vector's buffer: elements of `size` (> 0) bytes aligned to `align`,
    /// each read in place by `read`; on error those read are dropped (`drop`) and the buffer
    /// freed. The buffer is the global allocator's, with the layout `Vec` gives `cap` elements.
    ///
    /// # Safety
    /// `read` and `drop` are one element type's, of that size and alignment.
    #[inline(never)]
    pub unsafe fn seq_into(&mut self, exp: &str, size: usize, align: usize, read: ReadIn, drop: Option<unsafe fn(*mut u8)>) -> Result<RawSeq, Error> {
        // An empty vector's pointer is dangling and aligned, as `Vec::new`'s.
        let mut v = RawSeq { ptr: align as *mut u8, len: 0, cap: 0 };
        let read = self.seq(exp, &mut |r| {
            if v.len == v.cap {
                v.grow(size, align);
            }
            // SAFETY: there is room for one element at `len`; it counts once it is initialised.
            unsafe { read(r, v.ptr.add(v.len * size))? };
            v.len += 1;
            Ok(())
        });
        if let Err(e) = read {
            v.free(size, align, drop);
            return Err(e);
        }
        Ok(v)
    }
    /// A map read into a buffer of `(String, value)` entries kept sorted by key, the last of
    /// equal keys winning (`SortedMap::insert`'s rule); on error the entries read are dropped and
    /// the buffer freed.
    ///
    /// # Safety
    /// `entry` describes `(String, T)` for the `T` its `read` and `drop_value` are for.
    #[inline(never)]
    pub unsafe fn map_into(&mut self, exp: &str, entry: &MapEntry) -> Result<RawSeq, Error> {
        let size = entry.size;
        let mut v = RawSeq { ptr: entry.align as *mut u8, len: 0, cap: 0 };
        let key_at = |v: &RawSeq, i: usize| unsafe { &*v.ptr.add(i * size + entry.key).cast::<String>() };
        let read = self.map(exp, &mut |r, key| {
            // Two places past the entries: the new value is read into the second.
            while v.cap < v.len + 2 {
                v.grow(size, entry.align);
            }
            let spare = v.ptr.add((v.len + 1) * size);
            unsafe { (entry.read)(r, spare.add(entry.value))? };
            let found = v.binary_search(|i| key_at(&v, i).as_str().cmp(key));
            let at = found.unwrap_or_else(|i| i);
            let place = v.ptr.add(at * size);
            if found.is_ok() {
                if let Some(drop) = entry.drop_value {
                    drop(place.add(entry.value));
                }
                core::ptr::copy_nonoverlapping(spare.add(entry.value), place.add(entry.value), entry.value_size);
            } else {
                spare.add(entry.key).cast::<String>().write(key.to_owned());
                core::ptr::copy(place, place.add(size), (v.len - at) * size);
                core::ptr::copy_nonoverlapping(spare, place, size);
                v.len += 1;
            }
            Ok(())
        });
        if let Err(e) = read {
            for i in 0..v.len {
                core::ptr::drop_in_place(v.ptr.add(i * size + entry.key).cast::<String>());
                if let Some(drop) = entry.drop_value {
                    drop(v.ptr.add(i * size + entry.value));
                }
            }
            v.free(size, entry.align, None);
            return Err(e);
        }
        Ok(v)
    }
    /// A map whose values `each` reads with their key (one shared loop for every value type);
    /// errors get the key in their path.
    #[inline(never)]
    pub fn map(&mut self, exp: &str, each: &mut dyn FnMut(&mut Reader<'a>, &str) -> Result<(), Error>) -> Result<(), Error> {
        self.map_start(exp)?;
        let mut n = 0;
        while let Some(key) = self.map_next(n)? {
            n += 1;
            each(self, &key).map_err(|e| e.at_key(&key))?;
        }
        Ok(())
    }
    /// A struct's object, read through its field table straight into the struct's memory at
    /// `base`: each known key's value is read by its member's `read`; serde's duplicate, unknown
    /// and missing field errors; values' errors get the key in their path. Absent fields get
    /// their default (or `None`) after the last member. One non-generic function for every
    /// struct: what differs per struct is data (the table), per field type one `Read::read_in`.
    ///
    /// # Safety
    /// `base` points to writable, aligned, uninitialised memory of the struct `members`
    /// describes: every field exactly once, with its offset and its own type's functions. On
    /// `Ok` every field is initialised; on `Err` none is (what was read is dropped again).
    #[inline(never)]
    pub unsafe fn object(&mut self, exp: &str, members: &'static [Member], deny_unknown: bool, base: *mut u8) -> Result<(), Error> {
        // Structs have at most 64 fields (the derive checks it).
        let mut seen = 0u64;
        // (`?`, not a `Result` kept for a match: that would be dropped by a call on every path.)
        self.members(exp, members, deny_unknown, base, &mut seen).inspect_err(|_| drop_read(members, seen, base))?;
        // Only the members not seen are looked at (usually a few optional ones).
        let unseen = !seen & (u64::MAX >> (64 - members.len().max(1)));
        let mut complete = true;
        each_member(members, unseen, |m| complete &= m.absent.is_some());
        if !complete {
            drop_read(members, seen, base);
            return Err(missing(members, unseen));
        }
        each_member(members, unseen, |m| {
            if let Some(absent) = m.absent {
                absent(base.add(usize::from(m.offset)));
            }
        });
        Ok(())
    }
    /// The members of an object; `seen` marks each field read (and so initialised).
    unsafe fn members(&mut self, exp: &str, members: &'static [Member], deny_unknown: bool, base: *mut u8, seen: &mut u64) -> Result<(), Error> {
        // `map_start` written out: one wasm call less per struct read.
        if !self.at(b'{') {
            return Err(self.not_opened(exp));
        }
        self.enter()?;
        let mut n = 0;
        // Where the next key is looked for first: after the member of the last one.
        let mut from = 0;
        while let Some(key) = self.next_member(n, members, from)? {
            n += 1;
            let k = match key {
                MemberKey::Member(k) => k,
                MemberKey::Other(text) => match self.other_key(text, members, deny_unknown)? {
                    Some(k) => k,
                    None => continue,
                },
            };
            let m = &members[k];
            if *seen & (1 << k) != 0 {
                return Err(Error::duplicate_field(m.name));
            }
            let at = base.add(usize::from(m.offset));
            match m.absent {
                Some(absent) if m.null_absent && self.null() => absent(at),
                _ => (m.read)(self, at).map_err(|e| e.at_key(m.name))?,
            }
            *seen |= 1 << k;
            from = k + 1;
        }
        Ok(())
    }
    /// A key not recognised where it stood (escaped, or not a member's): its member's index, or
    /// `None` once an unknown field's value is skipped (unless unknown fields are refused).
    #[inline(never)]
    fn other_key(&mut self, key: Cow<'a, str>, members: &'static [Member], deny_unknown: bool) -> Result<Option<usize>, Error> {
        match member_index(members, &key) {
            Some(k) => Ok(Some(k)),
            None if deny_unknown => Err(Error::unknown_field(&key, &declared(members)).at_key(&key)),
            None => {
                self.skip().map_err(|e| e.at_key(&key))?;
                Ok(None)
            }
        }
    }
}

macro_rules! read_uint {
    ($($t:ident)*) => {$(
        impl Read for $t {
            const EXPECTING: &'static str = stringify!($t);
            fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
                r.uint(Self::EXPECTING, $t::MAX as u64).map(|n| n as $t)
            }
            fn placeholder() -> Self {
                0
            }
        }
    )*};
}
read_uint!(u8 u16 u32 u64 usize);

macro_rules! read_int {
    ($($t:ident)*) => {$(
        impl Read for $t {
            const EXPECTING: &'static str = stringify!($t);
            fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
                r.int(Self::EXPECTING, $t::MIN as i64, $t::MAX as i64).map(|n| n as $t)
            }
            fn placeholder() -> Self {
                0
            }
        }
    )*};
}
read_int!(i32 i64);

impl Read for bool {
    const EXPECTING: &'static str = "a boolean";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.boolean()
    }
    fn placeholder() -> Self {
        false
    }
}

impl Read for String {
    const EXPECTING: &'static str = "a string";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.str(Self::EXPECTING).map(Cow::into_owned)
    }
    fn placeholder() -> Self {
        String::new()
    }
}

impl<T: Read> Read for Option<T> {
    const EXPECTING: &'static str = T::EXPECTING;
    const OPTIONAL: bool = true;
    /// Where `Some(v)` is `v`'s own bytes (a niche holds `None`: strings, vectors, structs with
    /// one), a field reads its value in place with the value's own reader, and the table writes
    /// `None` for `null`: no reader per `Option` type (43 of them in the host wasm).
    const MEMBER_READ: (ReadIn, bool) = if core::mem::size_of::<Self>() == core::mem::size_of::<T>() { (T::read_in, true) } else { (Self::read_in, false) };
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        if r.null() {
            return Ok(None);
        }
        T::read(r).map(Some)
    }
    unsafe fn read_in(r: &mut Reader<'_>, p: *mut u8) -> Result<(), Error> {
        if r.null() {
            p.cast::<Self>().write(None);
            return Ok(());
        }
        // The value is read in place, then moved into the `Some` once (no `Result` in between).
        let mut v = core::mem::MaybeUninit::<T>::uninit();
        T::read_in(r, v.as_mut_ptr().cast::<u8>())?;
        p.cast::<Self>().write(Some(v.assume_init()));
        Ok(())
    }
    fn placeholder() -> Self {
        None
    }
}

impl<T: Read> Read for Vec<T> {
    const EXPECTING: &'static str = "a sequence";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let mut v = core::mem::MaybeUninit::<Self>::uninit();
        // SAFETY: `v` is a place for a `Self`, initialised when `read_in` succeeds.
        unsafe {
            Self::read_in(r, v.as_mut_ptr().cast::<u8>())?;
            Ok(v.assume_init())
        }
    }
    /// The elements are read by one function for every element type ([`Reader::seq_into`]):
    /// only the vector's assembly is generic (a generic reader was ~300 B of wasm per type).
    unsafe fn read_in(r: &mut Reader<'_>, p: *mut u8) -> Result<(), Error> {
        let (size, align) = (core::mem::size_of::<T>(), core::mem::align_of::<T>());
        if size == 0 {
            // No allocation to share for zero-sized elements: `Vec` counts them itself.
            let mut v: Vec<T> = Vec::new();
            r.seq(Self::EXPECTING, &mut |r| T::read(r).map(|x| v.push(x)))?;
            p.cast::<Self>().write(v);
            return Ok(());
        }
        let s = r.seq_into(Self::EXPECTING, size, align, T::read_in, drop_of::<T>())?;
        // SAFETY: `seq_into` allocated `cap` elements of `T`'s size and alignment with the global
        // allocator (as `Vec<T>` does) and initialised the first `len`.
        p.cast::<Self>().write(Vec::from_raw_parts(s.ptr.cast::<T>(), s.len, s.cap));
        Ok(())
    }
    fn placeholder() -> Self {
        Vec::new()
    }
}

impl<T: Read + Ord> Read for crate::sorted::SortedSet<T> {
    const EXPECTING: &'static str = "a sequence";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        Vec::<T>::read(r).map(|v| v.into_iter().collect())
    }
    fn placeholder() -> Self {
        Self::new()
    }
}

impl<T: Read> Read for SortedMap<String, T> {
    const EXPECTING: &'static str = "a map";
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let mut v = core::mem::MaybeUninit::<Self>::uninit();
        // SAFETY: `v` is a place for a `Self`, initialised when `read_in` succeeds.
        unsafe {
            Self::read_in(r, v.as_mut_ptr().cast::<u8>())?;
            Ok(v.assume_init())
        }
    }
    /// The entries are read and sorted by one function for every value type
    /// ([`Reader::map_into`]): only the map's assembly is generic.
    unsafe fn read_in(r: &mut Reader<'_>, p: *mut u8) -> Result<(), Error> {
        let entry = MapEntry {
            size: core::mem::size_of::<(String, T)>(),
            align: core::mem::align_of::<(String, T)>(),
            key: core::mem::offset_of!((String, T), 0),
            value: core::mem::offset_of!((String, T), 1),
            value_size: core::mem::size_of::<T>(),
            read: T::read_in,
            drop_value: drop_of::<T>(),
        };
        let s = r.map_into(Self::EXPECTING, &entry)?;
        // SAFETY: `map_into` allocated `cap` entries of `(String, T)`'s size and alignment with the
        // global allocator (as `Vec` does), initialised the first `len`, sorted by key, no two
        // equal.
        let items = Vec::from_raw_parts(s.ptr.cast::<(String, T)>(), s.len, s.cap);
        p.cast::<Self>().write(SortedMap::from_sorted(items));
        Ok(())
    }
    fn placeholder() -> Self {
        SortedMap::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_decoding_is_from_utf8_lossy() {
        let mut cases: Vec<Vec<u8>> = ["", "abc", "été", "🙂x"].iter().map(|s| s.as_bytes().to_vec()).collect();
        cases.extend([vec![0xff], vec![b'a', 0xc3], vec![0xe2, 0x82], vec![0xf0, 0x9f, 0x99], vec![0xed, 0xa0, 0x80, b'z'], vec![0xc0, 0xaf, 0xf5, 0x80]]);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5000 {
            let len = (seed % 12) as usize;
            let mut bytes = Vec::with_capacity(len);
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Mostly lead and continuation bytes, where the decoding rules are.
                bytes.push(if seed & 3 == 0 { (seed >> 8) as u8 & 0x7f } else { 0x80 | (seed >> 8) as u8 });
            }
            cases.push(bytes);
        }
        for bytes in cases {
            assert_eq!(lossy(&bytes), String::from_utf8_lossy(&bytes), "{bytes:x?}");
        }
    }

    /// serde_json's syntax errors, message and position, for malformed requests.
    #[test]
    fn syntax_errors_match_serde_json() {
        let cases: &[&str] = &[
            "",
            " ",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "{\"a\":1,}",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{1:2}",
            "nul",
            "nulx",
            "tru",
            "-",
            "-x",
            "01",
            "1.",
            "1.x",
            "1e",
            "1e+",
            "1ex",
            "\"abc",
            "\"a\\x\"",
            "\"a\\u12\"",
            "\"a\\u12zz\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\udc00\"",
            "{} x",
            "[]]",
            "\n\n  {\"a\":\n [1,\n x]}",
            "{\"v\":1,\"op\":\"x\",\"input\":{\"total\":\"1.00\"",
            "[[[[",
            "{\"a\":[1,2,{\"b\":nulll}]}",
            "\"\\ud800\\x\"",
            "-01",
            "1.5e3x",
        ];
        for c in cases {
            let ours = check(c.as_bytes()).err();
            let theirs = serde_json::from_slice::<serde_json::Value>(c.as_bytes()).err().map(|e| e.to_string());
            assert_eq!(ours, theirs, "{c:?}");
        }
        let deep = "[".repeat(200);
        assert_eq!(check(deep.as_bytes()).err(), serde_json::from_str::<serde_json::Value>(&deep).err().map(|e| e.to_string()));
        assert_eq!(check(&[b'"', 0xff, b'"']).err(), serde_json::from_slice::<serde_json::Value>(&[b'"', 0xff, b'"']).err().map(|e| e.to_string()));
    }

    /// Counts the values read and dropped, to prove the table reader drops exactly what it read.
    #[derive(Debug, PartialEq)]
    struct Tracked(String);
    thread_local! {
        static LIVE: core::cell::Cell<i64> = const { core::cell::Cell::new(0) };
    }
    impl Read for Tracked {
        const EXPECTING: &'static str = "a string";
        fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
            let s = String::read(r)?;
            LIVE.with(|n| n.set(n.get() + 1));
            Ok(Tracked(s))
        }
        fn placeholder() -> Self {
            unreachable!("a required field's placeholder is never used")
        }
    }
    #[cfg(feature = "schema")]
    impl crate::api::schema::In for Tracked {
        fn describe_in(s: &mut crate::api::schema::Schemas) -> crate::api::schema::Ty {
            <String as crate::api::schema::In>::describe_in(s)
        }
    }
    impl Drop for Tracked {
        fn drop(&mut self) {
            LIVE.with(|n| n.set(n.get() - 1));
        }
    }

    fn seven() -> u32 {
        7
    }

    #[derive(crate::Read, Debug, PartialEq)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    struct Probe<A> {
        first_name: Tracked,
        tags: Vec<Tracked>,
        #[serde(default = "seven")]
        count: u32,
        #[serde(default)]
        flag: bool,
        note: Option<Tracked>,
        inner: A,
    }

    fn probe(text: &str) -> Result<Probe<Tracked>, (ErrorCode, String, String)> {
        from_slice::<Probe<Tracked>>(text.as_bytes()).map_err(|e| (e.code, e.message.clone(), e.path_from("input")))
    }

    /// Maps as `SortedMap::insert` builds them (key order, the last of equal keys wins), lists,
    /// and `null`/absent `Option`s with and without a niche; what a failed read had read is
    /// dropped.
    #[test]
    fn maps_lists_and_options_read_as_the_generic_readers_did() {
        let m = from_slice::<SortedMap<String, Vec<Tracked>>>(br#"{"b":["1"],"a":[],"c":["2","3"],"b":["4","5","6","7","8"],"aa":["9"]}"#).unwrap();
        let flat: Vec<(&str, Vec<&str>)> = m.iter().map(|(k, v)| (k.as_str(), v.iter().map(|t| t.0.as_str()).collect())).collect();
        assert_eq!(flat, [("a", vec![]), ("aa", vec!["9"]), ("b", vec!["4", "5", "6", "7", "8"]), ("c", vec!["2", "3"])]);
        drop(m);
        assert_eq!(LIVE.with(|n| n.get()), 0);
        let bad = from_slice::<SortedMap<String, Vec<Tracked>>>(br#"{"b":["1"],"a":["2","3"],"c":["4",5]}"#).unwrap_err();
        assert_eq!((bad.message.as_str(), bad.path_from("input").as_str()), ("invalid type: integer `5`, expected a string", "input.c[1]"));
        assert_eq!(LIVE.with(|n| n.get()), 0);
        let nums = from_slice::<SortedMap<String, Option<u32>>>(br#"{"x":null,"w":3}"#).unwrap();
        assert_eq!(nums.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("w", Some(3)), ("x", None)]);
        let list = from_slice::<Vec<Option<u64>>>(b"[1,null,2,3,4,5,6,7,8,9]").unwrap();
        assert_eq!(list, [Some(1), None, Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), Some(8), Some(9)]);
        let text = from_slice::<Vec<Option<String>>>(br#"[null,"a"]"#).unwrap();
        assert_eq!(text, [None, Some("a".to_string())]);
        let nested = probe(r#"{"firstName":"a","tags":[],"note":null,"inner":"i"}"#).unwrap();
        assert!(nested.note.is_none());
        drop(nested);
        assert_eq!(LIVE.with(|n| n.get()), 0);
        // A niche-less `Option` field keeps its own reader.
        #[derive(crate::Read, Debug, PartialEq)]
        struct Counts {
            a: Option<u32>,
            b: Option<u32>,
            c: Option<String>,
        }
        assert_eq!(from_slice::<Counts>(br#"{"a":null,"b":7}"#).unwrap(), Counts { a: None, b: Some(7), c: None });
        assert_eq!(from_slice::<Counts>(br#"{"c":"x","a":1}"#).unwrap(), Counts { a: Some(1), b: None, c: Some("x".into()) });
        assert_eq!(from_slice::<Counts>(br#"{"c":5}"#).unwrap_err().message, "invalid type: integer `5`, expected a string");
    }

    #[test]
    fn the_field_table_reads_defaults_and_drops_exactly_what_it_read() {
        let full = probe(r#"{"firstName":"a","tags":["x","y"],"count":3,"flag":true,"note":"n","inner":"i"}"#).unwrap();
        assert_eq!(
            (full.first_name.0.as_str(), full.tags.len(), full.count, full.flag, full.note.is_some(), full.inner.0.as_str()),
            ("a", 2, 3, true, true, "i")
        );
        drop(full);
        let absent = probe(r#"{"inner":"i","tags":[],"firstName":"a"}"#).unwrap();
        assert_eq!((absent.count, absent.flag, absent.note.is_none()), (7, false, true));
        drop(absent);
        assert_eq!(LIVE.with(|n| n.get()), 0);
        let cases: &[(&str, ErrorCode, &str, &str)] = &[
            (r#"{"firstName":"a","tags":["x"],"count":"3","inner":"i"}"#, ErrorCode::InvalidType, "invalid type: string \"3\", expected u32", "input.count"),
            (r#"{"firstName":"a","tags":["x",5]}"#, ErrorCode::InvalidType, "invalid type: integer `5`, expected a string", "input.tags[1]"),
            (r#"{"firstName":"a","note":"n","tags":["x"]}"#, ErrorCode::MissingField, "missing field `inner`", "input.inner"),
            // The first missing field in declaration order (`tags` before `inner`), whatever the table's order.
            (r#"{"firstName":"a"}"#, ErrorCode::MissingField, "missing field `tags`", "input.tags"),
            (
                r#"{"inner":"i","note":null,"firstName":"a","tags":[],"firstNamx":1}"#,
                ErrorCode::UnknownField,
                "unknown field `firstNamx`, expected one of `firstName`, `tags`, `count`, `flag`, `note`, `inner`",
                "input.firstNamx",
            ),
            (r#"{"firstName":"a","firstName":"b"}"#, ErrorCode::InvalidValue, "duplicate field `firstName`", "input"),
            (
                r#"{"firstName":"a","first":"b"}"#,
                ErrorCode::UnknownField,
                "unknown field `first`, expected one of `firstName`, `tags`, `count`, `flag`, `note`, `inner`",
                "input.first",
            ),
            (r#"{"firstName":"a","tags":["x"],"inner":"i","note":"n"  x"#, ErrorCode::InvalidJson, "the request is not valid JSON", "input"),
        ];
        for (text, code, message, path) in cases {
            assert_eq!(probe(text).unwrap_err(), (*code, message.to_string(), path.to_string()), "{text}");
            assert_eq!(LIVE.with(|n| n.get()), 0, "{text}");
        }
    }

    /// Strings as serde_json reads them: every special byte (quote, backslash, control, non-ASCII,
    /// bad UTF-8) at every place of texts around the 8 bytes the reader tests at once.
    #[test]
    fn strings_are_read_as_serde_json_reads_them() {
        let specials: &[&[u8]] =
            &[b"\"", b"\\\"", b"\\n", b"\\u00e9", b"\n", b"\x01", b"\x1f", b"\x7f", "é".as_bytes(), "😀".as_bytes(), b"\xff", b"\xc3", b"\xed\xa0\x80"];
        for special in specials {
            for len in [0, 1, 7, 8, 9, 15, 16, 17] {
                for at in 0..=len {
                    let mut text = b"\"".to_vec();
                    text.extend((0..at).map(|k| b'a' + (k % 26) as u8));
                    text.extend_from_slice(special);
                    text.extend((at..len).map(|k| b'a' + (k % 26) as u8));
                    text.push(b'"');
                    for tail in [&b""[..], b"  "] {
                        let whole = [&text[..], tail].concat();
                        let ours = from_slice::<String>(&whole).ok();
                        let theirs = serde_json::from_slice::<String>(&whole).ok();
                        assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(&whole));
                    }
                }
            }
        }
    }

    #[test]
    fn same_compares_every_byte() {
        for len in 0..20 {
            let a: Vec<u8> = (0..len).map(|k| b'a' + k as u8).collect();
            assert!(same(&a, &a.clone()));
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same(&a, &b), "{len} {at}");
            }
            assert!(!same(&a, &a[..len.saturating_sub(1)]) || len == 0);
        }
    }

    #[test]
    fn unescape_decodes_every_escape() {
        let raw = br#"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"#;
        assert_eq!(unescape(raw, true), "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1F600}");
    }
}
