//! `#[derive(Read)]` and `#[derive(Write)]` for the core's wire types: the JSON reader and writer
//! of `shopcredit::api::{de, ser}`, driven by the `#[serde(...)]` attributes the types already
//! carry (`rename_all`, `deny_unknown_fields`, `default`, `rename`, `skip_serializing_if`,
//! `untagged`, `transparent`), with serde's semantics and messages.
//!
//! Why not serde's derive: it monomorphizes a visitor per struct (field matching, partial-state
//! drops, missing-field handling, an unused sequence visitor); that was 45 % of the host wasm's
//! code. Here a struct's reader is a static field table (name, offset, its type's functions),
//! and all the work (keys, duplicates, unknown and absent fields, paths) happens in one
//! non-generic `Reader::object`.
//!
//! With the core's `schema` feature each derive also describes the type (`schema::In` for what is
//! read, `schema::Out` for what is written), from which `tools/codegen` writes the TypeScript and
//! PHP shapes of every operation.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, Ident, LitStr};

#[proc_macro_derive(Read, attributes(serde))]
pub fn derive_read(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    read(&input).unwrap_or_else(|e| e.to_compile_error()).into()
}

#[proc_macro_derive(Write, attributes(serde))]
pub fn derive_write(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    write(&input).unwrap_or_else(|e| e.to_compile_error()).into()
}

// ---------------------------------------------------------------------------------------------
// Attributes

#[derive(Default)]
struct Container {
    deny_unknown_fields: bool,
    rename_all: Option<String>,
    untagged: bool,
    transparent: bool,
}

#[derive(Default)]
struct FieldAttrs {
    /// `#[serde(default)]` (None inside) or `#[serde(default = "path")]`.
    default: Option<Option<syn::Path>>,
    rename: Option<String>,
    skip_serializing_if: Option<syn::Path>,
}

fn container_attrs(attrs: &[syn::Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("deny_unknown_fields") {
                c.deny_unknown_fields = true;
            } else if m.path.is_ident("rename_all") {
                c.rename_all = Some(m.value()?.parse::<LitStr>()?.value());
            } else if m.path.is_ident("untagged") {
                c.untagged = true;
            } else if m.path.is_ident("transparent") {
                c.transparent = true;
            } else {
                return Err(m.error("unsupported serde container attribute (shopcredit-derive)"));
            }
            Ok(())
        })?;
    }
    Ok(c)
}

fn field_attrs(attrs: &[syn::Attribute]) -> syn::Result<FieldAttrs> {
    let mut f = FieldAttrs::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        a.parse_nested_meta(|m| {
            if m.path.is_ident("default") {
                f.default = Some(match m.value() {
                    Ok(v) => Some(v.parse::<LitStr>()?.parse::<syn::Path>()?),
                    Err(_) => None,
                });
            } else if m.path.is_ident("rename") {
                f.rename = Some(m.value()?.parse::<LitStr>()?.value());
            } else if m.path.is_ident("skip_serializing_if") {
                f.skip_serializing_if = Some(m.value()?.parse::<LitStr>()?.parse::<syn::Path>()?);
            } else {
                return Err(m.error("unsupported serde field attribute (shopcredit-derive)"));
            }
            Ok(())
        })?;
    }
    Ok(f)
}

/// The `///` comments of an item, joined (for the generated shapes).
fn doc(attrs: &[syn::Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &nv.value {
                lines.push(s.value().trim().to_string());
            }
        }
    }
    lines.join(" ").trim().to_string()
}

// serde's RenameRule, for the rules the core uses.
fn rename_field(rule: Option<&str>, name: &str) -> String {
    match rule {
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for (i, ch) in name.chars().enumerate() {
                if ch == '_' {
                    upper = i > 0;
                } else if upper {
                    out.push(ch.to_ascii_uppercase());
                    upper = false;
                } else {
                    out.push(ch);
                }
            }
            out
        }
        Some("SCREAMING_SNAKE_CASE") => name.to_ascii_uppercase(),
        _ => name.to_string(),
    }
}

