//! Profile-guided inline memory: the functions a profile shows running most of the memory-access
//! helper calls, per byte of their PHP, are translated again with every access inline, up to a
//! byte budget. Loads inside loops are inline everywhere already (func.rs); this catches the
//! straight-line code that runs often (field reads and writes of the typed reader and writer).

use std::collections::BTreeMap;

/// Memory-access helper calls in one translated method (`$this->l32(`, `$this->s8(`, `$this->m64(`…).
pub fn helper_sites(code: &str) -> usize {
    code.match_indices("$this->")
        .filter(|(i, _)| {
            let rest = &code.as_bytes()[i + 7..];
            matches!(rest.first(), Some(b'l' | b's' | b'm')) && rest.get(1).is_some_and(|b| b.is_ascii_digit())
        })
        .count()
}

/// Positions (in `bodies`) of the functions to translate with inline memory: by helper calls a
/// profile predicts per byte (`calls` per wasm function index × sites), densest first, while
/// their PHP fits in `budget` bytes (one that does not fit is skipped, smaller ones may follow).
pub fn select(bodies: &[String], calls: &BTreeMap<u32, u64>, first_index: u32, budget: usize) -> Vec<usize> {
    let mut scored: Vec<(f64, usize)> = bodies
        .iter()
        .enumerate()
        .filter_map(|(i, code)| {
            let n = calls.get(&(first_index + i as u32)).copied().unwrap_or(0);
            let work = n as f64 * helper_sites(code) as f64;
            (work > 0.0).then(|| (work / code.len().max(1) as f64, i))
        })
        .collect();
    // Densest first; ties by position, so the choice does not depend on the sort's stability.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut used = 0;
    let mut hot = Vec::new();
    for (_, i) in scored {
        if used + bodies[i].len() <= budget {
            used += bodies[i].len();
            hot.push(i);
        }
    }
    hot.sort_unstable();
    hot
}

/// A profile as `wasm2php --count-calls` builds and `profile.php` prints it: one `<function
/// index> <calls>` pair per line.
pub fn parse_profile(text: &str) -> Result<BTreeMap<u32, u64>, String> {
    let mut calls = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let mut it = line.split_whitespace();
        let (Some(f), Some(c), None) = (it.next(), it.next(), it.next()) else {
            return Err(format!("profile line {}: expected `<function index> <calls>`", n + 1));
        };
        let parsed = f.parse::<u32>().ok().zip(c.parse::<u64>().ok());
        let (f, c) = parsed.ok_or_else(|| format!("profile line {}: not two numbers", n + 1))?;
        calls.insert(f, c);
    }
    Ok(calls)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_calls_are_counted_and_nothing_else() {
        assert_eq!(helper_sites("$c=$this->l32($b+4);$this->s8($c,1);$this->m64($a,$b);$this->sz;$this->f12($c);$this->ld($a,4);"), 3);
    }

    #[test]
    fn the_densest_functions_that_fit_the_budget_are_chosen() {
        let bodies: Vec<String> = vec![
            "$this->l32($a);".repeat(10), // 150 B, 10 sites
            "$this->l32($a);".into(),     // 15 B, 1 site
            "$this->l8($a);x".repeat(20), // 300 B, 20 sites
            "$this->f3($a);".into(),      // no site
        ];
        let calls: BTreeMap<u32, u64> = [(5, 10), (6, 1000), (7, 100), (8, 1_000_000)].into();
        // Densities: #1 66.7, #2 6.7, #0 0.67; #3 has no site.
        assert_eq!(select(&bodies, &calls, 5, 1_000), vec![0, 1, 2]);
        assert_eq!(select(&bodies, &calls, 5, 320), vec![1, 2], "#0 no longer fits");
        assert_eq!(select(&bodies, &calls, 5, 200), vec![0, 1], "#2 does not fit, #0 still does");
        assert_eq!(select(&bodies, &BTreeMap::new(), 5, 1_000), Vec::<usize>::new());
    }

    #[test]
    fn profiles_are_pairs_of_numbers() {
        assert_eq!(parse_profile("12 3\n\n7 100\n").unwrap(), [(12, 3), (7, 100)].into());
        assert!(parse_profile("12\n").is_err());
        assert!(parse_profile("12 x\n").is_err());
        assert!(parse_profile("1 2 3\n").is_err());
    }
}
