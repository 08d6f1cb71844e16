//! Renders fuzzer-chosen Markdown as a runbook is rendered on a release
//! page. The HTML must never carry a script element, an event-handler
//! attribute, or a link or image URL with a scheme other than http,
//! https, mailto or tel (so no `javascript:`), however it is spelled.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trainyard::load::outline;
use trainyard::site::markdown::{render, scheme, Options, Target};

/// The attribute value as a browser reads it: character references decoded.
fn decode(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[..end];
        let decoded = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = rest.get(end + 1..).unwrap_or("");
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// Every tag in `html` with its attributes (name, raw value).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let s = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let key = html[s..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i += 1;
                    let s = i;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[s..i.min(b.len())].to_string();
                    i += 1;
                } else {
                    let s = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[s..i].to_string();
                }
            }
            attrs.push((key, value));
        }
        out.push((name, attrs));
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let outline = outline(text);
    // As on a release page: fragments go to the runbook's own sections,
    // other release files to their sections, the rest is not published.
    let relative = |dest: &str| -> Target {
        if let Some(fragment) = dest.strip_prefix('#') {
            Target::Rewrite(format!("#runbook-{fragment}"))
        } else if dest.starts_with("notes.md") {
            Target::Rewrite("#notes".into())
        } else if dest.starts_with("../") {
            Target::Rewrite("../other/index.html#runbook".into())
        } else {
            Target::Drop
        }
    };
    let rendered = render(
        text,
        &outline,
        &Options {
            prefix: "runbook-",
            top_level: 3,
            relative: &relative,
        },
    );
    let html = &rendered.html;
    for (name, attrs) in tags(html) {
        let name = name.trim_start_matches('/');
        assert!(
            !matches!(
                name,
                "script" | "iframe" | "object" | "embed" | "style" | "form" | "base" | "meta"
            ),
            "a <{name}> element in\n{html}"
        );
        for (key, value) in attrs {
            assert!(!key.starts_with("on"), "an event handler {key} in\n{html}");
            assert!(
                key != "style" || !value.contains(['(', ':']) || value.starts_with("text-align:"),
                "a style attribute {value:?} in\n{html}"
            );
            if matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset"
            ) {
                let url = decode(&value);
                if let Some(s) = scheme(&url) {
                    assert!(
                        matches!(s.as_str(), "http" | "https" | "mailto" | "tel" | "//"),
                        "a {s}: URL {value:?} in\n{html}"
                    );
                }
            }
        }
    }
});
