//! The parts of a module the PHP class needs: types, functions, table, memory, globals, data.

use crate::{Error, Result};
use std::collections::BTreeMap;
use wasmparser::{ElementItems, ElementKind, ExternalKind, FunctionBody, Operator, Parser, Payload, ValType};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FuncSig {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

#[derive(Clone, Debug)]
pub struct Global {
    pub ty: ValType,
    pub mutable: bool,
    /// Initial value as raw bits (i32 zero-extended, i64, f64 bits).
    pub init: u64,
}

impl Global {
    /// The initial value as a PHP literal in the generated representation.
    pub fn init_php(&self) -> String {
        match self.ty {
            ValType::I32 => (self.init & 0xFFFF_FFFF).to_string(),
            ValType::I64 => crate::php_i64(self.init as i64),
            _ => crate::php_f64(self.init),
        }
    }
}

#[derive(Clone, Debug)]
pub enum ExportKind {
    Func(u32),
    Other,
}

#[derive(Clone, Debug)]
pub struct Export {
    pub name: String,
    pub kind: ExportKind,
}

pub struct Module<'a> {
    pub types: Vec<FuncSig>,
    /// Canonical id per type index: structurally equal signatures share an id (call_indirect).
    pub canonical: Vec<u32>,
    pub imported_funcs: u32,
    /// Type index of every function.
    pub funcs: Vec<u32>,
    pub table_size: u64,
    /// (table slot, function index) from active element segments.
    pub elements: Vec<(u64, u32)>,
    pub memory_initial: u64,
    pub memory_max: Option<u64>,
    pub has_memory: bool,
    pub globals: Vec<Global>,
    pub exports: Vec<Export>,
    pub data: Vec<(u64, &'a [u8])>,
    pub start: Option<u32>,
    pub bodies: Vec<FunctionBody<'a>>,
}

fn unsupported(what: impl Into<String>) -> Error {
    Error(format!("unsupported by wasm2php: {}", what.into()))
}

fn const_expr_value(expr: &wasmparser::ConstExpr<'_>, globals: &[Global]) -> Result<(ValType, u64)> {
    let mut reader = expr.get_operators_reader();
    let mut value = None;
    while !reader.eof() {
        match reader.read()? {
            Operator::I32Const { value: v } => value = Some((ValType::I32, v as u32 as u64)),
            Operator::I64Const { value: v } => value = Some((ValType::I64, v as u64)),
            Operator::F64Const { value: v } => value = Some((ValType::F64, v.bits())),
            Operator::GlobalGet { global_index } => {
                let g = globals.get(global_index as usize).ok_or_else(|| unsupported("constant expression reads an unknown global"))?;
                value = Some((g.ty, g.init));
            }
            Operator::End => break,
            op => return Err(unsupported(format!("constant expression {op:?}"))),
        }
    }
    value.ok_or_else(|| unsupported("empty constant expression"))
}

impl<'a> Module<'a> {
    pub fn parse(wasm: &'a [u8]) -> Result<Self> {
        let mut m = Module {
            types: Vec::new(),
            canonical: Vec::new(),
            imported_funcs: 0,
            funcs: Vec::new(),
            table_size: 0,
            elements: Vec::new(),
            memory_initial: 0,
            memory_max: None,
            has_memory: false,
            globals: Vec::new(),
            exports: Vec::new(),
            data: Vec::new(),
            start: None,
            bodies: Vec::new(),
        };
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        let sig = FuncSig { params: ty.params().to_vec(), results: ty.results().to_vec() };
                        for v in sig.params.iter().chain(sig.results.iter()) {
                            check_valtype(*v, "function signature")?;
                        }
                        if sig.results.len() > 1 {
                            return Err(unsupported("functions with several results (multi-value)"));
                        }
                        let id = m.types.iter().position(|t| *t == sig).map(|p| m.canonical[p]).unwrap_or(m.types.len() as u32);
                        m.canonical.push(id);
                        m.types.push(sig);
                    }
                }
                Payload::ImportSection(reader) if reader.count() > 0 => {
                    return Err(unsupported("imports: the module must have zero imports (host-ABI build)"));
                }
                Payload::FunctionSection(reader) => {
                    for t in reader {
                        m.funcs.push(t?);
                    }
                }
                Payload::TableSection(reader) => {
                    for (i, t) in reader.into_iter().enumerate() {
                        let t = t?;
                        if i > 0 {
                            return Err(unsupported("more than one table"));
                        }
                        if !matches!(t.init, wasmparser::TableInit::RefNull) {
                            return Err(unsupported("table initializer expressions"));
                        }
                        m.table_size = t.ty.initial;
                    }
                }
                Payload::MemorySection(reader) => {
                    for (i, mem) in reader.into_iter().enumerate() {
                        let mem = mem?;
                        if i > 0 || mem.memory64 || mem.shared || mem.page_size_log2.is_some() {
                            return Err(unsupported("memories other than one 32-bit unshared memory with 64 KiB pages"));
                        }
                        m.has_memory = true;
                        m.memory_initial = mem.initial;
                        m.memory_max = mem.maximum;
                    }
                }
                Payload::TagSection(_) => return Err(unsupported("exception handling tags")),
                Payload::GlobalSection(reader) => {
                    for g in reader {
                        let g = g?;
                        check_valtype(g.ty.content_type, "global")?;
                        let (_, init) = const_expr_value(&g.init_expr, &m.globals)?;
                        m.globals.push(Global { ty: g.ty.content_type, mutable: g.ty.mutable, init });
                    }
                }
                Payload::ExportSection(reader) => {
                    for e in reader {
                        let e = e?;
                        let kind = match e.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Func(e.index),
                            _ => ExportKind::Other,
                        };
                        m.exports.push(Export { name: e.name.to_string(), kind });
                    }
                }
                Payload::StartSection { func, .. } => m.start = Some(func),
                Payload::ElementSection(reader) => {
                    for el in reader {
                        let el = el?;
                        match el.kind {
                            ElementKind::Active { table_index, offset_expr } => {
                                if table_index.unwrap_or(0) != 0 {
                                    return Err(unsupported("element segments for a second table"));
                                }
                                let (_, offset) = const_expr_value(&offset_expr, &m.globals)?;
                                let offset = offset & 0xFFFF_FFFF;
                                match el.items {
                                    ElementItems::Functions(funcs) => {
                                        for (i, f) in funcs.into_iter().enumerate() {
                                            m.elements.push((offset + i as u64, f?));
                                        }
                                    }
                                    ElementItems::Expressions(..) => return Err(unsupported("element segments with expressions")),
                                }
                            }
                            ElementKind::Declared => {}
                            ElementKind::Passive => return Err(unsupported("passive element segments")),
                        }
                    }
                }
                Payload::DataSection(reader) => {
                    for d in reader {
                        let d = d?;
                        match d.kind {
                            wasmparser::DataKind::Active { memory_index: 0, offset_expr } => {
                                let (_, offset) = const_expr_value(&offset_expr, &m.globals)?;
                                m.data.push((offset & 0xFFFF_FFFF, d.data));
                            }
                            _ => return Err(unsupported("passive data segments or a second memory")),
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => m.bodies.push(body),
                Payload::Version { encoding: wasmparser::Encoding::Component, .. } => return Err(unsupported("components")),
                _ => {}
            }
        }
        for (slot, _) in &m.elements {
            if *slot >= m.table_size {
                return Err(Error("an element segment lies outside the table (instantiation would fail)".into()));
            }
        }
        Ok(m)
    }

    pub fn func_type(&self, func: u32) -> &FuncSig {
        &self.types[self.funcs[func as usize] as usize]
    }

    pub fn canonical_type_of_func(&self, func: u32) -> u32 {
        self.canonical[self.funcs[func as usize] as usize]
    }

    /// Table slots in order (later segments overwrite earlier ones, as instantiation does).
    pub fn table_entries(&self) -> BTreeMap<u64, u32> {
        self.elements.iter().copied().collect()
    }

    /// Nonzero 32-bit little-endian words of the initial memory, by word index (byte address / 4).
    pub fn initial_words(&self) -> Result<BTreeMap<u64, u32>> {
        let size = self.memory_initial * 65536;
        let mut bytes: BTreeMap<u64, [u8; 4]> = BTreeMap::new();
        for (offset, data) in &self.data {
            if offset + data.len() as u64 > size {
                return Err(Error("a data segment lies outside the initial memory (instantiation would fail)".into()));
            }
            for (i, b) in data.iter().enumerate() {
                let a = offset + i as u64;
                bytes.entry(a >> 2).or_insert([0; 4])[(a & 3) as usize] = *b;
            }
        }
        Ok(bytes.into_iter().map(|(k, b)| (k, u32::from_le_bytes(b))).filter(|(_, v)| *v != 0).collect())
    }

    /// For each defined function: whether it lies on a cycle of the call graph (calls through
    /// the table count as calls to every table function of that signature). Only these need a
    /// depth counter: every other call chain is bounded by the module itself.
    pub fn recursive_functions(&self) -> Vec<bool> {
        let n = self.funcs.len();
        let table: Vec<u32> = self.table_entries().values().copied().collect();
        let mut edges: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, body) in self.bodies.iter().enumerate() {
            let Ok(mut reader) = body.get_operators_reader() else { continue };
            while !reader.eof() {
                match reader.read() {
                    Ok(Operator::Call { function_index }) => edges[i].push(function_index),
                    Ok(Operator::CallIndirect { type_index, .. }) => {
                        let want = self.canonical[type_index as usize];
                        edges[i].extend(table.iter().copied().filter(|f| self.canonical_type_of_func(*f) == want));
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            edges[i].sort_unstable();
            edges[i].dedup();
        }
        // Tarjan's strongly connected components, iteratively.
        let mut index = vec![u32::MAX; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut recursive = vec![false; n];
        let mut next = 0u32;
        for root in 0..n {
            if index[root] != u32::MAX {
                continue;
            }
            let mut work: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = next;
            low[root] = next;
            next += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut ei)) = work.last_mut() {
                if *ei < edges[v].len() {
                    let w = edges[v][*ei] as usize;
                    *ei += 1;
                    if index[w] == u32::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    work.pop();
                    if let Some(&(parent, _)) = work.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut members = Vec::new();
                        loop {
                            let w = stack.pop().expect("tarjan stack");
                            on_stack[w] = false;
                            members.push(w);
                            if w == v {
                                break;
                            }
                        }
                        let cyclic = members.len() > 1 || edges[v].contains(&(v as u32));
                        for w in members {
                            recursive[w] = cyclic;
                        }
                    }
                }
            }
        }
        recursive
    }
}

pub fn check_valtype(v: ValType, what: &str) -> Result<()> {
    match v {
        ValType::I32 | ValType::I64 | ValType::F64 => Ok(()),
        other => Err(unsupported(format!("value type {other} in a {what} (supported: i32, i64, f64)"))),
    }
}
