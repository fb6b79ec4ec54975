//! The wire schema (feature `schema`, for `tools/codegen` only): what every operation reads and
//! answers, described by the same derives that read and write it, so the TypeScript declarations
//! and PHP array shapes generated from it cannot drift from the code.

use crate::prelude::*;

use alloc::collections::BTreeMap;

/// A wire type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Int,
    /// A string; `what` says which kind when it has a format ("amount", "currency", "id",
    /// "date", ...), else empty.
    Str(&'static str),
    /// One of these strings.
    Literal(Vec<&'static str>),
    /// A struct or enum described in [`Schemas::defs`], by qualified Rust name.
    Named(&'static str),
    List(Box<Ty>),
    /// An object with string keys.
    Map(Box<Ty>),
    /// The value or `null`.
    Nullable(Box<Ty>),
    /// Any of these (an untagged enum).
    Union(Vec<Ty>),
    /// Any JSON value (a foreign payload read leniently).
    Any,
}

/// A struct's member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// May be left out (read: it has a default; written: it is skipped when empty).
    pub optional: bool,
    pub doc: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Def {
    Object { fields: Vec<Field>, deny_unknown_fields: bool },
    Enum(Vec<(&'static str, &'static str)>),
}

/// The named types met while describing one direction (what is read, or what is written).
#[derive(Debug, Default)]
pub struct Schemas {
    pub defs: BTreeMap<&'static str, (&'static str, Def)>,
}

impl Schemas {
    /// A struct: described once (a recursive type meets its own name and stops).
    pub fn object(&mut self, name: &'static str, doc: &'static str, deny_unknown_fields: bool, fields: impl FnOnce(&mut Schemas) -> Vec<Field>) -> Ty {
        if !self.defs.contains_key(name) {
            self.defs.insert(name, (doc, Def::Object { fields: Vec::new(), deny_unknown_fields }));
            let fields = fields(self);
            self.defs.insert(name, (doc, Def::Object { fields, deny_unknown_fields }));
        }
        Ty::Named(name)
    }
    pub fn enumeration(&mut self, name: &'static str, doc: &'static str, variants: &[(&'static str, &'static str)]) -> Ty {
        self.defs.entry(name).or_insert_with(|| (doc, Def::Enum(variants.to_vec())));
        Ty::Named(name)
    }
}

/// What a value looks like when an operation reads it.
pub trait In {
    fn describe_in(s: &mut Schemas) -> Ty;
}

/// What a value looks like when an operation answers it.
pub trait Out {
    fn describe_out(s: &mut Schemas) -> Ty;
}

macro_rules! both {
    ($ty:expr => $($t:ty)*) => {$(
        impl In for $t {
            fn describe_in(_: &mut Schemas) -> Ty {
                $ty
            }
        }
        impl Out for $t {
            fn describe_out(_: &mut Schemas) -> Ty {
                $ty
            }
        }
    )*};
}
both!(Ty::Int => u8 u16 u32 u64 usize i32 i64 i128);
both!(Ty::Bool => bool);
both!(Ty::Str("") => String str);

/// Written like the `String`s it replaces (generated shapes unchanged).
impl Out for crate::api::wire::AmountOut {
    fn describe_out(_: &mut Schemas) -> Ty {
        Ty::Str("")
    }
}

impl Out for alloc::borrow::Cow<'_, str> {
    fn describe_out(_: &mut Schemas) -> Ty {
        Ty::Str("")
    }
}

impl<T: In> In for Option<T> {
    fn describe_in(s: &mut Schemas) -> Ty {
        Ty::Nullable(Box::new(T::describe_in(s)))
    }
}
impl<T: Out> Out for Option<T> {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::Nullable(Box::new(T::describe_out(s)))
    }
}
impl<T: In> In for Vec<T> {
    fn describe_in(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_in(s)))
    }
}
impl<T: Out> Out for Vec<T> {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_out(s)))
    }
}
impl<T: Out> Out for [T] {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_out(s)))
    }
}
impl<T: Out, const N: usize> Out for [T; N] {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_out(s)))
    }
}
impl<T: Out + ?Sized> Out for &T {
    fn describe_out(s: &mut Schemas) -> Ty {
        T::describe_out(s)
    }
}
impl<T: Out + ?Sized> Out for Box<T> {
    fn describe_out(s: &mut Schemas) -> Ty {
        T::describe_out(s)
    }
}
impl<T: In> In for crate::sorted::SortedSet<T> {
    fn describe_in(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_in(s)))
    }
}
impl<T: Out> Out for crate::sorted::SortedSet<T> {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::List(Box::new(T::describe_out(s)))
    }
}
impl<T: In> In for crate::sorted::SortedMap<String, T> {
    fn describe_in(s: &mut Schemas) -> Ty {
        Ty::Map(Box::new(T::describe_in(s)))
    }
}
impl<K, V: Out> Out for crate::sorted::SortedMap<K, V> {
    fn describe_out(s: &mut Schemas) -> Ty {
        Ty::Map(Box::new(V::describe_out(s)))
    }
}

