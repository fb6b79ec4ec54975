//! Stable sorting through one shared instance of the standard sort: each `sort_by` on its own
//! type and closure is ~9 KB of wasm (and of generated PHP); here a list is sorted by the order
//! of its indexes, and only the small permutation is specific to the element type.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (same result as `v.sort_by(cmp)`).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items.get_mut(i).and_then(Option::take)));
}

/// The indexes `0..n` in stable sorted order.
#[inline(never)]
pub(crate) fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
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
}
