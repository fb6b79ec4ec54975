//! One wasm function body → one PHP method.
//!
//! The wasm value stack is kept symbolically: each entry is a PHP expression plus what it reads
//! (locals, stack slots `$s<depth>`, globals, memory) and whether it may trap. Expressions are
//! folded into their consumer and only written to their slot variable when something they read
//! is about to change, at control-flow boundaries, or when they must be evaluated once. Side
//! effects (stores, calls, global and memory changes) are statements in wasm order; pure
//! expressions may be evaluated later than in wasm, which is unobservable, and a trapping one
//! is never dropped unevaluated.
//!
//! Structured control flow becomes `goto` within the method (labels only at the method's top
//! level; jumps only out of `if`/`switch`), `br_table` a `switch` of gotos.

use crate::module::{check_valtype, Module};
use crate::{php_f64, php_i64, Error, Options, Result};
use std::fmt::Write as _;
use wasmparser::{BlockType, FunctionBody, MemArg, Operator, ValType};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Int,
    /// A PHP bool standing for an i32 0/1 (comparisons), converted with (int) when used as a number.
    Bool,
    Float,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Var {
    Local(u32),
    Slot(usize),
    Global(u32),
}

#[derive(Clone, Debug)]
struct Entry {
    code: String,
    kind: Kind,
    reads: Vec<Var>,
    /// Reads linear memory or its size.
    mem: bool,
    /// May trap (loads, division).
    trap: bool,
    /// A variable or literal: may be repeated in the output without re-evaluation cost or effect.
    simple: bool,
    /// An integer literal's value (for folding).
    lit: Option<i64>,
    /// A whole-width helper load not yet used: (bytes, effective address), so that a store of it
    /// can become one move helper call instead of two calls.
    load_of: Option<(u32, String)>,
}

impl Entry {
    fn lit_int(v: i64) -> Self {
        Entry { code: php_i64(v), kind: Kind::Int, reads: vec![], mem: false, trap: false, simple: true, lit: Some(v), load_of: None }
    }
    fn var(code: String, var: Var, kind: Kind) -> Self {
        Entry { code, kind, reads: vec![var], mem: false, trap: false, simple: true, lit: None, load_of: None }
    }
    fn reads_var(&self, v: Var) -> bool {
        self.reads.contains(&v)
    }
    fn reads_global(&self) -> bool {
        self.reads.iter().any(|v| matches!(v, Var::Global(_)))
    }
    /// As an integer operand.
    fn int(&self) -> String {
        if self.kind == Kind::Bool {
            format!("(int) {}", paren(&self.code))
        } else {
            self.code.clone()
        }
    }
    /// As a PHP condition.
    fn cond(&self) -> String {
        match self.kind {
            Kind::Bool => self.code.clone(),
            _ => format!("({} != 0)", self.code),
        }
    }
    /// The negated condition, parenthesized: `(a == b)` for `(a != b)` and back, `!(…)` otherwise.
    fn negated_cond(&self) -> String {
        match self.kind {
            Kind::Bool => flipped_equality(&self.code).unwrap_or_else(|| format!("!{}", paren(&self.code))),
            _ => format!("({} == 0)", self.code),
        }
    }
}

/// `(A == B)` ↔ `(A != B)` when that is the only operator at the top level of a parenthesized code.
///
/// Integer equality is written `==`, not `===`: both operands are always PHP ints (i32 and i64
/// values; a comparison's bool is cast first), where the two agree, and PHP compares ints with
/// `==` inside its handler, fused with the jump after it, while `===` calls a function.
fn flipped_equality(code: &str) -> Option<String> {
    if !wrapped(code) {
        return None;
    }
    let inner = &code[1..code.len() - 1];
    let mut depth = 0i32;
    let mut at = None;
    for (i, b) in inner.bytes().enumerate() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            _ if depth == 0 && (inner[i..].starts_with(" == ") || inner[i..].starts_with(" != ")) => {
                if at.is_some() {
                    return None;
                }
                at = Some(i);
            }
            // Any other top-level operator (?:, &&, ||, ...) binds differently: leave the code alone.
            b'>' if i > 0 && inner.as_bytes()[i - 1] == b'-' => {}
            b'?' | b'&' | b'|' | b'^' | b'<' | b'>' | b'=' | b'!' if depth == 0 && at.is_none_or(|a| i > a + 3) => return None,
            _ => {}
        }
    }
    let i = at?;
    let op = if inner[i..].starts_with(" == ") { " != " } else { " == " };
    Some(format!("({}{op}{})", &inner[..i], &inner[i + 4..]))
}

/// `if (COND) STATEMENTS` with no doubled parentheses and braces only for several statements.
fn if_line(cond: &str, statements: &str) -> String {
    let cond = if wrapped(cond) { cond.to_string() } else { format!("({cond})") };
    if statements.matches(';').count() == 1 {
        format!("if {cond} {statements}")
    } else {
        format!("if {cond} {{ {statements} }}")
    }
}

fn paren(code: &str) -> String {
    let simple = code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'$' || b == b'_');
    if simple || wrapped(code) {
        code.to_string()
    } else {
        format!("({code})")
    }
}

