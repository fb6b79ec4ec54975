//! WebAssembly semantics of every instruction wasm2php translates, checked by running small
//! modules translated to PHP. Expected values come from the spec's definitions, written here with
//! Rust's wrapping/checked integer operations and a byte-vector model of linear memory.
//!
//! Each case calls one export of a translated module in a PHP process and compares the printed
//! result (i32 unsigned decimal, i64 signed decimal; f64 results are checked through i64.reinterpret_f64) or the trap.

use shopcredit_wasm2php::{translate, translate_files, Options, WordProfile};
use std::fmt::Write as _;
use std::process::Command;

#[derive(Clone, Copy, Debug)]
enum V {
    I32(u32),
    I64(i64),
}

impl V {
    fn php(self) -> String {
        match self {
            V::I32(v) => v.to_string(),
            V::I64(i64::MIN) => "\\PHP_INT_MIN".into(),
            V::I64(v) => v.to_string(),
        }
    }
    fn show(self) -> String {
        match self {
            V::I32(v) => v.to_string(),
            V::I64(v) => v.to_string(),
        }
    }
}

/// Expected outcome: a value, nothing (void), or a trap whose message contains the text.
#[derive(Clone, Debug)]
enum Want {
    Val(V),
    Void,
    Trap(&'static str),
}

struct Case {
    func: String,
    args: Vec<V>,
    want: Want,
}

/// Translates `wat`, runs every case in one PHP process (a fresh instance per case unless
/// `shared` is set, for sequences on one memory) and asserts the outcomes.
fn run(name: &str, wat: &str, cases: &[Case], shared: bool) {
    let wasm = wat::parse_str(wat).unwrap_or_else(|e| panic!("{name}: bad wat: {e}"));
    let opts = Options { namespace: format!("SpecTest\\{name}"), ..Options::default() };
    // Each memory code form (loads inside loops inline as `make php-runtime` builds them;
    // everything inline; helpers only, here with the functions split across trait files), and
    // lazy groups as `make php-runtime` builds them (groups of ~1 function here, so calls,
    // indirect calls and recursion cross group classes), once more with instances that start
    // with memory words (a profile naming every address of the first KiB and of the KiB either
    // side of 64 KiB, and unaligned ones: only aligned words inside the initial memory may start).
    let words = WordProfile { requests: 1, touched: (0..1024u64).chain(64_512..66_560).chain((1..16).map(|p| p * 65_536 - 2)).map(|a| (a, 1)).collect() };
    for (inline, loop_loads, parts, lazy, start_words) in
        [(false, true, 1, 0, false), (true, true, 1, 0, false), (false, false, 3, 0, false), (false, true, 1, 1, false), (false, true, 1, 1, true)]
    {
        let words = start_words.then(|| words.clone());
        let form =
            Options { inline_memory: inline, inline_loop_loads: loop_loads, parts, file_stem: "module".into(), lazy_group_bytes: lazy, words, ..opts.clone() };
        let (files, _) = translate_files(&wasm, &form).unwrap_or_else(|e| panic!("{name}: {e}"));
        if lazy == 0 {
            assert_eq!(files.len(), parts, "{name}: one file per part");
        }
        let dir = std::env::temp_dir().join(format!("wasm2php-spec-{}-{name}-{inline}-{parts}-{lazy}-{start_words}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let module = dir.join("module.php");
        std::fs::write(&module, &files[0]).unwrap();
        for (n, code) in files.iter().enumerate().skip(1) {
            std::fs::write(dir.join(format!("module.part{n}.php")), code).unwrap();
        }
        let class = format!("\\SpecTest\\{name}\\CoreModule");
        let mut driver = format!(
            "<?php\nrequire {:?};\nset_error_handler(function ($n, $m) {{ throw new \\ErrorException($m); }});\n$m = new {class}();\n\
             function show($v) {{ return is_float($v) ? 'f' . bin2hex(strrev(pack('E', $v))) : (string) $v; }}\n",
            module.to_str().unwrap()
        );
        for c in cases {
            let args: Vec<String> = c.args.iter().map(|a| a.php()).collect();
            let fresh = if shared { "" } else { "$m = new $C(); " };
            let _ = writeln!(
                driver,
                "$C = '{class}'; {fresh}try {{ $r = $m->x_{}({}); echo $r === null ? 'void' : show($r), \"\\n\"; }} catch (\\Throwable $e) {{ echo 'trap ', get_class($e), ' ', str_replace(\"\\n\", ' ', $e->getMessage()), \"\\n\"; }}",
                c.func,
                args.join(", ")
            );
        }
        let drv = dir.join("driver.php");
        std::fs::write(&drv, driver).unwrap();
        let out = Command::new("php").arg("-n").arg("-d").arg("memory_limit=1G").arg(&drv).output().expect("php must be installed");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: php failed: {}\n{}", stdout, String::from_utf8_lossy(&out.stderr));
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), cases.len(), "{name}: one output line per case:\n{stdout}");
        let mut failures = Vec::new();
        for (c, got) in cases.iter().zip(lines) {
            let ok = match &c.want {
                Want::Val(v) => got == v.show(),
                Want::Void => got == "void",
                Want::Trap(msg) => got.starts_with("trap ") && got.contains("\\Trap ") && got.contains(msg),
            };
            if !ok {
                failures.push(format!("{}({:?}): want {:?}, got {got}", c.func, c.args, c.want));
            }
        }
        assert!(
            failures.is_empty(),
            "{name} (inline memory: {inline}, parts: {parts}, lazy groups: {lazy}, start words: {start_words}): {} of {} cases differ:\n{}",
            failures.len(),
            cases.len(),
            failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

const I32S: &[u32] = &[
    0,
    1,
    2,
    3,
    7,
    8,
    15,
    16,
    31,
    32,
    33,
    63,
    64,
    0x7F,
    0x80,
    0xFF,
    0x100,
    0x7FFF,
    0x8000,
    0xFFFF,
    0x1_0000,
    0x7FFF_FFFF,
    0x8000_0000,
    0x8000_0001,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0x1234_5678,
    0x9ABC_DEF0,
    0xF0F0_0F0F,
];
const I64S: &[i64] = &[
    0,
    1,
    2,
    3,
    7,
    31,
    32,
    33,
    63,
    64,
    65,
    0x7F,
    0x80,
    0xFF,
    0x7FFF_FFFF,
    0x8000_0000,
    0xFFFF_FFFF,
    0x1_0000_0000,
    0x1_0000_0001,
    i64::MAX,
    i64::MIN,
    i64::MIN + 1,
    -1,
    -2,
    -0x8000_0000,
    0x1234_5678_9ABC_DEF0,
    -0x1234_5678_9ABC_DEF0,
    0x0F0F_F0F0_1234_8765,
    0x7FFF_FFFF_FFFF_FFFE,
    0x10_0000_0000,
];

type Bin32 = fn(u32, u32) -> Option<u32>;
type Bin64 = fn(i64, i64) -> Option<i64>;

fn i32_ops() -> Vec<(&'static str, Bin32)> {
    let ops: Vec<(&'static str, Bin32)> = vec![
        ("i32.add", |a, b| Some(a.wrapping_add(b))),
        ("i32.sub", |a, b| Some(a.wrapping_sub(b))),
        ("i32.mul", |a, b| Some(a.wrapping_mul(b))),
        ("i32.div_u", |a, b| a.checked_div(b)),
        ("i32.rem_u", |a, b| a.checked_rem(b)),
        ("i32.div_s", |a, b| (a as i32).checked_div(b as i32).map(|v| v as u32)),
        ("i32.rem_s", |a, b| if b == 0 { None } else { Some((a as i32).wrapping_rem(b as i32) as u32) }),
        ("i32.and", |a, b| Some(a & b)),
        ("i32.or", |a, b| Some(a | b)),
        ("i32.xor", |a, b| Some(a ^ b)),
        ("i32.shl", |a, b| Some(a.wrapping_shl(b))),
        ("i32.shr_u", |a, b| Some(a.wrapping_shr(b))),
        ("i32.shr_s", |a, b| Some((a as i32).wrapping_shr(b) as u32)),
        ("i32.rotl", |a, b| Some(a.rotate_left(b % 32))),
        ("i32.rotr", |a, b| Some(a.rotate_right(b % 32))),
        ("i32.eq", |a, b| Some(u32::from(a == b))),
        ("i32.ne", |a, b| Some(u32::from(a != b))),
        ("i32.lt_u", |a, b| Some(u32::from(a < b))),
        ("i32.gt_u", |a, b| Some(u32::from(a > b))),
        ("i32.le_u", |a, b| Some(u32::from(a <= b))),
        ("i32.ge_u", |a, b| Some(u32::from(a >= b))),
        ("i32.lt_s", |a, b| Some(u32::from((a as i32) < (b as i32)))),
        ("i32.gt_s", |a, b| Some(u32::from((a as i32) > (b as i32)))),
        ("i32.le_s", |a, b| Some(u32::from((a as i32) <= (b as i32)))),
        ("i32.ge_s", |a, b| Some(u32::from((a as i32) >= (b as i32)))),
    ];
    ops
}

fn i64_ops() -> Vec<(&'static str, Bin64)> {
    let ops: Vec<(&'static str, Bin64)> = vec![
        ("i64.add", |a, b| Some(a.wrapping_add(b))),
        ("i64.sub", |a, b| Some(a.wrapping_sub(b))),
        ("i64.mul", |a, b| Some(a.wrapping_mul(b))),
        ("i64.div_u", |a, b| (a as u64).checked_div(b as u64).map(|v| v as i64)),
        ("i64.rem_u", |a, b| (a as u64).checked_rem(b as u64).map(|v| v as i64)),
        ("i64.div_s", |a, b| a.checked_div(b)),
        ("i64.rem_s", |a, b| if b == 0 { None } else { Some(a.wrapping_rem(b)) }),
        ("i64.and", |a, b| Some(a & b)),
        ("i64.or", |a, b| Some(a | b)),
        ("i64.xor", |a, b| Some(a ^ b)),
        ("i64.shl", |a, b| Some(a.wrapping_shl(b as u32))),
        ("i64.shr_u", |a, b| Some((a as u64).wrapping_shr(b as u32) as i64)),
        ("i64.shr_s", |a, b| Some(a.wrapping_shr(b as u32))),
        ("i64.rotl", |a, b| Some(a.rotate_left((b & 63) as u32))),
        ("i64.rotr", |a, b| Some(a.rotate_right((b & 63) as u32))),
    ];
    ops
}

/// A named i64 comparison and what it must answer.
type I64Cmp = (&'static str, fn(i64, i64) -> bool);

fn i64_cmps() -> Vec<I64Cmp> {
    let ops: Vec<I64Cmp> = vec![
        ("i64.eq", |a, b| a == b),
        ("i64.ne", |a, b| a != b),
        ("i64.lt_s", |a, b| a < b),
        ("i64.gt_s", |a, b| a > b),
        ("i64.le_s", |a, b| a <= b),
        ("i64.ge_s", |a, b| a >= b),
        ("i64.lt_u", |a, b| (a as u64) < (b as u64)),
        ("i64.gt_u", |a, b| (a as u64) > (b as u64)),
        ("i64.le_u", |a, b| (a as u64) <= (b as u64)),
        ("i64.ge_u", |a, b| (a as u64) >= (b as u64)),
    ];
    ops
}

fn fname(op: &str) -> String {
    op.replace('.', "_")
}

fn trap_for_div(op: &str, b_zero: bool) -> &'static str {
    if b_zero || !op.contains("div") {
        "integer divide by zero"
    } else {
        "integer overflow"
    }
}

#[test]
fn i32_binary_ops_with_variable_and_constant_operands() {
    let mut wat = String::from("(module\n");
    let mut cases = Vec::new();
    // Constant right operands exercise the translator's folded forms (shifts, division, masks).
    let consts: &[u32] = &[0, 1, 3, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000];
    for (op, f) in i32_ops() {
        let n = fname(op);
        let _ = writeln!(wat, "(func (export \"{n}\") (param i32 i32) (result i32) local.get 0 local.get 1 {op})");
        for (ci, c) in consts.iter().enumerate() {
            let _ = writeln!(wat, "(func (export \"{n}_c{ci}\") (param i32) (result i32) local.get 0 i32.const {} {op})", *c as i32);
        }
        for &a in I32S {
            for &b in I32S {
                let want = match f(a, b) {
                    Some(v) => Want::Val(V::I32(v)),
                    None => Want::Trap(trap_for_div(op, b == 0)),
                };
                cases.push(Case { func: n.clone(), args: vec![V::I32(a), V::I32(b)], want });
            }
            for (ci, &c) in consts.iter().enumerate() {
                let want = match f(a, c) {
                    Some(v) => Want::Val(V::I32(v)),
                    None => Want::Trap(trap_for_div(op, c == 0)),
                };
                cases.push(Case { func: format!("{n}_c{ci}"), args: vec![V::I32(a)], want });
            }
        }
    }
    wat.push(')');
    run("I32Bin", &wat, &cases, false);
}

#[test]
fn i64_binary_ops_and_comparisons() {
    let mut wat = String::from("(module\n");
    let mut cases = Vec::new();
    let consts: &[i64] = &[0, 1, 3, 32, 63, 64, 65, 10, 1000, i64::MIN, -1, 0x7FFF_FFFF];
    for (op, f) in i64_ops() {
        let n = fname(op);
        let _ = writeln!(wat, "(func (export \"{n}\") (param i64 i64) (result i64) local.get 0 local.get 1 {op})");
        for (ci, c) in consts.iter().enumerate() {
            let _ = writeln!(wat, "(func (export \"{n}_c{ci}\") (param i64) (result i64) local.get 0 i64.const {c} {op})");
        }
        for &a in I64S {
            for &b in I64S {
                let want = match f(a, b) {
                    Some(v) => Want::Val(V::I64(v)),
                    None => Want::Trap(trap_for_div(op, b == 0)),
                };
                cases.push(Case { func: n.clone(), args: vec![V::I64(a), V::I64(b)], want });
            }
            for (ci, &c) in consts.iter().enumerate() {
                let want = match f(a, c) {
                    Some(v) => Want::Val(V::I64(v)),
                    None => Want::Trap(trap_for_div(op, c == 0)),
                };
                cases.push(Case { func: format!("{n}_c{ci}"), args: vec![V::I64(a)], want });
            }
        }
    }
    for (op, f) in i64_cmps() {
        let n = fname(op);
        let _ = writeln!(wat, "(func (export \"{n}\") (param i64 i64) (result i32) local.get 0 local.get 1 {op})");
        // The same comparison used as a branch condition (PHP bool path).
        let _ = writeln!(wat, "(func (export \"{n}_br\") (param i64 i64) (result i32) (block (br_if 0 (i32.eqz (local.get 0) (local.get 1) ({op}))) (return (i32.const 7))) i32.const 9)");
        for &a in I64S {
            for &b in I64S {
                cases.push(Case { func: n.clone(), args: vec![V::I64(a), V::I64(b)], want: Want::Val(V::I32(u32::from(f(a, b)))) });
                cases.push(Case { func: format!("{n}_br"), args: vec![V::I64(a), V::I64(b)], want: Want::Val(V::I32(if f(a, b) { 7 } else { 9 })) });
            }
        }
    }
    wat.push(')');
    run("I64Bin", &wat, &cases.into_iter().filter(|c| !c.func.ends_with("_br") || !matches!(c.want, Want::Trap(_))).collect::<Vec<_>>(), false);
}

#[test]
fn unary_ops_extension_and_wrapping() {
    let wat = r#"(module
      (func (export "i32_clz") (param i32) (result i32) local.get 0 i32.clz)
      (func (export "i32_ctz") (param i32) (result i32) local.get 0 i32.ctz)
      (func (export "i32_popcnt") (param i32) (result i32) local.get 0 i32.popcnt)
      (func (export "i32_eqz") (param i32) (result i32) local.get 0 i32.eqz)
      (func (export "i32_extend8_s") (param i32) (result i32) local.get 0 i32.extend8_s)
      (func (export "i32_extend16_s") (param i32) (result i32) local.get 0 i32.extend16_s)
      (func (export "i64_clz") (param i64) (result i64) local.get 0 i64.clz)
      (func (export "i64_ctz") (param i64) (result i64) local.get 0 i64.ctz)
      (func (export "i64_popcnt") (param i64) (result i64) local.get 0 i64.popcnt)
      (func (export "i64_eqz") (param i64) (result i32) local.get 0 i64.eqz)
      (func (export "i64_extend8_s") (param i64) (result i64) local.get 0 i64.extend8_s)
      (func (export "i64_extend16_s") (param i64) (result i64) local.get 0 i64.extend16_s)
      (func (export "i64_extend32_s") (param i64) (result i64) local.get 0 i64.extend32_s)
      (func (export "i32_wrap_i64") (param i64) (result i32) local.get 0 i32.wrap_i64)
      (func (export "i64_extend_i32_s") (param i32) (result i64) local.get 0 i64.extend_i32_s)
      (func (export "i64_extend_i32_u") (param i32) (result i64) local.get 0 i64.extend_i32_u)
    )"#;
    let mut cases = Vec::new();
    let mut c32 = |f: &str, a: u32, r: u32| cases.push(Case { func: f.into(), args: vec![V::I32(a)], want: Want::Val(V::I32(r)) });
    for &a in I32S {
        c32("i32_clz", a, a.leading_zeros());
        c32("i32_ctz", a, a.trailing_zeros());
        c32("i32_popcnt", a, a.count_ones());
        c32("i32_eqz", a, u32::from(a == 0));
        c32("i32_extend8_s", a, a as u8 as i8 as i32 as u32);
        c32("i32_extend16_s", a, a as u16 as i16 as i32 as u32);
    }
    for &a in I32S {
        cases.push(Case { func: "i64_extend_i32_s".into(), args: vec![V::I32(a)], want: Want::Val(V::I64(i64::from(a as i32))) });
        cases.push(Case { func: "i64_extend_i32_u".into(), args: vec![V::I32(a)], want: Want::Val(V::I64(i64::from(a))) });
    }
    for &a in I64S {
        let u = a as u64;
        let mut c = |f: &str, r: i64| cases.push(Case { func: f.into(), args: vec![V::I64(a)], want: Want::Val(V::I64(r)) });
        c("i64_clz", i64::from(u.leading_zeros()));
        c("i64_ctz", i64::from(u.trailing_zeros()));
        c("i64_popcnt", i64::from(u.count_ones()));
        c("i64_extend8_s", i64::from(a as i8));
        c("i64_extend16_s", i64::from(a as i16));
        c("i64_extend32_s", i64::from(a as i32));
        cases.push(Case { func: "i64_eqz".into(), args: vec![V::I64(a)], want: Want::Val(V::I32(u32::from(a == 0))) });
        cases.push(Case { func: "i32_wrap_i64".into(), args: vec![V::I64(a)], want: Want::Val(V::I32(a as u32)) });
    }
    run("Unary", wat, &cases, false);
}

/// Linear memory: every load/store width and sign at every alignment of two words, the last
/// valid and first invalid addresses, grow/size, copy (overlapping both ways) and fill.
#[test]
fn memory_loads_stores_bounds_and_bulk_ops() {
    let wat = r#"(module
      (memory 1 3)
      (data (i32.const 0) "\01\02\03\04\05\06\07\08\89\8a\8b\8c\8d\8e\8f\90\f1\f2\f3\f4\f5\f6\f7\f8")
      (data (i32.const 65528) "\a1\a2\a3\a4\a5\a6\a7\a8")
      (func (export "i32_load") (param i32) (result i32) local.get 0 i32.load)
      (func (export "i32_load_off") (param i32) (result i32) local.get 0 i32.load offset=3)
      (func (export "i32_load8_u") (param i32) (result i32) local.get 0 i32.load8_u)
      (func (export "i32_load8_s") (param i32) (result i32) local.get 0 i32.load8_s)
      (func (export "i32_load16_u") (param i32) (result i32) local.get 0 i32.load16_u)
      (func (export "i32_load16_s") (param i32) (result i32) local.get 0 i32.load16_s)
      (func (export "i64_load") (param i32) (result i64) local.get 0 i64.load)
      (func (export "i64_load_a4") (param i32) (result i64) local.get 0 i64.load align=4)
      (func (export "i64_load_a1") (param i32) (result i64) local.get 0 i64.load align=1)
      (func (export "i64_load8_s") (param i32) (result i64) local.get 0 i64.load8_s)
      (func (export "i64_load8_u") (param i32) (result i64) local.get 0 i64.load8_u)
      (func (export "i64_load16_s") (param i32) (result i64) local.get 0 i64.load16_s)
      (func (export "i64_load16_u") (param i32) (result i64) local.get 0 i64.load16_u)
      (func (export "i64_load32_s") (param i32) (result i64) local.get 0 i64.load32_s)
      (func (export "i64_load32_u") (param i32) (result i64) local.get 0 i64.load32_u)
      (func (export "const_load") (result i64) i32.const 4 i64.load offset=4)
      (func (export "const_store") (result i64) i32.const 12 i32.const 0xAABBCCDD i32.store i32.const 8 i64.load)
      (func (export "i32_store") (param i32 i32) local.get 0 local.get 1 i32.store)
      (func (export "i32_store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
      (func (export "i32_store16") (param i32 i32) local.get 0 local.get 1 i32.store16)
      (func (export "i64_store") (param i32 i64) local.get 0 local.get 1 i64.store)
      (func (export "i64_store_a4") (param i32 i64) local.get 0 local.get 1 i64.store align=4)
      (func (export "i64_store_a1") (param i32 i64) local.get 0 local.get 1 i64.store align=1)
      (func (export "i64_store32") (param i32 i64) local.get 0 local.get 1 i64.store32)
      (func (export "i64_store16") (param i32 i64) local.get 0 local.get 1 i64.store16)
      (func (export "i64_store8") (param i32 i64) local.get 0 local.get 1 i64.store8)
      (func (export "size") (result i32) memory.size)
      (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
      (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
      (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
      (func (export "load_dropped") (param i32) local.get 0 i32.load drop)
      (func (export "copy_load") (param i32 i32 i32) (result i64)
        local.get 0 local.get 1 local.get 2 memory.copy local.get 0 i64.load align=1)
      (func (export "move32") (param i32 i32) local.get 0 local.get 1 i32.load i32.store)
      (func (export "move64") (param i32 i32) local.get 0 local.get 1 i64.load i64.store)
      (func (export "scan") (param $a i32) (result i32) (local $i i32) (local $acc i32)
        (loop $next
          (local.set $acc (i32.add (local.get $acc)
            (i32.add (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                     (i32.load offset=1 (i32.add (local.get $a) (local.get $i))))))
          (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
        (local.get $acc))
    )"#;
    // Byte model of the memory, as the spec defines it (little-endian, 64 KiB pages).
    let mut mem = vec![0u8; 65536];
    let init: Vec<u8> = vec![1, 2, 3, 4, 5, 6, 7, 8, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8];
    mem[..init.len()].copy_from_slice(&init);
    mem[65528..].copy_from_slice(&[0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8]);
    let rd =
        |m: &[u8], a: usize, n: usize| -> Option<u64> { (a + n <= m.len()).then(|| m[a..a + n].iter().rev().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))) };
    let oob = "out of bounds memory access";
    let mut cases = Vec::new();
    let addrs: Vec<u32> = (0..18)
        .chain([65520, 65524, 65526, 65527, 65528, 65529, 65531, 65532, 65533, 65534, 65535, 65536, 65537, 0xFFFF_FFFF, 0xFFFF_FFFC, 0x8000_0000])
        .collect();
    for &a in &addrs {
        let a_us = a as usize;
        let mut load = |f: &str, n: usize, conv: &dyn Fn(u64) -> V| {
            let want = match rd(&mem, a_us, n) {
                Some(v) => Want::Val(conv(v)),
                None => Want::Trap(oob),
            };
            cases.push(Case { func: f.into(), args: vec![V::I32(a)], want });
        };
        load("i32_load", 4, &|v| V::I32(v as u32));
        load("i32_load8_u", 1, &|v| V::I32(v as u32));
        load("i32_load8_s", 1, &|v| V::I32(v as u8 as i8 as i32 as u32));
        load("i32_load16_u", 2, &|v| V::I32(v as u32));
        load("i32_load16_s", 2, &|v| V::I32(v as u16 as i16 as i32 as u32));
        load("i64_load", 8, &|v| V::I64(v as i64));
        load("i64_load_a4", 8, &|v| V::I64(v as i64));
        load("i64_load_a1", 8, &|v| V::I64(v as i64));
        load("i64_load8_s", 1, &|v| V::I64(i64::from(v as u8 as i8)));
        load("i64_load8_u", 1, &|v| V::I64(v as i64));
        load("i64_load16_s", 2, &|v| V::I64(i64::from(v as u16 as i16)));
        load("i64_load16_u", 2, &|v| V::I64(v as i64));
        load("i64_load32_s", 4, &|v| V::I64(i64::from(v as u32 as i32)));
        load("i64_load32_u", 4, &|v| V::I64(v as i64));
        // The offset is added without wrapping: 0xFFFFFFFF + 3 is out of bounds, not 2.
        let want = match rd(&mem, a_us + 3, 4) {
            Some(v) => Want::Val(V::I32(v as u32)),
            None => Want::Trap(oob),
        };
        cases.push(Case { func: "i32_load_off".into(), args: vec![V::I32(a)], want });
        cases.push(Case { func: "load_dropped".into(), args: vec![V::I32(a)], want: if a_us + 4 <= 65536 { Want::Void } else { Want::Trap(oob) } });
        // Loads inside a loop (inline in the default build): a byte and a word after it, three
        // times from a wrapped base address.
        let scan = (0..3u32).try_fold(0u32, |acc, i| {
            let base = a.wrapping_add(i) as usize;
            Some(acc.wrapping_add(rd(&mem, base, 1)? as u32).wrapping_add(rd(&mem, base + 1, 4)? as u32))
        });
        cases.push(Case { func: "scan".into(), args: vec![V::I32(a)], want: scan.map_or(Want::Trap(oob), |v| Want::Val(V::I32(v))) });
    }
    cases.push(Case { func: "const_load".into(), args: vec![], want: Want::Val(V::I64(rd(&mem, 8, 8).unwrap() as i64)) });
    // memory.copy on a fresh instance, from data words no access has read yet, forwards and
    // backwards (overlapping), aligned and not; then 8 bytes at the destination.
    for (d, s, n) in [(32u32, 0u32, 16u32), (4, 0, 16), (0, 8, 16), (0, 4, 8), (65_520, 65_528, 8), (40, 65_528, 8), (33, 1, 12), (2, 6, 16)] {
        let mut m = mem.clone();
        m.copy_within(s as usize..(s + n) as usize, d as usize);
        let want = Want::Val(V::I64(rd(&m, d as usize, 8).unwrap() as i64));
        cases.push(Case { func: "copy_load".into(), args: vec![V::I32(d), V::I32(s), V::I32(n)], want });
    }
    let mut m2 = mem.clone();
    m2[12..16].copy_from_slice(&0xAABB_CCDDu32.to_le_bytes());
    cases.push(Case { func: "const_store".into(), args: vec![], want: Want::Val(V::I64(rd(&m2, 8, 8).unwrap() as i64)) });
    run("MemLoad", wat, &cases, false);

    // Stores then loads on one instance: every width at every offset across two words.
    let mut cases = Vec::new();
    let mut model = mem.clone();
    let step = |cases: &mut Vec<Case>, model: &mut Vec<u8>, f: &str, a: u32, v: V, n: usize| {
        let a_us = a as usize;
        let bits = match v {
            V::I32(x) => u64::from(x),
            V::I64(x) => x as u64,
        };
        if a_us + n <= model.len() {
            model[a_us..a_us + n].copy_from_slice(&bits.to_le_bytes()[..n]);
            cases.push(Case { func: f.into(), args: vec![V::I32(a), v], want: Want::Void });
        } else {
            cases.push(Case { func: f.into(), args: vec![V::I32(a), v], want: Want::Trap(oob) });
        }
    };
    let vals64 = [0x1122_3344_5566_7788i64, -1, i64::MIN, 0x0123_4567_89AB_CDEF];
    for a in (0..17u32).chain([65528, 65530, 65532, 65533, 65535, 65536]) {
        for v in vals64.iter() {
            let v = *v ^ (i64::from(a) << 5);
            step(&mut cases, &mut model, "i64_store", a, V::I64(v), 8);
            step(&mut cases, &mut model, "i64_store_a4", a + 1, V::I64(v.rotate_left(7)), 8);
            step(&mut cases, &mut model, "i64_store_a1", a + 2, V::I64(v.rotate_left(13)), 8);
            step(&mut cases, &mut model, "i32_store", a + 3, V::I32((v >> 3) as u32), 4);
            step(&mut cases, &mut model, "i32_store16", a + 1, V::I32((v >> 9) as u32), 2);
            step(&mut cases, &mut model, "i32_store8", a + 5, V::I32((v >> 17) as u32), 1);
            step(&mut cases, &mut model, "i64_store32", a + 2, V::I64(v.rotate_left(29)), 4);
            step(&mut cases, &mut model, "i64_store16", a + 6, V::I64(v.rotate_left(31)), 2);
            step(&mut cases, &mut model, "i64_store8", a + 7, V::I64(v.rotate_left(37)), 1);
        }
        for off in [a.saturating_sub(8), a, a + 4] {
            if let Some(v) = rd(&model, off as usize, 8) {
                cases.push(Case { func: "i64_load_a1".into(), args: vec![V::I32(off)], want: Want::Val(V::I64(v as i64)) });
            }
        }
    }
    // A load stored straight back (one move helper): overlapping, unaligned, either side out of bounds.
    for (f, n) in [("move64", 8usize), ("move32", 4)] {
        for (d, s) in [
            (0u32, 4u32),
            (20, 16),
            (8, 16),
            (3, 9),
            (10, 7),
            (65528, 0),
            (65532, 0),
            (0, 65532),
            (65536, 8),
            (8, 65536),
            (3, 30),
            (33, 2),
            (41, 49),
            (65527, 1),
            (5, 65530),
        ] {
            let (du, su) = (d as usize, s as usize);
            let want = match rd(&model, su, n) {
                Some(v) if du + n <= model.len() => {
                    model[du..du + n].copy_from_slice(&v.to_le_bytes()[..n]);
                    Want::Void
                }
                _ => Want::Trap(oob),
            };
            cases.push(Case { func: f.into(), args: vec![V::I32(d), V::I32(s)], want });
            for off in [du.saturating_sub(4), du, du + 4] {
                if let Some(v) = rd(&model, off, 8) {
                    cases.push(Case { func: "i64_load_a1".into(), args: vec![V::I32(off as u32)], want: Want::Val(V::I64(v as i64)) });
                }
            }
        }
    }
    // memory.copy overlapping forwards and backwards, unaligned and aligned, then OOB.
    // Apart (the word-by-word path): every alignment pair, and regions sharing a word.
    let apart = [(101u32, 203u32, 11u32), (202, 101, 5), (300, 402, 1), (403, 300, 23), (500, 503, 3), (603, 600, 3), (700, 806, 17), (901, 800, 4)];
    for (d, s, n) in
        [(3u32, 0u32, 20u32), (0, 5, 30), (16, 8, 64), (8, 16, 64), (1000, 3, 200), (7, 1000, 150), (64, 0, 0), (65530, 0, 6)].into_iter().chain(apart)
    {
        let (du, su, nu) = (d as usize, s as usize, n as usize);
        // Distinct bytes around both regions first (zeros would hide a byte written too many).
        for (base, seed) in [(du, 0x0102_0304_0506_0708u64), (su, 0x8877_6655_4433_2211)] {
            for off in (base.saturating_sub(8)..(base + nu + 8).min(65528)).step_by(8) {
                step(&mut cases, &mut model, "i64_store_a1", off as u32, V::I64((seed ^ (off as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) as i64), 8);
            }
        }
        let tmp = model[su..su + nu].to_vec();
        model[du..du + nu].copy_from_slice(&tmp);
        cases.push(Case { func: "copy".into(), args: vec![V::I32(d), V::I32(s), V::I32(n)], want: Want::Void });
        for off in (du.saturating_sub(8)..(du + nu + 8).min(65528)).step_by(5) {
            cases.push(Case { func: "i64_load_a1".into(), args: vec![V::I32(off as u32)], want: Want::Val(V::I64(rd(&model, off, 8).unwrap() as i64)) });
        }
    }
    cases.push(Case { func: "copy".into(), args: vec![V::I32(65530), V::I32(0), V::I32(7)], want: Want::Trap(oob) });
    cases.push(Case { func: "copy".into(), args: vec![V::I32(0), V::I32(65530), V::I32(7)], want: Want::Trap(oob) });
    cases.push(Case { func: "copy".into(), args: vec![V::I32(65537), V::I32(0), V::I32(0)], want: Want::Trap(oob) });
    for (d, v, n) in [(5u32, 0xABu32, 19u32), (64, 0x1FF, 128), (0, 0, 3), (65535, 7, 1)] {
        model[d as usize..(d + n) as usize].fill(v as u8);
        cases.push(Case { func: "fill".into(), args: vec![V::I32(d), V::I32(v), V::I32(n)], want: Want::Void });
        for off in (d.saturating_sub(8)..(d + n + 8).min(65528)).step_by(3) {
            cases.push(Case { func: "i64_load_a1".into(), args: vec![V::I32(off)], want: Want::Val(V::I64(rd(&model, off as usize, 8).unwrap() as i64)) });
        }
    }
    cases.push(Case { func: "fill".into(), args: vec![V::I32(65535), V::I32(1), V::I32(2)], want: Want::Trap(oob) });
    // size / grow within the declared maximum of 3 pages; the new page is zero and addressable.
    cases.push(Case { func: "size".into(), args: vec![], want: Want::Val(V::I32(1)) });
    cases.push(Case { func: "i32_load".into(), args: vec![V::I32(65536)], want: Want::Trap(oob) });
    cases.push(Case { func: "grow".into(), args: vec![V::I32(1)], want: Want::Val(V::I32(1)) });
    cases.push(Case { func: "size".into(), args: vec![], want: Want::Val(V::I32(2)) });
    cases.push(Case { func: "i64_load_a1".into(), args: vec![V::I32(65532)], want: Want::Val(V::I64(rd(&model, 65532, 4).unwrap() as i64)) });
    cases.push(Case { func: "i32_load".into(), args: vec![V::I32(131068)], want: Want::Val(V::I32(0)) });
    cases.push(Case { func: "i32_load".into(), args: vec![V::I32(131069)], want: Want::Trap(oob) });
    cases.push(Case { func: "grow".into(), args: vec![V::I32(2)], want: Want::Val(V::I32(0xFFFF_FFFF)) });
    cases.push(Case { func: "grow".into(), args: vec![V::I32(0xFFFF_FFFF)], want: Want::Val(V::I32(0xFFFF_FFFF)) });
    cases.push(Case { func: "grow".into(), args: vec![V::I32(0)], want: Want::Val(V::I32(2)) });
    cases.push(Case { func: "grow".into(), args: vec![V::I32(1)], want: Want::Val(V::I32(2)) });
    cases.push(Case { func: "size".into(), args: vec![], want: Want::Val(V::I32(3)) });
    run("MemStore", wat, &cases, true);
}

/// Blocks with results, loops, br/br_if/br_table, select, calls, call_indirect checks,
/// unreachable, recursion depth, globals and the f64 operations the core uses.
#[test]
fn control_flow_calls_tables_globals_and_f64() {
    let wat = r#"(module
      (type $ii (func (param i32) (result i32)))
      (type $v (func))
      (table 5 funcref)
      (elem (i32.const 1) $double $square $noop)
      (global $g (mut i32) (i32.const 10))
      (global $k i64 (i64.const -5))
      (func $double (type $ii) local.get 0 i32.const 2 i32.mul)
      (func $square (type $ii) local.get 0 local.get 0 i32.mul)
      (func $noop (type $v))
      (func (export "indirect") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $ii))
      (func (export "indirect_void") (param i32) (result i32) local.get 0 call_indirect (type $v) i32.const 1)
      (func (export "table_switch") (param i32) (result i32)
        (block $d (block $c (block $b (block $a
          (br_table $a $b $c $d (local.get 0)))
          (return (i32.const 100)))
          (return (i32.const 101)))
          (return (i32.const 102)))
        i32.const 103)
      (func (export "table_value") (param i32) (result i32)
        (block $out (result i32)
          (block $inner (result i32)
            (br_table $inner $out $inner (i32.const 50) (local.get 0)))
          i32.const 1000 i32.add))
      (func (export "sum_to") (param i32) (result i64) (local $acc i64)
        (block $done (loop $next
          (br_if $done (i32.eqz (local.get 0)))
          (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get 0))))
          (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
          (br $next)))
        local.get $acc)
      (func (export "if_else") (param i32) (result i32)
        (if (result i32) (local.get 0) (then (i32.const 11)) (else (i32.const 22))))
      (func (export "select") (param i32 i64 i64) (result i64) local.get 1 local.get 2 local.get 0 select)
      (func (export "tee_order") (param i32) (result i32) (local $x i32)
        local.get 0 (local.tee $x (i32.const 5)) i32.sub local.get $x i32.add)
      (func (export "global_bump") (param i32) (result i32)
        global.get $g local.get 0 i32.add global.set $g global.get $g)
      (func (export "global_const") (result i64) global.get $k)
      (func (export "trap_unreachable") (result i32) unreachable)
      (func $rec (export "recurse") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $rec (i32.sub (local.get 0) (i32.const 1)))))))
      (func (export "f64_ops") (param i64 i64) (result i64)
        local.get 0 f64.reinterpret_i64 local.get 1 f64.reinterpret_i64 f64.div
        f64.neg f64.abs local.get 1 f64.convert_i64_u f64.mul i64.reinterpret_f64)
      (func (export "f64_cmp") (param i64 i64) (result i32)
        (i32.add (f64.eq (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1)))
          (i32.shl (f64.ne (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1))) (i32.const 1))))
      (func (export "u64_to_f64") (param i64) (result i64) local.get 0 f64.convert_i64_u i64.reinterpret_f64)
      (func (export "neg_bits") (param i64) (result i64) local.get 0 f64.reinterpret_i64 f64.neg i64.reinterpret_f64)
      (func (export "abs_bits") (param i64) (result i64) local.get 0 f64.reinterpret_i64 f64.abs i64.reinterpret_f64)
      (func (export "f64_const") (result i64) f64.const -0x1.8p-3 i64.reinterpret_f64)
    )"#;
    let i = |v: u32| V::I32(v);
    let l = |v: i64| V::I64(v);
    let c = |f: &str, args: Vec<V>, want: Want| Case { func: f.into(), args, want };
    let mut cases = vec![
        c("indirect", vec![i(1), i(21)], Want::Val(i(42))),
        c("indirect", vec![i(2), i(7)], Want::Val(i(49))),
        c("indirect", vec![i(3), i(7)], Want::Trap("indirect call type mismatch")),
        c("indirect", vec![i(0), i(7)], Want::Trap("uninitialized element")),
        c("indirect", vec![i(4), i(7)], Want::Trap("uninitialized element")),
        c("indirect", vec![i(5), i(7)], Want::Trap("undefined element")),
        c("indirect", vec![i(0xFFFF_FFFF), i(7)], Want::Trap("undefined element")),
        c("indirect_void", vec![i(3)], Want::Val(i(1))),
        c("indirect_void", vec![i(1)], Want::Trap("indirect call type mismatch")),
        c("if_else", vec![i(0)], Want::Val(i(22))),
        c("if_else", vec![i(0x8000_0000)], Want::Val(i(11))),
        c("select", vec![i(1), l(-3), l(4)], Want::Val(l(-3))),
        c("select", vec![i(0), l(-3), l(4)], Want::Val(l(4))),
        c("tee_order", vec![i(9)], Want::Val(i(9))),
        c("global_const", vec![], Want::Val(l(-5))),
        c("trap_unreachable", vec![], Want::Trap("unreachable")),
        c("recurse", vec![i(1000)], Want::Val(i(1000))),
        c("recurse", vec![i(100_000)], Want::Trap("call stack exhausted")),
        c("sum_to", vec![i(100_000)], Want::Val(l(5_000_050_000))),
        c("sum_to", vec![i(0)], Want::Val(l(0))),
    ];
    for (k, want) in [(0u32, 100u32), (1, 101), (2, 102), (3, 103), (4, 103), (0xFFFF_FFFF, 103)] {
        cases.push(c("table_switch", vec![i(k)], Want::Val(i(want))));
    }
    for (k, want) in [(0u32, 1050u32), (1, 50), (2, 1050), (3, 1050), (0x8000_0000, 1050)] {
        cases.push(c("table_value", vec![i(k)], Want::Val(i(want))));
    }
    // Globals persist across calls on one instance: run those on a shared instance below.
    let floats: &[f64] = &[0.0, -0.0, 1.0, -1.5, 3.0, 1e300, -1e-300, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, 0.1, 123456789.0];
    for &a in floats {
        for &b in floats {
            let (ab, bb) = (a.to_bits() as i64, b.to_bits() as i64);
            let r = (-(a / b)).abs() * (bb as u64 as f64);
            if !r.is_nan() {
                cases.push(c("f64_ops", vec![l(ab), l(bb)], Want::Val(l(r.to_bits() as i64))));
            }
            cases.push(c("f64_cmp", vec![l(ab), l(bb)], Want::Val(i(u32::from(a == b) + (u32::from(a != b) << 1)))));
        }
        cases.push(c("neg_bits", vec![l(a.to_bits() as i64)], Want::Val(l((-a).to_bits() as i64))));
        cases.push(c("abs_bits", vec![l(a.to_bits() as i64)], Want::Val(l(a.abs().to_bits() as i64))));
    }
    let nan = 0x7FF8_0000_0000_0001i64;
    cases.push(c("f64_cmp", vec![l(nan), l(nan)], Want::Val(i(2))));
    cases.push(c("neg_bits", vec![l(nan)], Want::Val(l(nan | i64::MIN))));
    cases.push(c("abs_bits", vec![l(nan | i64::MIN)], Want::Val(l(nan))));
    for &u in I64S.iter().chain(&[i64::MIN | 1, -1025, -1024, 0x0020_0000_0000_0001, 0x7FFF_FFFF_FFFF_FDFF]) {
        cases.push(c("u64_to_f64", vec![l(u)], Want::Val(l(((u as u64) as f64).to_bits() as i64))));
    }
    cases.push(c("f64_const", vec![], Want::Val(l((-0.1875f64).to_bits() as i64))));
    run("Control", wat, &cases, false);
    let g = vec![
        c("global_bump", vec![i(5)], Want::Val(i(15))),
        c("global_bump", vec![i(0xFFFF_FFFF)], Want::Val(i(14))),
        c("global_bump", vec![i(2)], Want::Val(i(16))),
    ];
    run("Globals", wat, &g, true);
}

