//! Host ABI: a zero-import module exporting `memory`, `alloc`, `dealloc` and `sc_call`.
//! The host writes a JSON request into memory from `alloc(len)`, calls
//! `sc_call(ptr, len) -> u64` and reads the response at `(ret >> 32)` with length
//! `(ret & 0xffff_ffff)`, then `dealloc`s both buffers. No logic lives here.
//!
//! On wasm32 the module is `no_std` with a panic handler that only traps: the core never panics
//! on input, the runtimes saw a trap before too (`panic = "abort"`), and std's panic machinery
//! (hook, payloads, message formatting: 1.7 KB raw) is left out.

#![cfg_attr(target_arch = "wasm32", no_std)]

// (As `heap`: `alloc` is this module's export.)
extern crate alloc as heap;

use heap::alloc::{alloc as raw_alloc, dealloc as raw_dealloc, Layout};

#[cfg(target_arch = "wasm32")]
mod arena;

/// One arena per request instead of dlmalloc (see `arena.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ARENA: arena::Arena = arena::Arena::new();

/// A panic is a bug (the core answers bad input with an error code): trap, as `panic = "abort"`
/// did, without formatting a message nobody reads.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn trap(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

fn layout(len: usize) -> Option<Layout> {
    Layout::from_size_align(len.max(1), 8).ok()
}

/// Allocates `len` bytes for the host; returns 0 when it cannot.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    match layout(len) {
        Some(l) => unsafe { raw_alloc(l) },
        None => core::ptr::null_mut(),
    }
}

/// Frees a buffer from `alloc` or from a response.
///
/// # Safety
/// `ptr` must come from `alloc(len)` or be a response pointer with its length, freed once.
#[no_mangle]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    if let (false, Some(l)) = (ptr.is_null(), layout(len)) {
        raw_dealloc(ptr, l)
    }
}

/// Handles one JSON request; returns `(response_ptr << 32) | response_len`.
///
/// # Safety
/// `ptr..ptr+len` must be a buffer the host wrote (from `alloc`).
#[no_mangle]
pub unsafe extern "C" fn sc_call(ptr: *const u8, len: usize) -> u64 {
    let request = if ptr.is_null() { &[][..] } else { core::slice::from_raw_parts(ptr, len) };
    respond(shopcredit::handle_json(request))
}

/// The response handed over in its own buffer: the arena frees by counting and ignores the
/// layout, so the host's `dealloc(ptr, len)` frees it as it frees a buffer from `alloc`. The
/// copy this saves was an unaligned `memory.copy` of every byte of the answer (in the
/// generated-PHP core ~0.3M interpreter instructions for a checkout's 1.3 KB answer).
#[cfg(target_arch = "wasm32")]
fn respond(response: heap::vec::Vec<u8>) -> u64 {
    if response.is_empty() {
        // (An empty vector's pointer is dangling: never handed out.)
        return unsafe { copied(&response) };
    }
    let response = core::mem::ManuallyDrop::new(response);
    ((response.as_ptr() as usize as u64) << 32) | response.len() as u64
}

/// Elsewhere the global allocator checks layouts: the response is copied into a buffer from
/// `alloc`, which `dealloc(ptr, len)` matches.
#[cfg(not(target_arch = "wasm32"))]
fn respond(response: Vec<u8>) -> u64 {
    unsafe { copied(&response) }
}

/// `response` copied into a buffer from `alloc`; 0 when it cannot be had.
unsafe fn copied(response: &[u8]) -> u64 {
    let out_len = response.len();
    let out = alloc(out_len);
    if out.is_null() {
        return 0;
    }
    core::ptr::copy_nonoverlapping(response.as_ptr(), out, out_len);
    ((out as usize as u64) << 32) | out_len as u64
}
