//! With [review] approvals = "author", an approval added in the change was not committed by its approver (check --base)
//!
//! ## What it does
//! With `approvals = "author"` under `[review]` in trainyard.toml (at the base
//! or in the working tree), finds for each `[[approvals]]` entry added since
//! the base revision, and each `[[exceptions]]` entry added with an approver, the
//! commit that added it, and compares that commit's author email with the
//! approver's `email` in policies/people.toml (as it stood at the base when
//! the person was already there). The committer must be the approver too,
//! because a commit signature proves who committed, not who is named as the
//! author; commits made in GitHub's web interface (committer
//! `noreply@github.com`) count as their author's. GitHub's no-reply addresses
//! of the person's `github` handle (`handle@users.noreply.github.com`,
//! `ID+handle@…`) count as theirs. An entry that no commit added (still
//! uncommitted) is reported too.
//!
//! ## Why
//! `by = "carol"` is just text: anyone can type it. Requiring Carol's own
//! commit, together with branch protection and CODEOWNERS (see
//! docs/review.md), makes the approval hers.
//!
//! ## Example
//! ```toml
//! # added in a commit by alice@example.com
//! [[approvals]]
//! gate = "deploy"
//! role = "service-owner"
//! by = "carol"
//! at = 2024-03-13T16:00:00
//! ```
//!
//! Use instead: Carol adds the entry in a commit of her own (for example with
//! GitHub's "Add a suggestion" or by pushing to the branch).