// The wire's own string types, with their formats.
both!(Ty::Str("currency") => crate::api::wire::CurrencyCode);
both!(Ty::Str("amount") => crate::api::wire::Amount crate::api::ops::ledger::WideAmount);
both!(Ty::Str("signedAmount") => crate::api::wire::SignedAmount);
both!(Ty::Str("id") => crate::api::wire::Id);
both!(Ty::Str("date") => crate::api::wire::WireDate);
both!(Ty::Str("rate") => crate::api::wire::Rate);

impl<T: In> In for crate::api::wire::Loose<T> {
    fn describe_in(s: &mut Schemas) -> Ty {
        // Anything is accepted; only a value of this shape is used.
        let _ = T::describe_in(s);
        Ty::Any
    }
}

/// One operation's shapes: what it reads under `input` and what it answers under `result`.
#[derive(Debug)]
pub struct OpShape {
    pub op: &'static str,
    pub input: Ty,
    pub result: Ty,
    /// Reads a request's input (checked JSON text) as this operation does: the freshness test
    /// runs every vector through it, so a shape that is not the op's real type is caught.
    pub read_input: fn(&[u8]) -> Result<(), crate::api::ApiError>,
}

/// Every operation's shapes and the named types they use (read and written apart: a type may be
/// read leniently and written strictly).
#[derive(Debug, Default)]
pub struct Api {
    pub ops: Vec<OpShape>,
    pub inputs: Schemas,
    pub results: Schemas,
}

impl Api {
    /// Every operation of the protocol, sorted by name.
    pub fn all() -> Api {
        let mut api = Api::default();
        crate::api::ops::shapes(&mut api);
        api.ops.sort_by_key(|o| o.op);
        api
    }

    /// Operation `op` reads `I` and answers `O`.
    pub fn op<I: In + crate::Read, O: Out>(&mut self, op: &'static str) {
        let input = I::describe_in(&mut self.inputs);
        let result = O::describe_out(&mut self.results);
        self.ops.push(OpShape { op, input, result, read_input: |text| crate::api::parse_input::<I>(crate::api::Input::checked(text)).map(|_| ()) });
    }

    /// Operation `op` reads nothing (any input is accepted) and answers `O`.
    pub fn op_no_input<O: Out>(&mut self, op: &'static str) {
        let result = O::describe_out(&mut self.results);
        self.ops.push(OpShape { op, input: Ty::Any, result, read_input: |_| Ok(()) });
    }

    /// Operation `op` reads `I` and answers the fields of `A` and `B` in one object (a wallet
    /// movement and the operation's own fields: `api::to_result_with`).
    pub fn op_merged<I: In + crate::Read, A: Out, B: Out>(&mut self, op: &'static str, name: &'static str) {
        let a = A::describe_out(&mut self.results);
        let b = B::describe_out(&mut self.results);
        let mut fields: Vec<Field> = Vec::new();
        for t in [&b, &a] {
            if let Ty::Named(n) = t {
                if let Some((_, Def::Object { fields: f, .. })) = self.results.defs.get(n) {
                    // The operation's own field wins over the movement's of the same name.
                    fields.extend(f.iter().filter(|x| !fields.iter().any(|y| y.name == x.name)).cloned().collect::<Vec<_>>());
                }
            }
        }
        fields.sort_by_key(|f| f.name);
        self.results.defs.insert(name, ("", Def::Object { fields, deny_unknown_fields: false }));
        let input = I::describe_in(&mut self.inputs);
        self.ops.push(OpShape {
            op,
            input,
            result: Ty::Named(name),
            read_input: |text| crate::api::parse_input::<I>(crate::api::Input::checked(text)).map(|_| ()),
        });
    }
}
