//! The data model: every file of a release repository as written, with
//! the source span of each value a rule may point at.

mod calendar;
mod catalog;
mod config;
mod policy;
mod release;
mod source;
mod spanned;
mod stage;
mod train;
mod when;

pub use calendar::*;
pub use catalog::*;
pub use config::*;
pub use policy::*;
pub use release::*;
pub use source::*;
pub use spanned::Spanned;
pub use stage::*;
pub use train::*;
pub use when::*;
