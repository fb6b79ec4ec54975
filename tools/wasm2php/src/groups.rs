//! Lazy loading: the functions split into groups (one autoloaded class per file), so a request
//! compiles only the groups its calls reach.
//!
//! Groups follow the call graph's dominator tree (from a virtual root calling every export, table
//! entry and the start function): a function's dominator subtree is code reachable only through
//! that function, so a subtree kept in one group is loaded exactly when its root is first called.
//! Subtrees larger than the limit are split at their children; subtrees too small for a file of
//! their own stay with their parent's group; what hangs directly under the virtual root (functions
//! shared by several entry points) fills root buckets in index order.

/// Subtrees smaller than this (or than the limit, if smaller) stay in their parent's group (a file
/// per tiny helper would cost an include each).
const MIN_GROUP_BYTES: usize = 3_000;

/// The call graph of the translated functions, by function position (not wasm index).
pub struct Graph {
    /// Direct callees of each function.
    pub callees: Vec<Vec<usize>>,
    /// Functions the host or an indirect call can enter directly.
    pub roots: Vec<usize>,
    /// Size of each function's PHP code (what a load compiles).
    pub bytes: Vec<usize>,
}

/// The group of each function (0-based, dense) for groups of about `limit` bytes of PHP at most
/// (a single function larger than the limit is a group of its own).
pub fn assign(g: &Graph, limit: usize) -> Vec<usize> {
    let n = g.callees.len();
    let min = MIN_GROUP_BYTES.min(limit);
    let idom = dominators(g);
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for (v, d) in idom.iter().enumerate() {
        if let Some(d) = d {
            kids[*d].push(v);
        }
    }
    // Subtree sizes, children before parents (reverse of a pre-order walk from the root).
    let root = n;
    let mut pre = vec![root];
    let mut i = 0;
    while i < pre.len() {
        let v = pre[i];
        pre.extend(kids[v].iter().copied());
        i += 1;
    }
    let mut sub = vec![0usize; n + 1];
    for &v in pre.iter().rev() {
        sub[v] = g.bytes.get(v).copied().unwrap_or(0) + kids[v].iter().map(|k| sub[*k]).sum::<usize>();
    }
    let mut group = vec![usize::MAX; n];
    let mut next = 0usize;
    let mut bucket: Option<(usize, usize)> = None; // the current root bucket: (group, bytes)
                                                   // (node, group of its parent); the root's children start or fill root buckets.
    let mut work: Vec<(usize, Option<usize>)> = kids[root].iter().rev().map(|k| (*k, None)).collect();
    while let Some((v, parent_group)) = work.pop() {
        let own = match parent_group {
            None if sub[v] < min => {
                let (gb, b) = match bucket {
                    Some((gb, b)) if b + sub[v] <= limit => (gb, b),
                    _ => {
                        next += 1;
                        (next - 1, 0)
                    }
                };
                bucket = Some((gb, b + sub[v]));
                gb
            }
            Some(pg) if sub[v] < min => pg,
            _ => {
                next += 1;
                next - 1
            }
        };
        if sub[v] <= limit || kids[v].is_empty() {
            for x in subtree(&kids, v) {
                group[x] = own;
            }
        } else {
            group[v] = own;
            for k in kids[v].iter().rev() {
                work.push((*k, Some(own)));
            }
        }
    }
    // Unreachable functions (none in a linked module, but allowed): one last group.
    if group.contains(&usize::MAX) {
        for g in group.iter_mut().filter(|g| **g == usize::MAX) {
            *g = next;
        }
    }
    group
}

fn subtree(kids: &[Vec<usize>], v: usize) -> Vec<usize> {
    let mut out = vec![v];
    let mut i = 0;
    while i < out.len() {
        out.extend(kids[out[i]].iter().copied());
        i += 1;
    }
    out
}

/// Immediate dominator of every function (None when unreachable); the virtual root is `n`.
/// Cooper, Harvey & Kennedy's iterative algorithm over a reverse post-order.
fn dominators(g: &Graph) -> Vec<Option<usize>> {
    let n = g.callees.len();
    let root = n;
    let succ = |v: usize| -> &[usize] {
        if v == root {
            &g.roots
        } else {
            &g.callees[v]
        }
    };
    // Iterative DFS post-order.
    let mut seen = vec![false; n + 1];
    let mut post = Vec::with_capacity(n + 1);
    let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
    seen[root] = true;
    while let Some((v, i)) = stack.last_mut() {
        let s = succ(*v);
        if *i < s.len() {
            let w = s[*i];
            *i += 1;
            if !seen[w] {
                seen[w] = true;
                stack.push((w, 0));
            }
        } else {
            post.push(*v);
            stack.pop();
        }
    }
    let mut order = vec![usize::MAX; n + 1]; // post-order number
    for (i, v) in post.iter().enumerate() {
        order[*v] = i;
    }
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n + 1];
    for &v in &post {
        for &w in succ(v) {
            preds[w].push(v);
        }
    }
    let mut idom: Vec<Option<usize>> = vec![None; n + 1];
    idom[root] = Some(root);
    let intersect = |idom: &[Option<usize>], mut a: usize, mut b: usize| {
        while a != b {
            while order[a] < order[b] {
                a = idom[a].unwrap_or(root);
            }
            while order[b] < order[a] {
                b = idom[b].unwrap_or(root);
            }
        }
        a
    };
    let mut changed = true;
    while changed {
        changed = false;
        for &v in post.iter().rev().skip(1) {
            let mut new: Option<usize> = None;
            for &p in &preds[v] {
                if idom[p].is_some() {
                    new = Some(match new {
                        None => p,
                        Some(q) => intersect(&idom, p, q),
                    });
                }
            }
            if new.is_some() && idom[v] != new {
                idom[v] = new;
                changed = true;
            }
        }
    }
    idom.truncate(n);
    idom
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtree_reached_only_through_its_root_shares_its_group() {
        // 0 (export) calls 1 and 2; 1 calls 3; 2 calls 3 and 4. 3 is shared by 1 and 2.
        let g = Graph { callees: vec![vec![1, 2], vec![3], vec![3, 4], vec![], vec![]], roots: vec![0], bytes: vec![5_000, 5_000, 5_000, 5_000, 5_000] };
        let idom = dominators(&g);
        assert_eq!(idom, vec![Some(5), Some(0), Some(0), Some(0), Some(2)]);
        let group = assign(&g, 11_000);
        assert_eq!(group[2], group[4], "4 is reached only through 2");
        assert_ne!(group[1], group[2], "sibling subtrees over the limit split");
        let groups: std::collections::BTreeSet<usize> = group.iter().copied().collect();
        assert_eq!(groups.len(), *groups.last().unwrap() + 1, "dense group numbers");
    }

    #[test]
    fn tiny_subtrees_stay_with_their_parent_and_unreachable_functions_get_a_group() {
        let g = Graph { callees: vec![vec![1], vec![], vec![]], roots: vec![0], bytes: vec![50_000, 100, 100] };
        let group = assign(&g, 10_000);
        assert_eq!(group[0], group[1]);
        assert_ne!(group[2], usize::MAX);
    }
}