/// Two comparisons joined by i32.and / i32.or (PHP's && and || on bools): every combination, as
/// a value and as a branch condition, equal i32s and i64s compared with `==` (never a float), and
/// a right-hand side that traps is still evaluated when the left one decides.
#[test]
fn joined_comparisons_and_integer_equality() {
    let wat = r#"(module (memory 1)
      (func (export "and") (param i32 i32 i32 i32) (result i32) (i32.and (i32.lt_u (local.get 0) (local.get 1)) (i32.eq (local.get 2) (local.get 3))))
      (func (export "or") (param i32 i32 i32 i32) (result i32) (i32.or (i32.gt_s (local.get 0) (local.get 1)) (i32.ne (local.get 2) (local.get 3))))
      (func (export "or_branch") (param i32 i32 i32 i32) (result i32)
        (if (result i32) (i32.or (i32.eqz (local.get 0)) (i32.ge_u (local.get 1) (i32.add (local.get 2) (local.get 3))))
          (then (i32.const 7)) (else (i32.const 9))))
      (func (export "and_branch") (param i32 i32 i32 i32) (result i32)
        (block $out (result i32)
          (drop (br_if $out (i32.const 5) (i32.and (i32.le_s (local.get 0) (local.get 1)) (i64.eq (i64.extend_i32_u (local.get 2)) (i64.const 4294967295)))))
          (i32.const 6)))
      (func (export "or_trap") (param i32 i32) (result i32) (i32.or (i32.eqz (local.get 0)) (i32.eqz (i32.load (local.get 1)))))
      (func (export "and_trap") (param i32 i32) (result i32) (i32.and (i32.eqz (local.get 0)) (i32.eqz (i32.load (local.get 1)))))
      (func (export "eq64") (param i64 i64) (result i32) (i64.eq (local.get 0) (local.get 1)))
      (func (export "ne64") (param i64 i64) (result i32) (i64.ne (local.get 0) (local.get 1)))
      (func (export "eqz64") (param i64) (result i32) (i64.eqz (local.get 0))))"#;
    let i = V::I32;
    let c = |f: &str, args: Vec<V>, want: Want| Case { func: f.into(), args, want };
    let mut cases = Vec::new();
    for (a, b) in [(0u32, 1u32), (1, 0), (5, 5), (0x8000_0000, 1), (0xFFFF_FFFF, 0)] {
        for (x, y) in [(3u32, 3u32), (3, 4), (0xFFFF_FFFF, 0xFFFF_FFFF), (0, 0x8000_0000)] {
            cases.push(c("and", vec![i(a), i(b), i(x), i(y)], Want::Val(i(u32::from(a < b && x == y)))));
            cases.push(c("or", vec![i(a), i(b), i(x), i(y)], Want::Val(i(u32::from((a as i32) > (b as i32) || x != y)))));
            let ge = b >= x.wrapping_add(y);
            cases.push(c("or_branch", vec![i(a), i(b), i(x), i(y)], Want::Val(i(if a == 0 || ge { 7 } else { 9 }))));
            let le = (a as i32) <= (b as i32) && u64::from(x) == 0xFFFF_FFFF;
            cases.push(c("and_branch", vec![i(a), i(b), i(x), i(y)], Want::Val(i(if le { 5 } else { 6 }))));
        }
    }
    let oob = "out of bounds memory access";
    // The left side alone would decide (0 → true for or, nonzero → false for and): the load still traps.
    cases.push(c("or_trap", vec![i(0), i(65536)], Want::Trap(oob)));
    cases.push(c("and_trap", vec![i(1), i(65536)], Want::Trap(oob)));
    cases.push(c("or_trap", vec![i(1), i(0)], Want::Val(i(1))));
    cases.push(c("and_trap", vec![i(0), i(4)], Want::Val(i(1))));
    for &a in I64S {
        for &b in [a, a.wrapping_add(1), a ^ i64::MIN, 0, -1].iter() {
            cases.push(c("eq64", vec![V::I64(a), V::I64(b)], Want::Val(i(u32::from(a == b)))));
            cases.push(c("ne64", vec![V::I64(a), V::I64(b)], Want::Val(i(u32::from(a != b)))));
        }
        cases.push(c("eqz64", vec![V::I64(a)], Want::Val(i(u32::from(a == 0)))));
    }
    run("Joined", wat, &cases, false);
}

