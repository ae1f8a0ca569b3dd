//! Independent pieces of one command's work spread over the machine's cores: the documents of
//! a notice run, the recommendations of an imported report. Results come back in the inputs'
//! order, so the output is the same whatever the number of cores (one core: no thread at all).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads [`map`] uses: the cores the process may run on
/// (`std::thread::available_parallelism`, which honours CPU affinity and cgroup quotas),
/// at most 8, or `TRACKER_THREADS` (1 runs everything on the calling thread).
/// Asked once per process: `available_parallelism` reads the cgroup's quota files, and
/// [`map`] may be called for every cell of a sheet.
pub fn threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        if let Some(n) = std::env::var("TRACKER_THREADS")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n >= 1)
        {
            return n.min(64);
        }
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    })
}

/// `f` applied to every item, on up to [`threads`] threads; the results in the items' order.
/// Items are handed out one at a time, so a few large ones do not leave a thread idle. A
/// panic in `f` is a panic here, as it would be in a plain loop.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // One item or one core: no thread at all.
    if items.len() <= 1 || threads() <= 1 {
        return items.iter().map(f).collect();
    }
    let n = threads().min(items.len());
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..n).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in helpers {
            match h.join() {
                Ok(part) => all.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// `a` and `b` at once, `b` on a second thread when [`threads`] allows one (else one after
/// the other); both results. A panic in either is a panic here.
pub fn join<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    if threads() <= 1 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|s| {
        let other = s.spawn(b);
        let a = a();
        match other.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the inputs' sizes, the results are a plain loop's, in order.
        #[test]
        fn map_is_a_loop_in_order(items in proptest::collection::vec(0u64..5_000, 0..200)) {
            let f = |n: &u64| (0..*n).fold(*n, |a, b| a.wrapping_mul(31).wrapping_add(b));
            let want: Vec<u64> = items.iter().map(f).collect();
            prop_assert_eq!(map(&items, f), want);
        }

        /// Both sides' results, each its own, as two plain calls give them.
        #[test]
        fn join_is_two_calls(a in 0u64..1_000, b in 0u64..1_000) {
            let f = |n: u64| (0..n).fold(n, |x, y| x.wrapping_mul(31).wrapping_add(y));
            prop_assert_eq!(join(|| f(a), || f(b)), (f(a), f(b)));
        }
    }
}
