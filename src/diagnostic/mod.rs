//! Diagnostics: what every layer above the model reports with. A
//! [`Finding`] names a [`Rule`] (a type, never a string), has a
//! [`Severity`] and points at a byte range of a source file.

mod finding;
mod rule;

pub use finding::{Finding, Level, Severity};
pub use rule::{Family, Rule};
