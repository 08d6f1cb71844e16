//! The commands written in the README, examples/ and docs/ are real ones.

use std::path::PathBuf;

/// The `trainyard …` commands written in the examples and the review guide.
fn documented_commands() -> Vec<(String, Vec<String>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = [
        "examples/github/trainyard.yml",
        "examples/gitlab-ci.yml",
        "examples/github/deploy.yml",
        "examples/gitlab-deploy.yml",
        "examples/gitlab-freeze.yml",
        "examples/github/argo-sync-windows.yml",
        "examples/aws-change-calendar.sh",
        "examples/pre-commit/.pre-commit-config.yaml",
        "examples/pre-commit/.pre-commit-hooks.yaml",
        "examples/README.md",
        "docs/review.md",
        "docs/screenshots.md",
        "README.md",
    ];
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(root.join(f)).unwrap();
        // In Markdown only code blocks hold commands.
        let markdown = f.ends_with(".md");
        let mut in_code = false;
        for line in text.lines() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if markdown && !in_code {
                continue;
            }
            let mut l = line.trim_start();
            for prefix in ["- ", "run: ", "entry: "] {
                l = l.strip_prefix(prefix).unwrap_or(l);
            }
            if !l.starts_with("trainyard ") {
                continue;
            }
            // The command ends where the shell or a comment takes over.
            let end = ["||", "&&", ";", " #", "|", " >"]
                .iter()
                .filter_map(|s| l.find(s))
                .min()
                .unwrap_or(l.len());
            let words = shell_words(&l[..end]);
            out.push((format!("{f}: {line}"), words));
        }
    }
    out
}

/// Splits a command line into words as a shell would for plain and
/// double-quoted words (enough for documentation).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            c => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        words.push(word);
    }
    words
}

#[test]
fn the_commands_in_the_examples_parse() {
    use clap::{CommandFactory, Parser};
    let commands = documented_commands();
    assert!(commands.len() >= 12, "{commands:#?}");
    for example in ["examples/github/deploy.yml", "examples/gitlab-deploy.yml"] {
        assert!(
            commands
                .iter()
                .any(|(place, words)| place.starts_with(example)
                    && words[..3] == ["trainyard", "gate", "--release"]),
            "{example} runs `trainyard gate --release` before deploying"
        );
    }
    let cli = trainyard::cli::Cli::command();
    cli.clone().debug_assert();
    for (place, words) in commands {
        if let Err(e) = trainyard::cli::Cli::try_parse_from(&words) {
            panic!("{place}\n{e}");
        }
    }
}

#[test]
fn explain_schema_marks_every_release_field_required_or_optional() {
    let out = super::trainyard()
        .args(["explain", "schema"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let start = text.find("## releases/ID/release.toml").unwrap();
    let block = &text[start..];
    let block = &block[block.find("```toml").unwrap() + 7..];
    let block = &block[..block.find("```").unwrap()];
    let mut fields = 0;
    for line in block.lines() {
        let field = line
            .split(['=', ' '])
            .next()
            .unwrap_or_default()
            .trim_matches(['[', ']']);
        // A value line inside a table ([window], [rollback]) belongs to it.
        let inner = ["start", "duration", "window", "procedure"].contains(&field);
        if field.is_empty() || (inner && !line.starts_with('[')) {
            continue;
        }
        fields += 1;
        let note = line.split_once('#').map_or("", |(_, n)| n.trim());
        assert!(
            note.starts_with("required") || note.starts_with("optional"),
            "{field} is not marked: {line}"
        );
        if let Some(rest) = note.strip_prefix("required from stage ") {
            let stage = rest.split([' ', ':', ';', ',']).next().unwrap();
            assert!(
                ["plan", "build", "test", "stage", "deploy", "close"].contains(&stage)
                    || rest.starts_with("the stage"),
                "{line}"
            );
        }
    }
    assert!(fields >= 25, "{fields} fields in {block}");
}