fn rename_variant(rule: Option<&str>, name: &str) -> String {
    let snake = || {
        let mut out = String::new();
        for (i, ch) in name.char_indices() {
            if i > 0 && ch.is_uppercase() {
                out.push('_');
            }
            out.push(ch.to_ascii_lowercase());
        }
        out
    };
    match rule {
        Some("snake_case") => snake(),
        Some("SCREAMING_SNAKE_CASE") => snake().to_ascii_uppercase(),
        Some("camelCase") => {
            let mut c = name.chars();
            c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
        }
        Some("lowercase") => name.to_ascii_lowercase(),
        _ => name.to_string(),
    }
}

fn unraw(i: &Ident) -> String {
    let s = i.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

struct Field<'a> {
    ident: &'a Ident,
    ty: &'a syn::Type,
    wire: String,
    attrs: FieldAttrs,
    doc: String,
}

fn named_fields<'a>(fields: &'a syn::FieldsNamed, c: &Container) -> syn::Result<Vec<Field<'a>>> {
    fields
        .named
        .iter()
        .map(|f| {
            let ident = f.ident.as_ref().expect("named field");
            let attrs = field_attrs(&f.attrs)?;
            let wire = attrs.rename.clone().unwrap_or_else(|| rename_field(c.rename_all.as_deref(), &unraw(ident)));
            // The reader recognises a key by comparing the request's raw bytes with the name
            // (`Reader::member_here`), the writer copies it unescaped: a name must be plain text.
            if wire.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
                return Err(syn::Error::new_spanned(f, "a wire name must not hold a quote, a backslash or a control character"));
            }
            Ok(Field { ident, ty: &f.ty, wire, attrs, doc: doc(&f.attrs) })
        })
        .collect()
}

struct Variant<'a> {
    ident: &'a Ident,
    wire: String,
    /// The one unnamed field of an untagged enum's variant.
    inner: Option<&'a syn::Type>,
    doc: String,
}

fn variants<'a>(data: &'a syn::DataEnum, c: &Container) -> syn::Result<Vec<Variant<'a>>> {
    data.variants
        .iter()
        .map(|v| {
            let attrs = field_attrs(&v.attrs)?;
            let wire = attrs.rename.unwrap_or_else(|| rename_variant(c.rename_all.as_deref(), &v.ident.to_string()));
            let inner = match &v.fields {
                Fields::Unit => None,
                Fields::Unnamed(u) if u.unnamed.len() == 1 && c.untagged => Some(&u.unnamed[0].ty),
                _ => return Err(syn::Error::new_spanned(v, "only unit variants, or one-field variants of an untagged enum (shopcredit-derive)")),
            };
            Ok(Variant { ident: &v.ident, wire, inner, doc: doc(&v.attrs) })
        })
        .collect()
}

/// `,"key":` as JSON text (wire names are plain ASCII identifiers; checked here).
fn key_literal(wire: &str, span: Span) -> syn::Result<LitStr> {
    if wire.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        return Err(syn::Error::new(span, "wire names must not need JSON escapes"));
    }
    Ok(LitStr::new(&format!(",\"{wire}\":"), span))
}

/// The type's generics with `bound` on every type parameter (as serde's derive does).
fn bounded(generics: &syn::Generics, bound: Tokens) -> syn::Generics {
    let mut g = generics.clone();
    for p in g.type_params_mut() {
        p.bounds.push(syn::parse2(bound.clone()).expect("trait bound"));
    }
    g
}

// ---------------------------------------------------------------------------------------------
// Read