/// Rewrites one translated method (written against `$this`) into a static method of a group
/// class taking the module as `$m`: module state through `$m->`, the module's static helpers and
/// constants through `{class}::`, direct calls to `{group class}::f<i>($m, …)`, indirect calls to
/// the callable string the table holds. The generated code has no string literal that contains
/// `$this` or `self::`, so the rewrite is purely textual.
pub fn static_body(body: &str, class: &str, class_of: &dyn Fn(u32) -> String) -> String {
    let body = body.replacen("private function ", "static function ", 1);
    let body = insert_module_arg(&body, body.find('(').map(|i| i + 1).unwrap_or(0)).replace("self::", &format!("{class}::"));
    let mut out = String::with_capacity(body.len() + body.len() / 8);
    let mut rest = body.as_str();
    while let Some(at) = rest.find("$this->") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 7..];
        if let Some(ind) = after.strip_prefix('{') {
            // `$this->{$this->ind(I, T)}(ARGS)` → `($m->ind(I, T))($m, ARGS)`
            let close = matching(ind, '{', '}');
            let target = ind[..close].replace("$this->", "$m->");
            let call = &ind[close + 1..];
            out.push_str(&format!("({target})"));
            rest = call;
            let (args, tail) = module_args(rest);
            out.push_str(&args);
            rest = tail;
        } else if let Some(num) = after.strip_prefix('f').filter(|s| s.starts_with(|c: char| c.is_ascii_digit())) {
            let digits = num.bytes().take_while(u8::is_ascii_digit).count();
            let func: u32 = num[..digits].parse().unwrap_or(0);
            out.push_str(&format!("{}::f{func}", class_of(func)));
            let (args, tail) = module_args(&num[digits..]);
            out.push_str(&args);
            rest = tail;
        } else {
            out.push_str("$m->");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `(…` at the start of `s` with `$m` as the first argument: (the new opening, the rest after `(`).
fn module_args(s: &str) -> (String, &str) {
    match s.strip_prefix('(') {
        Some(r) if r.starts_with(')') => ("($m".into(), r),
        Some(r) => ("($m,".into(), r),
        None => (String::new(), s),
    }
}

fn insert_module_arg(s: &str, at: usize) -> String {
    let sep = if s[at..].starts_with(')') { "" } else { "," };
    format!("{}$m{sep}{}", &s[..at], &s[at..])
}

/// Index of the `close` that balances an already opened `open` in `s`.
fn matching(s: &str, open: char, close: char) -> usize {
    let mut depth = 1;
    for (i, c) in s.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth -= 1;
            if depth == 0 {
                return i;
            }
        }
    }
    s.len()
}

#[cfg(test)]
mod rewrite_tests {
    use super::static_body;

    #[test]
    fn methods_become_static_functions_of_their_group() {
        let body = "private function f3($l0) {\nif (++$this->depth > 20000) throw new Trap('call stack exhausted');\n$s0 = $this->f4() + $this->f12($l0, $this->l32($l0 + 4));\n$this->{$this->ind(($l0 & 7), 2)}($s0);\n$this->{$this->ind(1, 0)}();\nreturn self::mul32($s0, $this->g0);\n}\n";
        let got = static_body(body, "CoreModule", &|f| format!("CoreModuleG{}", f % 2 + 1));
        let want = "static function f3($m,$l0) {\nif (++$m->depth > 20000) throw new Trap('call stack exhausted');\n$s0 = CoreModuleG1::f4($m) + CoreModuleG1::f12($m,$l0, $m->l32($l0 + 4));\n($m->ind(($l0 & 7), 2))($m,$s0);\n($m->ind(1, 0))($m);\nreturn CoreModule::mul32($s0, $m->g0);\n}\n";
        assert_eq!(got, want);
        assert!(static_body("private function f0() {\n}\n", "C", &|_| "X".into()).starts_with("static function f0($m) {\n"));
    }
}
