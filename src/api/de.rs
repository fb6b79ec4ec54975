//! The typed parser: JSON bytes straight into an operation's request struct (serde derive), no
//! `serde_json::Value` in between. It knows where it is, so every error carries the JSON path of
//! the field at fault (`input.cart.total`) without `serde_path_to_error`.
//!
//! Two passes over one request: [`check`] validates the syntax once (serde_json's messages and
//! positions, so `invalid_json` answers did not change), then [`from_slice`] reads the already
//! valid text into the typed struct. The second pass trusts the first for structure but still
//! never panics or reads out of bounds on any input.

use crate::codes::ErrorCode;
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};
use std::borrow::Cow;
use std::fmt;

/// serde_json's recursion limit: the 128th nested `[` or `{` is refused.
const MAX_DEPTH: u32 = 128;

/// A path segment, innermost first while an error bubbles up.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A parse failure: a stable code, a message and the path below the input it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    path: Vec<Seg>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            message: message.into(),
            path: Vec::new(),
        }
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
        self.path.push(Seg::Key(key.to_string()));
        self
    }
    #[inline(never)]
    fn at_index(mut self, i: usize) -> Error {
        self.path.push(Seg::Index(i));
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Marks a message that carries one of our codes (wire types raise them through serde's
/// `custom`, the only constructor a generic `D::Error` has).
pub const MARK: char = '\u{1}';

/// A serde error message that carries one of our codes.
pub fn marked_error(code: &str, message: &str) -> String {
    format!("{MARK}{code}{MARK}{message}")
}

/// serde's own wording, with serde_json's "null" for unit and no float formatting linked in.
fn unexpected(u: &Unexpected<'_>) -> String {
    match u {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(i) => format!("integer `{i}`"),
        Unexpected::Signed(i) => format!("integer `{i}`"),
        Unexpected::Float(_) => "floating point".to_string(),
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {s:?}"),
        Unexpected::Bytes(_) => "byte array".to_string(),
        Unexpected::Unit => "null".to_string(),
        Unexpected::Option => "Option value".to_string(),
        Unexpected::NewtypeStruct => "newtype struct".to_string(),
        Unexpected::Seq => "sequence".to_string(),
        Unexpected::Map => "map".to_string(),
        Unexpected::Enum => "enum".to_string(),
        Unexpected::UnitVariant => "unit variant".to_string(),
        Unexpected::NewtypeVariant => "newtype variant".to_string(),
        Unexpected::TupleVariant => "tuple variant".to_string(),
        Unexpected::StructVariant => "struct variant".to_string(),
        Unexpected::Other(o) => (*o).to_string(),
    }
}

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

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        let s = msg.to_string();
        if let Some(rest) = s.strip_prefix(MARK) {
            if let Some((code, m)) = rest.split_once(MARK) {
                return Error::new(ErrorCode::parse(code).unwrap_or(ErrorCode::InvalidValue), m);
            }
        }
        Error::new(ErrorCode::InvalidValue, s)
    }
    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error::new(
            ErrorCode::InvalidType,
            format!("invalid type: {}, expected {exp}", unexpected(&unexp)),
        )
    }
    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error::new(
            ErrorCode::InvalidValue,
            format!("invalid value: {}, expected {exp}", unexpected(&unexp)),
        )
    }
    fn invalid_length(len: usize, exp: &dyn Expected) -> Error {
        Error::new(
            ErrorCode::InvalidValue,
            format!("invalid length {len}, expected {exp}"),
        )
    }
    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        let list = if expected.is_empty() {
            "there are no variants".to_string()
        } else {
            one_of(expected)
        };
        Error::new(
            ErrorCode::InvalidValue,
            format!("unknown variant `{variant}`, {list}"),
        )
    }
    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        let list = if expected.is_empty() {
            "there are no fields".to_string()
        } else {
            one_of(expected)
        };
        Error::new(
            ErrorCode::UnknownField,
            format!("unknown field `{field}`, {list}"),
        )
    }
    fn missing_field(field: &'static str) -> Error {
        Error::new(ErrorCode::MissingField, format!("missing field `{field}`")).at_key(field)
    }
    fn duplicate_field(field: &'static str) -> Error {
        Error::new(
            ErrorCode::InvalidValue,
            format!("duplicate field `{field}`"),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: syntax, with serde_json's messages and positions.

/// Checks that `b` is one JSON value (whitespace around it allowed) and returns the range of
/// the value; the error is serde_json's (`EOF while parsing a value at line 1 column 12`).
pub fn check(b: &[u8]) -> Result<(), String> {
    let mut s = Scanner {
        b,
        i: 0,
        depth: MAX_DEPTH,
    };
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
        Scanner {
            b,
            i: 0,
            depth: MAX_DEPTH,
        }
    }
    fn position(&self, i: usize) -> (usize, usize) {
        let i = i.min(self.b.len());
        let head = &self.b[..i];
        let start = head.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        (
            1 + head[..start].iter().filter(|&&c| c == b'\n').count(),
            i - start,
        )
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
    pub(crate) fn ws(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.b.get(self.i).copied();
        if c.is_some() {
            self.i += 1;
        }
        c
    }
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
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
                0..=0x1f => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
                _ => {}
            }
        }
        if let Err(e) = std::str::from_utf8(&self.b[start..self.i - 1]) {
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
                            Some(c) if c != want => {
                                return Err(self.error("unexpected end of hex escape"))
                            }
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
    pub(crate) fn object(
        &mut self,
        mut member: impl FnMut(&mut Scanner<'a>, (usize, usize, bool)) -> Result<(), String>,
    ) -> Result<(), String> {
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

/// Decodes a checked JSON string body (between the quotes).
pub(crate) fn unescape(raw: &[u8], escaped: bool) -> Cow<'_, str> {
    if !escaped {
        return String::from_utf8_lossy(raw);
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
                let hex = |at: usize| {
                    raw.get(at..at + 4)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0xFFFD)
                };
                let n = hex(i);
                i += 4;
                let cp = if (0xD800..=0xDBFF).contains(&n) && raw.get(i) == Some(&b'\\') {
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
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Pass 2: checked text into typed values.

/// Reads one checked JSON value into `T`; errors carry the path below the value.
pub fn from_slice<'de, T: serde::Deserialize<'de>>(b: &'de [u8]) -> Result<T, Error> {
    let mut d = Deserializer { b, i: 0 };
    T::deserialize(&mut d)
}

pub struct Deserializer<'de> {
    b: &'de [u8],
    i: usize,
}

/// What the next value is, for `invalid_type` errors.
enum Token<'de> {
    Null,
    Bool(bool),
    Int(u64, bool),
    Float(&'de str),
    Str(Cow<'de, str>),
    Seq,
    Map,
}

#[inline(never)]
fn broken() -> Error {
    Error::new(ErrorCode::InvalidJson, "the request is not valid JSON")
}

impl<'de> Deserializer<'de> {
    fn ws(&mut self) -> Option<u8> {
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(c);
            }
            self.i += 1;
        }
        None
    }
    /// The body of a string whose opening quote is at the cursor; the cursor ends after it.
    #[inline(never)]
    fn string(&mut self) -> Result<Cow<'de, str>, Error> {
        let start = self.i + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            match self.b.get(i) {
                None => return Err(broken()),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                Some(_) => i += 1,
            }
        }
        self.i = i + 1;
        let raw = self.b.get(start..i).ok_or_else(broken)?;
        if escaped {
            return Ok(unescape(raw, true));
        }
        std::str::from_utf8(raw)
            .map(Cow::Borrowed)
            .map_err(|_| broken())
    }
    #[inline(never)]
    fn number(&mut self) -> Token<'de> {
        let start = self.i;
        let neg = self.b.get(self.i) == Some(&b'-');
        if neg {
            self.i += 1;
        }
        let mut n: u64 = 0;
        let mut fits = true;
        while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
            match n
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(c - b'0')))
            {
                Some(m) => n = m,
                None => fits = false,
            }
            self.i += 1;
        }
        let mut float = !fits;
        while let Some(&c) = self.b.get(self.i) {
            if !matches!(c, b'.' | b'e' | b'E' | b'+' | b'-' | b'0'..=b'9') {
                break;
            }
            float = true;
            self.i += 1;
        }
        if float || (neg && n > i64::MAX as u64 + 1) {
            let raw = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
            return Token::Float(raw);
        }
        Token::Int(n, neg)
    }
    /// Reads a scalar or notes a container (without consuming it).
    #[inline(never)]
    fn token(&mut self) -> Result<Token<'de>, Error> {
        Ok(match self.ws().ok_or_else(broken)? {
            b'n' => {
                self.i += 4;
                Token::Null
            }
            b't' => {
                self.i += 4;
                Token::Bool(true)
            }
            b'f' => {
                self.i += 5;
                Token::Bool(false)
            }
            b'"' => Token::Str(self.string()?),
            b'[' => Token::Seq,
            b'{' => Token::Map,
            b'-' | b'0'..=b'9' => self.number(),
            _ => return Err(broken()),
        })
    }
    /// The error for a value of the wrong kind (a container is skipped first).
    #[inline(never)]
    fn wrong(&mut self, t: Token<'de>, exp: &dyn Expected) -> Error {
        let u = match &t {
            Token::Null => Unexpected::Unit,
            Token::Bool(b) => Unexpected::Bool(*b),
            Token::Int(n, false) => Unexpected::Unsigned(*n),
            Token::Int(n, true) => Unexpected::Signed((*n as i64).wrapping_neg()),
            Token::Float(_) => Unexpected::Other("floating point"),
            Token::Str(s) => Unexpected::Str(s),
            Token::Seq => Unexpected::Seq,
            Token::Map => Unexpected::Map,
        };
        let e = if let Token::Float(raw) = t {
            Error::new(
                ErrorCode::InvalidType,
                format!("invalid type: floating point `{raw}`, expected {exp}"),
            )
        } else {
            <Error as de::Error>::invalid_type(u, exp)
        };
        if matches!(t, Token::Seq | Token::Map) {
            let _ = self.skip();
        }
        e
    }
    /// Skips one value.
    #[inline(never)]
    fn skip(&mut self) -> Result<(), Error> {
        match self.token()? {
            Token::Seq | Token::Map => {
                let mut depth = 0usize;
                loop {
                    match self.b.get(self.i).ok_or_else(broken)? {
                        b'[' | b'{' => depth += 1,
                        b']' | b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Ok(());
                            }
                        }
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => Ok(()),
        }
    }
    fn int<V: Visitor<'de>>(&mut self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Int(n, false) => v.visit_u64(n),
            Token::Int(n, true) => v.visit_i64((n as i64).wrapping_neg()),
            t => Err(self.wrong(t, &v)),
        }
    }
}

