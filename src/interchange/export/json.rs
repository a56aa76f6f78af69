//! The lossless JSON export: every account with all its records — terms and their outcomes,
//! contacts, promises, requirements with their whole status history, complaints,
//! touchpoints, usage and playbook milestones — ids and versions included, keys in a fixed
//! order, accounts by id and records in their stored order. The risk cache is not exported:
//! it is derived, and recomputed on import.

use super::ExportError;
use crate::domain::AccountFacts;
use crate::domain::money::FxRate;
use crate::domain::owner::OwnerFilter;
use crate::domain::winback::FixedReason;
use crate::store::{Parts, Store, StoreError};
use serde::ser::{Error as _, Serialize, SerializeSeq, SerializeStruct, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};
use std::cell::{Cell, RefCell};
use std::io::{self, Write};

/// The `format` value of a Radar export.
pub const FORMAT: &str = "renewal-radar";
/// The export layout version this Radar reads; bumped when a field changes meaning.
pub const VERSION: u32 = 4;
/// The version written by a document without exchange rates: the layout of version 1
/// exactly, so such exports are byte-for-byte what they were. A document with rates is
/// version 2, so a Radar that knows no rates refuses it rather than dropping them.
pub const VERSION_NO_RATES: u32 = 1;
/// The version of a document with churn reasons marked fixed (win-back): 3, for the same
/// reason — a Radar that reads up to 2 refuses it rather than losing the marks.
pub const VERSION_FIXED: u32 = 3;
/// The version of a document whose accounts have follow-up tasks or referrals: 4, so a
/// Radar that reads up to 3 (which would ignore the fields it does not know, silently
/// dropping them) refuses it.
pub const VERSION_RECORDS: u32 = 4;

#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct Document {
    pub format: String,
    pub version: u32,
    /// Exchange rates (version 2 on); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fx_rates: Vec<FxRate>,
    /// Churn reasons marked fixed (version 3 on); absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed_reasons: Vec<FixedReason>,
    pub accounts: Vec<AccountFacts>,
}

#[derive(serde::Serialize)]
struct DocumentRef<'a> {
    format: &'a str,
    version: u32,
    #[serde(skip_serializing_if = "<[FxRate]>::is_empty")]
    fx_rates: &'a [FxRate],
    #[serde(skip_serializing_if = "<[FixedReason]>::is_empty")]
    fixed_reasons: &'a [FixedReason],
    accounts: &'a [AccountFacts],
}

/// The oldest layout that holds what the document carries, so exports without the newer
/// parts stay byte-for-byte what older Radars wrote.
fn version_for(rates: &[FxRate], fixed: &[FixedReason], records: bool) -> u32 {
    if records {
        VERSION_RECORDS
    } else if !fixed.is_empty() {
        VERSION_FIXED
    } else if !rates.is_empty() {
        2
    } else {
        VERSION_NO_RATES
    }
}

/// The export of every account in `store`, in memory (tests, small portfolios).
pub fn export(store: &Store) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    write(store, &mut out)?;
    Ok(out)
}

/// Writes the export of every account in `store` to `out`, streamed one account at a time
/// (a 100k portfolio is about a gigabyte of JSON: it is never all in memory). The bytes
/// are exactly `to_bytes` of all accounts. Returns how many accounts were written.
pub fn write(store: &Store, out: &mut dyn Write) -> Result<usize, ExportError> {
    write_owned(store, out, &OwnerFilter::all())
}

/// `write` for the accounts of `owner` only (`radar export --owner`); the exchange rates
/// belong to the file, so they all go with them.
pub fn write_owned(store: &Store, out: &mut dyn Write, owner: &OwnerFilter) -> Result<usize, ExportError> {
    let fx_rates = store.fx_rates()?;
    let fixed_reasons = store.fixed_reasons()?;
    // Known before the first account is written: the version comes first.
    let records = store.tasks_or_referrals_of(owner)?;
    let doc = Streamed {
        store,
        owner,
        fx_rates,
        fixed_reasons,
        records,
        count: Cell::new(0),
        store_error: RefCell::new(None),
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, SafeFormatter(PrettyFormatter::new()));
    let written = doc.serialize(&mut ser);
    if let Some(e) = doc.store_error.take() {
        return Err(e.into());
    }
    written?;
    out.write_all(b"\n")?;
    Ok(doc.count.get())
}

