//! What the site's pages say about the calendar and the findings: where
//! blackouts really end, cancelled releases, months up to the feeds'
//! horizon, the policies in words, and waived findings.

mod common;

use std::collections::BTreeMap;

use assert_cmd::Command;

use common::{fixture, read_tree, root, TODAY};

fn trainyard() -> Command {
    let mut cmd = Command::cargo_bin("trainyard").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Builds `repo` as of `today` and returns its files.
fn built(repo: &std::path::Path, today: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = trainyard()
        .arg("--root")
        .arg(repo)
        .args(["build", "--no-history", "--today", today, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let files = read_tree(&out);
    (tmp, files)
}

fn built_example() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    built(&root(), TODAY)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("{path} was not written"));
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn the_dashboard_shows_where_a_blackout_really_ends() {
    let (_tmp, files) = built(&root(), "2026-12-01");
    let index = text(&files, "index.html");
    // The month-end close over the turn of the year runs past the 30 days
    // the dashboard looks ahead: its end is still its own.
    assert!(
        index.contains(
            "Month-end close (except emergency): Mon 28 Dec 2026, 00:00 GMT \u{2013} Sun 3 Jan 2027, 00:00 GMT"
        ),
        "{index}"
    );
    assert!(!index.contains("Thu 31 Dec 2026, 00:00 GMT<"));
    // The close on today is listed once, under today, with its real start.
    assert_eq!(
        index
            .matches("Month-end close (except emergency): Sat 28 Nov 2026, 00:00 GMT")
            .count(),
        1
    );
}

#[test]
fn cancelled_releases_are_struck_through_on_the_calendar() {
    let (_tmp, files) = built_example();
    let month = text(&files, "calendar/2027-01/index.html");
    let chip = month
        .split("<li class=\"chip")
        .find(|c| c.contains("REL-2027-01-003"))
        .expect("the cancelled release on its day");
    assert!(chip.starts_with(" type-patch chip-cancelled\""), "{chip}");
    let others = month
        .split("<li class=\"chip")
        .filter(|c| c.contains("chip-cancelled"))
        .count();
    assert_eq!(others, 1, "only the cancelled release is struck through");
    let css = text(&files, "assets/style.css");
    assert!(css.contains(
        ".chip.chip-cancelled a, .chip.chip-cancelled a * { text-decoration: line-through;"
    ));
}

#[test]
fn the_calendar_runs_to_the_end_of_the_feeds_horizon() {
    let (_tmp, files) = built_example();
    // --today 2026-11-24: windows.ics runs to 24 May 2028.
    let last = text(&files, "calendar/2028-05/index.html");
    assert!(last.contains("No later month"));
    assert!(!files.contains_key("calendar/2028-06/index.html"));
    let freeze = text(&files, "calendar/2027-12/index.html");
    assert!(freeze.contains("Year-end freeze 2027"));
    // Holidays are listed under the grid with the blackouts and events.
    let december = text(&files, "calendar/2026-12/index.html");
    assert!(december.contains("<li><strong>Holiday</strong> Christmas Day: Fri 25 Dec 2026</li>"));
}

#[test]
fn the_policies_page_says_days_and_release_types_in_words() {
    let (_tmp, files) = built_example();
    let page = text(&files, "policies/index.html");
    assert!(page.contains("From the 28th of each month to the 2nd of the next, all day"));
    assert!(!page.contains("Monthly on days"));
    // Emergency releases need no window and ignore blackouts.
    assert!(page.contains("<td>major, minor and patch releases (not emergency)</td>"));
    assert!(!page.contains("<td>every release</td>"));
}

#[test]
fn finding_help_keeps_its_line_breaks() {
    let (_tmp, files) = built_example();
    let css = text(&files, "assets/style.css");
    assert!(css.contains(".findings .help { white-space: pre-line; }"));
}

#[test]
fn waived_findings_are_counted_and_linked() {
    let (_tmp, files) = built(&fixture("load-exceptions"), TODAY);
    let index = text(&files, "index.html");
    assert!(
        index.contains("<a href=\"findings/index.html#waived\">1 finding waived by exceptions</a>")
    );
    let findings = text(&files, "findings/index.html");
    assert!(findings.contains("<h2 id=\"waived\">Waived by exceptions</h2>"));
    // The link goes to the release's definition, which lists its exceptions.
    let link = findings
        .split("href=\"../")
        .find(|l| l.contains("#definition\">REL-"))
        .expect("a link to the release");
    let page = link.split('#').next().unwrap();
    assert!(text(&files, page).contains("id=\"definition\""));
}

fn built_scoped() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    built(&fixture("cal-scoped"), "2030-03-01")
}

/// The section of a page from the heading with `id` to the next `<h2`.
fn section(page: &str, id: &str) -> String {
    let at = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &page[at..];
    let end = rest[1..].find("<h2").map_or(rest.len(), |i| i + 1);
    rest[..end].to_string()
}

#[test]
fn a_service_page_lists_the_windows_and_blackouts_that_apply_to_it() {
    let (_tmp, files) = built_scoped();
    let payments = section(&text(&files, "services/payments/index.html"), "h-periods");
    assert!(payments.contains("Payments late Saturday"), "{payments}");
    assert!(payments.contains("America/New_York time"), "{payments}");
    assert!(payments.contains("Payments quarter close"), "{payments}");
    // Its own window replaces the organisation's.
    assert!(!payments.contains("Saturday night"), "{payments}");
    let ledger = section(&text(&files, "services/ledger/index.html"), "h-periods");
    assert!(ledger.contains("Saturday night"), "{ledger}");
    assert!(ledger.contains("every service but payments"), "{ledger}");
    assert!(!ledger.contains("Payments late Saturday"), "{ledger}");
    assert!(!ledger.contains("Payments quarter close"), "{ledger}");
    assert!(ledger.contains("None apply."), "{ledger}");
}

#[test]
fn month_labels_carry_the_scope_and_the_other_zone() {
    let (_tmp, files) = built_scoped();
    let month = text(&files, "calendar/2030-03/index.html");
    assert!(
        month.contains(
            "Blackout: Payments quarter close (payments only) <span class=\"time\">all day"
        ),
        "{month}"
    );
    assert!(month.contains("Window: Saturday night (every service but payments) <span class=\"time\">18:00\u{2013}06:00</span>"));
    // Saturday 16 March, after New York's change and before London's:
    // 22:00 EDT is 02:00 GMT.
    assert!(month.contains(
        "Window: Payments late Saturday (payments only) <span class=\"time\">02:00\u{2013}06:00 (22:00\u{2013}02:00 America/New_York)</span>"
    ));
    // A day a long period starts or ends on gives the boundary in its
    // own zone too: 12:00 New York is 16:00 in London before the change.
    assert!(month.contains(
        "Event: Ledger migration (ledger only) <span class=\"time\">from 16:00 (12:00 America/New_York)</span>"
    ));
    let periods = section(&month, "periods");
    assert!(
        periods.contains("Payments quarter close (payments only): Sat 23 Mar 2030"),
        "{periods}"
    );
    assert!(
        periods.contains("12:00 EDT in America/New_York)"),
        "{periods}"
    );
}

#[test]
fn the_policies_page_gives_each_period_its_scope_and_zone() {
    let (_tmp, files) = built_scoped();
    let page = text(&files, "policies/index.html");
    let row = |name: &str| {
        page.split("<tr>")
            .find(|r| r.contains(&format!("<th scope=\"row\">{name}")))
            .unwrap_or_else(|| panic!("no row {name}"))
            .to_string()
    };
    let org = row("Saturday night");
    assert!(
        org.contains("services: every service but payments"),
        "{org}"
    );
    assert!(!org.contains("America/New_York"), "{org}");
    let own = row("Payments late Saturday");
    assert!(own.contains("22:00 for 4h, America/New_York time"), "{own}");
    assert!(own.contains("services: payments only"), "{own}");
    let blackout = row("Payments quarter close");
    assert!(blackout.contains("services: payments only"), "{blackout}");
}
