//! Record ids in JSON that every reader reads back the same.
//!
//! Many JSON readers hold numbers as doubles (JavaScript, jq before 1.7, spreadsheets'
//! JSON import), and those round integers beyond 2^53 − 1 (RFC 8259 §6 warns of it).
//! Every derived milestone id is one (`playbook_derive::derived_id` lays them out from
//! `i64::MIN` up): `jq . export.json` gave neighbouring milestones one id, and importing
//! the result was refused ("milestone id … appears twice"). So an id beyond that range is
//! written as a string of its digits; one within it stays a number, so exports holding no
//! such id are byte for byte what they were. Both forms are read.

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

/// The largest integer a double holds exactly, and every one below it (2^53 − 1).
pub const EXACT_IN_DOUBLE: i64 = (1 << 53) - 1;

/// Whether a double-based JSON reader reads `id` back unchanged.
pub fn is_exact_in_double(id: i64) -> bool {
    id.unsigned_abs() <= EXACT_IN_DOUBLE.unsigned_abs()
}

/// Writes `id` as a number, or as a string of its digits beyond 2^53 − 1.
/// (`#[serde(serialize_with)]` for a bare i64 id, as in `radar search --format json`.)
pub fn serialize<S: Serializer>(id: &i64, s: S) -> Result<S::Ok, S::Error> {
    if is_exact_in_double(*id) { s.serialize_i64(*id) } else { s.collect_str(id) }
}

/// Reads an id written by `serialize` (or by a Radar that wrote every id as a number).
pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IdVisitor)
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer id (a string of digits beyond 2^53)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.parse().map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::{AccountId, MilestoneId};

    #[test]
    fn ids_a_double_holds_are_numbers_and_the_others_strings() {
        let cases = [
            (MilestoneId(0), "0"),
            (MilestoneId(7), "7"),
            (MilestoneId(EXACT_IN_DOUBLE), "9007199254740991"),
            (MilestoneId(-EXACT_IN_DOUBLE), "-9007199254740991"),
            (MilestoneId(EXACT_IN_DOUBLE + 1), "\"9007199254740992\""),
            (MilestoneId(-EXACT_IN_DOUBLE - 1), "\"-9007199254740992\""),
            (MilestoneId(i64::MIN), "\"-9223372036854775808\""),
            (MilestoneId(i64::MAX), "\"9223372036854775807\""),
        ];
        for (id, json) in cases {
            assert_eq!(serde_json::to_string(&id).unwrap(), json, "{id}");
            assert_eq!(serde_json::from_str::<MilestoneId>(json).unwrap(), id, "{json}");
        }
        assert_eq!(serde_json::to_string(&AccountId(i64::MIN + 5)).unwrap(), "\"-9223372036854775803\"");
    }

    #[test]
    fn both_forms_are_read_and_anything_else_is_refused() {
        // An export written before ids became strings: a number beyond 2^53, read exactly.
        assert_eq!(
            serde_json::from_str::<MilestoneId>("-9223372036826158185").unwrap().0,
            -9223372036826158185
        );
        assert_eq!(serde_json::from_str::<MilestoneId>("\"12\"").unwrap().0, 12);
        for bad in
            ["1.5", "\"12a\"", "\"\"", "18446744073709551615", "null", "true", "\"9223372036854775808\""]
        {
            let err = serde_json::from_str::<MilestoneId>(bad).unwrap_err().to_string();
            assert!(err.contains("integer id"), "{bad}: {err}");
        }
    }
}