fn read(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container_attrs(&input.attrs)?;
    let name = &input.ident;
    let generics = bounded(&input.generics, quote! { crate::api::de::Read });
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    let expecting_kind = if matches!(input.data, Data::Enum(_)) { "enum" } else { "struct" };
    let expecting = format!("{expecting_kind} {name}");
    let (body, placeholder, extra, read_in) = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) if !c.transparent => read_struct(input, &named_fields(named, &c)?, &c)?,
            Fields::Unnamed(u) if u.unnamed.len() == 1 => (
                quote! { ::core::result::Result::Ok(#name(crate::api::de::Read::read(r)?)) },
                quote! { #name(crate::api::de::Read::placeholder()) },
                quote! {},
                quote! {},
            ),
            _ => return Err(syn::Error::new_spanned(input, "unsupported struct shape (shopcredit-derive)")),
        },
        Data::Enum(e) => {
            let vs = variants(e, &c)?;
            if c.untagged || vs.iter().any(|v| v.inner.is_some()) {
                return Err(syn::Error::new_spanned(input, "Read: only enums of unit variants (shopcredit-derive)"));
            }
            let names: Vec<&str> = vs.iter().map(|v| v.wire.as_str()).collect();
            let first = vs.first().map(|v| v.ident).ok_or_else(|| syn::Error::new_spanned(input, "empty enum"))?;
            let arms = vs.iter().enumerate().skip(1).map(|(i, v)| {
                let id = v.ident;
                quote! { #i => #name::#id, }
            });
            (
                quote! {
                    ::core::result::Result::Ok(match r.variant(<Self as crate::api::de::Read>::EXPECTING, &[#(#names),*])? {
                        #(#arms)*
                        _ => #name::#first,
                    })
                },
                quote! { #name::#first },
                quote! {},
                quote! {},
            )
        }
        Data::Union(_) => return Err(syn::Error::new_spanned(input, "unions are not wire types")),
    };
    let schema = in_schema(input, &c)?;
    Ok(quote! {
        impl #impl_g crate::api::de::Read for #name #ty_g #where_g {
            const EXPECTING: &'static str = #expecting;
            fn read(r: &mut crate::api::de::Reader<'_>) -> ::core::result::Result<Self, crate::api::de::Error> {
                #body
            }
            fn placeholder() -> Self {
                #placeholder
            }
            #read_in
        }
        #extra
        #schema
    })
}

/// A struct is read straight into its memory through a field table (`Reader::object`): per
/// field its wire name, its offset and its type's shared functions (read, absent value, drop);
/// the struct's own code is only this table and a call. Required fields (no default, not an
/// `Option`) must all have been seen.
fn read_struct(input: &DeriveInput, fields: &[Field<'_>], c: &Container) -> syn::Result<(Tokens, Tokens, Tokens, Tokens)> {
    let name = &input.ident;
    let generics = bounded(&input.generics, quote! { crate::api::de::Read });
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    if fields.len() > 64 {
        return Err(syn::Error::new(name.span(), "at most 64 fields (Reader::object keeps a 64-bit mask)"));
    }
    let inits = fields.iter().map(|f| {
        let id = f.ident;
        let value = match &f.attrs.default {
            Some(None) => quote! { ::core::default::Default::default() },
            Some(Some(path)) => quote! { #path() },
            None => quote! { crate::api::de::Read::placeholder() },
        };
        quote! { #id: #value, }
    });
    // The table is sorted by wire name (hosts send keys sorted: the reader then finds each key at
    // the member after the last one it found); `decl` keeps the declaration order for messages.
    let mut sorted: Vec<(usize, &Field<'_>)> = fields.iter().enumerate().collect();
    sorted.sort_by(|a, b| a.1.wire.as_bytes().cmp(b.1.wire.as_bytes()));
    let members = sorted.iter().map(|&(decl, f)| {
        let (id, ty, wire) = (f.ident, f.ty, &f.wire);
        let decl = decl as u8;
        // A field whose absent value is not `None` reads `null` with its own reader.
        let read = match &f.attrs.default {
            Some(Some(_)) => quote! { (<#ty as crate::api::de::Read>::read_in as crate::api::de::ReadIn, false) },
            _ => quote! { <#ty as crate::api::de::Read>::MEMBER_READ },
        };
        let absent = match &f.attrs.default {
            Some(None) => quote! { ::core::option::Option::Some(crate::api::de::default_at::<#ty>) },
            Some(Some(path)) => quote! {
                ::core::option::Option::Some((|p: *mut u8| unsafe { p.cast::<#ty>().write(#path()) }) as unsafe fn(*mut u8))
            },
            None => quote! { crate::api::de::absent_of::<#ty>() },
        };
        quote! {
            crate::api::de::Member {
                name: #wire,
                offset: crate::api::ser::small(::core::mem::offset_of!(Self, #id)),
                decl: #decl,
                null_absent: #read.1,
                read: #read.0,
                absent: #absent,
                drop: crate::api::de::drop_of::<#ty>(),
            }
        }
    });
    let deny = c.deny_unknown_fields;
    let body = quote! {
        let mut v = ::core::mem::MaybeUninit::<Self>::uninit();
        // SAFETY: `v` is a place for a `Self`, initialised when `read_in` succeeds.
        unsafe {
            <Self as crate::api::de::Read>::read_in(r, v.as_mut_ptr().cast::<u8>())?;
            ::core::result::Result::Ok(v.assume_init())
        }
    };
    let read_in = quote! {
        unsafe fn read_in(r: &mut crate::api::de::Reader<'_>, p: *mut u8) -> ::core::result::Result<(), crate::api::de::Error> {
            // SAFETY: the table names every field of `Self` once, at its offset, with its own
            // type's functions; `p` is a place for a `Self` (the caller's promise).
            unsafe { r.object(<Self as crate::api::de::Read>::EXPECTING, Self::__READ_MEMBERS, #deny, p) }
        }
    };
    // Only an `Option` field's placeholder is ever used (`None`); a struct's is never called.
    let placeholder = quote! { #name { #(#inits)* } };
    let extra = quote! {
        impl #impl_g #name #ty_g #where_g {
            #[doc(hidden)]
            const __READ_MEMBERS: &'static [crate::api::de::Member] = &[#(#members),*];
        }
    };
    Ok((body, placeholder, extra, read_in))
}

// ---------------------------------------------------------------------------------------------
// Write

fn write(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container_attrs(&input.attrs)?;
    let name = &input.ident;
    let generics = bounded(&input.generics, quote! { crate::api::ser::Write });
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    let (body, table) = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) if !c.transparent => write_struct(input, &named_fields(named, &c)?)?,
            Fields::Unnamed(u) if u.unnamed.len() == 1 => (quote! { crate::api::ser::Write::write(&self.0, out) }, quote! {}),
            Fields::Named(named) if named.named.len() == 1 => {
                let f = named.named[0].ident.as_ref().expect("named field");
                (quote! { crate::api::ser::Write::write(&self.#f, out) }, quote! {})
            }
            _ => return Err(syn::Error::new_spanned(input, "unsupported struct shape (shopcredit-derive)")),
        },
        Data::Enum(e) => {
            let vs = variants(e, &c)?;
            if c.untagged {
                let arms = vs.iter().map(|v| {
                    let id = v.ident;
                    match v.inner {
                        Some(_) => quote! { #name::#id(x) => crate::api::ser::Write::write(x, out), },
                        None => quote! { #name::#id => crate::api::ser::text(out, b"null"), },
                    }
                });
                (quote! { match self { #(#arms)* } }, quote! {})
            } else {
                if vs.iter().any(|v| v.inner.is_some()) {
                    return Err(syn::Error::new_spanned(input, "Write: only unit variants unless untagged (shopcredit-derive)"));
                }
                let arms = vs.iter().map(|v| {
                    let id = v.ident;
                    let text = LitStr::new(&format!("\"{}\"", v.wire), id.span());
                    quote! { #name::#id => #text, }
                });
                (quote! { crate::api::ser::text(out, match self { #(#arms)* }.as_bytes()) }, quote! {})
            }
        }
        Data::Union(_) => return Err(syn::Error::new_spanned(input, "unions are not wire types")),
    };
    let schema = out_schema(input, &c)?;
    Ok(quote! {
        impl #impl_g crate::api::ser::Write for #name #ty_g #where_g {
            fn write(&self, out: &mut ::alloc::vec::Vec<u8>) {
                #body
            }
        }
        #table
        #schema
    })
}

/// A struct is written from a field table (`ser::object`): its keys as one text and per field
/// its offset, its key's length and its type's `write` (for a `skip_serializing_if` field, a
/// closure that writes nothing when the field is skipped); the struct's own code is only this
/// table and a call, instead of one call per field with the field's type's vtable.
fn write_struct(input: &DeriveInput, fields: &[Field<'_>]) -> syn::Result<(Tokens, Tokens)> {
    let name = &input.ident;
    let generics = bounded(&input.generics, quote! { crate::api::ser::Write });
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    let mut keys = String::new();
    let mut members = Vec::new();
    for f in fields {
        let (id, ty) = (f.ident, f.ty);
        let key = key_literal(&f.wire, id.span())?.value();
        keys.push_str(&key);
        let key_len = key.len();
        let write = match &f.attrs.skip_serializing_if {
            Some(path) => quote! {
                (|p: *const u8, out: &mut ::alloc::vec::Vec<u8>| {
                    // SAFETY: `object` passes a pointer to this field, a `#ty`.
                    let v = unsafe { &*p.cast::<#ty>() };
                    if !#path(v) {
                        crate::api::ser::Write::write(v, out)
                    }
                }) as crate::api::ser::WriteFn
            },
            None => quote! { crate::api::ser::write_of::<#ty>() },
        };
        members.push(quote! {
            crate::api::ser::Member {
                write: #write,
                offset: crate::api::ser::small(::core::mem::offset_of!(Self, #id)),
                key_len: crate::api::ser::small(#key_len),
            }
        });
    }
    let keys = LitStr::new(&keys, name.span());
    let body = quote! {
        // SAFETY: the table names fields of `Self` at their offsets with their own types' functions.
        unsafe { crate::api::ser::object(out, (self as *const Self).cast::<u8>(), &Self::__WRITE_TABLE) }
    };
    let table = quote! {
        impl #impl_g #name #ty_g #where_g {
            #[doc(hidden)]
            const __WRITE_TABLE: crate::api::ser::Table = crate::api::ser::Table { keys: #keys, members: &[#(#members),*] };
        }
    };
    Ok((body, table))
}

// ---------------------------------------------------------------------------------------------
// Schema (only with the core's `schema` feature: tools/codegen)

fn in_schema(input: &DeriveInput, c: &Container) -> syn::Result<Tokens> {
    schema(input, c, quote! { crate::api::schema::In }, quote! { describe_in }, true)
}

fn out_schema(input: &DeriveInput, c: &Container) -> syn::Result<Tokens> {
    schema(input, c, quote! { crate::api::schema::Out }, quote! { describe_out }, false)
}

fn schema(input: &DeriveInput, c: &Container, tr: Tokens, method: Tokens, reading: bool) -> syn::Result<Tokens> {
    let name = &input.ident;
    let generics = bounded(&input.generics, tr.clone());
    let (impl_g, ty_g, where_g) = generics.split_for_impl();
    let type_doc = doc(&input.attrs);
    let qualified = quote! { ::core::concat!(::core::module_path!(), "::", ::core::stringify!(#name)) };
    let body = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(named) if !c.transparent => {
                let fields = named_fields(named, c)?;
                let items = fields.iter().map(|f| {
                    let ty = f.ty;
                    let wire = &f.wire;
                    let fdoc = &f.doc;
                    // Read: a field may be left out when it has a default (or is an Option).
                    // Written: left out only when skipped.
                    let optional = if reading { f.attrs.default.is_some() } else { f.attrs.skip_serializing_if.is_some() };
                    quote! {
                        crate::api::schema::Field { name: #wire, ty: <#ty as #tr>::#method(s), optional: #optional, doc: #fdoc }
                    }
                });
                let deny = c.deny_unknown_fields;
                quote! {
                    s.object(#qualified, #type_doc, #deny, |s| ::alloc::vec![#(#items),*])
                }
            }
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                let ty = &u.unnamed[0].ty;
                quote! { <#ty as #tr>::#method(s) }
            }
            Fields::Named(named) if named.named.len() == 1 => {
                let ty = &named.named[0].ty;
                quote! { <#ty as #tr>::#method(s) }
            }
            _ => return Err(syn::Error::new_spanned(input, "unsupported struct shape (shopcredit-derive)")),
        },
        Data::Enum(e) => {
            let vs = variants(e, c)?;
            if c.untagged {
                let items = vs.iter().filter_map(|v| v.inner).map(|ty| quote! { <#ty as #tr>::#method(s) });
                quote! { crate::api::schema::Ty::Union(::alloc::vec![#(#items),*]) }
            } else {
                let items = vs.iter().map(|v| {
                    let w = &v.wire;
                    let d = &v.doc;
                    quote! { (#w, #d) }
                });
                quote! { s.enumeration(#qualified, #type_doc, &[#(#items),*]) }
            }
        }
        Data::Union(_) => return Err(syn::Error::new_spanned(input, "unions are not wire types")),
    };
    Ok(quote! {
        #[cfg(feature = "schema")]
        impl #impl_g #tr for #name #ty_g #where_g {
            fn #method(s: &mut crate::api::schema::Schemas) -> crate::api::schema::Ty {
                #body
            }
        }
    })
}
