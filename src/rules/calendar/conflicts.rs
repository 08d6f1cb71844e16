//! Releases against each other: window-conflict (overlapping windows on
//! the same service or on services where one depends on the other) and
//! capacity-exceeded (more live windows at one moment than
//! `max_concurrent`).
//!
//! Both sort and sweep. Conflicts sweep once per service over its own
//! releases and those of the services it depends on directly, pairing only
//! where one side is its own; capacity sweeps once over every live window
//! ([`max_overlap_groups`]). Nothing compares all pairs.
//!
//! Precedence (from the release procedure): an
//! emergency release beats a scheduled one, then higher impact beats lower,
//! then the earlier-booked release (the lower id) wins. The finding goes on
//! the release that yields.

use std::collections::{HashMap, HashSet};

use super::{and_list, window_span, window_words, Calendar};
use crate::calendar::{conflict_pairs, precedence, rank, Booking, Neighbours, Precedence};
use crate::diagnostic::{Finding, Rule};
use crate::load::Release;
use crate::resolve::Resolved;
use crate::time::{max_overlap_groups, Interval};

/// "REL-X (high impact) takes precedence over this low-impact release".
fn reason(winner: &Release, loser: &Release, why: Precedence) -> String {
    match why {
        Precedence::Emergency => format!(
            "{} (emergency) takes precedence over this scheduled release",
            winner.id()
        ),
        Precedence::Impact => format!(
            "{} ({} impact) takes precedence over this {}-impact release",
            winner.id(),
            winner.def.impact.get_ref().as_str(),
            loser.def.impact.get_ref().as_str()
        ),
        Precedence::EarlierBooked => format!(
            "{} takes precedence as the earlier-booked release (lower id, same type class and impact)",
            winner.id()
        ),
    }
}

/// How the two services are related, seen from the loser.
fn relation(graph: &Neighbours, mine: &str, theirs: &str) -> String {
    if mine == theirs {
        format!("both change {mine}")
    } else if graph.depends_on(mine).contains(&theirs) {
        format!("{mine} depends on {theirs}")
    } else {
        format!("{theirs} depends on {mine}")
    }
}

/// Both checks over the live windows.
pub(super) fn check(cal: &Calendar, out: &mut Vec<Finding>) {
    let cx = cal.cx;
    let live: Vec<(&Release, Interval)> = cx
        .repo
        .releases
        .iter()
        .filter(|r| r.def.stage.get_ref().is_live())
        .filter_map(|r| cx.window(r).map(|w| (r, w)))
        .collect();
    let items: Vec<Booking> = live
        .iter()
        .map(|(r, w)| Booking {
            interval: *w,
            service: r.def.service.get_ref(),
        })
        .collect();
    let graph = Neighbours::from_repo(cx.repo);
    conflicts(cx, &graph, &live, &items, out);
    if let Some(limit) = &cx.repo.calendar.def.max_concurrent {
        capacity(cx, *limit.get_ref(), &live, &items, out);
    }
}

fn conflicts(
    cx: &Resolved,
    graph: &Neighbours,
    live: &[(&Release, Interval)],
    items: &[Booking],
    out: &mut Vec<Finding>,
) {
    for (i, j) in conflict_pairs(items, graph) {
        let (a, b) = (live[i].0, live[j].0);
        let (winner, loser, why) = precedence(a, b);
        let (Some(ww), Some(lw)) = (cx.window(winner), cx.window(loser)) else {
            continue;
        };
        let (mine, theirs) = (loser.def.service.get_ref(), winner.def.service.get_ref());
        out.push(
            Finding::new(
                Rule::WindowConflict,
                loser.file,
                window_span(loser),
                format!(
                    "{} overlaps {} ({}, {}) and {}: {}",
                    window_words(cx, &lw),
                    winner.id(),
                    winner.def.title.get_ref(),
                    cx.fmt_span(&ww),
                    relation(graph, mine, theirs),
                    reason(winner, loser, why)
                ),
            )
            .help(format!(
                "move this release to a window clear of {} (`trainyard slots {}` lists them), or agree a different order with {}'s manager and record an approved exception",
                winner.id(),
                loser.id(),
                winner.id()
            ))
            .release(loser.id()),
        );
    }
}

/// At most this many releases are named in one capacity message.
const NAMED: usize = 8;

