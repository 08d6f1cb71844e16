//! Parsing one TOML file into its model type, turning failures into
//! `parse-error` (not TOML) and `schema-error` (TOML of the wrong shape)
//! findings at the right place, with "did you mean" help.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Finding, Rule};
use crate::model::FileId;

/// Parses `text` as `T`; on failure returns the finding to report.
pub fn parse_toml<T: DeserializeOwned>(text: &str, file: FileId) -> Result<T, Finding> {
    if let Some(value) = super::fast::from_str(text) {
        return Ok(value);
    }
    let de = toml::de::Deserializer::parse(text).map_err(|e| {
        let mut span = e.span().unwrap_or(0..0);
        if e.message().contains("missing comma") {
            span = after_previous_value(text, span.start);
        }
        Finding::new(
            Rule::ParseError,
            file,
            span,
            format!("not valid TOML: {}", first_line(e.message())),
        )
        .help("fix the syntax at the marked place; TOML strings need quotes, dates do not")
    })?;
    T::deserialize(de).map_err(|e| schema_finding(&e, text, file))
}

/// Where a missing comma belongs: right after the value before `at`
/// (white space, line breaks and comments skipped back), not at the value
/// after it, which may be lines further on.
fn after_previous_value(text: &str, at: usize) -> std::ops::Range<usize> {
    let mut end = at.min(text.len());
    loop {
        let before = &text[..end];
        let trimmed = before.trim_end();
        // A comment ends the line it is on: step back over it too.
        let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
        match trimmed[line_start..].find('#') {
            // Outside a string: an even number of quotes before it.
            Some(hash) if trimmed[line_start..line_start + hash].matches('"').count() % 2 == 0 => {
                end = line_start + hash;
            }
            _ => {
                end = trimmed.len();
                break;
            }
        }
    }
    end..end
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim_end()
}

/// Turns a serde error from the toml deserializer into a `schema-error`.
fn schema_finding(e: &toml::de::Error, text: &str, file: FileId) -> Finding {
    let msg = first_line(e.message()).to_string();
    let span = e.span().unwrap_or(0..0);
    let names = backticked(&msg);
    let (message, help) = if msg.starts_with("unknown field") || msg.starts_with("unknown variant")
    {
        let what = if msg.starts_with("unknown field") {
            "field"
        } else {
            "value"
        };
        let found = names.first().cloned().unwrap_or_default();
        let expected: Vec<&str> = names.iter().skip(1).map(String::as_str).collect();
        let help = match crate::suggest::closest(&found, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if expected.is_empty() => format!("remove `{found}`"),
            None => format!(
                "expected one of {}",
                expected
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        (format!("unknown {what} `{found}`"), help)
    } else if msg.starts_with("missing field") {
        let field = names.first().cloned().unwrap_or_default();
        let within = table_header_at(text, span.start);
        let message = match &within {
            Some(t) => format!("missing field `{field}` in `{t}`"),
            None => format!("missing field `{field}`"),
        };
        (message, format!("add `{field} = …` here"))
    } else {
        (
            msg.clone(),
            "see `trainyard explain schema` for the file format".to_string(),
        )
    };
    Finding::new(Rule::SchemaError, file, span, message).help(help)
}

/// Names written between backticks in a serde message, in order.
fn backticked(msg: &str) -> Vec<String> {
    msg.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The `[table]` header line that starts at `offset`, if any.
fn table_header_at(text: &str, offset: usize) -> Option<String> {
    let line = text.get(offset..)?.lines().next()?.trim();
    (line.starts_with('[')).then(|| line.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReleaseDef;

    const GOOD: &str = r#"id = "REL-2024-03-015"
title = "Finance"
service = "finance"
version = "2.4.0"
type = "minor"
impact = "low"
stage = "plan"
manager = "alice"
"#;

    #[test]
    fn parses_a_minimal_release() {
        let r: ReleaseDef = parse_toml(GOOD, 0).unwrap();
        assert_eq!(r.id.get_ref(), "REL-2024-03-015");
    }

    #[test]
    fn a_missing_comma_is_marked_where_it_belongs() {
        let text = format!("{GOOD}requirements = [\n  \"a\" # first\n\n  \"b\",\n]\n");
        let f = parse_toml::<ReleaseDef>(&text, 0).unwrap_err();
        assert_eq!(f.rule, Rule::ParseError);
        assert!(f.message.contains("comma"), "{}", f.message);
        let at = text.find("\"a\"").unwrap() + 3;
        assert_eq!(f.span, at..at);
    }

    #[test]
    fn syntax_error_is_a_parse_error() {
        let f = parse_toml::<ReleaseDef>("id = \"x\ntitle = 3\n", 0).unwrap_err();
        assert_eq!(f.rule, Rule::ParseError);
    }

    #[test]
    fn unknown_field_suggests_the_right_one() {
        let text = format!("{GOOD}rationle = \"x\"\n");
        let f = parse_toml::<ReleaseDef>(&text, 0).unwrap_err();
        assert_eq!(f.rule, Rule::SchemaError);
        assert_eq!(f.message, "unknown field `rationle`");
        assert_eq!(f.help.as_deref(), Some("did you mean `rationale`?"));
        assert_eq!(&text[f.span.clone()], "rationle");
    }

    #[test]
    fn unknown_stage_suggests_a_stage() {
        let text = GOOD.replace("\"plan\"", "\"stagee\"");
        let f = parse_toml::<ReleaseDef>(&text, 0).unwrap_err();
        assert_eq!(f.message, "unknown value `stagee`");
        assert_eq!(f.help.as_deref(), Some("did you mean `stage`?"));
    }

    #[test]
    fn missing_field_names_the_field() {
        let text = GOOD.replace("manager = \"alice\"\n", "");
        let f = parse_toml::<ReleaseDef>(&text, 0).unwrap_err();
        assert_eq!(f.message, "missing field `manager`");
    }

    mod mutations {
        use super::*;
        use crate::model::{CalendarDef, PeopleDef, Policy};
        use proptest::prelude::*;

        const SAMPLES: [&str; 3] = [
            include_str!("../../releases/REL-2026-12-001/release.toml"),
            include_str!("../../policies/calendar.toml"),
            include_str!("../../policies/major.toml"),
        ];

        /// Cuts, splices and inserts characters into a real file.
        fn mutate(text: &str, at: usize, cut: usize, insert: &str) -> String {
            let chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + cut).min(chars.len());
            chars[..at]
                .iter()
                .chain(insert.chars().collect::<Vec<_>>().iter())
                .chain(chars[end..].iter())
                .collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(300))]
            #[test]
            fn broken_files_give_findings_inside_the_text_never_panics(
                which in 0usize..3,
                at in 0usize..10_000,
                cut in 0usize..40,
                insert in "[\\[\\]\"=#\n a-z0-9.:\u{e9}\u{1F600}-]{0,12}",
            ) {
                let text = mutate(SAMPLES[which], at, cut, &insert);
                let spans: Vec<std::ops::Range<usize>> = [
                    parse_toml::<ReleaseDef>(&text, 0).err(),
                    parse_toml::<CalendarDef>(&text, 0).err(),
                    parse_toml::<Policy>(&text, 0).err(),
                    parse_toml::<PeopleDef>(&text, 0).err(),
                ]
                .into_iter()
                .flatten()
                .map(|f| f.span)
                .collect();
                for span in spans {
                    prop_assert!(span.start <= span.end && span.end <= text.len());
                }
            }
        }
    }
}
