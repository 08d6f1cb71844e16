//! A value with the byte range it came from: the range kept as two `u32`
//! (files are far below 4 GB), half the size of `toml::Spanned`'s.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value with the byte range it came from in its file. Compares, hashes
/// and serializes as the value alone, as `toml::Spanned` does.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    start: u32,
    end: u32,
    value: T,
}

/// A byte offset as kept: offsets beyond `u32` (never in a file trainyard
/// reads) saturate rather than wrap.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<T> Spanned<T> {
    /// `value` found at `range`.
    pub fn new(range: Range<usize>, value: T) -> Self {
        Spanned {
            start: offset(range.start),
            end: offset(range.end),
            value,
        }
    }

    /// The byte range of the value in its file.
    pub fn span(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn into_inner(self) -> T {
        self.value
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn get_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl Borrow<str> for Spanned<String> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl<T> AsRef<T> for Spanned<T> {
    fn as_ref(&self) -> &T {
        &self.value
    }
}

impl<T> AsMut<T> for Spanned<T> {
    fn as_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

/// Read through `toml::Spanned`, which the TOML deserializer fills in.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = toml::Spanned::<T>::deserialize(d)?;
        let span = s.span();
        Ok(Spanned::new(span, s.into_inner()))
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Doc {
        name: Spanned<String>,
        list: Vec<Spanned<u32>>,
    }

    #[test]
    fn keeps_spans_in_half_the_room() {
        let text = "name = \"finance\"\nlist = [1, 22]\n";
        let doc: Doc = toml::from_str(text).unwrap();
        assert_eq!(&text[doc.name.span()], "\"finance\"");
        assert_eq!(doc.name.get_ref(), "finance");
        assert_eq!(&text[doc.list[1].span()], "22");
        assert_eq!(*doc.list[1].get_ref(), 22);
        assert_eq!(
            std::mem::size_of::<Spanned<String>>(),
            std::mem::size_of::<String>() + 8
        );
        assert!(
            std::mem::size_of::<Spanned<String>>() < std::mem::size_of::<toml::Spanned<String>>()
        );
    }
}
