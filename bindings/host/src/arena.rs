//! The host module's allocator: an arena for one request. Every allocation of a call bumps a
//! pointer; freeing is counting; when the last live block is freed (the host frees the request
//! and the response after each call) the arena starts over. A decision makes ~100 allocations;
//! dlmalloc's bookkeeping for them was the largest share of the wasm calls the generated-PHP
//! runtime emulates, and its code the largest non-core part of the module.
//!
//! Growing a block that is the last one (a `Vec` or `String` being built) extends it in place.
//! Memory grows by wasm pages as needed and is reused from the start by the next request; the
//! runtimes cap it (64 MiB) and rebuild the instance on a trap.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

const PAGE: usize = 65_536;

pub struct Arena {
    state: UnsafeCell<State>,
}

struct State {
    /// Where the arena starts (the end of the module's data at the first allocation).
    base: usize,
    /// The next free byte.
    top: usize,
    /// The end of linear memory.
    end: usize,
    /// Blocks allocated and not yet freed.
    live: usize,
}

// wasm32-unknown-unknown without threads: one caller at a time.
unsafe impl Sync for Arena {}

impl Arena {
    pub const fn new() -> Arena {
        Arena { state: UnsafeCell::new(State { base: 0, top: 0, end: 0, live: 0 }) }
    }
}

impl State {
    fn start(&mut self) {
        if self.base == 0 {
            self.end = core::arch::wasm32::memory_size(0) * PAGE;
            self.base = self.end;
            self.top = self.end;
        }
    }
    /// Makes room up to `need`; false when memory cannot grow.
    fn reserve(&mut self, need: usize) -> bool {
        if need <= self.end {
            return true;
        }
        let pages = (need - self.end).div_ceil(PAGE);
        if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
            return false;
        }
        self.end += pages * PAGE;
        true
    }
    // Inlined into `alloc` (and `realloc`): one wasm call less per allocation, and each costs the
    // generated PHP core ~2,000 interpreter instructions.
    #[inline(always)]
    fn bump(&mut self, layout: Layout) -> *mut u8 {
        self.start();
        let Some(at) = self.top.checked_add(layout.align() - 1).map(|t| t & !(layout.align() - 1)) else {
            return core::ptr::null_mut();
        };
        let Some(next) = at.checked_add(layout.size()) else {
            return core::ptr::null_mut();
        };
        if !self.reserve(next) {
            return core::ptr::null_mut();
        }
        self.top = next;
        self.live += 1;
        at as *mut u8
    }
}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.state.get()).bump(layout)
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {
        let s = &mut *self.state.get();
        s.live -= 1;
        if s.live == 0 {
            s.top = s.base;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let s = &mut *self.state.get();
        let at = ptr as usize;
        if at + layout.size() == s.top {
            // The last block: grow or shrink in place.
            let Some(next) = at.checked_add(new_size) else {
                return core::ptr::null_mut();
            };
            if !s.reserve(next) {
                return core::ptr::null_mut();
            }
            s.top = next;
            return ptr;
        }
        if new_size <= layout.size() {
            return ptr;
        }
        let new = s.bump(Layout::from_size_align_unchecked(new_size, layout.align()));
        if !new.is_null() {
            core::ptr::copy_nonoverlapping(ptr, new, layout.size());
            s.live -= 1; // the old block is dead; the new one counts
        }
        new
    }
}
