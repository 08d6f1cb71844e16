//! The document tree of the TOML subset: tables of keys in file order,
//! each value with the byte range toml would give it.
//!
//! What is read: bare keys; `[table]` and `[[array-of-tables]]` headers
//! of one bare key; basic strings with the escapes of TOML 1.0, literal
//! strings; decimal integers; booleans; offset and local date-times,
//! dates and times; arrays over any number of lines, with comments and a
//! trailing comma; comments. Anything else (dotted keys, quoted keys,
//! inline tables, multi-line strings, floats, other radixes, a key
//! defined twice, a table redefined) makes [`parse`] give up, and the
//! caller hands the file to toml, which reads everything and explains
//! every error.

use std::borrow::Cow;

/// A value and its byte range in the file (as `u32`, like the model's).
#[derive(Debug)]
pub(super) struct Item<'a> {
    pub start: u32,
    pub end: u32,
    pub value: Value<'a>,
}

#[derive(Debug)]
pub(super) enum Value<'a> {
    Str(Cow<'a, str>),
    Int(i64),
    Bool(bool),
    /// A date, time or date-time as written; read by `toml_datetime` when
    /// deserialized, exactly as toml reads it.
    Datetime(&'a str),
    Array(Vec<Item<'a>>),
    Table(Vec<(&'a str, Item<'a>)>),
}

/// How a root key came to be: written as `key = value`, as a `[key]`
/// header, or as `[[key]]` headers. Only the last may be added to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Value,
    Table,
    ArrayOfTables,
}

/// Where the key/value lines being read go.
#[derive(Clone, Copy)]
enum Current {
    Root,
    /// The root entry at this index: a `[table]`.
    Table(usize),
    /// The last table of the root entry at this index: `[[tables]]`.
    LastOf(usize),
}

/// The root table of `text`, or `None` when the text is outside the
/// subset (or is not valid TOML).
pub(super) fn parse(text: &str) -> Option<Vec<(&str, Item<'_>)>> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let mut root: Vec<(&str, Item)> = Vec::with_capacity(16);
    let mut origins: Vec<Origin> = Vec::with_capacity(16);
    let mut current = Current::Root;
    loop {
        p.skip_blank();
        let Some(b) = p.peek() else { break };
        match b {
            b'\n' => p.pos += 1,
            b'\r' => p.newline()?,
            b'#' => p.comment()?,
            b'[' => {
                let start = p.pos;
                let array = p.bytes.get(p.pos + 1) == Some(&b'[');
                p.pos += if array { 2 } else { 1 };
                p.skip_blank();
                let key = p.bare_key()?;
                p.skip_blank();
                p.expect(if array { "]]" } else { "]" })?;
                let (start, end) = (offset(start), offset(p.pos));
                p.end_of_line()?;
                let table = || Item {
                    start,
                    end,
                    value: Value::Table(Vec::with_capacity(8)),
                };
                if root.len() >= MAX_KEYS {
                    return None;
                }
                match root.iter().position(|(k, _)| *k == key) {
                    Some(i) if array && origins[i] == Origin::ArrayOfTables => {
                        let Value::Array(tables) = &mut root[i].1.value else {
                            return None;
                        };
                        tables.push(table());
                        current = Current::LastOf(i);
                    }
                    // A table defined twice, or a value redefined.
                    Some(_) => return None,
                    None if array => {
                        root.push((
                            key,
                            Item {
                                start,
                                end,
                                value: Value::Array(vec![table()]),
                            },
                        ));
                        origins.push(Origin::ArrayOfTables);
                        current = Current::LastOf(root.len() - 1);
                    }
                    None => {
                        root.push((key, table()));
                        origins.push(Origin::Table);
                        current = Current::Table(root.len() - 1);
                    }
                }
            }
            _ => {
                let key = p.bare_key()?;
                p.skip_blank();
                p.expect("=")?;
                p.skip_blank();
                let item = p.value()?;
                p.end_of_line()?;
                let table = match current {
                    Current::Root => {
                        origins.push(Origin::Value);
                        &mut root
                    }
                    Current::Table(i) => match &mut root[i].1.value {
                        Value::Table(t) => t,
                        _ => return None,
                    },
                    Current::LastOf(i) => match &mut root[i].1.value {
                        Value::Array(tables) => match tables.last_mut().map(|t| &mut t.value) {
                            Some(Value::Table(t)) => t,
                            _ => return None,
                        },
                        _ => return None,
                    },
                };
                // Duplicates are looked for one by one: a table with more
                // keys than any release file has is left to toml, which
                // does not take quadratic time over it.
                if table.len() >= MAX_KEYS || table.iter().any(|(k, _)| *k == key) {
                    return None;
                }
                table.push((key, item));
            }
        }
    }
    Some(root)
}

/// Offsets as kept: files beyond `u32` are never read.
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Arrays open around the value being read.
    depth: usize,
}

