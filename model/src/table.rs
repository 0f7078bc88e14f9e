//! `Table`: a Region's resources of one kind, found by id in O(1) and listed in the
//! order they were created (as describe output lists them) without sorting.
//!
//! Invariant, kept by this type alone: `slots[index[k.bits()]]` holds the resource with
//! id `k`, and slots are in creation order (resources are inserted as they are made, so
//! this is also the order of their Region-wide `seq`). Removing a resource leaves an empty
//! slot; when more than half the slots are empty they are compacted (amortised O(1) per
//! removal), which keeps the order.
//!
//! The index's hash table (`BitsMap`, keyed by 64 bits with a one-multiplication hasher)
//! also serves the Region's other lookups by random keys: the issued public addresses and
//! the addresses held now (`AmazonPool`, `Ledger`).

use crate::ids::ResourceId;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::marker::PhantomData;
use std::net::Ipv4Addr;

/// The iterator of [`Table::values`] (a named type, so that a loop over it may end in a
/// change to the table, as with a `BTreeMap`).
pub type Values<'a, V> =
    std::iter::FilterMap<std::slice::Iter<'a, Option<V>>, fn(&'a Option<V>) -> Option<&'a V>>;

/// The hasher of a table's index. Every id a table holds was made by `IdGenerator` (a
/// script names ids but never chooses one), so ids are 64 pseudo-random bits already and
/// one multiplication spreads them over the hash table's buckets and tags (`write`, which
/// no key calls, folds bytes in the same way).
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash table keyed by 64 bits that [`IdHasher`] spreads well: an id's bits, or an
/// address's (consecutive values stay apart after its multiplication). What it holds is
/// never listed in its hash order where that could reach an answer.
pub(crate) type BitsMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// The set of [`BitsMap`].
pub(crate) type BitsSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

/// An IPv4 address as a key of a [`BitsMap`] or [`BitsSet`].
pub(crate) fn address_bits(address: Ipv4Addr) -> u64 {
    u64::from(u32::from(address))
}

/// A table's key: a resource id, hashed by its 64 bits (one index type for every table).
pub trait Key: Copy {
    fn bits(self) -> u64;
}

impl<T: ResourceId> Key for T {
    fn bits(self) -> u64 {
        self.raw()
    }
}

#[derive(Clone)]
pub struct Table<K, V> {
    index: BitsMap<usize>,
    slots: Vec<Option<V>>,
    key: PhantomData<K>,
}

impl<K, V> Default for Table<K, V> {
    fn default() -> Self {
        Table {
            index: HashMap::default(),
            slots: Vec::new(),
            key: PhantomData,
        }
    }
}

impl<K: Key, V> Table<K, V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    pub fn contains_key(&self, id: &K) -> bool {
        self.index.contains_key(&id.bits())
    }

    pub fn get(&self, id: &K) -> Option<&V> {
        self.slots[*self.index.get(&id.bits())?].as_ref()
    }

    pub fn get_mut(&mut self, id: &K) -> Option<&mut V> {
        self.slots[*self.index.get(&id.bits())?].as_mut()
    }

    /// Adds a new resource, last in creation order. An id already present keeps its place
    /// and takes the new value.
    pub fn insert(&mut self, id: K, value: V) {
        match self.index.get(&id.bits()) {
            Some(&slot) => self.slots[slot] = Some(value),
            None => {
                self.index.insert(id.bits(), self.slots.len());
                self.slots.push(Some(value));
            }
        }
    }

    pub fn remove(&mut self, id: &K) -> Option<V> {
        let slot = self.index.remove(&id.bits())?;
        let value = self.slots[slot].take();
        if self.slots.len() > 16 && self.index.len() < self.slots.len() / 2 {
            self.compact();
        }
        value
    }

    /// Every resource, in creation order.
    pub fn values(&self) -> Values<'_, V> {
        self.slots.iter().filter_map(Option::as_ref)
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.slots.iter_mut().filter_map(Option::as_mut)
    }

    /// What a describe call with these ids lists: the resources with these ids, each once,
    /// or every resource when there are none; in creation order; unknown ids are skipped.
    /// O(k log k) for k ids.
    pub fn listed(&self, ids: &[K]) -> Vec<&V> {
        if ids.is_empty() {
            return self.values().collect();
        }
        let mut slots: Vec<usize> = ids
            .iter()
            .filter_map(|k| self.index.get(&k.bits()))
            .copied()
            .collect();
        slots.sort_unstable();
        slots.dedup();
        slots
            .into_iter()
            .filter_map(|slot| self.slots[slot].as_ref())
            .collect()
    }

    fn compact(&mut self) {
        let mut moved = vec![usize::MAX; self.slots.len()];
        let mut kept = Vec::with_capacity(self.index.len());
        for (old, value) in std::mem::take(&mut self.slots).into_iter().enumerate() {
            if value.is_some() {
                moved[old] = kept.len();
                kept.push(value);
            }
        }
        for slot in self.index.values_mut() {
            *slot = moved[*slot];
        }
        self.slots = kept;
    }
}

/// The resources in creation order (how the index hashes them is no part of a table's
/// value).
impl<K, V: fmt::Debug> fmt::Debug for Table<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.slots.iter().flatten()).finish()
    }
}

impl<K: Key, V> std::ops::Index<&K> for Table<K, V> {
    type Output = V;

    /// The resource with this id; panics if there is none (for ids just checked or made).
    fn index(&self, id: &K) -> &V {
        self.get(id).expect("no resource with this id")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Key for u64 {
        fn bits(self) -> u64 {
            self
        }
    }

    #[test]
    fn resources_are_listed_in_creation_order_whatever_their_ids() {
        let mut table = Table::new();
        for id in [50u64, 10, 40, 20, 30] {
            table.insert(id, id * 2);
        }
        assert_eq!(
            table.values().copied().collect::<Vec<_>>(),
            [100, 20, 80, 40, 60]
        );
        assert_eq!(table.get(&40), Some(&80));
        assert_eq!(table.listed(&[30, 10, 99, 10]), [&20, &60]);
        assert_eq!(table.listed(&[]).len(), 5);
    }

    #[test]
    fn debug_text_lists_resources_in_creation_order() {
        let mut table = Table::new();
        for id in [50u64, 10, 40] {
            table.insert(id, id * 2);
        }
        table.remove(&10);
        assert_eq!(format!("{table:?}"), "[100, 80]");
    }

    #[test]
    fn removing_most_resources_compacts_and_keeps_order_and_lookups() {
        let mut table = Table::new();
        for id in 0u64..100 {
            table.insert(1000 - id, id);
        }
        for id in 0u64..90 {
            if id % 10 != 0 {
                assert_eq!(table.remove(&(1000 - id)), Some(id));
            }
        }
        assert!(table.slots.len() < 100);
        let left: Vec<u64> = table.values().copied().collect();
        let expected: Vec<u64> = (0..100).filter(|id| id % 10 == 0 || *id >= 90).collect();
        assert_eq!(left, expected);
        for id in expected {
            assert_eq!(table.get(&(1000 - id)), Some(&id));
        }
        assert_eq!(table.len(), left.len());
    }
}
