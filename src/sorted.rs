//! Maps and sets kept as one sorted `Vec`: what the core used `BTreeMap`/`BTreeSet` for (lookups
//! by key, iteration in key order) without the B-tree's code. Each `BTreeMap<K, V>` type was
//! ~4 KB of wasm and of generated PHP (node splits, merges, steals, clones) plus one standard sort
//! per type for `collect`; the core's maps are short (a request's accounts, currencies, movement
//! types), where a sorted `Vec` is also faster and allocates once instead of once per node.
//! Same observable behaviour as the standard types: key order, last value wins on `collect`.

use crate::prelude::*;

use core::borrow::Borrow;
use core::fmt;

/// A map ordered by key (the subset of `BTreeMap`'s API the core uses).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortedMap<K, V> {
    items: Vec<(K, V)>,
}

/// Borrowed entries in key order (what `BTreeMap::iter` yields).
pub type Iter<'a, K, V> = core::iter::Map<core::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { items: Vec::new() }
    }
}

impl<K: fmt::Debug, V: fmt::Debug> fmt::Debug for SortedMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<K, V> SortedMap<K, V> {
    pub const fn new() -> Self {
        SortedMap { items: Vec::new() }
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.items.iter().map(|(k, v)| (k, v))
    }
    pub fn iter_mut(&mut self) -> impl DoubleEndedIterator<Item = (&K, &mut V)> + ExactSizeIterator {
        self.items.iter_mut().map(|(k, v)| (&*k, v))
    }
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator + Clone {
        self.items.iter().map(|(k, _)| k)
    }
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator + Clone {
        self.items.iter().map(|(_, v)| v)
    }
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.items.iter_mut().map(|(_, v)| v)
    }
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.items.into_iter().map(|(_, v)| v)
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// Where `key` is (`Ok`) or would go (`Err`).
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.items.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }
    /// Sets `key` to `value`; the value it replaces, if any (the stored key is kept, as in
    /// `BTreeMap::insert`).
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.items[i].1, value)),
            Err(i) => {
                self.items.insert(i, (key, value));
                None
            }
        }
    }
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.items[i].1)
    }
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.items[i].1)
    }
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.items.remove(i).1)
    }
    /// The value at `key`, inserted by `or_default`/`or_insert_with` when absent.
    pub fn entry(&mut self, key: K) -> Entry<'_, K, V> {
        Entry { map: self, key }
    }
}

/// A place in a map for one key (`BTreeMap::entry`'s inserting half).
pub struct Entry<'a, K, V> {
    map: &'a mut SortedMap<K, V>,
    key: K,
}

impl<'a, K: Ord, V> Entry<'a, K, V> {
    pub fn or_insert_with(self, value: impl FnOnce() -> V) -> &'a mut V {
        let Entry { map, key } = self;
        let i = match map.find(&key) {
            Ok(i) => i,
            Err(i) => {
                map.items.insert(i, (key, value()));
                i
            }
        };
        &mut map.items[i].1
    }
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> core::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;
    /// The value at `key`; panics when absent, like `BTreeMap`'s (only tests index maps).
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry found for key")
    }
}

impl<K, V> SortedMap<K, V> {
    /// The map of `items`, which are sorted by key without two equal keys (the caller's word).
    pub(crate) fn from_sorted(items: Vec<(K, V)>) -> Self {
        SortedMap { items }
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    /// Like `BTreeMap`'s: entries in key order, the last of equal keys wins.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut items: Vec<(K, V)> = iter.into_iter().collect();
        if items.windows(2).all(|w| w[0].0 < w[1].0) {
            return SortedMap { items };
        }
        crate::sort::sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        // The later of two equal keys moves into the kept place (a second list was more wasm).
        items.dedup_by(|later, kept| {
            later.0 == kept.0 && {
                core::mem::swap(later, kept);
                true
            }
        });
        SortedMap { items }
    }
}

impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = alloc::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A set ordered by value (the subset of `BTreeSet`'s API the core uses).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortedSet<T> {
    items: Vec<T>,
}

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet { items: Vec::new() }
    }
}

