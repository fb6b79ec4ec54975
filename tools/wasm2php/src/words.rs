//! Profile-guided initial memory words. A request pays for every word of linear memory it
//! touches for the first time: a load misses `$w` and takes the slow path, a store inserts a key,
//! and `$w` grows by doubling and rehashing. The words most requests touch (the stack's top, the
//! data the rules read) go into a constant array that the constructor assigns to `$w`: opcache
//! keeps it immutable in shared memory, so instantiating is a reference, and the first store
//! copies it once, in bulk (on main da494c1's wasm: 7.48M → 6.97M PHP instructions for a web
//! request with one `eligibility.evaluate`, callgrind of `php-cgi -T`).

use std::collections::BTreeMap;

/// At most this many words: a copy of 4,097–8,192 of them has a table of 8,192 buckets, with
/// room for a decision's new (heap) words without a resize; the keys are multiples of 4, so PHP's
/// hash (the low bits) uses a quarter of the buckets and a fuller table means longer chains. With
/// all 7,951 words the profile touches inside the initial memory a request cost 7.49M.
pub const MAX_WORDS: usize = 4_100;

/// A word goes in when at least one profile request in this many touched it (2 %: 4,144
/// candidates on main da494c1's wasm; 6 %, 2,799 words, cost 7.29M per request).
pub const MIN_SHARE: u64 = 50;

/// Words touched per request in a profile run (`profile.php`'s words file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WordProfile {
    /// Requests the profile ran, each on a fresh instance.
    pub requests: u64,
    /// Byte address of a word → requests that touched it.
    pub touched: BTreeMap<u64, u64>,
}

/// `requests <n>` on the first line, then one `<byte address> <requests>` pair per line.
pub fn parse_words(text: &str) -> Result<WordProfile, String> {
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let requests = match lines.next().map(|(_, l)| l.split_whitespace().collect::<Vec<_>>()).as_deref() {
        Some(["requests", n]) => n.parse::<u64>().map_err(|_| "words line 1: `requests <n>` needs a number".to_string())?,
        _ => return Err("words line 1: expected `requests <n>`".into()),
    };
    let mut touched = BTreeMap::new();
    for (n, line) in lines {
        let mut it = line.split_whitespace();
        let (Some(a), Some(c), None) = (it.next(), it.next(), it.next()) else {
            return Err(format!("words line {}: expected `<byte address> <requests>`", n + 1));
        };
        let parsed = a.parse::<u64>().ok().zip(c.parse::<u64>().ok());
        let (a, c) = parsed.ok_or_else(|| format!("words line {}: not two numbers", n + 1))?;
        touched.insert(a, c);
    }
    Ok(WordProfile { requests, touched })
}

/// The words to start an instance with, by byte address, with their initial values: aligned
/// words inside the initial memory (`$w` holds only those: a word present needs no bounds check)
/// that at least one request in `MIN_SHARE` touched, the most touched first, at most `MAX_WORDS`.
/// `data` holds the nonzero initial words by index (byte address >> 2).
pub fn select(profile: &WordProfile, memory_bytes: u64, data: &BTreeMap<u64, u32>) -> BTreeMap<u64, u32> {
    let mut ranked: Vec<(u64, u64)> = profile
        .touched
        .iter()
        .filter(|(a, n)| *a % 4 == 0 && *a + 4 <= memory_bytes && **n * MIN_SHARE >= profile.requests.max(1))
        .map(|(a, n)| (*n, *a))
        .collect();
    ranked.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    ranked.into_iter().take(MAX_WORDS).map(|(_, a)| (a, data.get(&(a >> 2)).copied().unwrap_or(0))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_profiles_are_a_count_then_pairs_of_numbers() {
        let p = parse_words("requests 10\n8 3\n\n4 10\n").unwrap();
        assert_eq!(p, WordProfile { requests: 10, touched: [(8, 3), (4, 10)].into() });
        assert!(parse_words("8 3\n").is_err(), "no request count");
        assert!(parse_words("requests x\n").is_err());
        assert!(parse_words("requests 1\n8\n").is_err());
        assert!(parse_words("requests 1\n8 x\n").is_err());
    }

    #[test]
    fn only_aligned_common_words_inside_the_initial_memory_with_their_initial_values() {
        let touched = [(0, 100), (4, 2), (6, 100), (8, 1), (65_532, 100), (65_536, 100), (1_000, 50)].into();
        let profile = WordProfile { requests: 100, touched };
        let data = [(0, 7), (250, 9)].into(); // bytes 0..4 and 1,000..1,004
        assert_eq!(select(&profile, 65_536, &data), [(0, 7), (4, 0), (1_000, 9), (65_532, 0)].into(), "8: 1 % of requests; 6: unaligned; 65,536: outside");
        let many = WordProfile { requests: 1, touched: (0..9_000u64).map(|i| (i * 4, 1 + i % 3)).collect() };
        let chosen = select(&many, 1 << 20, &BTreeMap::new());
        assert_eq!(chosen.len(), MAX_WORDS);
        assert!(chosen.keys().all(|a| (a / 4) % 3 != 0), "the most touched words first");
    }
}