macro_rules! ints {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            self.int(v)
        }
    )*};
}

macro_rules! forward_any {
    ($($m:ident)*) => {$(
        fn $m<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
            self.deserialize_any(v)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => v.visit_unit(),
            Token::Bool(b) => v.visit_bool(b),
            Token::Int(n, false) => v.visit_u64(n),
            Token::Int(n, true) => v.visit_i64((n as i64).wrapping_neg()),
            // Only IgnoredAny and loose readers come here; nothing in the core is a float.
            Token::Float(_) => v.visit_f64(0.0),
            Token::Str(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Token::Str(Cow::Owned(s)) => v.visit_string(s),
            Token::Seq => self.deserialize_seq(v),
            Token::Map => self.deserialize_map(v),
        }
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Bool(b) => v.visit_bool(b),
            t => Err(self.wrong(t, &v)),
        }
    }
    ints!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64);
    forward_any!(deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf);
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Str(Cow::Borrowed(s)) => v.visit_borrowed_str(s),
            Token::Str(Cow::Owned(s)) => v.visit_string(s),
            t => Err(self.wrong(t, &v)),
        }
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.ws() == Some(b'n') {
            self.i += 4;
            return v.visit_none();
        }
        v.visit_some(self)
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.token()? {
            Token::Null => v.visit_unit(),
            t => Err(self.wrong(t, &v)),
        }
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(v)
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.ws() != Some(b'[') {
            let t = self.token()?;
            return Err(self.wrong(t, &v));
        }
        self.i += 1;
        let value = v.visit_seq(Seq { de: self, n: 0 })?;
        // A visitor that stopped early (fixed-length) leaves elements: skip them.
        loop {
            match self.ws().ok_or_else(broken)? {
                b']' => {
                    self.i += 1;
                    return Ok(value);
                }
                b',' => self.i += 1,
                _ => self.skip()?,
            }
        }
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.ws() != Some(b'{') {
            let t = self.token()?;
            return Err(self.wrong(t, &v));
        }
        self.i += 1;
        let value = v.visit_map(Map {
            de: self,
            key: String::new(),
            first: true,
        })?;
        loop {
            match self.ws().ok_or_else(broken)? {
                b'}' => {
                    self.i += 1;
                    return Ok(value);
                }
                b',' | b':' => self.i += 1,
                _ => self.skip()?,
            }
        }
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        // Only unit variants (snake_case names as strings) are on the wire.
        match self.token()? {
            Token::Str(s) => v.visit_enum(de::value::CowStrDeserializer::<Error>::new(s)),
            t => Err(self.wrong(t, &v)),
        }
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.skip()?;
        v.visit_unit()
    }
}

