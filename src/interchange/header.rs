//! The header row: which line it is (the row among the first 20 that names the most known
//! fields, or `--header-line`), which field each column names (aliases, units in brackets
//! such as `ARR (USD)` or `合同金额（万元）`, then `--map`), and the checks that make `--map`
//! mistakes errors instead of silently ignored flags.

use super::amount::Unit;
use super::error::ImportError;
use super::fields::{F, Kind, fold_header};
use std::collections::HashMap;

/// Rows searched for the header (instruction rows often sit above it in templates).
pub const SEARCH_ROWS: usize = 20;

/// Fields whose columns may carry a unit in their header.
const MONEY: [F; 5] = [F::Arr, F::Mrr, F::RenewedArr, F::TermArr, F::ContractTotal];

/// `--map` pairs, folded header → field (None: ignore the column), with the header as
/// written for messages.
#[derive(Debug, Clone, Default)]
pub struct MapSpec {
    pairs: Vec<(String, String, Option<F>)>,
}

impl MapSpec {
    /// Parses every `--map` value (`'Header=field,Other=-'`; the flag may repeat).
    pub fn parse(kind: Kind, values: &[String]) -> Result<MapSpec, ImportError> {
        let mut pairs = Vec::new();
        for value in values {
            for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let Some((header, field)) = part.rsplit_once('=') else {
                    return Err(ImportError::Map(format!(
                        "'{part}' is not Header=field (e.g. --map 'Kunde=name')"
                    )));
                };
                let (header, field) = (header.trim(), field.trim());
                if header.is_empty() {
                    return Err(ImportError::Map(format!("'{part}' names no header")));
                }
                let target = if field == "-" || field.eq_ignore_ascii_case("ignore") {
                    None
                } else {
                    Some(kind.field_named(field).ok_or_else(|| {
                        let names: Vec<&str> = kind.fields().iter().map(|s| s.field.name()).collect();
                        let near = closest(field, names.iter().copied());
                        ImportError::Map(format!(
                            "'{field}' is not a field of {}{} (fields: {}, or - to ignore the column)",
                            kind.id(),
                            near.map_or(String::new(), |n| format!("; did you mean '{n}'?")),
                            names.join(", ")
                        ))
                    })?)
                };
                pairs.push((fold_header(header), header.to_string(), target));
            }
        }
        Ok(MapSpec { pairs })
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Pairs given as values (a saved mapping, the dashboard's picks) before the flags'
    /// own: a `--map` of the same header wins (the last pair for a header is the one used).
    pub fn after(mut self, picked: &[(String, Option<F>)]) -> MapSpec {
        let mut pairs: Vec<_> = picked.iter().map(|(h, f)| (fold_header(h), h.clone(), *f)).collect();
        pairs.append(&mut self.pairs);
        MapSpec { pairs }
    }

    /// Does a pair name this header?
    pub fn names(&self, header: &str) -> bool {
        self.get(&fold_header(header)).is_some()
    }

    fn get(&self, folded: &str) -> Option<Option<F>> {
        self.pairs.iter().rev().find(|(h, _, _)| h == folded).map(|(_, _, f)| *f)
    }

    /// Every mapped header must be one of the file's: a typo would otherwise be ignored.
    pub fn check(&self, headers: &[String], path: &std::path::Path) -> Result<(), ImportError> {
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        for (h, written, _) in &self.pairs {
            if !folded.contains(h) {
                let near = closest(written, headers.iter().map(String::as_str));
                return Err(ImportError::Map(format!(
                    "{}: the file has no column \"{written}\"{}; its columns are: {}",
                    path.display(),
                    near.map_or(String::new(), |n| format!(" (closest: \"{n}\")")),
                    headers
                        .iter()
                        .filter(|h| !h.is_empty())
                        .map(|h| format!("\"{h}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        Ok(())
    }
}

/// The candidate nearest to `s` by edit distance over folded text, if any is near enough
/// to be a plausible typo (at most half its length away).
pub fn closest<'a>(s: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let target: Vec<char> = fold_header(s).chars().collect();
    candidates
        .filter(|c| !c.trim().is_empty())
        .map(|c| (levenshtein(&target, &fold_header(c).chars().collect::<Vec<_>>()), c))
        .filter(|(d, c)| *d <= fold_header(c).chars().count().max(target.len()).div_ceil(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The field a header names in `kind`, and the unit in brackets after it, if any:
/// `ARR (USD)`, `合同金额（万元）`, `Amount [k]`.
pub fn field_and_unit(kind: Kind, header: &str) -> Option<(F, Option<Unit>)> {
    if let Some(f) = kind.field_for_header(header) {
        return Some((f, None));
    }
    let h = header.trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']')] {
        if let Some(inner) = h.strip_suffix(close).and_then(|r| r.rsplit_once(open)) {
            let (base, unit) = inner;
            if let (Some(f), Some(u)) = (kind.field_for_header(base), Unit::parse(unit))
                && MONEY.contains(&f)
            {
                return Some((f, Some(u)));
            }
        }
    }
    None
}

/// How many distinct fields a row's cells name (to find the header row).
pub fn score(kind: Kind, cells: &[String]) -> usize {
    let mut seen = Vec::new();
    for c in cells {
        if let Some((f, _)) = field_and_unit(kind, c)
            && !seen.contains(&f)
        {
            seen.push(f);
        }
    }
    seen.len()
}

/// The columns of each field, worked out from the header row.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Column of each field, indexed by `F as usize`.
    pub columns: Vec<Option<usize>>,
    /// Further columns naming an already mapped field: they fill its blank cells
    /// (`Phone Number` then `Mobile Phone Number`).
    pub fallbacks: Vec<(F, usize)>,
    /// Unit of each column (from its header), indexed by column.
    pub units: Vec<Unit>,
    /// Headers that name no field.
    pub unknown: Vec<String>,
    /// Columns that fill another's blanks, and the second phone column.
    pub notes: Vec<MappingNote>,
    /// A contract register's amount read as each contract's total: (its header, the
    /// contract number's header). See `totals`.
    pub register: Option<(String, String)>,
    /// The header of an amount read as the ARR that does not say it is annual.
    pub unclear_arr: Option<String>,
}

/// How the columns were read, worth a line in the summary (worded by `import::summary`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingNote {
    /// Two phone columns: `phone` (the mobile) is the phone, `kept` is kept after it.
    SecondPhone { phone: String, kept: String },
    /// Column `from` names the field `into` already holds: it fills `into`'s blank cells.
    FillsBlanks { from: String, into: String, field: F },
}

impl Mapping {
    pub fn new(kind: Kind, headers: &[String], map: &MapSpec) -> Mapping {
        let mut m = Mapping {
            columns: vec![None; F::COUNT],
            fallbacks: Vec::new(),
            units: vec![Unit::default(); headers.len()],
            unknown: Vec::new(),
            notes: Vec::new(),
            register: None,
            unclear_arr: None,
        };
        // `--map` first: a field the user mapped explicitly takes that column, and an alias
        // naming the same field yields to it.
        let mut found: Vec<(usize, F)> = Vec::new();
        let mut explicit: HashMap<usize, Option<F>> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            if let Some(target) = map.get(&fold_header(h)) {
                explicit.insert(i, target);
                if let Some(f) = target {
                    found.push((i, f));
                }
            }
        }
        for (i, h) in headers.iter().enumerate() {
            if h.is_empty() || explicit.contains_key(&i) {
                continue;
            }
            match field_and_unit(kind, h) {
                Some((f, unit)) => {
                    if let Some(u) = unit {
                        m.units[i] = u;
                    }
                    found.push((i, f));
                }
                None => m.unknown.push(h.clone()),
            }
        }
        // Explicit mappings before aliases, then in column order.
        found.sort_by_key(|(i, _)| (!explicit.contains_key(i), *i));
        for (i, f) in found {
            match m.columns[f as usize] {
                None => m.columns[f as usize] = Some(i),
                // Two phone columns: the mobile is the phone, the other (a landline, a
                // switchboard) is kept after it (`Cells::phone`), never dropped.
                Some(first) if f == F::Phone => {
                    // A column mapped with `--map` stays the phone.
                    let mobile_later = is_mobile(&headers[i])
                        && !is_mobile(&headers[first])
                        && !explicit.contains_key(&first);
                    let (main, other) = if mobile_later { (i, first) } else { (first, i) };
                    m.columns[f as usize] = Some(main);
                    m.fallbacks.push((f, other));
                    m.notes.push(MappingNote::SecondPhone {
                        phone: headers[main].clone(),
                        kept: headers[other].clone(),
                    });
                }
                Some(first) => {
                    m.fallbacks.push((f, i));
                    m.notes.push(MappingNote::FillsBlanks {
                        from: headers[i].clone(),
                        into: headers[first].clone(),
                        field: f,
                    });
                }
            }
        }
        if kind == Kind::Accounts {
            m.read_amount(headers, &|i| explicit.contains_key(&i));
        }
        m
    }
}

/// A header naming a mobile number (`手机号码`, `Mobile Phone Number`, `Cell`).
fn is_mobile(header: &str) -> bool {
    let h = header.to_lowercase();
    ["手机", "移动电话", "mobile", "cell"].iter().any(|m| h.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn units_in_headers() {
        let (f, u) = field_and_unit(Kind::Accounts, "ARR (USD)").unwrap();
        assert_eq!((f, u.unwrap().currency.unwrap().code().to_string()), (F::Arr, "USD".to_string()));
        let (f, u) = field_and_unit(Kind::Accounts, "合同金额（万元）").unwrap();
        assert_eq!((f, u.unwrap().multiplier), (F::Arr, 10_000));
        assert_eq!(field_and_unit(Kind::Accounts, "税率(%)"), None);
        assert_eq!(field_and_unit(Kind::Accounts, "Annual Revenue (USD)"), None);
    }

    #[test]
    fn the_header_row_is_the_one_naming_most_fields() {
        let instruction = strings(&["1、带星号的为必填项\n2、状态列说明", "", ""]);
        let header = strings(&["名称*", "联系人", "手机号码"]);
        assert_eq!(score(Kind::Accounts, &instruction), 0);
        assert_eq!(score(Kind::Accounts, &header), 1);
        assert_eq!(score(Kind::Contacts, &header), 3);
    }

    #[test]
    fn map_mistakes_are_errors_naming_the_closest() {
        let map = MapSpec::parse(Kind::Accounts, &["Kunde=name".into(), "Betrag=arr".into()]).unwrap();
        let err =
            map.check(&strings(&["Kunde", "Betrg"]), std::path::Path::new("f.csv")).unwrap_err().to_string();
        assert!(
            err.contains("\"Betrag\"") && err.contains("closest: \"Betrg\"") && err.contains("\"Kunde\""),
            "{err}"
        );
        let err = MapSpec::parse(Kind::Accounts, &["Kunde=nmae".into()]).unwrap_err().to_string();
        assert!(err.contains("did you mean 'name'"), "{err}");
        assert!(MapSpec::parse(Kind::Accounts, &["Kunde".into()]).is_err());
    }

    #[test]
    fn an_explicit_map_wins_over_an_alias_and_later_columns_fill_blanks() {
        let headers = strings(&["Company ID", "Company Name", "Company Domain Name", "Phone"]);
        let map = MapSpec::parse(Kind::Accounts, &["Company Domain Name=external_id".into()]).unwrap();
        let m = Mapping::new(Kind::Accounts, &headers, &map);
        assert_eq!(m.columns[F::ExternalId as usize], Some(2));
        assert_eq!(m.fallbacks, vec![(F::ExternalId, 0)]);
        let contacts = strings(&["Name", "Account", "Phone Number", "Mobile Phone Number"]);
        let m = Mapping::new(Kind::Contacts, &contacts, &MapSpec::default());
        // Two phones: the mobile is the phone, the other kept after it (session 4).
        assert_eq!((m.columns[F::Phone as usize], m.fallbacks.clone()), (Some(3), vec![(F::Phone, 2)]));
        let map = MapSpec::parse(Kind::Contacts, &["Phone Number=phone".into()]).unwrap();
        let m = Mapping::new(Kind::Contacts, &contacts, &map);
        assert_eq!((m.columns[F::Phone as usize], m.fallbacks.clone()), (Some(2), vec![(F::Phone, 3)]));
    }
}
