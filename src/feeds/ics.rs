//! Writing iCalendar text to the letter of RFC 5545: CRLF line ends,
//! content lines folded at 75 octets without splitting a UTF-8 character,
//! TEXT values escaped, times in UTC.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

/// An iCalendar document being written.
#[derive(Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// A writer that holds `bytes` of text before it grows: a feed whose
    /// size is known up front is written without copying it as it grows.
    pub fn with_capacity(bytes: usize) -> Self {
        Writer {
            out: String::with_capacity(bytes),
        }
    }

    /// `BEGIN:NAME`.
    pub fn begin(&mut self, name: &str) {
        self.line(&format!("BEGIN:{name}"));
    }

    /// `END:NAME`.
    pub fn end(&mut self, name: &str) {
        self.line(&format!("END:{name}"));
    }

    /// A property whose value is written as given (dates, URIs, enums).
    pub fn raw(&mut self, name: &str, value: &str) {
        self.property(name, &strip_breaks(value));
    }

    /// A property with parameters, e.g. `ORGANIZER;CN="Ada Lovelace":mailto:…`.
    /// Parameter values are quoted when they contain `:`, `;` or `,`.
    pub fn with_params(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = name.to_string();
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(&param_value(v));
        }
        line.push(':');
        line.push_str(&strip_breaks(value));
        self.line(&line);
    }

    /// A TEXT property, escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        self.property(name, &escape_text(value));
    }

    /// A list of TEXT values (CATEGORIES), each escaped, joined by commas.
    pub fn text_list(&mut self, name: &str, values: &[&str]) {
        let joined: Vec<String> = values.iter().map(|v| escape_text(v)).collect();
        self.line(&format!("{name}:{}", joined.join(",")));
    }

    /// A UTC date-time property: `DTSTART:20240315T200000Z`.
    pub fn utc(&mut self, name: &str, t: DateTime<Utc>) {
        self.raw(name, &crate::time::ical_utc(t));
    }

    /// Content lines another writer made (folded, CRLF-terminated).
    pub fn lines(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Writes one content line, folded.
    fn line(&mut self, line: &str) {
        fold_into(&mut self.out, line);
    }

    /// Writes `NAME:value` as one content line, folded; a line short
    /// enough to need no fold (most are) goes straight to the output.
    fn property(&mut self, name: &str, value: &str) {
        if name.len() + 1 + value.len() <= 75 {
            self.out.push_str(name);
            self.out.push(':');
            self.out.push_str(value);
            self.out.push_str("\r\n");
        } else {
            let mut line = String::with_capacity(name.len() + 1 + value.len());
            line.push_str(name);
            line.push(':');
            line.push_str(value);
            self.line(&line);
        }
    }

    /// The finished document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Escapes a TEXT value (RFC 5545 section 3.3.11): backslash, semicolon,
/// comma and newline. A carriage return is dropped (a CRLF in the input is
/// one newline) and other control characters, which a content line may not
/// carry, become spaces.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: quoted when it holds `:`, `;` or `,`; a double
/// quote, which a parameter value cannot carry, becomes a single one.
fn param_value(v: &str) -> String {
    let v: String = strip_breaks(v).replace('"', "'");
    if v.contains([':', ';', ',']) {
        format!("\"{v}\"")
    } else {
        v
    }
}

/// Values that are not TEXT cannot carry line breaks or control characters.
fn strip_breaks(v: &str) -> Cow<'_, str> {
    // Control characters are C0 (below 0x20), DEL, and C1 (U+0080 to
    // U+009F, which UTF-8 writes after a 0xC2 byte).
    if !v.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return Cow::Borrowed(v);
    }
    Cow::Owned(
        v.chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// Appends `line` folded at 75 octets: each continuation line starts with
/// a space, and no fold falls inside a UTF-8 character.
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // A continuation line's leading space counts towards its 75.
        limit = 74;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_text() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape_text("crlf\r\nline"), "crlf\\nline");
    }

    #[test]
    fn folds_long_lines_at_75_octets() {
        let mut w = Writer::new();
        w.text("SUMMARY", &"é".repeat(60));
        let text = w.finish();
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.ends_with("\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
    }

    #[test]
    fn quotes_parameter_values_that_need_it() {
        let mut w = Writer::new();
        w.with_params(
            "ORGANIZER",
            &[("CN", "Diaz, Rosa")],
            "mailto:rosa@example.com",
        );
        assert_eq!(
            w.finish(),
            "ORGANIZER;CN=\"Diaz, Rosa\":mailto:rosa@example.com\r\n"
        );
    }

    proptest! {
        /// Any text survives escaping, folding, unfolding and a parser
        /// other than ours, and no line is longer than 75 octets.
        #[test]
        fn any_summary_round_trips(summary in "\\PC*", noise in proptest::collection::vec(any::<char>(), 0..20)) {
            let text: String = summary.chars().chain(noise).filter(|c| *c != '\r').collect();
            let mut w = Writer::new();
            w.begin("VCALENDAR");
            w.raw("VERSION", "2.0");
            w.raw("PRODID", "-//trainyard//test//EN");
            w.begin("VEVENT");
            w.raw("UID", "x@trainyard");
            w.raw("DTSTAMP", "20240101T000000Z");
            w.text("SUMMARY", &text);
            w.end("VEVENT");
            w.end("VCALENDAR");
            let doc = w.finish();
            for line in doc.split("\r\n") {
                prop_assert!(line.len() <= 75, "{} octets", line.len());
            }
            let unfolded = icalendar::parser::unfold(&doc);
            let cal = icalendar::parser::read_calendar(&unfolded).map_err(TestCaseError::fail)?;
            let event = &cal.components[0];
            let parsed = event.find_prop("SUMMARY").map(|p| p.val.as_str().to_string()).unwrap_or_default();
            // Control characters other than tab and newline cannot travel in
            // a content line; they are written as spaces.
            let expected: String = text
                .chars()
                .map(|c| if c.is_control() && c != '\t' && c != '\n' { ' ' } else { c })
                .collect();
            prop_assert_eq!(parsed, expected);
        }
    }
}
