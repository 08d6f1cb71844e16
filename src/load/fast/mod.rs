//! A fast path for reading TOML: a reader of the subset that release
//! files are written in, much quicker than toml's full parser, which
//! builds a general document before serde sees it. When a file steps
//! outside the subset, or does not fit its model, the fast path gives up
//! and toml reads the file, so every error message (and every accepted
//! file's meaning) stays toml's. Tests and the `load` fuzz target check
//! that whatever the fast path reads, toml reads the same, spans and all.

mod de;
mod tree;

use serde::Deserialize;

/// `text` as `T`, read by the fast path; `None` when toml must read it.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> Option<T> {
    let root = tree::parse(text)?;
    let item = tree::Item {
        start: 0,
        end: 0,
        value: tree::Value::Table(root),
    };
    T::deserialize(de::ItemDeserializer(item)).ok()
}

/// Whether the fast path and toml agree on `text` read as `T`: `None`
/// when the fast path left it to toml; otherwise whether toml read it
/// too, to the same value with the same spans. For the tests and the
/// fuzzer.
pub fn agrees_with_toml<T>(text: &str) -> Option<Result<(), String>>
where
    T: serde::de::DeserializeOwned + std::fmt::Debug,
{
    let fast: T = from_str(text)?;
    Some(match toml::from_str::<T>(text) {
        Ok(full) => {
            let (a, b) = (format!("{fast:?}"), format!("{full:?}"));
            if a == b {
                Ok(())
            } else {
                Err(format!("the fast path read {a}\ntoml read {b}"))
            }
        }
        Err(e) => Err(format!("the fast path read what toml refuses: {e}")),
    })
}

#[cfg(test)]
mod tests;
