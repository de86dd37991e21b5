//! The wasm's allocator: power-of-two size classes, each with its own free list, carved from
//! `memory.grow`. Every allocation and free is O(1) whatever the heap holds (lol_alloc's free list,
//! used before, is searched from the start on every allocation: a 1 MB request body, many thousand
//! live allocations, took over half a second), and the code is smaller than lol_alloc's. Freed
//! blocks are reused only for their class, so the heap can hold up to about twice what is live.
//! Single-threaded (wasm32-unknown-unknown without threads).
use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

const PAGE: usize = 65536;
/// Classes 2^4 (16 bytes) to 2^31.
const CLASSES: usize = 28;

struct Heap {
    /// Head of each class's free list (a free block's first word links to the next).
    free: [*mut u8; CLASSES],
    next: usize,
    end: usize,
}

pub struct Classes(UnsafeCell<Heap>);

// SAFETY: the wasm runs on one thread; nothing shares the heap across threads.
unsafe impl Sync for Classes {}

impl Classes {
    pub const fn new() -> Self {
        Classes(UnsafeCell::new(Heap {
            free: [std::ptr::null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout: blocks of 2^(class + 4) bytes, at least the size and the alignment.
fn class(l: &Layout) -> usize {
    let size = l.size().max(l.align()).max(16);
    (usize::BITS - (size - 1).leading_zeros()) as usize - 4
}

unsafe impl GlobalAlloc for Classes {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        // SAFETY: single-threaded, and no allocation happens while this borrow is alive.
        let h = unsafe { &mut *self.0.get() };
        let c = class(&l);
        if c >= CLASSES {
            return std::ptr::null_mut();
        }
        let head = h.free[c];
        if !head.is_null() {
            // SAFETY: a free block of this class holds the next link in its first word.
            h.free[c] = unsafe { *(head as *mut *mut u8) };
            return head;
        }
        let size = 16usize << c;
        // Blocks start aligned to their size up to 4 KiB, so any block of a class suits any
        // alignment the class can hold (alignments above 4 KiB are not served).
        if l.align() > 4096 {
            return std::ptr::null_mut();
        }
        let align = size.min(4096);
        let mut start = (h.next + align - 1) & !(align - 1);
        if start + size > h.end {
            let pages = (size + align).div_ceil(PAGE);
            let old = core::arch::wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return std::ptr::null_mut();
            }
            let base = old * PAGE;
            if base != h.end {
                h.next = base;
            }
            h.end = base + pages * PAGE;
            start = (h.next + align - 1) & !(align - 1);
        }
        h.next = start + size;
        start as *mut u8
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: as in alloc; `p` came from alloc with this layout, so it is a block of its class.
        let h = unsafe { &mut *self.0.get() };
        let c = class(&l);
        unsafe { *(p as *mut *mut u8) = h.free[c] };
        h.free[c] = p;
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract: `l` is p's layout, and `new_size` keeps its alignment valid.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, l.align()) };
        if class(&new) == class(&l) {
            return p;
        }
        let q = unsafe { self.alloc(new) };
        if !q.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(p, q, l.size().min(new_size));
                self.dealloc(p, l);
            }
        }
        q
    }
}
