//! Deciding how a file is read once it is open: which row is the header (the one naming
//! most fields among the first rows, or `--header-line`), whether the required columns are
//! there, and the file-wide survey of date order, decimal mark and repeated account keys.

use super::ReadOptions;
use super::{Record, Source, Table};
use crate::domain::text::clean_line;
use crate::i18n::Lang;
use crate::interchange::amount::{self, Style};
use crate::interchange::dayfirst::{self, Order};
use crate::interchange::decode::Encoding;
use crate::interchange::error::ImportError;
use crate::interchange::fields::{F, Kind};
use crate::interchange::formula;
use crate::interchange::header::{self, MapSpec, Mapping};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Fields holding dates (they decide a file's day/month order together).
pub(super) const DATE_FIELDS: [F; 11] = [
    F::RenewalDate,
    F::ContractStart,
    F::ActivatedOn,
    F::LastContact,
    F::Due,
    F::RaisedOn,
    F::Date,
    F::TermEnd,
    F::TermStart,
    F::DecidedOn,
    F::CloseDate,
];

pub(super) const MONEY_FIELDS: [F; 5] = [F::Arr, F::Mrr, F::RenewedArr, F::TermArr, F::ContractTotal];

impl Table {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn build(
        path: &Path,
        kind: Kind,
        options: &ReadOptions,
        map: MapSpec,
        set: Vec<(F, String)>,
        defaults: Vec<(F, String)>,
        source: Source,
        encoding: Option<Encoding>,
        delimiter: u8,
        sheet: Option<String>,
    ) -> Result<Table, ImportError> {
        let path = path.to_path_buf();
        // `--map`, `--set` and `--default` say what the columns are: taken at their word.
        let told = !(map.is_empty() && set.is_empty() && defaults.is_empty());
        let crlf = matches!(&source, Source::Text { text } if text.contains("\r\n"));
        let mut t = Table {
            path: path.clone(),
            kind,
            encoding,
            delimiter,
            sheet,
            headers: Vec::new(),
            header_line: 0,
            mapping: Mapping::new(kind, &[], &MapSpec::default()),
            set,
            defaults,
            date_order: options.date_order.unwrap_or(Order::Unknown),
            style: Style::Unknown,
            lang: options.lang.unwrap_or(Lang::En),
            repeats: HashSet::new(),
            bare_names: HashSet::new(),
            source,
            header_span: (0, 0),
            skip: 0,
            crlf,
        };
        // The header: the row naming most fields among the first rows, or the one asked for.
        let mut candidates: Vec<(usize, Record)> = Vec::new();
        let mut n = 0;
        t.each_record(|rec| {
            n += 1;
            let wanted = options.header_line.is_none_or(|h| rec.line <= h);
            if wanted && (options.header_line.is_some() || n <= header::SEARCH_ROWS) {
                candidates.push((n, rec.clone_record()));
                Ok(true)
            } else {
                Ok(false)
            }
        })?;
        // A file that is clearly another kind (contacts given as accounts) is refused before
        // a row is read: its people would become accounts.
        if !told {
            wrong_kind(&path, kind, &candidates, t.lang)?;
        }
        let chosen = match options.header_line {
            Some(h) => candidates.into_iter().find(|(_, r)| r.line == h).ok_or_else(|| {
                ImportError::Option(format!(
                    "--header-line {h}: no row of {} starts on line {h}",
                    path.display()
                ))
            })?,
            None => {
                let mut best: Option<(usize, (usize, Record))> = None;
                for c in candidates {
                    let cells: Vec<String> = c.1.cells.iter().map(clean_line).collect();
                    let s = header::score(kind, &cells);
                    if best.as_ref().is_none_or(|(b, _)| s > *b) {
                        best = Some((s, c));
                    }
                }
                best.map(|(_, c)| c).ok_or_else(|| ImportError::Empty { path: path.clone() })?
            }
        };
        let (index, rec) = chosen;
        t.skip = index;
        t.header_line = rec.line;
        t.header_span = rec.span;
        t.headers = rec.cells.iter().map(clean_line).collect();
        map.check(&t.headers, &path)?;
        t.mapping = Mapping::new(kind, &t.headers, &map);
        // A header-only read is for what the header holds (a guess of its kind, the saved
        // mapping remembered for it): a mapping that names a required field is found only
        // if the header is read without that field.
        if !options.head_only {
            t.check_required()?;
            t.survey(options.date_order.is_some());
        }
        Ok(t)
    }

    fn check_required(&self) -> Result<(), ImportError> {
        let kind = self.kind;
        let has = |f: F| self.has(f);
        let missing: Vec<String> = kind
            .fields()
            .iter()
            .filter(|s| s.required && !has(s.field))
            .filter(|s| {
                !(kind == Kind::Contacts && s.field == F::Name && (has(F::FirstName) || has(F::LastName)))
            })
            .filter(|s| !(s.field == F::Account && (has(F::AccountDomain) || has(F::ContactEmail))))
            .map(|s| s.field.name().to_string())
            .collect();
        if !missing.is_empty() {
            let found = self.headers.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
            let unknown = self.unknown().to_vec();
            return Err(ImportError::MissingColumns { path: self.path.clone(), missing, found, unknown });
        }
        Ok(())
    }

    /// One pass over the data decides the file-wide readings: date order (unless given),
    /// decimal mark, and which account keys repeat.
    fn survey(&mut self, order_given: bool) {
        let cols = |fields: &[F]| -> Vec<usize> {
            fields
                .iter()
                .flat_map(|f| {
                    self.mapping.columns[*f as usize]
                        .into_iter()
                        .chain(self.mapping.fallbacks.iter().filter(move |(g, _)| g == f).map(|(_, c)| *c))
                })
                .collect()
        };
        let (dates, money) = (cols(&DATE_FIELDS), cols(&MONEY_FIELDS));
        let keys = if self.kind == Kind::Accounts { cols(&[F::Name, F::ExternalId]) } else { Vec::new() };
        let names = if self.kind == Kind::Accounts { cols(&[F::Name]).len() } else { 0 };
        let mut bare: HashSet<String> = HashSet::new();
        let mut order = None;
        let mut style = Style::Unknown;
        let mut seen: HashMap<String, u32> = HashMap::new();
        let _ = self.try_for_each(|rec, _| {
            if !order_given {
                order = dates.iter().filter_map(|i| rec.cells.get(*i)).fold(order, dayfirst::observe);
            }
            style = money.iter().filter_map(|i| rec.cells.get(*i)).fold(style, amount::observe);
            let mut row_names = Vec::new();
            let mut has_id = false;
            for (k, i) in keys.iter().enumerate() {
                // Keyed as rows are matched: sanitised, without the export's formula guard.
                if let Some(v) = rec
                    .cells
                    .get(*i)
                    .map(|v| crate::interchange::cells::line(formula::unguard(v.trim())))
                    .filter(|v| !v.is_empty())
                {
                    *seen.entry(format!("{k}\u{0}{v}")).or_default() += 1;
                    if k < names {
                        row_names.push(v);
                    } else {
                        has_id = true;
                    }
                }
            }
            if !has_id {
                bare.extend(row_names);
            }
            Ok(())
        });
        if !order_given {
            self.date_order = order.unwrap_or(Order::Unknown);
        }
        self.style = style;
        self.repeats = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k.split_once('\u{0}').map_or(k.clone(), |(_, v)| v.to_string()))
            .collect();
        bare.retain(|n| self.repeats.contains(n));
        self.bare_names = bare;
    }
}

