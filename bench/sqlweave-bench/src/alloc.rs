//! A counting global allocator. Binaries opt in with
//! `#[global_allocator] static A: sqlweave_bench::alloc::Counting = sqlweave_bench::alloc::Counting;`
//! and then read [`snapshot`]. Counters are process-wide relaxed atomics: cheap, and exact as long as
//! the measured code runs on one thread (the benchmarks use current-thread runtimes).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};

pub struct Counting;

static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[inline]
fn grew(n: usize) {
    let live = LIVE.fetch_add(n, Relaxed) + n;
    if live > PEAK.load(Relaxed) {
        PEAK.store(live, Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(l.size() as u64, Relaxed);
            grew(l.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(l);
        if !p.is_null() {
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(l.size() as u64, Relaxed);
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            // A realloc counts as one allocation of the new size (what a fresh buffer would cost).
            ALLOCS.fetch_add(1, Relaxed);
            BYTES.fetch_add(new as u64, Relaxed);
            if new >= l.size() {
                grew(new - l.size());
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

/// Counters at one instant.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Allocations (and reallocations) since the start of the process.
    pub allocs: u64,
    /// Bytes requested by those allocations.
    pub bytes: u64,
    /// Bytes allocated and not yet freed.
    pub live: usize,
}

pub fn snapshot() -> Snapshot {
    Snapshot { allocs: ALLOCS.load(Relaxed), bytes: BYTES.load(Relaxed), live: LIVE.load(Relaxed) }
}

/// Highest live byte count seen since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Relaxed)
}

pub fn reset_peak() {
    PEAK.store(LIVE.load(Relaxed), Relaxed);
}

/// Allocations and bytes per call of `op`, averaged over `iters` calls after `warmup` calls.
pub fn per_op(warmup: usize, iters: usize, mut op: impl FnMut()) -> (f64, f64) {
    for _ in 0..warmup {
        op();
    }
    let a = snapshot();
    for _ in 0..iters {
        op();
    }
    let b = snapshot();
    (
        (b.allocs - a.allocs) as f64 / iters as f64,
        (b.bytes - a.bytes) as f64 / iters as f64,
    )
}
