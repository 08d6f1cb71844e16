//! Release stages, train stages and the legal moves between them.

use std::fmt;

use serde::Deserialize;

/// Where a release is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Plan,
    Build,
    Test,
    Stage,
    Deploy,
    Close,
    Cancelled,
}

impl Stage {
    /// The lifecycle in order (cancelled is outside it).
    pub const LIFECYCLE: [Stage; 6] = [
        Stage::Plan,
        Stage::Build,
        Stage::Test,
        Stage::Stage,
        Stage::Deploy,
        Stage::Close,
    ];

    /// Every stage, including cancelled.
    pub const ALL: [Stage; 7] = [
        Stage::Plan,
        Stage::Build,
        Stage::Test,
        Stage::Stage,
        Stage::Deploy,
        Stage::Close,
        Stage::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Plan => "plan",
            Stage::Build => "build",
            Stage::Test => "test",
            Stage::Stage => "stage",
            Stage::Deploy => "deploy",
            Stage::Close => "close",
            Stage::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Position in the lifecycle; `None` for cancelled.
    pub fn rank(self) -> Option<usize> {
        Stage::LIFECYCLE.iter().position(|s| *s == self)
    }

    /// True when this release is at or past `other` in the lifecycle.
    /// A cancelled release is at or past nothing.
    pub fn reached(self, other: Stage) -> bool {
        match (self.rank(), other.rank()) {
            (Some(a), Some(b)) => a >= b,
            _ => false,
        }
    }

    /// Releases that take part in the calendar: not closed, not cancelled.
    pub fn is_live(self) -> bool {
        !matches!(self, Stage::Close | Stage::Cancelled)
    }

    /// The stages a release may move to from this one in a single change,
    /// given the stages its type skips.
    pub fn next_stages(self, skip: &[Stage]) -> Vec<Stage> {
        let mut out = Vec::new();
        if let Some(rank) = self.rank() {
            // Forward: the next stage, jumping over skipped ones.
            let mut i = rank + 1;
            while i < Stage::LIFECYCLE.len() {
                let s = Stage::LIFECYCLE[i];
                out.push(s);
                if !skip.contains(&s) {
                    break;
                }
                i += 1;
            }
            // A fix cycle goes back to build from test or stage.
            if matches!(self, Stage::Test | Stage::Stage) {
                out.push(Stage::Build);
            }
            if self != Stage::Close {
                out.push(Stage::Cancelled);
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A release train's stage gates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrainStage {
    Scope,
    Construction,
    Verification,
    Deployment,
    Closed,
}

impl TrainStage {
    pub const ALL: [TrainStage; 5] = [
        TrainStage::Scope,
        TrainStage::Construction,
        TrainStage::Verification,
        TrainStage::Deployment,
        TrainStage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrainStage::Scope => "scope",
            TrainStage::Construction => "construction",
            TrainStage::Verification => "verification",
            TrainStage::Deployment => "deployment",
            TrainStage::Closed => "closed",
        }
    }
}

impl fmt::Display for TrainStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reached_follows_the_lifecycle() {
        assert!(Stage::Deploy.reached(Stage::Test));
        assert!(Stage::Test.reached(Stage::Test));
        assert!(!Stage::Build.reached(Stage::Test));
        assert!(!Stage::Cancelled.reached(Stage::Plan));
    }

    #[test]
    fn next_stages_include_fix_cycle_cancel_and_skips() {
        use Stage as S;
        assert_eq!(S::Plan.next_stages(&[]), vec![S::Build, S::Cancelled]);
        assert_eq!(
            S::Test.next_stages(&[]),
            vec![S::Build, S::Stage, S::Cancelled]
        );
        assert_eq!(
            S::Test.next_stages(&[S::Stage]),
            vec![S::Build, S::Stage, S::Deploy, S::Cancelled]
        );
        assert_eq!(S::Deploy.next_stages(&[]), vec![S::Close, S::Cancelled]);
        assert!(S::Close.next_stages(&[]).is_empty());
        assert!(S::Cancelled.next_stages(&[]).is_empty());
    }
}