impl<T: fmt::Debug> fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T> SortedSet<T> {
    pub const fn new() -> Self {
        SortedSet { items: Vec::new() }
    }
    pub fn len(&self) -> usize {
        self.items.len()
    }
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.items.iter()
    }
    pub fn first(&self) -> Option<&T> {
        self.items.first()
    }
    pub fn last(&self) -> Option<&T> {
        self.items.last()
    }
}

impl<T: Ord> SortedSet<T> {
    fn find<Q: Ord + ?Sized>(&self, value: &Q) -> Result<usize, usize>
    where
        T: Borrow<Q>,
    {
        self.items.binary_search_by(|v| v.borrow().cmp(value))
    }
    /// Adds `value`; false when it was there already (the stored value is kept).
    pub fn insert(&mut self, value: T) -> bool {
        match self.find(&value) {
            Ok(_) => false,
            Err(i) => {
                self.items.insert(i, value);
                true
            }
        }
    }
    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.find(value).is_ok()
    }
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.find(value).map(|i| self.items.remove(i)).is_ok()
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    /// Like `BTreeSet`'s: values in order, the last of equal values kept; one sort, not an
    /// insert per value.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut items: Vec<T> = iter.into_iter().collect();
        if items.windows(2).all(|w| w[0] < w[1]) {
            return SortedSet { items };
        }
        crate::sort::sort_by(&mut items, |a, b| a.cmp(b));
        items.dedup_by(|later, kept| {
            later == kept && {
                core::mem::swap(later, kept);
                true
            }
        });
        SortedSet { items }
    }
}

/// For each item, whether its key came earlier in the list (what a loop of `SortedSet::insert`
/// would refuse), found with one sort: inserting unsorted keys one by one into a sorted `Vec`
/// moves O(n²) entries, which 10,000 stored transfers would make slow.
pub fn repeats<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<bool> {
    let order = crate::sort::stable_order(items.len(), &|a, b| key(&items[a]).cmp(&key(&items[b])));
    let mut out = vec![false; items.len()];
    for w in order.windows(2) {
        // Stable: within equal keys the indexes ascend, so w[1] is a later occurrence.
        if key(&items[w[0]]) == key(&items[w[1]]) {
            out[w[1]] = true;
        }
    }
    out
}

impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for v in iter {
            self.insert(v);
        }
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = alloc::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = core::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// Every operation answers what the standard B-tree answers, over a sequence with repeats.
    #[test]
    fn behaves_like_the_standard_btree_types() {
        let keys = [5u8, 1, 9, 1, 3, 5, 0, 7, 3, 9, 2];
        let pairs: Vec<(u8, usize)> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut ours: SortedMap<u8, usize> = SortedMap::new();
        let mut std: BTreeMap<u8, usize> = BTreeMap::new();
        for &(k, v) in &pairs {
            assert_eq!(ours.insert(k, v), std.insert(k, v));
            *ours.entry(k / 2).or_default() += 1;
            *std.entry(k / 2).or_default() += 1;
        }
        assert_eq!(ours.iter().collect::<Vec<_>>(), std.iter().collect::<Vec<_>>());
        assert_eq!(ours.remove(&3), std.remove(&3));
        assert_eq!(ours.remove(&3), None);
        assert_eq!((ours.get(&9), ours.contains_key(&4), ours.len()), (std.get(&9), std.contains_key(&4), std.len()));
        let collected: SortedMap<u8, usize> = pairs.iter().copied().collect();
        assert_eq!(collected.into_iter().collect::<Vec<_>>(), pairs.iter().copied().collect::<BTreeMap<_, _>>().into_iter().collect::<Vec<_>>());
        let sorted: SortedMap<u8, usize> = [(1, 1), (2, 2)].into_iter().collect();
        assert_eq!(sorted.keys().copied().collect::<Vec<_>>(), [1, 2]);

        let set: SortedSet<u8> = keys.iter().copied().collect();
        let std_set: BTreeSet<u8> = keys.iter().copied().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), std_set.iter().collect::<Vec<_>>());
        let ids = ["b", "a", "b", "c", "a", "b"];
        let mut seen = BTreeSet::new();
        let by_insert: Vec<bool> = ids.iter().map(|id| !seen.insert(*id)).collect();
        assert_eq!(repeats(&ids, |id| *id), by_insert);
        let mut set = set;
        assert!(!set.insert(5) && set.insert(4) && set.contains(&4) && set.remove(&4) && !set.contains(&4));
    }
}
