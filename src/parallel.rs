//! Work split into contiguous runs on scoped threads, results in input
//! order, so that output never depends on thread timing.
//!
//! Must not: share mutable state between runs; each run returns its own
//! result and the caller joins them in order.

/// `f` applied to contiguous runs of `items`, one run per available core (at
/// most 8), results in the order of the runs. Fewer than `min_items` items,
/// or one core, make a single run on the calling thread. A panic in a run is
/// passed on to the caller.
pub fn in_runs<T: Sync, R: Send>(items: &[T], min_items: usize, f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(8);
    if threads < 2 || items.len() < min_items.max(2) {
        return vec![f(items)];
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|run| scope.spawn(move || f(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_item_once_in_order() {
        let items: Vec<usize> = (0..1000).collect();
        let runs = in_runs(&items, 10, <[usize]>::to_vec);
        assert_eq!(runs.concat(), items);
        assert_eq!(in_runs(&items[..5], 10, <[usize]>::len), [5]);
    }
}
