//! wasm2php: translates a zero-import WebAssembly module into one plain PHP 8.1+ file.
//!
//! The output defines `<namespace>\Trap` (thrown on every wasm trap) and `<namespace>\<class>`:
//! one method per wasm function (`f<index>`), one public method per exported function
//! (`x_<name>`), the linear memory as a sparse array of little-endian 32-bit words under their
//! byte addresses (`$w`, a missing word holds its initial value: DATA's or zero) plus its byte
//! size (`$sz`), mutable globals as properties, the function table as constants. Values: i32 as
//! unsigned PHP ints in [0, 2^32), i64 as PHP ints (same bits), f64 as PHP floats.
//!
//! Anything the translator does not implement (another value type, an import, an unknown
//! instruction) is an error naming the function and byte offset: the build fails, never a request.

mod compact;
mod func;
mod groups;
mod hot;
mod module;
mod names;
mod words;

pub use hot::parse_profile;
pub use module::Module;
pub use words::{parse_words, WordProfile};

use std::fmt::Write as _;

/// Settings of one translation.
#[derive(Clone, Debug)]
pub struct Options {
    /// PHP namespace of the generated classes, without leading backslash.
    pub namespace: String,
    /// Name of the generated module class.
    pub class: String,
    /// Deepest nesting of calls among recursive functions before a "call stack exhausted" trap.
    pub max_call_depth: u32,
    /// Every load and aligned i32 store inline instead of helper calls: on main 7ded9d2's wasm
    /// 11.68M PHP instructions per decision instead of 12.81M (loads inside loops inline only),
    /// but 2.03 MB of PHP instead of 1.46 MB: too much for the size target.
    pub inline_memory: bool,
    /// Loads inside loops inline (most of a decision's loads: the byte scans of the request), the
    /// rest through helpers: 14.01M → 12.81M PHP instructions per decision for +56 KB of PHP (main
    /// 7ded9d2's wasm). Ignored with `inline_memory`.
    pub inline_loop_loads: bool,
    /// Split the functions into this many trait files (1: everything in one file). PHP compiles
    /// each file on its own, so the peak memory of a first, uncached load drops with the part size.
    pub parts: usize,
    /// File name of the main output without `.php`; part N is `<stem>.partN.php` beside it.
    pub file_stem: String,
    /// Calls per wasm function index from a profile run (`count_calls`, `profile.php`): the
    /// functions that run most memory-access helper calls per byte are translated with every
    /// access inline, up to `hot_bytes` of their PHP (hot.rs).
    pub profile: Option<std::collections::BTreeMap<u32, u64>>,
    /// Budget of `profile`'s inline functions, in bytes of their helper-call PHP.
    pub hot_bytes: usize,
    /// A counting build for the profile run: every function adds 1 to `<class>::$calls[<index>]`.
    pub count_calls: bool,
    /// Lazy loading (0: off): the functions go to autoloaded classes `<namespace>\\G<N>` in
    /// `<stem>.partN.php` of about this many bytes each, grouped along the call graph (see
    /// groups.rs), and a request compiles only the groups its calls reach. Replaces `parts`.
    pub lazy_group_bytes: usize,
    /// Words of linear memory a profile run touched per request (`profile.php`): the most
    /// touched start every instance, in a constant array (words.rs).
    pub words: Option<WordProfile>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            namespace: "ShopCredit\\Runtime\\Generated".into(),
            class: "CoreModule".into(),
            max_call_depth: 20_000,
            inline_memory: false,
            inline_loop_loads: true,
            parts: 1,
            file_stem: "shopcredit_core".into(),
            lazy_group_bytes: 0,
            profile: None,
            hot_bytes: 0,
            count_calls: false,
            words: None,
        }
    }
}

/// A translation error: the message says what is unsupported and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error(format!("invalid wasm: {e}"))
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// What a translation produced, for build logs.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub functions: usize,
    pub instructions: usize,
    pub recursive_functions: usize,
}

/// First statement of every generated file: a web request for the file itself (it sits under the
/// shop's web root) gets a 404 before anything else is compiled or run; `require` from the bridge
/// is unaffected. The main file requires the big parts only after this line.
pub const DIRECT_REQUEST_GUARD: &str = "if (\\PHP_SAPI !== 'cli' && isset($_SERVER['SCRIPT_FILENAME']) && \\realpath((string) $_SERVER['SCRIPT_FILENAME']) === __FILE__) {\n    \\http_response_code(404);\n    return;\n}\n\n";