fn capacity(
    cx: &Resolved,
    limit: u32,
    live: &[(&Release, Interval)],
    items: &[Booking],
    out: &mut Vec<Finding>,
) {
    let keyed: Vec<(Interval, ())> = items.iter().map(|b| (b.interval, ())).collect();
    let groups = max_overlap_groups(&keyed, limit as usize);
    let mut reported: HashSet<usize> = HashSet::new();
    // Loser -> (finding index, further moments).
    let mut more: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for group in groups {
        let mut ranked = group.clone();
        ranked.sort_by(|&x, &y| rank(live[x].0).cmp(&rank(live[y].0)));
        let keep = (limit as usize).min(ranked.len());
        let (kept, losers) = ranked.split_at(keep);
        // A release already reported at an earlier moment only counts the
        // moment; the words are built only for a new finding.
        let mut fresh = Vec::new();
        for &l in losers {
            if reported.insert(l) {
                fresh.push(l);
            } else if let Some(entry) = more.get_mut(&l) {
                entry.1 += 1;
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let moment = group.iter().fold(None::<Interval>, |acc, &i| {
            let w = live[i].1;
            Some(match acc {
                None => w,
                Some(a) => Interval {
                    start: a.start.max(w.start),
                    end: a.end.min(w.end),
                },
            })
        });
        let Some(moment) = moment else { continue };
        let names: Vec<String> = ranked
            .iter()
            .take(NAMED)
            .map(|&i| format!("{} ({})", live[i].0.id(), live[i].0.def.service.get_ref()))
            .collect();
        let listed = if ranked.len() > NAMED {
            format!("{}, and {} more", names.join(", "), ranked.len() - NAMED)
        } else {
            and_list(&names)
        };
        let winners: Vec<&str> = kept.iter().take(NAMED).map(|&i| live[i].0.id()).collect();
        let yields = if winners.is_empty() {
            "no release may deploy then".to_string()
        } else {
            format!(
                "{}{} take{} precedence over this release (emergency first, then higher impact, then the lower id)",
                and_list(&winners),
                if kept.len() > NAMED { format!(" and {} more", kept.len() - NAMED) } else { String::new() },
                if kept.len() == 1 { "s" } else { "" }
            )
        };
        for l in fresh {
            let r = live[l].0;
            let f = Finding::new(
                Rule::CapacityExceeded,
                r.file,
                window_span(r),
                format!(
                    "{} releases overlap {} {}, more than max_concurrent = {limit} allows: {listed}; {yields}",
                    ranked.len(),
                    cx.fmt_span(&moment),
                    cx.tz.name()
                ),
            )
            .help(format!(
                "move this release to a window with capacity (`trainyard slots {}` lists them), or move another of the releases named",
                r.id()
            ))
            .release(r.id());
            more.insert(l, (findings.len(), 0));
            findings.push(f);
        }
    }
    for (idx, extra) in more.into_values() {
        if extra > 0 {
            if let Some(f) = findings.get_mut(idx) {
                f.message.push_str(&format!(
                    " (and at {extra} more {} during this window)",
                    if extra == 1 { "moment" } else { "moments" }
                ));
            }
        }
    }
    out.extend(findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeDelta, TimeZone, Utc};
    use proptest::prelude::*;

    fn iv(a: i64, b: i64) -> Interval {
        let t0 = Utc.with_ymd_and_hms(2030, 3, 16, 0, 0, 0).unwrap();
        Interval {
            start: t0 + TimeDelta::try_minutes(a).unwrap(),
            end: t0 + TimeDelta::try_minutes(b).unwrap(),
        }
    }

    const SERVICES: [&str; 5] = ["a", "b", "c", "d", "e"];

    fn graph() -> Neighbours<'static> {
        // b -> a, c -> a and b, d -> c; e stands alone.
        Neighbours::new([
            ("a", vec![]),
            ("b", vec!["a"]),
            ("c", vec!["a", "b", "c"]),
            ("d", vec!["c"]),
            ("e", vec![]),
        ])
    }

    #[test]
    fn related_is_same_or_direct_dependency_either_way() {
        let g = graph();
        assert!(g.related("a", "a"));
        assert!(g.related("b", "a") && g.related("a", "b"));
        assert!(g.related("d", "c") && g.related("c", "d"));
        assert!(!g.related("d", "a"), "not transitive");
        assert!(!g.related("e", "a"));
        assert!(!g.related("x", "y"));
        assert!(
            g.related("x", "x"),
            "unknown services still equal themselves"
        );
        assert_eq!(g.depends_on("c"), ["a", "b"]);
    }

    #[test]
    fn pairs_examples() {
        let g = graph();
        let items = [
            Booking {
                interval: iv(0, 60),
                service: "a",
            },
            Booking {
                interval: iv(30, 90),
                service: "b",
            }, // overlaps 0 via dependency
            Booking {
                interval: iv(60, 120),
                service: "a",
            }, // touches 0, overlaps 1
            Booking {
                interval: iv(0, 120),
                service: "e",
            }, // unrelated
            Booking {
                interval: iv(10, 20),
                service: "d",
            }, // d-a not related
        ];
        assert_eq!(conflict_pairs(&items, &g), vec![(0, 1), (1, 2)]);
        assert!(conflict_pairs(&[], &g).is_empty());
    }

    fn brute(items: &[Booking], g: &Neighbours) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..items.len() {
            for j in i + 1..items.len() {
                if items[i].interval.overlaps(&items[j].interval)
                    && g.related(items[i].service, items[j].service)
                {
                    out.push((i, j));
                }
            }
        }
        out
    }

    fn arb_graph() -> impl Strategy<Value = Vec<(usize, Vec<usize>)>> {
        // Any edges at all, cycles and self-loops included: the sweep must
        // not depend on the graph being sensible.
        proptest::collection::vec(proptest::collection::vec(0usize..5, 0..4), 5)
            .prop_map(|v| v.into_iter().enumerate().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn sweep_equals_brute_force(
            edges in arb_graph(),
            raw in proptest::collection::vec((0usize..6, 0i64..60, 0i64..15), 0..40),
        ) {
            let g = Neighbours::new(edges.iter().map(|(s, d)| {
                (SERVICES[*s], d.iter().map(|x| SERVICES[*x]).collect())
            }));
            // Service index 5 is one the graph does not know.
            let items: Vec<Booking> = raw
                .iter()
                .map(|(s, start, len)| Booking {
                    interval: iv(*start, start + len),
                    service: SERVICES.get(*s).copied().unwrap_or("unknown"),
                })
                .collect();
            prop_assert_eq!(conflict_pairs(&items, &g), brute(&items, &g));
        }
    }
}