/// Whether the first '(' of `code` closes at its last character (quotes never occur in codes).
fn wrapped(code: &str) -> bool {
    if !code.starts_with('(') || !code.ends_with(')') {
        return false;
    }
    let mut depth = 0i32;
    for (i, b) in code.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i == code.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FrameKind {
    Func,
    Block,
    Loop,
    If,
}

#[derive(Clone, Debug)]
struct Frame {
    kind: FrameKind,
    id: u32,
    height: usize,
    result: Option<ValType>,
    else_seen: bool,
}

struct Fx<'m, 'a> {
    module: &'m Module<'a>,
    func: u32,
    out: String,
    stack: Vec<Entry>,
    frames: Vec<Frame>,
    locals: Vec<ValType>,
    unreachable: bool,
    skip: u32,
    next_label: u32,
    recursive: bool,
    offset: usize,
    inline_memory: bool,
    inline_loop_loads: bool,
}

fn err(func: u32, offset: usize, msg: impl std::fmt::Display) -> Error {
    Error(format!("wasm2php: function {func} at byte offset {offset:#x}: {msg}"))
}

/// Appends the PHP method for function `func` to `out`; returns the number of instructions.
pub fn translate_function(module: &Module<'_>, func: u32, body: &FunctionBody<'_>, recursive: bool, opts: &Options, out: &mut String) -> Result<usize> {
    let sig = module.func_type(func);
    let mut locals: Vec<ValType> = sig.params.clone();
    for l in body.get_locals_reader()? {
        let (count, ty) = l?;
        check_valtype(ty, "local").map_err(|e| err(func, 0, e))?;
        locals.extend(std::iter::repeat_n(ty, count as usize));
    }
    let mut fx = Fx {
        module,
        func,
        out: String::new(),
        stack: Vec::new(),
        frames: vec![Frame { kind: FrameKind::Func, id: 0, height: 0, result: sig.results.first().copied(), else_seen: false }],
        locals,
        unreachable: false,
        skip: 0,
        next_label: 1,
        recursive,
        offset: 0,
        inline_memory: opts.inline_memory,
        inline_loop_loads: opts.inline_loop_loads,
    };
    let params: Vec<String> = (0..sig.params.len()).map(|i| format!("$l{i}")).collect();
    let whole = out;
    let mut out = String::new();
    let _ = writeln!(out, "private function f{func}({}) {{", params.join(", "));
    let mut init = String::new();
    for (i, ty) in fx.locals.iter().enumerate().skip(sig.params.len()) {
        let _ = write!(init, "$l{i} = {}; ", if *ty == ValType::F64 { "0.0" } else { "0" });
    }
    if !init.is_empty() {
        let _ = writeln!(out, "{}", init.trim_end());
    }
    if opts.count_calls {
        let _ = writeln!(out, "self::$calls[{func}] = (self::$calls[{func}] ?? 0) + 1;");
    }
    if recursive {
        // The limit as a literal (the class constant MAX_CALL_DEPTH holds the same number): no
        // constant fetch per recursive call, and shorter.
        let _ = writeln!(out, "if (++$this->depth > {}) throw new Trap('call stack exhausted');", opts.max_call_depth);
    }
    let mut reader = body.get_operators_reader()?;
    let mut count = 0usize;
    while !reader.eof() {
        let (op, offset) = reader.read_with_offset()?;
        fx.offset = offset;
        count += 1;
        fx.op(op)?;
    }
    out.push_str(&with_memory_local(&without_unused_labels(&fx.out)));
    out.push_str("}\n");
    whole.push_str(&crate::compact::method(&crate::names::shorten(&out)));
    Ok(count)
}

const M32: &str = "0xFFFFFFFF";

/// Inline accesses from which a method reaches the memory words through a local reference
/// (`$W = &$this->w;`, then `$W[…]`): one opcode less per access (no property fetch) for two
/// once per call. On main 969bfcd's wasm 9.02M → 8.71M PHP instructions per decision.
const MEMORY_LOCAL_FROM: usize = 2;

/// `body` with its inline memory accesses through `$W` where it has enough of them. The
/// reference keeps `$this->w` one array: the helpers' writes (z(), s32()…) are seen through it.
fn with_memory_local(body: &str) -> String {
    if body.matches("$this->w[").count() < MEMORY_LOCAL_FROM {
        return body.to_string();
    }
    format!("$W = &$this->w;\n{}", body.replace("$this->w[", "$W["))
}

/// Drops the label lines (`L<n>:`, `E<n>:`) no `goto` names: every block end gets a label, most
/// are never jumped to.
fn without_unused_labels(body: &str) -> String {
    let used: std::collections::HashSet<&str> = body.match_indices("goto ").filter_map(|(i, _)| body[i + 5..].split(';').next()).collect();
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let label = line
            .trim_end()
            .strip_suffix(':')
            .filter(|l| l.len() > 1 && l[1..].bytes().all(|b| b.is_ascii_digit()) && (l.starts_with('L') || l.starts_with('E')));
        if label.is_some_and(|l| !used.contains(l)) {
            continue;
        }
        out.push_str(line);
    }
    out
}

impl<'m, 'a> Fx<'m, 'a> {
    fn err(&self, msg: impl std::fmt::Display) -> Error {
        err(self.func, self.offset, msg)
    }

    /// One statement line. Bodies are not indented: the generated PHP is read by PHP, and the
    /// indentation was a fifth of its bytes.
    fn emit(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn pop(&mut self) -> Result<Entry> {
        self.stack.pop().ok_or_else(|| self.err("value stack underflow"))
    }

    fn push(&mut self, e: Entry) {
        self.stack.push(e);
    }

    fn expr(&self, code: String, kind: Kind, parts: &[&Entry], trap: bool) -> Entry {
        let mut reads: Vec<Var> = Vec::new();
        let mut mem = false;
        let mut t = trap;
        for p in parts {
            for r in &p.reads {
                if !reads.contains(r) {
                    reads.push(*r);
                }
            }
            mem |= p.mem;
            t |= p.trap;
        }
        Entry { code, kind, reads, mem, trap: t, simple: false, lit: None, load_of: None }
    }

    /// Writes stack entry `idx` to its slot variable `$s<idx>` (after saving whatever reads that slot).
    fn materialize(&mut self, idx: usize) {
        let e = &self.stack[idx];
        if e.simple && (e.reads.is_empty() || e.reads == [Var::Slot(idx)]) {
            return;
        }
        self.save_readers(Var::Slot(idx), Some(idx));
        let e = self.stack[idx].clone();
        let line = format!("$s{idx} = {};", e.code);
        self.emit(&line);
        self.stack[idx] = Entry::var(format!("$s{idx}"), Var::Slot(idx), e.kind);
    }

    /// Materializes every entry (other than `except`) that reads `v`, before `v` is written.
    fn save_readers(&mut self, v: Var, except: Option<usize>) {
        for j in 0..self.stack.len() {
            if Some(j) != except && self.stack[j].reads_var(v) && !(self.stack[j].simple && self.stack[j].reads == [Var::Slot(j)]) {
                self.materialize(j);
            }
        }
    }

    /// Before a side effect on memory, globals or control: entries that read them or may trap.
    fn flush_effects(&mut self) {
        for j in 0..self.stack.len() {
            let e = &self.stack[j];
            if e.mem || e.trap || e.reads_global() {
                self.materialize(j);
            }
        }
    }

    /// At control-flow boundaries: every entry becomes its slot variable or stays a literal.
    fn flush_all(&mut self) {
        for j in 0..self.stack.len() {
            if self.stack[j].lit.is_none() {
                self.materialize(j);
            }
        }
    }

    /// Makes the top `n` entries simple (variables or literals), bottom first.
    fn simple_top(&mut self, n: usize) {
        let len = self.stack.len();
        for j in len.saturating_sub(n)..len {
            if !self.stack[j].simple {
                self.materialize(j);
            }
        }
    }

    /// Assigns `code` to slot `d` (saving readers of the slot first) and pushes it.
    fn push_assigned(&mut self, code: String, kind: Kind) {
        let d = self.stack.len();
        self.save_readers(Var::Slot(d), None);
        self.emit(&format!("$s{d} = {code};"));
        self.push(Entry::var(format!("$s{d}"), Var::Slot(d), kind));
    }

    fn kind_of(ty: ValType) -> Kind {
        if ty == ValType::F64 {
            Kind::Float
        } else {
            Kind::Int
        }
    }

    fn block_result(&self, bt: BlockType) -> Result<Option<ValType>> {
        match bt {
            BlockType::Empty => Ok(None),
            BlockType::Type(t) => {
                check_valtype(t, "block").map_err(|e| self.err(e))?;
                Ok(Some(t))
            }
            BlockType::FuncType(i) => {
                let sig = &self.module.types[i as usize];
                if !sig.params.is_empty() || sig.results.len() > 1 {
                    return Err(self.err("unsupported by wasm2php: blocks with parameters or several results (multi-value)"));
                }
                Ok(sig.results.first().copied())
            }
        }
    }

    fn new_label(&mut self) -> u32 {
        self.next_label += 1;
        self.next_label
    }

    fn ret_prefix(&self) -> &'static str {
        if self.recursive {
            "--$this->depth; "
        } else {
            ""
        }
    }