/// Translates `wasm` into PHP: the main file first, then `opts.parts - 1`... part files (each to be
/// written as `<file_stem>.partN.php`, N from 1, beside the main file).
pub fn translate_files(wasm: &[u8], opts: &Options) -> Result<(Vec<String>, Stats)> {
    let mut validator = wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::default());
    validator.validate_all(wasm)?;
    let module = Module::parse(wasm)?;
    let recursive = module.recursive_functions();
    let mut stats = Stats { functions: module.bodies.len(), recursive_functions: recursive.iter().filter(|r| **r).count(), ..Stats::default() };

    let mut bodies = Vec::with_capacity(module.bodies.len());
    for (i, body) in module.bodies.iter().enumerate() {
        let fi = module.imported_funcs + i as u32;
        let mut code = String::new();
        stats.instructions += func::translate_function(&module, fi, body, recursive[i], opts, &mut code)?;
        bodies.push(code);
    }
    // Groups from the helper-call sizes: the inline functions below grow their groups a little
    // instead of splitting them (a first request then compiles as many files as before).
    let plain_bytes: Vec<usize> = bodies.iter().map(String::len).collect();
    if let Some(calls) = &opts.profile {
        let inline = Options { inline_memory: true, ..opts.clone() };
        for i in hot::select(&bodies, calls, module.imported_funcs, opts.hot_bytes) {
            let mut code = String::new();
            func::translate_function(&module, module.imported_funcs + i as u32, &module.bodies[i], recursive[i], &inline, &mut code)?;
            bodies[i] = code;
        }
    }
    let lazy = (opts.lazy_group_bytes > 0).then(|| lazy_groups(&module, &bodies, &plain_bytes, opts.lazy_group_bytes));
    let mut out = file_header(&module, opts, lazy.as_ref(), wasm)?;
    match &lazy {
        Some(groups) => {
            let mut files = vec![String::new(); groups.count];
            for (i, code) in bodies.iter().enumerate() {
                let own = groups.group[i];
                // Calls within the group through self:: (shorter; the same static call).
                let class_of = |f: u32| if groups.group_of(f) == own { "self".to_string() } else { groups.class_of(f) };
                files[own].push_str(&groups::static_body(code, &opts.class, &class_of));
            }
            out.push_str("}\n");
            let mut result = vec![out];
            for (g, code) in files.into_iter().enumerate() {
                result.push(part_file(opts, &format!("/** @internal */\nfinal class G{}", g + 1), g + 1, &code));
            }
            Ok((result, stats))
        }
        None => {
            // With parts, the first share stays in the class and the rest go to traits of about
            // equal size in bytes.
            let parts = opts.parts.max(1);
            let total: usize = bodies.iter().map(String::len).sum();
            let share = total / parts + 1;
            let mut files = vec![String::new(); parts];
            let mut part = 0;
            let mut filled = 0;
            for code in bodies {
                if filled >= share * (part + 1) && part + 1 < parts {
                    part += 1;
                }
                filled += code.len();
                files[part].push_str(&code);
            }
            out.push_str(&files[0]);
            out.push_str("}\n");
            let mut result = vec![out];
            for (n, code) in files.into_iter().enumerate().skip(1) {
                result.push(part_file(opts, &format!("/** @internal */\ntrait {}Part{n}", opts.class), n, &code));
            }
            Ok((result, stats))
        }
    }
}

/// Group of each function for lazy loading.
struct LazyGroups {
    group: Vec<usize>,
    count: usize,
    imported: u32,
}

impl LazyGroups {
    fn group_of(&self, func: u32) -> usize {
        self.group[(func - self.imported) as usize]
    }

    /// The class holding function `func` (`G<N>`, autoloaded from `<stem>.partN.php`).
    fn class_of(&self, func: u32) -> String {
        format!("G{}", self.group_of(func) + 1)
    }
}

