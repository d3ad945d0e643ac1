//! Test inputs for the hand matchers, which are checked against their
//! regexps: every short string over an alphabet, and random longer ones.

/// Every string of up to `n` characters over `alphabet` (the empty one
/// included), shortest first.
pub fn all_strings(alphabet: &[char], n: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut level = vec![String::new()];
    for _ in 0..n {
        let mut next = Vec::new();
        for s in &level {
            for c in alphabet {
                let mut t = s.clone();
                t.push(*c);
                next.push(t);
            }
        }
        all.extend(next.iter().cloned());
        level = next;
    }
    all
}

/// `count` random strings of up to `max` characters over `alphabet`
/// (a fixed xorshift sequence: the same strings every run).
pub fn random_strings(alphabet: &[char], max: usize, count: usize) -> Vec<String> {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..count)
        .map(|_| {
            let len = (next() % (max as u64 + 1)) as usize;
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        })
        .collect()
}