/// The export document, its accounts read from the store while it is written.
struct Streamed<'a> {
    store: &'a Store,
    owner: &'a OwnerFilter,
    fx_rates: Vec<FxRate>,
    fixed_reasons: Vec<FixedReason>,
    /// The accounts written have tasks or referrals (version 4).
    records: bool,
    count: Cell<usize>,
    /// Why the store stopped the scan (serde can only carry its own errors).
    store_error: RefCell<Option<StoreError>>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("Document", 5)?;
        doc.serialize_field("format", FORMAT)?;
        doc.serialize_field("version", &version_for(&self.fx_rates, &self.fixed_reasons, self.records))?;
        if !self.fx_rates.is_empty() {
            doc.serialize_field("fx_rates", &self.fx_rates)?;
        }
        if !self.fixed_reasons.is_empty() {
            doc.serialize_field("fixed_reasons", &self.fixed_reasons)?;
        }
        doc.serialize_field("accounts", &StreamedAccounts(self))?;
        doc.end()
    }
}

struct StreamedAccounts<'a, 'b>(&'b Streamed<'a>);

impl Serialize for StreamedAccounts<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let mut failed = None;
        let covers = |f: &AccountFacts| self.0.owner.covers_account(&f.account);
        let scanned = self.0.store.scan_facts(Parts::ALL, |f| match covers(&f) {
            false => Ok(()),
            // A task or referral added after the version was written (another Radar, between
            // the two reads): stopped rather than written under a version that hides it.
            true if !self.0.records && has_records(&f) => {
                failed =
                    Some(S::Error::custom("tasks or referrals were added during the export: export again"));
                Err(StoreError::Invalid("the export stopped".into()))
            }
            true => match seq.serialize_element(&f) {
                Ok(()) => {
                    self.0.count.set(self.0.count.get() + 1);
                    Ok(())
                }
                Err(e) => {
                    failed = Some(e);
                    Err(StoreError::Invalid("the export stopped".into()))
                }
            },
        });
        if let Some(e) = failed {
            return Err(e);
        }
        if let Err(e) = scanned {
            let text = e.to_string();
            *self.0.store_error.borrow_mut() = Some(e);
            return Err(S::Error::custom(text));
        }
        seq.end()
    }
}

fn has_records(f: &AccountFacts) -> bool {
    !f.tasks.is_empty() || !f.referrals.is_empty()
}

/// The export document for `accounts` (pretty, two-space indent, ending in a newline).
pub fn to_bytes(accounts: &[AccountFacts]) -> Result<Vec<u8>, ExportError> {
    to_bytes_with_rates(accounts, &[])
}

/// `to_bytes` with exchange rates.
pub fn to_bytes_with_rates(accounts: &[AccountFacts], fx_rates: &[FxRate]) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::with_capacity(accounts.len() * 8192);
    let doc = DocumentRef {
        format: FORMAT,
        version: version_for(fx_rates, &[], accounts.iter().any(has_records)),
        fx_rates,
        fixed_reasons: &[],
        accounts,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
    doc.serialize(&mut ser)?;
    out.push(b'\n');
    Ok(out)
}

/// Pretty printing that also writes C1 controls, DEL and bidi/invisible format characters
/// (word joiner and its kin, tag characters) as `\uXXXX` escapes. JSON escapes only C0
/// controls, so without this an export printed to a terminal could carry U+009B (CSI) or
/// U+202E, or hide text behind invisible characters; escaped, the text is the same JSON
/// string — still lossless — and inert and visible on screen.
struct SafeFormatter<'a>(PrettyFormatter<'a>);

fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7F}'..='\u{9F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{061C}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
}

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                // JSON escapes UTF-16 units: a character past U+FFFF is a surrogate pair.
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(w, "\\u{:04x}", unit)?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_and_bidi_are_escaped_and_still_read_back() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
        "a\u{9b}b\u{202e}c\u{1b}d 成都".serialize(&mut ser).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\"a\\u009bb\\u202ec\\u001bd 成都\"");
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}c\u{1b}d 成都");
    }

    #[test]
    fn invisible_characters_are_escaped_and_tags_as_surrogate_pairs() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter(PrettyFormatter::new()));
        "w\u{2060}j\u{85}t\u{e0041}\u{e007f}🚀".serialize(&mut ser).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\"w\\u2060j\\u0085t\\udb40\\udc41\\udb40\\udc7f🚀\"");
        let back: String = serde_json::from_str(&text).unwrap();
        assert_eq!(back, "w\u{2060}j\u{85}t\u{e0041}\u{e007f}🚀");
    }
}