fn lazy_groups(module: &Module<'_>, bodies: &[String], bytes: &[usize], limit: usize) -> LazyGroups {
    let imported = module.imported_funcs;
    let pos = |f: u32| f.checked_sub(imported).map(|p| p as usize).filter(|p| *p < bodies.len());
    let callees = bodies
        .iter()
        .map(|code| {
            code.match_indices("$this->f")
                .filter_map(|(i, _)| code[i + 8..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
                .filter_map(pos)
                .collect()
        })
        .collect();
    let mut roots: Vec<usize> = module.table_entries().values().copied().filter_map(pos).collect();
    roots.extend(module.exports.iter().filter_map(|e| if let module::ExportKind::Func(f) = e.kind { pos(f) } else { None }));
    roots.extend(module.start.and_then(pos));
    let graph = groups::Graph { callees, roots, bytes: bytes.to_vec() };
    let group = groups::assign(&graph, limit);
    let count = group.iter().max().map_or(0, |m| m + 1);
    LazyGroups { group, count, imported }
}

/// A part file: the guard, then `decl` (a trait or class) holding `code`.
fn part_file(opts: &Options, decl: &str, n: usize, code: &str) -> String {
    let (ns, class) = (&opts.namespace, &opts.class);
    format!("<?php\n\n// Generated by tools/wasm2php: part {n} of {class}'s functions. Do not edit: run `make php-runtime`.\n\nnamespace {ns};\n\n{DIRECT_REQUEST_GUARD}{decl}\n{{\n{code}}}\n")
}

/// The main file up to the functions: the trap class, how the parts are loaded, the module class
/// with its data, table, state, constructor, exports and runtime helpers.
fn file_header(module: &Module<'_>, opts: &Options, lazy: Option<&LazyGroups>, wasm: &[u8]) -> Result<String> {
    let mut out = String::with_capacity(wasm.len() * 24);
    let ns = &opts.namespace;
    let class = &opts.class;
    let _ = writeln!(out, "<?php\n\n// Generated by tools/wasm2php from the ShopCredit host-ABI wasm. Do not edit: run `make php-runtime`.\n");
    let _ = writeln!(out, "namespace {ns};\n");
    out.push_str(DIRECT_REQUEST_GUARD);
    let _ = writeln!(out, "/** A WebAssembly trap in the generated core (the instance must not be used again). */");
    let _ = writeln!(out, "final class Trap extends \\RuntimeException\n{{\n}}\n");
    let parts = opts.parts.max(1);
    if lazy.is_some() {
        // A group class is compiled when first called: the autoloader maps it to its file. A
        // missing file (an incomplete upload) is a trap, which the runtime turns into a failed
        // call (fail closed), instead of require's uncatchable fatal error. Registered first: the
        // bridge's and the plugins' autoloaders also take `ShopCredit\…` names and would each
        // stat a file that does not exist for every group class a request loads (25 for an
        // eligibility decision).
        let _ = writeln!(
            out,
            "\\spl_autoload_register(static function (string $c): void {{\n    $prefix = __NAMESPACE__ . '\\\\G';\n    if (\\strncmp($c, $prefix, \\strlen($prefix)) === 0 && ($n = \\substr($c, \\strlen($prefix))) !== '' && \\strspn($n, '0123456789') === \\strlen($n)) {{\n        $file = __DIR__ . '/{}.part' . $n . '.php';\n        if (!\\is_file($file)) {{\n            throw new Trap(\"the generated core's part file $file is missing\");\n        }}\n        require $file;\n    }}\n}}, true, true);\n",
            opts.file_stem
        );
    } else if parts > 1 {
        for n in 1..parts {
            let _ = writeln!(out, "require_once __DIR__ . '/{}.part{n}.php';", opts.file_stem);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "final class {class}\n{{");
    if lazy.is_none() && parts > 1 {
        let uses: Vec<String> = (1..parts).map(|n| format!("{class}Part{n}")).collect();
        let _ = writeln!(out, "    use {};\n", uses.join(", "));
    }
    let _ = writeln!(out, "    public const WASM_BYTES = {};", wasm.len());
    let _ = writeln!(out, "    public const WASM_FNV1A64 = '{:016x}';", fnv1a64(wasm));
    let _ = writeln!(out, "    public const MAX_CALL_DEPTH = {};", opts.max_call_depth);
    let _ = writeln!(out, "    public const TABLE_SIZE = {};", module.table_size);
    let _ = writeln!(out, "    public const INITIAL_PAGES = {};", module.memory_initial);
    let _ = writeln!(out, "    public const MAX_PAGES = {};", module.memory_max.unwrap_or(65536).min(65536));
    // Initial memory: the data segments as nonzero 32-bit words by index (byte address >> 2),
    // read where $w misses a word (runtime.php.in): an instance starts with an empty $w instead
    // of a copy of every word. A key only where a run of consecutive words starts: PHP numbers
    // the next ones itself.
    out.push_str("    private const DATA = [");
    let data = module.initial_words()?;
    let mut next_key = None;
    for (i, (k, v)) in data.iter().enumerate() {
        if i % 8 == 0 {
            out.push('\n');
        }
        match next_key {
            Some(n) if n == *k => {}
            // A short gap of zero words is cheaper written out than a new key.
            Some(n) if *k - n <= 4 => out.push_str(&"0,".repeat((*k - n) as usize)),
            _ => {
                let _ = write!(out, "{k} => ");
            }
        }
        let _ = write!(out, "{v},");
        next_key = Some(k + 1);
    }
    out.push_str("\n    ];\n");
    let init = opts.words.as_ref().map(|p| words::select(p, module.memory_initial * 65536, &data)).unwrap_or_default();
    if !init.is_empty() {
        // The words most requests touch, with their initial values: what `$w` starts as.
        out.push_str("    private const INIT = [");
        for (a, v) in &init {
            let _ = write!(out, "{a}=>{v},");
        }
        out.push_str("];\n");
    }
    // The function table: what to call (a method name, or with lazy groups a static method's
    // callable string) and canonical signature id per slot.
    let callee = |f: u32| match lazy {
        // `G<n>::class` resolves to the namespaced name at compile time (no namespace per slot).
        Some(g) => format!("{}::class . '::f{f}'", g.class_of(f)),
        None => format!("'f{f}'"),
    };
    out.push_str("    private const TABLE = [");
    for (slot, f) in module.table_entries() {
        let _ = write!(out, "{slot} => [{}, {}], ", callee(f), module.canonical_type_of_func(f));
    }
    out.push_str("];\n\n");
    // Untyped: a method takes `$W = &$m->w`, and a reference to a typed property carries a type
    // source that every such call adds and removes (6.31M → 6.17M PHP instructions per decision).
    // The call depth and the integer globals (the stack pointer: twice per call) are untyped too:
    // an assignment to a typed property checks the type (6.12M → 6.07M); only ints go in them.
    out.push_str("    /** @var array<int, int> linear memory, 32-bit little-endian words by byte address (a multiple of 4), each in [0, 2^32), only words inside the memory; a missing word holds its initial value (DATA's or 0) */\n    public $w = [];\n    /** memory size in bytes */\n    public int $sz = 0;\n    private int $maxPages;\n    /** @var int depth of calls among recursive functions */\n    public $depth = 0;\n");
    if opts.count_calls {
        out.push_str("    /** @var array<int, int> calls per function (a counting build for a profile run) */\n    public static array $calls = [];\n");
    }
    for (i, g) in module.globals.iter().enumerate() {
        if g.mutable {
            let ty = if g.ty == wasmparser::ValType::F64 { "float " } else { "" };
            let _ = writeln!(out, "    public {ty}$g{i} = {};", g.init_php());
        }
    }
    out.push('\n');
    // How the module calls its own function `f`: a method, or a group's static method.
    let call = |f: u32, args: &str| match lazy {
        Some(g) => format!("{}::f{f}($this{}{args})", g.class_of(f), if args.is_empty() { "" } else { ", " }),
        None => format!("$this->f{f}({args})"),
    };
    let _ = writeln!(out, "    public function __construct(int $maxBytes = 0)\n    {{");
    let _ = writeln!(out, "        $this->maxPages = $maxBytes > 0 ? \\min(self::MAX_PAGES, \\intdiv($maxBytes, 65536)) : self::MAX_PAGES;");
    let _ = writeln!(out, "        $this->sz = self::INITIAL_PAGES * 65536;");
    if !init.is_empty() {
        // A constant array: opcache shares it; the first store copies it.
        let _ = writeln!(out, "        $this->w = self::INIT;");
    }
    if let Some(start) = module.start {
        let _ = writeln!(out, "        {};", call(start, ""));
    }
    out.push_str("    }\n\n");
    // Exports.
    for e in &module.exports {
        if let module::ExportKind::Func(fi) = e.kind {
            let ty = module.func_type(fi);
            let params: Vec<String> = (0..ty.params.len()).map(|i| format!("$p{i}")).collect();
            let _ = writeln!(
                out,
                "    public function x_{}({}) {{ $this->depth = 0; {}{}; }}",
                php_ident(&e.name),
                params.join(", "),
                if ty.results.is_empty() { "" } else { "return " },
                call(fi, &params.join(", "))
            );
        }
    }
    out.push('\n');
    out.push_str(include_str!("runtime.php.in"));
    out.push('\n');
    Ok(out)
}

/// Translates `wasm` into the PHP source of one file (all functions in the class).
pub fn translate(wasm: &[u8], opts: &Options) -> Result<(String, Stats)> {
    let (mut files, stats) = translate_files(wasm, &Options { parts: 1, ..opts.clone() })?;
    Ok((files.remove(0), stats))
}

/// FNV-1a 64 of the source wasm: lets the runtime tell which module a generated file came from.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// An i64 as a PHP integer literal (PHP_INT_MIN has no literal form).
pub(crate) fn php_i64(v: i64) -> String {
    if v == i64::MIN {
        "\\PHP_INT_MIN".into()
    } else {
        v.to_string()
    }
}

/// An f64 as an exact PHP expression.
pub(crate) fn php_f64(bits: u64) -> String {
    let v = f64::from_bits(bits);
    if v.is_finite() && !(v == 0.0 && v.is_sign_negative()) {
        // `{:?}` prints the shortest string that parses back to the same bits.
        let s = format!("{v:?}");
        if s.contains('e') || s.contains('.') {
            s
        } else {
            format!("{s}.0")
        }
    } else {
        format!("self::f64bits({})", php_i64(bits as i64))
    }
}

/// An export name as part of a PHP method name.
pub(crate) fn php_ident(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect()
}
