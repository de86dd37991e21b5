//! One small sort for the IAB codecs' id lists: a heap sort, n·log n whatever the input, which links
//! far less code than the standard library's sorts (each of their instances is kilobytes of wasm).

/// Sorts `v` ascending by `key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift(v, start, &key);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(&mut v[..end], 0, &key);
    }
}

/// Sorts `v` ascending.
pub fn sort<T: Ord + Copy>(v: &mut [T]) {
    sort_by_key(v, |x| *x);
}

fn sift<T, K: Ord>(h: &mut [T], mut root: usize, key: &impl Fn(&T) -> K) {
    loop {
        let mut child = 2 * root + 1;
        let Some(c) = h.get(child) else { return };
        if h.get(child + 1).is_some_and(|d| key(c) < key(d)) {
            child += 1;
        }
        if key(&h[root]) >= key(&h[child]) {
            return;
        }
        h.swap(root, child);
        root = child;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorts_like_the_standard_library() {
        let mut seed = 7u32;
        for n in [0usize, 1, 2, 3, 10, 257] {
            let mut v: Vec<(u16, u16)> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    ((seed >> 16) as u16 % 50, (seed >> 8) as u16 % 7)
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            super::sort(&mut v);
            assert_eq!(v, want);
        }
    }
}