struct Seq<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    n: usize,
}

impl<'de> de::SeqAccess<'de> for Seq<'_, 'de> {
    type Error = Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.de.ws().ok_or_else(broken)? {
            b']' => return Ok(None),
            b',' => self.de.i += 1,
            _ => {}
        }
        if self.de.ws() == Some(b']') {
            return Ok(None);
        }
        let n = self.n;
        self.n += 1;
        seed.deserialize(&mut *self.de)
            .map(Some)
            .map_err(|e| e.at_index(n))
    }
}

struct Map<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    key: String,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Map<'_, 'de> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.de.ws().ok_or_else(broken)? {
            b'}' => return Ok(None),
            b',' if !self.first => self.de.i += 1,
            _ => {}
        }
        self.first = false;
        if self.de.ws() != Some(b'"') {
            return Err(broken());
        }
        let key = self.de.string()?;
        if self.de.ws() == Some(b':') {
            self.de.i += 1;
        }
        self.key.clear();
        self.key.push_str(&key);
        let k: de::value::CowStrDeserializer<'de, Error> = key.into_deserializer();
        seed.deserialize(k)
            .map(Some)
            .map_err(|e| e.at_key(&self.key))
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.de)
            .map_err(|e| e.at_key(&self.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let theirs = serde_json::from_slice::<serde_json::Value>(c.as_bytes())
                .err()
                .map(|e| e.to_string());
            assert_eq!(ours, theirs, "{c:?}");
        }
        let deep = "[".repeat(200);
        assert_eq!(
            check(deep.as_bytes()).err(),
            serde_json::from_str::<serde_json::Value>(&deep)
                .err()
                .map(|e| e.to_string())
        );
        assert_eq!(
            check(&[b'"', 0xff, b'"']).err(),
            serde_json::from_slice::<serde_json::Value>(&[b'"', 0xff, b'"'])
                .err()
                .map(|e| e.to_string())
        );
    }

    #[test]
    fn unescape_decodes_every_escape() {
        let raw = br#"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"#;
        assert_eq!(
            unescape(raw, true),
            "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1F600}"
        );
    }
}
