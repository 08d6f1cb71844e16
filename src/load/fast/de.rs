//! A serde deserializer over the subset's tree that fills in the model as
//! toml's deserializer does: spans through `serde_spanned`'s protocol,
//! date-times through `toml_datetime`'s. Any error means only "let toml
//! read it": the caller falls back, and toml's message is the one shown.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_spanned::de::SpannedDeserializer;
use toml_datetime::de::DatetimeDeserializer;

use super::tree::{Item, Value};

/// The text does not fit the shape asked for; toml will say why.
#[derive(Debug)]
pub(super) struct Fallback;

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("left to toml")
    }
}

impl std::error::Error for Fallback {}

impl de::Error for Fallback {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Fallback
    }
}

/// One value of the tree, to be deserialized.
pub(super) struct ItemDeserializer<'a>(pub Item<'a>);

impl<'a> IntoDeserializer<'a, Fallback> for ItemDeserializer<'a> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'a> de::Deserializer<'a> for ItemDeserializer<'a> {
    type Error = Fallback;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fallback> {
        match self.0.value {
            Value::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Value::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Value::Int(n) => visitor.visit_i64(n),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Datetime(raw) => {
                let parsed = raw.parse().map_err(|_| Fallback)?;
                visitor.visit_map(DatetimeDeserializer::new(parsed))
            }
            Value::Array(items) => visitor.visit_seq(Seq(items.into_iter())),
            Value::Table(mut entries) => {
                // toml hands a table's keys over in sorted order; so do we,
                // so that even an order-keeping visitor sees the same.
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                visitor.visit_map(Table {
                    entries: entries.into_iter(),
                    value: None,
                })
            }
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        if serde_spanned::de::is_spanned(name) {
            let span = self.0.start as usize..self.0.end as usize;
            return visitor.visit_map(SpannedDeserializer::new(self, span));
        }
        if toml_datetime::de::is_datetime(name) {
            // The date-time's one field is named in `fields`; its value is
            // the text, which `toml_datetime` parses once, here.
            return match (self.0.value, fields) {
                (Value::Datetime(raw), [field]) => visitor.visit_map(RawDatetime {
                    field,
                    raw: Some(raw),
                }),
                _ => Err(Fallback),
            };
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Fallback> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fallback> {
        match self.0.value {
            Value::Str(Cow::Borrowed(s)) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Value::Str(Cow::Owned(s)) => visitor.visit_enum(StringDeserializer::new(s)),
            _ => Err(Fallback),
        }
    }

    forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
        ignored_any
    }
}

struct Seq<'a>(std::vec::IntoIter<Item<'a>>);

impl<'a> SeqAccess<'a> for Seq<'a> {
    type Error = Fallback;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fallback> {
        match self.0.next() {
            Some(item) => seed.deserialize(ItemDeserializer(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Table<'a> {
    entries: std::vec::IntoIter<(&'a str, Item<'a>)>,
    value: Option<Item<'a>>,
}

impl<'a> MapAccess<'a> for Table<'a> {
    type Error = Fallback;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fallback> {
        match self.entries.next() {
            Some((key, item)) => {
                self.value = Some(item);
                seed.deserialize(BorrowedStrDeserializer::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fallback> {
        let item = self.value.take().ok_or(Fallback)?;
        seed.deserialize(ItemDeserializer(item))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A date-time handed to `toml_datetime` as its text, without the parse
/// and reformat of [`DatetimeDeserializer`].
struct RawDatetime<'a> {
    field: &'static str,
    raw: Option<&'a str>,
}

impl<'a> MapAccess<'a> for RawDatetime<'a> {
    type Error = Fallback;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fallback> {
        if self.raw.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(self.field))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Fallback> {
        let raw = self.raw.take().ok_or(Fallback)?;
        seed.deserialize(BorrowedStrDeserializer::new(raw))
    }
}
