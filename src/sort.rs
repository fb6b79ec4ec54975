//! Stable sorting through one shared, non-generic merge sort: each `sort_by` on its own type and
//! closure is ~9 KB of wasm (and of generated PHP); here a list is sorted by the order of its
//! indexes, and only the small permutation is specific to the element type.

use crate::prelude::*;

use core::cmp::Ordering;

/// Sorts `v` stably by `cmp` (same result as `v.sort_by(cmp)`).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Only the swaps are specific to `T` (moving the items through a second list was ~1.5 KB of
    // wasm per element type: drain, collect, extend and their drops).
    for (a, b) in swaps(order) {
        v.swap(a, b);
    }
}

/// The swaps that put the item at `order[k]` into place `k` for every `k` (`order` is a
/// permutation of `0..order.len()`): each cycle of the permutation is followed once, the place
/// at its start carrying the item that belongs at the cycle's end.
#[inline(never)]
fn swaps(mut order: Vec<usize>) -> Vec<(usize, usize)> {
    const DONE: usize = usize::MAX;
    let mut out = Vec::new();
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            out.push((at, from));
            at = from;
        }
    }
    out
}

/// The indexes `0..n` in stable sorted order, by insertion in runs of 8 then a bottom-up merge
/// sort: each instance of the standard sort is ~5 KB of wasm (the storefront's every shopper
/// downloads, the host's and its generated PHP), this is under 1 KB. Two runs already in order
/// are copied without merging, so a sorted list (stored ledgers, ids) costs ~n comparisons.
#[inline(never)]
pub(crate) fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    const RUN: usize = 8;
    let mut from: Vec<usize> = (0..n).collect();
    // Runs of RUN items by insertion (an item moves left only past greater ones: stable), so the
    // short lists the rules sort need neither the second buffer nor a merge.
    for lo in (0..n).step_by(RUN) {
        for k in lo + 1..(lo + RUN).min(n) {
            let mut j = k;
            while j > lo && cmp(from[j - 1], from[j]) == Ordering::Greater {
                from.swap(j - 1, j);
                j -= 1;
            }
        }
    }
    if n <= RUN {
        return from;
    }
    let mut to = vec![0; n];
    let mut width = RUN;
    while width < n {
        for lo in (0..n).step_by(2 * width) {
            let (mid, hi) = ((lo + width).min(n), (lo + 2 * width).min(n));
            if mid == hi || cmp(from[mid - 1], from[mid]) != Ordering::Greater {
                to[lo..hi].copy_from_slice(&from[lo..hi]);
                continue;
            }
            let (mut i, mut j) = (lo, mid);
            for slot in &mut to[lo..hi] {
                // Equal keys keep their order: the left run's goes first.
                let left = i < mid && (j == hi || cmp(from[i], from[j]) != Ordering::Greater);
                *slot = if left { from[i] } else { from[j] };
                if left {
                    i += 1;
                } else {
                    j += 1;
                }
            }
        }
        core::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_the_standard_sort() {
        let mut a: Vec<(u8, usize)> = [3u8, 1, 3, 2, 1, 0, 3].iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut b = a.clone();
        sort_by(&mut a, |x, y| x.0.cmp(&y.0));
        b.sort_by_key(|x| x.0);
        assert_eq!(a, b);
        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, |x, y| x.cmp(y));
        assert!(empty.is_empty());
    }

    #[test]
    fn sorts_any_length_like_the_standard_sort() {
        // A small linear congruential generator: every length up to 70, keys with many repeats.
        let mut seed = 7u64;
        for n in 0..70 {
            let mut a: Vec<(u64, usize)> = (0..n)
                .map(|i| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (seed >> 61, i)
                })
                .collect();
            let mut b = a.clone();
            sort_by(&mut a, |x, y| x.0.cmp(&y.0));
            b.sort_by_key(|x| x.0);
            assert_eq!(a, b, "length {n}");
            // Already in order (the runs copied whole) and reversed, by the index alone.
            sort_by(&mut a, |x, y| x.1.cmp(&y.1));
            assert!(a.iter().enumerate().all(|(i, x)| x.1 == i), "sorted, length {n}");
            sort_by(&mut a, |x, y| y.1.cmp(&x.1));
            assert!(a.iter().rev().enumerate().all(|(i, x)| x.1 == i), "reversed, length {n}");
        }
    }
}