#[test]
fn unsupported_instructions_fail_the_translation() {
    for (what, wat) in [
        ("f32", "(module (func (result f32) f32.const 1))"),
        ("import", "(module (import \"env\" \"f\" (func)))"),
        ("i32.trunc_f64_s", "(module (func (param f64) (result i32) local.get 0 i32.trunc_f64_s))"),
        ("multi-value", "(module (func (result i32 i32) i32.const 1 i32.const 2))"),
    ] {
        let wasm = wat::parse_str(wat).unwrap();
        let err = translate(&wasm, &Options::default()).expect_err(what);
        assert!(err.0.contains("unsupported by wasm2php"), "{what}: {err}");
    }
    let err = translate(b"\0asm\x01\0\0\0\x05", &Options::default()).expect_err("truncated module");
    assert!(err.0.contains("invalid wasm"), "{err}");
}

/// The profile-guided build: a counting build counts every function's calls, and a profile puts
/// the functions that run most helper calls per byte (within the budget) in the inline forms.
#[test]
fn counting_builds_and_profiles_choose_the_inline_functions() {
    let wasm = wat::parse_str(
        r#"(module (memory 1)
          (func $hot (param i32) (result i32) local.get 0 i32.load local.get 0 i32.load offset=4 i32.add)
          (func $cold (param i32) (result i32) local.get 0 i32.load)
          (func (export "run") (param i32) (result i32) local.get 0 call $hot local.get 0 call $cold i32.add))"#,
    )
    .unwrap();
    let counting = translate_files(&wasm, &Options { count_calls: true, lazy_group_bytes: 1, ..Options::default() }).unwrap().0.concat();
    for f in 0..3 {
        assert!(counting.contains(&format!("CoreModule::$calls[{f}]=(CoreModule::$calls[{f}]??0)+1;")), "function {f} counts its calls");
    }
    assert!(counting.contains("public static array $calls = [];"));
    let profile: std::collections::BTreeMap<u32, u64> = [(0, 100), (2, 1)].into(); // $cold never ran
    let (files, _) = translate_files(&wasm, &Options { profile: Some(profile), hot_bytes: 200, lazy_group_bytes: 1, ..Options::default() }).unwrap();
    let php = files.concat();
    let body = |f: u32| php.split(&format!("function f{f}(")).nth(1).and_then(|b| b.split("\n}\n").next()).unwrap_or_default().to_string();
    assert!(
        body(0).contains("$W= &$m->w;") && body(0).contains("$W[") && !body(0).contains("$m->l32("),
        "the hot function accesses memory inline: {}",
        body(0)
    );
    assert!(body(1).contains("$m->l32(") && !body(1).contains("$m->w[") && !body(1).contains("$W"), "the cold one through helpers: {}", body(1));
    assert!(!php.contains("$calls"), "no counters outside a counting build");
}