/// Refuses `kind` when the file's own header row (the row, among the first ones, that names
/// the most fields of any kind) is clearly another kind (`guess::clearly_other`).
fn wrong_kind(
    path: &Path,
    kind: Kind,
    candidates: &[(usize, Record)],
    lang: Lang,
) -> Result<(), ImportError> {
    use crate::interchange::guess;
    let rows: Vec<Vec<String>> =
        candidates.iter().map(|(_, r)| r.cells.iter().map(clean_line).collect()).collect();
    let best = rows.iter().max_by_key(|cells| guess::KINDS.iter().map(|k| header::score(*k, cells)).max());
    let Some(looks) = best.and_then(|cells| guess::clearly_other(kind, cells)) else { return Ok(()) };
    let file = path.display().to_string();
    let label = |k: Kind| crate::i18n::tf(lang, &format!("edit.import.kind.{}", k.id()), &[]);
    let message = crate::i18n::tf(
        lang,
        "import.wrong_kind",
        &[
            ("file", &file),
            ("asked", kind.id()),
            ("looks", looks.id()),
            ("looks_label", &label(looks)),
            ("command", &format!("radar import {} '{}'", looks.id(), file.replace('\'', "'\\''"))),
        ],
    );
    Err(ImportError::WrongKind { path: path.to_path_buf(), asked: kind, looks, message })
}