    /// The PHP code that branches to the frame `depth` levels out, carrying the top value when
    /// the target takes one (the stack is already flushed).
    fn branch_code(&self, depth: u32) -> Result<String> {
        let fi = self.frames.len().checked_sub(1 + depth as usize).ok_or_else(|| self.err("branch depth out of range"))?;
        let f = &self.frames[fi];
        let value = || self.stack.last().map(|e| e.int()).ok_or_else(|| self.err("branch value missing"));
        Ok(match f.kind {
            FrameKind::Func => match f.result {
                Some(_) => format!("{}return {};", self.ret_prefix(), value()?),
                None => format!("{}return;", self.ret_prefix()),
            },
            FrameKind::Loop => format!("goto L{};", f.id),
            _ => match f.result {
                Some(_) => {
                    let v = value()?;
                    if v == format!("$s{}", f.height) {
                        format!("goto L{};", f.id)
                    } else {
                        format!("$s{} = {v}; goto L{};", f.height, f.id)
                    }
                }
                None => format!("goto L{};", f.id),
            },
        })
    }

    /// Before leaving the current code path: evaluate whatever may trap.
    fn settle(&mut self) {
        for j in 0..self.stack.len() {
            if self.stack[j].trap {
                self.materialize(j);
            }
        }
    }

    fn local_kind(&self, i: u32) -> Kind {
        Self::kind_of(self.locals[i as usize])
    }

    fn unop(&mut self, f: impl Fn(&Entry) -> String, kind: Kind, trap: bool) -> Result<()> {
        let a = self.pop()?;
        let code = f(&a);
        let e = self.expr(code, kind, &[&a], trap);
        self.push(e);
        Ok(())
    }

    fn binop(&mut self, f: impl Fn(&Entry, &Entry) -> String, kind: Kind, trap: bool) -> Result<()> {
        let b = self.pop()?;
        let a = self.pop()?;
        let code = f(&a, &b);
        let e = self.expr(code, kind, &[&a, &b], trap);
        self.push(e);
        Ok(())
    }

    /// A binary op whose PHP form repeats its operands.
    fn binop_simple(&mut self, f: impl Fn(&Entry, &Entry) -> String, kind: Kind, trap: bool) -> Result<()> {
        self.simple_top(2);
        self.binop(f, kind, trap)
    }

    fn call_helper(&mut self, name: &str, nargs: usize, kind: Kind, trap: bool) -> Result<()> {
        let mut args = Vec::new();
        for _ in 0..nargs {
            args.push(self.pop()?);
        }
        args.reverse();
        let code = format!("self::{name}({})", args.iter().map(|a| a.int()).collect::<Vec<_>>().join(", "));
        let refs: Vec<&Entry> = args.iter().collect();
        let e = self.expr(code, kind, &refs, trap);
        self.push(e);
        Ok(())
    }

    fn ea(addr: &Entry, m: &MemArg) -> String {
        if m.offset == 0 {
            addr.int()
        } else {
            format!("{} + {}", addr.int(), m.offset)
        }
    }

    /// A load of `bytes` bytes, zero-extended (or the raw 64 bits for 8).
    fn load_unsigned(&mut self, m: &MemArg, bytes: u32) -> Result<()> {
        if m.memory != 0 {
            return Err(self.err("unsupported by wasm2php: multi-memory"));
        }
        let a = self.pop()?;
        if let Some((k, sh)) = self.const_word(&a, m, bytes) {
            // A constant address inside the initial memory (which never shrinks): no bounds check.
            let word = format!("($this->w[{k}] ?? $this->z({k}, 4))");
            let code = match (bytes, sh) {
                (8, _) => format!("({word} | (($this->w[{0}] ?? $this->z({0}, 4)) << 32))", k + 4),
                (4, _) => word,
                _ => format!("(({word} >> {sh}) & {})", (1u64 << (bytes * 8)) - 1),
            };
            let mut e = self.expr(code, Kind::Int, &[], false);
            e.mem = true;
            self.push(e);
            return Ok(());
        }
        let ea = Self::ea(&a, m);
        if bytes == 8 && self.inline_memory {
            // Both words present: aligned and inside the memory (else l64(): unaligned, a word
            // not read yet, or the trap). Still a load a store can fuse into one m64() call.
            let (bind, at) = Self::address_once(&a, m);
            let code = format!("(isset($this->w[{bind}], $this->w[{at} + 4]) ? $this->w[{at}] | ($this->w[{at} + 4] << 32) : $this->l64({at}))");
            let mut e = self.expr(code, Kind::Int, &[&a], true);
            e.mem = true;
            e.load_of = Some((bytes, ea));
            self.push(e);
            return Ok(());
        }
        if !self.inline_load_here() || bytes == 2 || bytes == 8 {
            // Helper call: fewer opcodes than inline, but ~180 more PHP instructions per access
            // (callgrind); outside loops, and for 16- and 64-bit loads.
            let code = format!("$this->l{}({ea})", bytes * 8);
            let mut e = self.expr(code, Kind::Int, &[&a], true);
            e.mem = true;
            e.load_of = Some((bytes, ea));
            self.push(e);
            return Ok(());
        }
        // A present word lies inside the memory; a missing one is its initial value or a trap
        // (z(), ld() in runtime.php.in).
        let (bind, at) = Self::address_once(&a, m);
        let code = match bytes {
            // A variable plus an offset: added again on the (rare) slow path instead of kept in
            // `$a` (an assignment per load saved).
            4 if a.simple => format!("($this->w[{0}] ?? $this->ld({0}, 4))", Self::ea(&a, m)),
            4 => format!("($this->w[{bind}] ?? $this->ld({at}, 4))"),
            _ => format!("((($this->w[{bind} & -4] ?? $this->z({at}, 1)) >> (({at} & 3) << 3)) & 0xFF)"),
        };
        let mut e = self.expr(code, Kind::Int, &[&a], true);
        e.mem = true;
        self.push(e);
        Ok(())
    }