/// Arrays nested deeper than this are left to toml, which has its own
/// limit: the fast path reads them recursively and must not run out of
/// stack on a hostile file.
const MAX_DEPTH: usize = 16;

/// Tables with more keys than this are left to toml (see [`parse`]).
const MAX_KEYS: usize = 256;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Spaces and tabs.
    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, s: &str) -> Option<()> {
        self.bytes[self.pos..]
            .starts_with(s.as_bytes())
            .then(|| self.pos += s.len())
    }

    /// `\n` or `\r\n`.
    fn newline(&mut self) -> Option<()> {
        match self.peek()? {
            b'\n' => self.pos += 1,
            b'\r' => self.expect("\r\n")?,
            _ => return None,
        }
        Some(())
    }

    /// A comment up to (not including) its line break. Control
    /// characters other than tab are not allowed in one.
    fn comment(&mut self) -> Option<()> {
        self.pos += 1;
        while let Some(b) = self.peek() {
            match b {
                b'\n' | b'\r' => break,
                b'\t' => {}
                0..=0x1f | 0x7f => return None,
                _ => {}
            }
            self.pos += 1;
        }
        Some(())
    }

    /// What may follow a key/value pair or a header: blanks, a comment,
    /// then the line break or the end of the file.
    fn end_of_line(&mut self) -> Option<()> {
        self.skip_blank();
        if self.peek() == Some(b'#') {
            self.comment()?;
        }
        match self.peek() {
            None => Some(()),
            Some(_) => self.newline(),
        }
    }

    /// Blanks, line breaks and comments, as allowed between the values of
    /// an array.
    fn skip_array_space(&mut self) -> Option<()> {
        loop {
            self.skip_blank();
            match self.peek() {
                Some(b'\n' | b'\r') => self.newline()?,
                Some(b'#') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    fn bare_key(&mut self) -> Option<&'a str> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.pos += 1;
        }
        (self.pos > start).then(|| &self.text[start..self.pos])
    }

    fn value(&mut self) -> Option<Item<'a>> {
        let start = self.pos;
        let value = match self.peek()? {
            b'"' => Value::Str(self.basic_string()?),
            b'\'' => Value::Str(Cow::Borrowed(self.literal_string()?)),
            b'[' => Value::Array(self.array()?),
            b't' | b'f' => Value::Bool(self.boolean()?),
            b'0'..=b'9' | b'-' | b'+' => self.number_or_datetime()?,
            _ => return None,
        };
        Some(Item {
            start: offset(start),
            end: offset(self.pos),
            value,
        })
    }

    fn array(&mut self) -> Option<Vec<Item<'a>>> {
        if self.depth == MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let items = self.array_items();
        self.depth -= 1;
        items
    }

    fn array_items(&mut self) -> Option<Vec<Item<'a>>> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_array_space()?;
            if self.peek()? == b']' {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_array_space()?;
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(items);
                }
                _ => return None,
            }
        }
    }

    /// Whether the scalar just read ends where a scalar may end.
    fn at_delimiter(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#' | b',' | b']')
        )
    }

    fn boolean(&mut self) -> Option<bool> {
        let value = if self.expect("true").is_some() {
            true
        } else {
            self.expect("false")?;
            false
        };
        self.at_delimiter().then_some(value)
    }

    /// `"…"` on one line. `"""` (a multi-line string) is left to toml.
    fn basic_string(&mut self) -> Option<Cow<'a, str>> {
        if self.bytes[self.pos..].starts_with(b"\"\"\"") {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        let mut owned: Option<String> = None;
        let mut run = start;
        loop {
            match self.peek()? {
                b'"' => {
                    let text = &self.text[run..self.pos];
                    self.pos += 1;
                    return Some(match owned {
                        None => Cow::Borrowed(text),
                        Some(mut s) => {
                            s.push_str(text);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(&self.text[run..self.pos]);
                    self.pos += 1;
                    let c = match self.peek()? {
                        b'u' => self.unicode(4)?,
                        b'U' => self.unicode(8)?,
                        other => {
                            self.pos += 1;
                            match other {
                                b'b' => '\u{8}',
                                b't' => '\t',
                                b'n' => '\n',
                                b'f' => '\u{c}',
                                b'r' => '\r',
                                b'"' => '"',
                                b'\\' => '\\',
                                _ => return None,
                            }
                        }
                    };
                    s.push(c);
                    run = self.pos;
                }
                b'\t' => self.pos += 1,
                0..=0x1f | 0x7f => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// A `\u` escape of four hex digits or a `\U` escape of eight, the
    /// position on the `u`; leaves it after the digits.
    fn unicode(&mut self, digits: usize) -> Option<char> {
        let hex = self.text.get(self.pos + 1..self.pos + 1 + digits)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
        self.pos += 1 + digits;
        Some(c)
    }

    /// `'…'` on one line. `'''` is left to toml.
    fn literal_string(&mut self) -> Option<&'a str> {
        if self.bytes[self.pos..].starts_with(b"'''") {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\'' => {
                    self.pos += 1;
                    return Some(&self.text[start..self.pos - 1]);
                }
                b'\t' => {}
                0..=0x1f | 0x7f => return None,
                _ => {}
            }
            self.pos += 1;
        }
    }

    /// A decimal integer, or something shaped like a date, time or
    /// date-time (checked when deserialized). Floats and other radixes are
    /// left to toml.
    fn number_or_datetime(&mut self) -> Option<Value<'a>> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b':' | b'.' | b'T' | b'Z')
        ) {
            self.pos += 1;
        }
        // A date and a time may be separated by one space.
        if self.pos - start == 10
            && self.peek() == Some(b' ')
            && self
                .bytes
                .get(self.pos + 1..self.pos + 4)
                .is_some_and(|t| t[0].is_ascii_digit() && t[1].is_ascii_digit() && t[2] == b':')
        {
            self.pos += 1;
            while matches!(
                self.peek(),
                Some(b'0'..=b'9' | b'-' | b'+' | b':' | b'.' | b'Z')
            ) {
                self.pos += 1;
            }
        }
        if !self.at_delimiter() {
            return None;
        }
        let token = &self.text[start..self.pos];
        let digits = token.strip_prefix(['-', '+']).unwrap_or(token);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Leading zeros are not TOML.
            if digits.len() > 1 && digits.starts_with('0') {
                return None;
            }
            return token.parse().ok().map(Value::Int);
        }
        let b = token.as_bytes();
        let date = b.len() >= 10 && b[4] == b'-' && b[7] == b'-';
        let time = b.len() >= 5 && b[2] == b':';
        if !(date || time) {
            return None;
        }
        Some(Value::Datetime(token))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Option<Vec<&str>> {
        parse(text).map(|root| root.iter().map(|(k, _)| *k).collect())
    }

    #[test]
    fn reads_the_subset() {
        let text = "a = \"x\" # c\nb = 'y'\nn = -12\nt = true\nd = 2024-03-15T20:00:00\n\
                    l = [\n  \"p\", # one\n  \"q\",\n]\n[w]\nstart = 2024-03-15\n[[t2]]\nk = 1\n[[t2]]\nk = 2\n";
        let root = parse(text).unwrap();
        let find = |k: &str| &root.iter().find(|(key, _)| *key == k).unwrap().1;
        assert_eq!(
            &text[find("a").start as usize..find("a").end as usize],
            "\"x\""
        );
        assert!(matches!(find("n").value, Value::Int(-12)));
        assert!(matches!(find("t").value, Value::Bool(true)));
        assert!(matches!(&find("l").value, Value::Array(v) if v.len() == 2));
        assert_eq!(
            &text[find("w").start as usize..find("w").end as usize],
            "[w]"
        );
        match &find("t2").value {
            Value::Array(tables) => {
                assert_eq!(tables.len(), 2);
                let second = &tables[1];
                assert_eq!(&text[second.start as usize..second.end as usize], "[[t2]]");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn decodes_escapes_and_keeps_plain_strings_borrowed() {
        let root = parse("a = \"q\\\"\\u00e9\\n\"\nb = \"plain\"\n").unwrap();
        assert!(matches!(&root[0].1.value, Value::Str(Cow::Owned(s)) if s == "q\"\u{e9}\n"));
        assert!(matches!(
            &root[1].1.value,
            Value::Str(Cow::Borrowed("plain"))
        ));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        let deep = format!("a = {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
        assert!(keys(&deep).is_none(), "deep nesting is left to toml");
        let wide: String = (0..MAX_KEYS + 1).map(|i| format!("k{i} = {i}\n")).collect();
        assert!(
            keys(&wide).is_none(),
            "a table of many keys is left to toml"
        );
        let shallow = format!("a = {}1{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(keys(&shallow).is_some());
        for text in [
            "a.b = 1\n",
            "\"a\" = 1\n",
            "a = { b = 1 }\n",
            "a = \"\"\"x\"\"\"\n",
            "a = 1.5\n",
            "a = 0x10\n",
            "a = 1_000\n",
            "a = 01\n",
            "a = 1\na = 2\n",
            "[t]\n[t]\n",
            "a = 1\n[[a]]\n",
            "[t]\n[[t]]\n",
            "[a.b]\n",
            "a = 1 b = 2\n",
            "a = \"x\ny\"\n",
            "a = \"\\e\"\n",
            "a = truth\n",
            "a = [1, 2\n",
            "a = \"x\" # \u{1}\n",
            "a = 1\r",
        ] {
            assert!(keys(text).is_none(), "{text:?} should be left to toml");
        }
    }
}
