//! A release at or past a gate lacks an approval its policy's [approvals] requires
//!
//! ## What it does
//! For each gate in the type's `[approvals]` (`deploy = ["service-owner",
//! "cab"]`), once the release is at that stage or past it, checks that an
//! `[[approvals]]` entry with that `gate` exists for every role listed. An
//! approval's `gate` is the stage it lets the release enter: `gate = "build"` is
//! the sign-off of the release definition, `gate = "deploy"` the acceptance
//! sign-off after staging. A gate the type skips is owed from the next stage the
//! release enters. Whether the approver holds the role is approver-lacks-role's
//! business.
//!
//! ## Why
//! The approval level is what distinguishes release types: a patch needs a
//! release manager, a major release the service owner and the change advisory
//! board. A release cannot proceed to deployment without documented sign-off.
//!
//! ## Example
//! ```toml
//! type = "major"                  # deploy = ["service-owner", "cab"]
//! stage = "deploy"
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//! ```
//!
//! Use instead:
//! ```toml
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2026-03-12T16:00:00
//!
//! [[approvals]]
//! gate = "deploy"
//! role = "cab"
//! by = "dave"
//! at = 2026-03-12T17:30:00
//! ```