    /// An inline access's address, evaluated once: (first use, later uses): a variable or literal
    /// as it is, anything else assigned to `$a` at its first use.
    fn address_once(a: &Entry, m: &MemArg) -> (String, String) {
        if a.simple && m.offset == 0 {
            (a.int(), a.int())
        } else {
            (format!("($a = {})", Self::ea(a, m)), "$a".into())
        }
    }

    /// For a literal address whose access lies inside the initial memory, in one 32-bit word (or
    /// two whole ones for 8 bytes): (the word's byte address, bit shift).
    fn const_word(&self, a: &Entry, m: &MemArg, bytes: u32) -> Option<(u64, u64)> {
        let ea = (a.lit? as u64 & 0xFFFF_FFFF) + m.offset;
        let fits_word = if bytes == 8 { ea & 3 == 0 } else { (ea & 3) + u64::from(bytes) <= 4 };
        (fits_word && ea + u64::from(bytes) <= self.module.memory_initial * 65536).then(|| (ea & !3, (ea & 3) * 8))
    }

    fn load(&mut self, m: &MemArg, bytes: u32, sign: Option<u32>) -> Result<()> {
        self.load_unsigned(m, bytes)?;
        if let Some(result_bits) = sign {
            let e = self.pop()?;
            let half = 1u64 << (bytes * 8 - 1);
            let ext = format!("(({} ^ {half}) - {half})", e.code);
            let code = if result_bits == 32 { format!("({ext} & {M32})") } else { ext };
            let mut n = self.expr(code, Kind::Int, &[&e], true);
            n.mem = true;
            self.push(n);
        }
        Ok(())
    }

    fn store(&mut self, m: &MemArg, bytes: u32, value_fits: bool) -> Result<()> {
        if m.memory != 0 {
            return Err(self.err("unsupported by wasm2php: multi-memory"));
        }
        let v = self.pop()?;
        let a = self.pop()?;
        self.flush_effects();
        // An i64's low half stored as 32 bits: masked here, the helpers take i32 values.
        let value = if bytes == 4 && !value_fits { format!("({} & {M32})", v.int()) } else { v.int() };
        if let Some((k, sh)) = self.const_word(&a, m, bytes).filter(|_| bytes < 8) {
            let line = if bytes == 4 {
                format!("$this->w[{k}] = {value};")
            } else {
                let mask = (1u64 << (bytes * 8)) - 1;
                let value = format!("({value} & {mask})");
                let value = if sh == 0 { value } else { format!("({value} << {sh})") };
                format!("$this->w[{k}] = (($this->w[{k}] ?? $this->z({k}, 4)) & {}) | {value};", !(mask << sh) & 0xFFFF_FFFF)
            };
            self.emit(&line);
            return Ok(());
        }
        if let Some((_, from)) = v.load_of.as_ref().filter(|(b, _)| *b == bytes && bytes >= 4) {
            // A field copied from memory to memory (struct moves): one call; the helper loads
            // before it stores, as the two calls did.
            let line = format!("$this->m{}({}, {from});", bytes * 8, Self::ea(&a, m));
            self.emit(&line);
            return Ok(());
        }
        if !self.inline_memory || (bytes != 4 && bytes != 8) {
            let line = format!("$this->s{}({}, {value});", bytes * 8, Self::ea(&a, m));
            self.emit(&line);
            return Ok(());
        }
        let vcode = if v.simple && value == v.int() {
            value
        } else {
            self.emit(&format!("$v = {value};"));
            "$v".to_string()
        };
        // A present word lies inside the memory: written in place; otherwise the checked helper.
        let (bind, at) = Self::address_once(&a, m);
        let line = if bytes == 8 {
            format!("if (isset($this->w[{bind}], $this->w[{at} + 4])) {{ $this->w[{at}] = {vcode} & {M32}; $this->w[{at} + 4] = ({vcode} >> 32) & {M32}; }} else $this->s64({at}, {vcode});")
        } else {
            format!("if (isset($this->w[{bind}])) $this->w[{at}] = {vcode}; else $this->s32({at}, {vcode});")
        };
        self.emit(&line);
        Ok(())
    }

    /// Loads inline everywhere with `inline_memory`, else inside loops (where most of a decision's
    /// loads run: the byte scans of the request) with `inline_loop_loads`.
    fn inline_load_here(&self) -> bool {
        self.inline_memory || (self.inline_loop_loads && self.frames.iter().any(|f| f.kind == FrameKind::Loop))
    }

    /// The top two entries are bools (comparisons) and the top one cannot trap.
    fn two_bools_right_safe(&self) -> bool {
        let n = self.stack.len();
        n >= 2 && self.stack[n - 2].kind == Kind::Bool && self.stack[n - 1].kind == Kind::Bool && !self.stack[n - 1].trap
    }

    fn lit_of(e: &Entry) -> Option<i64> {
        e.lit
    }

