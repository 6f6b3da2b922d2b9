//! Benchmark workloads shared by the criterion benches (`benches/`), the allocation counter
//! (`src/bin/allocs.rs`) and the soak harness.

pub mod alloc;
pub mod data;
pub mod sqlite;
#[cfg(feature = "pg")]
pub mod pg;

/// One prepared benchmark: `op` performs one operation and checks its result; `reset`, when
/// present, is run outside the measurement every [`RESET_EVERY`] operations (the insert workloads
/// empty the table so that it does not grow for the whole run).
pub struct Bench {
    pub op: Box<dyn FnMut()>,
    pub reset: Option<Box<dyn FnMut()>>,
}

/// One benchmark case: `make(size)` builds the database and returns the operation.
pub struct Case {
    pub group: &'static str,
    pub size: usize,
    pub contender: &'static str,
    pub make: fn(usize) -> Bench,
}

pub const RESET_EVERY: u64 = 256;

impl Bench {
    pub fn new(op: impl FnMut() + 'static) -> Self {
        Bench { op: Box::new(op), reset: None }
    }

    pub fn with_reset(op: impl FnMut() + 'static, reset: impl FnMut() + 'static) -> Self {
        Bench { op: Box::new(op), reset: Some(Box::new(reset)) }
    }

    /// Runs `iters` operations and returns the time spent in them, excluding resets.
    pub fn run(&mut self, iters: u64) -> std::time::Duration {
        let mut total = std::time::Duration::ZERO;
        let mut left = iters;
        while left > 0 {
            let chunk = left.min(RESET_EVERY);
            let t = std::time::Instant::now();
            for _ in 0..chunk {
                (self.op)();
            }
            total += t.elapsed();
            left -= chunk;
            if let Some(r) = self.reset.as_mut() {
                r();
            }
        }
        total
    }
}

/// A single-threaded tokio runtime, the way the async contenders are driven from synchronous
/// benchmark code (`block_on` per operation).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}