    fn op(&mut self, op: Operator<'_>) -> Result<()> {
        if self.unreachable {
            match op {
                Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                    self.skip += 1;
                    return Ok(());
                }
                Operator::Else if self.skip == 0 => {}
                Operator::End if self.skip == 0 => {}
                Operator::End => {
                    self.skip -= 1;
                    return Ok(());
                }
                _ => return Ok(()),
            }
        }
        use Operator as O;
        match op {
            O::Nop => {}
            O::Unreachable => {
                self.settle();
                let line = format!("throw $this->u({});", self.func);
                self.emit(&line);
                self.unreachable = true;
            }
            O::Block { blockty } => {
                let result = self.block_result(blockty)?;
                self.flush_all();
                let id = self.new_label();
                self.frames.push(Frame { kind: FrameKind::Block, id, height: self.stack.len(), result, else_seen: false });
            }
            O::Loop { blockty } => {
                let result = self.block_result(blockty)?;
                self.flush_all();
                let id = self.new_label();
                self.emit(&format!("L{id}:"));
                self.frames.push(Frame { kind: FrameKind::Loop, id, height: self.stack.len(), result, else_seen: false });
            }
            O::If { blockty } => {
                let result = self.block_result(blockty)?;
                let c = self.pop()?;
                self.flush_all();
                let id = self.new_label();
                let line = if_line(&c.negated_cond(), &format!("goto E{id};"));
                self.emit(&line);
                self.frames.push(Frame { kind: FrameKind::If, id, height: self.stack.len(), result, else_seen: false });
            }
            O::Else => {
                let f = self.frames.last().cloned().ok_or_else(|| self.err("else without if"))?;
                if !self.unreachable {
                    self.end_value(&f)?;
                    self.emit(&format!("goto L{};", f.id));
                }
                self.stack.truncate(f.height);
                self.emit(&format!("E{}:", f.id));
                self.frames.last_mut().expect("frame").else_seen = true;
                self.unreachable = false;
            }
            O::End => {
                let f = self.frames.pop().ok_or_else(|| self.err("end without block"))?;
                if f.kind == FrameKind::Func {
                    if !self.unreachable {
                        let line = match f.result {
                            Some(_) => {
                                let v = self.pop()?;
                                format!("{}return {};", self.ret_prefix(), v.int())
                            }
                            None => {
                                self.settle();
                                format!("{}return;", self.ret_prefix())
                            }
                        };
                        self.emit(&line);
                    }
                    self.stack.clear();
                    self.unreachable = false;
                    return Ok(());
                }
                if !self.unreachable {
                    self.end_value(&f)?;
                }
                self.stack.truncate(f.height);
                if f.kind == FrameKind::If && !f.else_seen {
                    self.emit(&format!("E{}:", f.id));
                }
                if f.kind != FrameKind::Loop {
                    self.emit(&format!("L{}:", f.id));
                }
                if let Some(t) = f.result {
                    self.push(Entry::var(format!("$s{}", f.height), Var::Slot(f.height), Self::kind_of(t)));
                }
                self.unreachable = false;
            }
            O::Br { relative_depth } => {
                let keep = self.branch_arity(relative_depth)?;
                self.settle_below(keep);
                let code = self.branch_code(relative_depth)?;
                self.emit(&code);
                self.unreachable = true;
            }
            O::BrIf { relative_depth } => {
                let c = self.pop()?;
                self.flush_all();
                let code = self.branch_code(relative_depth)?;
                let line = if_line(&c.cond(), &code);
                self.emit(&line);
            }
            O::BrTable { targets } => {
                let idx = self.pop()?;
                self.flush_all();
                let mut cases: Vec<(String, Vec<u32>)> = Vec::new();
                for (i, t) in targets.targets().enumerate() {
                    let code = self.branch_code(t?)?;
                    match cases.iter_mut().find(|(c, _)| *c == code) {
                        Some((_, v)) => v.push(i as u32),
                        None => cases.push((code, vec![i as u32])),
                    }
                }
                let default = self.branch_code(targets.default())?;
                let mut s = format!("switch ({}) {{ ", idx.int());
                for (code, idxs) in &cases {
                    if *code == default {
                        continue;
                    }
                    for i in idxs {
                        let _ = write!(s, "case {i}: ");
                    }
                    let _ = write!(s, "{code} ");
                }
                let _ = write!(s, "default: {default} }}");
                self.emit(&s);
                self.unreachable = true;
            }
            O::Return => {
                let keep = usize::from(self.frames[0].result.is_some());
                self.settle_below(keep);
                let code = self.branch_code((self.frames.len() - 1) as u32)?;
                self.emit(&code);
                self.unreachable = true;
            }
            O::Call { function_index } => {
                let sig = self.module.func_type(function_index).clone();
                self.flush_effects();
                let mut args = Vec::new();
                for _ in 0..sig.params.len() {
                    args.push(self.pop()?);
                }
                args.reverse();
                let code = format!("$this->f{function_index}({})", args.iter().map(|a| a.int()).collect::<Vec<_>>().join(", "));
                self.call_result(code, sig.results.first().copied());
            }
            O::CallIndirect { type_index, table_index } => {
                if table_index != 0 {
                    return Err(self.err("unsupported by wasm2php: call_indirect on a second table"));
                }
                let sig = self.module.types[type_index as usize].clone();
                let canon = self.module.canonical[type_index as usize];
                self.flush_effects();
                let idx = self.pop()?;
                let mut args = Vec::new();
                for _ in 0..sig.params.len() {
                    args.push(self.pop()?);
                }
                args.reverse();
                let code = format!("$this->{{$this->ind({}, {canon})}}({})", idx.int(), args.iter().map(|a| a.int()).collect::<Vec<_>>().join(", "));
                self.call_result(code, sig.results.first().copied());
            }
            O::Drop => {
                let e = self.pop()?;
                if e.trap {
                    let line = format!("{};", e.code);
                    self.emit(&line);
                }
            }
            O::Select | O::TypedSelect { .. } => {
                let len = self.stack.len();
                if len < 3 {
                    return Err(self.err("value stack underflow"));
                }
                for j in [len - 3, len - 2] {
                    if self.stack[j].trap {
                        self.materialize(j);
                    }
                }
                let c = self.pop()?;
                let b = self.pop()?;
                let a = self.pop()?;
                let kind = if a.kind == Kind::Float { Kind::Float } else { Kind::Int };
                let code = format!("({} ? {} : {})", paren(&c.cond()), a.int(), b.int());
                let e = self.expr(code, kind, &[&a, &b, &c], false);
                self.push(e);
            }
            O::LocalGet { local_index } => {
                let k = self.local_kind(local_index);
                self.push(Entry::var(format!("$l{local_index}"), Var::Local(local_index), k));
            }
            O::LocalSet { local_index } | O::LocalTee { local_index } => {
                let tee = matches!(op, O::LocalTee { .. });
                let v = self.pop()?;
                self.save_readers(Var::Local(local_index), None);
                let code = v.int();
                if code != format!("$l{local_index}") {
                    self.emit(&format!("$l{local_index} = {code};"));
                }
                if tee {
                    let k = self.local_kind(local_index);
                    self.push(Entry::var(format!("$l{local_index}"), Var::Local(local_index), k));
                }
            }
            O::GlobalGet { global_index } => {
                let g = &self.module.globals[global_index as usize];
                if g.mutable {
                    let k = Self::kind_of(g.ty);
                    self.push(Entry::var(format!("$this->g{global_index}"), Var::Global(global_index), k));
                } else {
                    let mut e = Entry::lit_int(0);
                    e.code = g.init_php();
                    e.kind = Self::kind_of(g.ty);
                    e.lit = match g.ty {
                        ValType::I32 => Some((g.init & 0xFFFF_FFFF) as i64),
                        ValType::I64 => Some(g.init as i64),
                        _ => None,
                    };
                    self.push(e);
                }
            }
            O::GlobalSet { global_index } => {
                let v = self.pop()?;
                self.save_readers(Var::Global(global_index), None);
                let line = format!("$this->g{global_index} = {};", v.int());
                self.emit(&line);
            }
            O::I32Const { value } => self.push(Entry::lit_int(i64::from(value as u32))),
            O::I64Const { value } => self.push(Entry::lit_int(value)),
            O::F64Const { value } => {
                let mut e = Entry::lit_int(0);
                e.code = php_f64(value.bits());
                e.kind = Kind::Float;
                e.lit = None;
                self.push(e);
            }

            // Memory.
            O::I32Load { memarg } | O::I64Load32U { memarg } => self.load(&memarg, 4, None)?,
            O::I64Load { memarg } => self.load(&memarg, 8, None)?,
            O::F64Load { memarg } => {
                self.load(&memarg, 8, None)?;
                let e = self.pop()?;
                let mut n = self.expr(format!("self::i2f({})", e.code), Kind::Float, &[&e], true);
                n.mem = true;
                self.push(n);
            }
            O::I32Load8U { memarg } | O::I64Load8U { memarg } => self.load(&memarg, 1, None)?,
            O::I32Load16U { memarg } | O::I64Load16U { memarg } => self.load(&memarg, 2, None)?,
            O::I32Load8S { memarg } => self.load(&memarg, 1, Some(32))?,
            O::I32Load16S { memarg } => self.load(&memarg, 2, Some(32))?,
            O::I64Load8S { memarg } => self.load(&memarg, 1, Some(64))?,
            O::I64Load16S { memarg } => self.load(&memarg, 2, Some(64))?,
            O::I64Load32S { memarg } => self.load(&memarg, 4, Some(64))?,
            O::I32Store { memarg } => self.store(&memarg, 4, true)?,
            O::I64Store32 { memarg } => self.store(&memarg, 4, false)?,
            O::I64Store { memarg } => self.store(&memarg, 8, false)?,
            O::F64Store { memarg } => {
                let v = self.pop()?;
                let e = self.expr(format!("self::f2i({})", v.code), Kind::Int, &[&v], false);
                self.push(e);
                self.store(&memarg, 8, false)?;
            }
            O::I32Store8 { memarg } | O::I64Store8 { memarg } => self.store(&memarg, 1, false)?,
            O::I32Store16 { memarg } | O::I64Store16 { memarg } => self.store(&memarg, 2, false)?,
            O::MemorySize { mem: 0 } => {
                let mut e = self.expr("($this->sz >> 16)".into(), Kind::Int, &[], false);
                e.mem = true;
                self.push(e);
            }
            O::MemoryGrow { mem: 0 } => {
                self.flush_effects();
                let n = self.pop()?;
                self.push_assigned(format!("$this->grow({})", n.int()), Kind::Int);
            }
            O::MemoryCopy { dst_mem: 0, src_mem: 0 } => {
                self.flush_effects();
                let n = self.pop()?;
                let s = self.pop()?;
                let d = self.pop()?;
                let line = format!("$this->copy({}, {}, {});", d.int(), s.int(), n.int());
                self.emit(&line);
            }
            O::MemoryFill { mem: 0 } => {
                self.flush_effects();
                let n = self.pop()?;
                let v = self.pop()?;
                let d = self.pop()?;
                let line = format!("$this->fill({}, {}, {});", d.int(), v.int(), n.int());
                self.emit(&line);
            }

            // i32 arithmetic (values are unsigned ints in [0, 2^32)).
            O::I32Eqz => self.unop(|a| if a.kind == Kind::Bool { format!("!{}", paren(&a.code)) } else { format!("({} == 0)", a.code) }, Kind::Bool, false)?,
            O::I32Eq | O::I64Eq => self.binop(|a, b| format!("({} == {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32Ne | O::I64Ne => self.binop(|a, b| format!("({} != {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32LtU | O::I64LtS => self.binop(|a, b| format!("({} < {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32GtU | O::I64GtS => self.binop(|a, b| format!("({} > {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32LeU | O::I64LeS => self.binop(|a, b| format!("({} <= {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32GeU | O::I64GeS => self.binop(|a, b| format!("({} >= {})", a.int(), b.int()), Kind::Bool, false)?,
            O::I32LtS => self.binop(|a, b| format!("({} < {})", flip32(a), flip32(b)), Kind::Bool, false)?,
            O::I32GtS => self.binop(|a, b| format!("({} > {})", flip32(a), flip32(b)), Kind::Bool, false)?,
            O::I32LeS => self.binop(|a, b| format!("({} <= {})", flip32(a), flip32(b)), Kind::Bool, false)?,
            O::I32GeS => self.binop(|a, b| format!("({} >= {})", flip32(a), flip32(b)), Kind::Bool, false)?,
            // (a + b & M) is ((a + b) & M): PHP's + and - bind tighter than &.
            O::I32Add => self.binop(|a, b| format!("({} + {} & {M32})", a.int(), b.int()), Kind::Int, false)?,
            O::I32Sub => self.binop(|a, b| format!("({} - {} & {M32})", a.int(), b.int()), Kind::Int, false)?,
            O::I32Mul => self.binop(
                |a, b| {
                    let small = |e: &Entry| Self::lit_of(e).is_some_and(|v| v <= 0x7FFF_FFFF);
                    if small(a) || small(b) {
                        format!("(({} * {}) & {M32})", a.int(), b.int())
                    } else {
                        format!("self::mul32({}, {})", a.int(), b.int())
                    }
                },
                Kind::Int,
                false,
            )?,
            O::I32DivU | O::I32RemU | O::I64DivU | O::I64RemU if self.stack.last().and_then(Self::lit_of).is_some_and(|v| v > 0) => {
                let rem = matches!(op, O::I32RemU | O::I64RemU);
                let i64op = matches!(op, O::I64DivU | O::I64RemU);
                if i64op {
                    // A non-negative divisor: only a negative (>= 2^63 unsigned) dividend needs the helper.
                    let name = if rem { "remu64" } else { "divu64" };
                    self.call_helper(name, 2, Kind::Int, false)?;
                } else if rem {
                    self.binop(|a, b| format!("({} % {})", a.int(), b.int()), Kind::Int, false)?;
                } else {
                    self.binop(|a, b| format!("\\intdiv({}, {})", a.int(), b.int()), Kind::Int, false)?;
                }
            }
            O::I32DivU => self.call_helper("divu32", 2, Kind::Int, true)?,
            O::I32RemU => self.call_helper("remu32", 2, Kind::Int, true)?,
            O::I32DivS => self.call_helper("divs32", 2, Kind::Int, true)?,
            O::I32RemS => self.call_helper("rems32", 2, Kind::Int, true)?,
            // Two comparisons joined: PHP's && and || on the bools instead of two (int) casts and
            // a bit operation; the right one may then go unevaluated, so only when it cannot trap.
            O::I32And | O::I32Or if self.two_bools_right_safe() => {
                let joint = if matches!(op, O::I32And) { "&&" } else { "||" };
                self.binop(|a, b| format!("({} {joint} {})", a.code, b.code), Kind::Bool, false)?
            }
            O::I32And | O::I64And => self.binop(|a, b| format!("({} & {})", a.int(), b.int()), Kind::Int, false)?,
            O::I32Or | O::I64Or => self.binop(|a, b| format!("({} | {})", a.int(), b.int()), Kind::Int, false)?,
            O::I32Xor | O::I64Xor => self.binop(|a, b| format!("({} ^ {})", a.int(), b.int()), Kind::Int, false)?,
            O::I32Shl => self.binop(|a, b| format!("(({} << {}) & {M32})", a.int(), shift_count(b, 31)), Kind::Int, false)?,
            O::I32ShrU => self.binop(|a, b| format!("({} >> {})", a.int(), shift_count(b, 31)), Kind::Int, false)?,
            O::I32ShrS => self.binop(|a, b| format!("(((({} ^ 0x80000000) - 0x80000000) >> {}) & {M32})", a.int(), shift_count(b, 31)), Kind::Int, false)?,
            O::I32Rotl => self.call_helper("rotl32", 2, Kind::Int, false)?,
            O::I32Rotr => self.call_helper("rotr32", 2, Kind::Int, false)?,
            O::I32Clz => self.call_helper("clz32", 1, Kind::Int, false)?,
            O::I32Ctz => self.call_helper("ctz32", 1, Kind::Int, false)?,
            O::I32Popcnt => self.call_helper("popcnt32", 1, Kind::Int, false)?,
            O::I32Extend8S => self.unop(|a| format!("(((({} & 0xFF) ^ 0x80) - 0x80) & {M32})", a.int()), Kind::Int, false)?,
            O::I32Extend16S => self.unop(|a| format!("(((({} & 0xFFFF) ^ 0x8000) - 0x8000) & {M32})", a.int()), Kind::Int, false)?,
            O::I32WrapI64 => self.unop(
                |a| {
                    // Already masked to 32 bits (an i64 shifted right by 32 and masked, a 32-bit load...).
                    let masked = wrapped(&a.code) && (a.code.ends_with(" & 0xFFFFFFFF)") || a.code.ends_with(" & 4294967295)"));
                    if masked {
                        a.code.clone()
                    } else {
                        format!("({} & {M32})", a.int())
                    }
                },
                Kind::Int,
                false,
            )?,

            // i64 (PHP ints hold the same 64 bits; + - * fall back to a helper when PHP overflows to float).
            O::I64Eqz => self.unop(|a| format!("({} == 0)", a.int()), Kind::Bool, false)?,
            O::I64LtU => self.binop(|a, b| format!("({} < {})", flip64(a), flip64(b)), Kind::Bool, false)?,
            O::I64GtU => self.binop(|a, b| format!("({} > {})", flip64(a), flip64(b)), Kind::Bool, false)?,
            O::I64LeU => self.binop(|a, b| format!("({} <= {})", flip64(a), flip64(b)), Kind::Bool, false)?,
            O::I64GeU => self.binop(|a, b| format!("({} >= {})", flip64(a), flip64(b)), Kind::Bool, false)?,
            O::I64Add => self.binop_simple(|a, b| format!("(\\is_int($t = {} + {}) ? $t : self::add64({0}, {1}))", a.int(), b.int()), Kind::Int, false)?,
            O::I64Sub => self.binop_simple(|a, b| format!("(\\is_int($t = {} - {}) ? $t : self::sub64({0}, {1}))", a.int(), b.int()), Kind::Int, false)?,
            O::I64Mul => self.binop_simple(|a, b| format!("(\\is_int($t = {} * {}) ? $t : self::mul64({0}, {1}))", a.int(), b.int()), Kind::Int, false)?,
            O::I64DivU => self.call_helper("divu64", 2, Kind::Int, true)?,
            O::I64RemU => self.call_helper("remu64", 2, Kind::Int, true)?,
            O::I64DivS => self.call_helper("divs64", 2, Kind::Int, true)?,
            O::I64RemS => self.call_helper("rems64", 2, Kind::Int, true)?,
            O::I64Shl => self.binop(|a, b| format!("({} << {})", a.int(), shift_count(b, 63)), Kind::Int, false)?,
            O::I64ShrS => self.binop(|a, b| format!("({} >> {})", a.int(), shift_count(b, 63)), Kind::Int, false)?,
            O::I64ShrU => {
                if let Some(k) = self.stack.last().and_then(Self::lit_of).map(|v| v & 63) {
                    self.binop(
                        move |a, _| if k == 0 { a.int() } else { format!("(({} >> {k}) & {})", a.int(), php_i64((u64::MAX >> k) as i64)) },
                        Kind::Int,
                        false,
                    )?
                } else {
                    self.call_helper("shru64", 2, Kind::Int, false)?
                }
            }
            O::I64Rotl => self.call_helper("rotl64", 2, Kind::Int, false)?,
            O::I64Rotr => self.call_helper("rotr64", 2, Kind::Int, false)?,
            O::I64Clz => self.call_helper("clz64", 1, Kind::Int, false)?,
            O::I64Ctz => self.call_helper("ctz64", 1, Kind::Int, false)?,
            O::I64Popcnt => self.call_helper("popcnt64", 1, Kind::Int, false)?,
            O::I64Extend8S => self.unop(|a| format!("((({} & 0xFF) ^ 0x80) - 0x80)", a.int()), Kind::Int, false)?,
            O::I64Extend16S => self.unop(|a| format!("((({} & 0xFFFF) ^ 0x8000) - 0x8000)", a.int()), Kind::Int, false)?,
            O::I64Extend32S | O::I64ExtendI32S => self.unop(|a| format!("((({} & {M32}) ^ 0x80000000) - 0x80000000)", a.int()), Kind::Int, false)?,
            O::I64ExtendI32U => self.unop(|a| a.int(), Kind::Int, false)?,

            // f64 (PHP floats are IEEE binary64; sign and bit operations go through helpers).
            O::F64Add => self.binop(|a, b| format!("({} + {})", a.code, b.code), Kind::Float, false)?,
            O::F64Sub => self.binop(|a, b| format!("({} - {})", a.code, b.code), Kind::Float, false)?,
            O::F64Mul => self.binop(|a, b| format!("({} * {})", a.code, b.code), Kind::Float, false)?,
            O::F64Div => self.binop(|a, b| format!("\\fdiv({}, {})", a.code, b.code), Kind::Float, false)?,
            O::F64Sqrt => self.unop(|a| format!("\\sqrt({})", a.code), Kind::Float, false)?,
            O::F64Ceil => self.unop(|a| format!("\\ceil({})", a.code), Kind::Float, false)?,
            O::F64Floor => self.unop(|a| format!("\\floor({})", a.code), Kind::Float, false)?,
            O::F64Neg => self.call_helper("fneg", 1, Kind::Float, false)?,
            O::F64Abs => self.call_helper("fabs", 1, Kind::Float, false)?,
            O::F64Eq => self.binop(|a, b| format!("({} == {})", a.code, b.code), Kind::Bool, false)?,
            O::F64Ne => self.binop(|a, b| format!("({} != {})", a.code, b.code), Kind::Bool, false)?,
            O::F64Lt => self.binop(|a, b| format!("({} < {})", a.code, b.code), Kind::Bool, false)?,
            O::F64Gt => self.binop(|a, b| format!("({} > {})", a.code, b.code), Kind::Bool, false)?,
            O::F64Le => self.binop(|a, b| format!("({} <= {})", a.code, b.code), Kind::Bool, false)?,
            O::F64Ge => self.binop(|a, b| format!("({} >= {})", a.code, b.code), Kind::Bool, false)?,
            O::F64ConvertI64S | O::F64ConvertI32U => self.unop(|a| format!("((float) {})", paren(&a.int())), Kind::Float, false)?,
            O::F64ConvertI32S => self.unop(|a| format!("((float) ((({} ^ 0x80000000) - 0x80000000)))", a.int()), Kind::Float, false)?,
            O::F64ConvertI64U => self.call_helper("u64tof", 1, Kind::Float, false)?,
            O::I64ReinterpretF64 => self.call_helper("f2i", 1, Kind::Int, false)?,
            O::F64ReinterpretI64 => self.call_helper("i2f", 1, Kind::Float, false)?,

            other => return Err(self.err(format!("unsupported by wasm2php: instruction {other:?}"))),
        }
        Ok(())
    }

    /// How many values a branch to `depth` carries.
    fn branch_arity(&self, depth: u32) -> Result<usize> {
        let fi = self.frames.len().checked_sub(1 + depth as usize).ok_or_else(|| self.err("branch depth out of range"))?;
        let f = &self.frames[fi];
        Ok(if f.kind == FrameKind::Loop { 0 } else { usize::from(f.result.is_some()) })
    }

    /// Before an unconditional branch: entries the branch does not carry are dropped, so the
    /// trapping ones are evaluated first; the carried value becomes simple.
    fn settle_below(&mut self, keep: usize) {
        let len = self.stack.len();
        for j in 0..len.saturating_sub(keep) {
            if self.stack[j].trap {
                self.materialize(j);
            }
        }
    }

    /// Value flowing out of a block's end: into the block's result slot.
    fn end_value(&mut self, f: &Frame) -> Result<()> {
        if f.result.is_some() {
            let v = self.pop()?;
            self.settle();
            let code = v.int();
            if code != format!("$s{}", f.height) {
                let line = format!("$s{} = {code};", f.height);
                self.emit(&line);
            }
        } else {
            self.settle();
        }
        Ok(())
    }

    fn call_result(&mut self, code: String, result: Option<ValType>) {
        match result {
            Some(t) => self.push_assigned(code, Self::kind_of(t)),
            None => {
                self.emit(&format!("{code};"));
            }
        }
    }
}

/// An i32 operand mapped so that signed order is PHP's order.
fn flip32(e: &Entry) -> String {
    match e.lit {
        Some(v) => (v ^ 0x8000_0000).to_string(),
        None => format!("({} ^ 0x80000000)", e.int()),
    }
}

/// An i64 operand mapped so that unsigned order is PHP's (signed) order.
fn flip64(e: &Entry) -> String {
    match e.lit {
        Some(v) => php_i64(v ^ i64::MIN),
        None => format!("({} ^ \\PHP_INT_MIN)", e.int()),
    }
}

fn shift_count(b: &Entry, mask: i64) -> String {
    match b.lit {
        Some(v) => (v & mask).to_string(),
        None => format!("({} & {mask})", b.int()),
    }
}

#[cfg(test)]
mod tests {
    use super::{flipped_equality, if_line};

    #[test]
    fn only_a_lone_top_level_equality_is_flipped() {
        assert_eq!(flipped_equality("($m->l32($l5 + 32) == 0)").as_deref(), Some("($m->l32($l5 + 32) != 0)"));
        assert_eq!(flipped_equality("($l2 != 2147483648)").as_deref(), Some("($l2 == 2147483648)"));
        assert_eq!(flipped_equality("(($a == 1) == ($b != 2))").as_deref(), Some("(($a == 1) != ($b != 2))"));
        for code in [
            "($a == 1 ? $b : $c)",
            "($a & 1 == 0)",
            "($a == $b == $c)",
            "($a < $b)",
            "$a == 1",
            "(int) ($a == 1)",
            "($t = $a == 1)",
            "($a == 1 || $b < 2)",
            "($a <= $b)",
            "($a != $b && $c)",
        ] {
            assert_eq!(flipped_equality(code), None, "{code}");
        }
    }

    #[test]
    fn if_lines_have_braces_only_around_several_statements() {
        assert_eq!(if_line("($a == 0)", "goto L2;"), "if ($a == 0) goto L2;");
        assert_eq!(if_line("!($a < 1)", "goto L2;"), "if (!($a < 1)) goto L2;");
        assert_eq!(if_line("($a == 0)", "$s1 = $a; goto L2;"), "if ($a == 0) { $s1 = $a; goto L2; }");
    }
}
