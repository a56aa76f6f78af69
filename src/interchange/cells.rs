//! One record's cells read as the types the fields need, every failure recorded as a
//! `RowProblem` in the interface language (the import goes on reading to list every bad
//! row). A field's cell is its column's, else the first non-blank of the columns that fill
//! its blanks, with `--set` over everything and `--default` under it.

use super::amount::{self, AmountError, Unit};
use super::error::{Problems, RowProblem};
use super::fields::{F, fold_header};
use super::table::{Record, Table};
use super::{filedate, formula, vocab};
use crate::domain::dates::check_facing;
use crate::domain::text::{clean_line, clean_text, is_clean, truncate_to_width};
use crate::domain::{Choice, Currency, Money};
use crate::i18n::{Lang, tf};
use chrono::NaiveDate;

/// Where a field's value came from.
#[derive(Clone, Copy)]
enum From {
    Column(usize),
    Flag,
}

impl Table {
    /// Typed access to one record's cells, recording problems in `problems`; `today`
    /// bounds the dates of what has already happened.
    pub fn cells<'t>(&'t self, rec: &'t Record, problems: &'t mut Problems, today: NaiveDate) -> Cells<'t> {
        let width = self.headers.len();
        if rec.cells.len() > width && rec.cells.iter().skip(width).any(|c| !c.trim().is_empty()) {
            problems.push(RowProblem {
                line: rec.line,
                column: Some(width + 1),
                header: String::new(),
                value: String::new(),
                message: tf(
                    self.lang,
                    "import.row.too_many_fields",
                    &[("n", &rec.cells.len().to_string()), ("width", &width.to_string())],
                ),
                lang: self.lang,
            });
        }
        Cells { table: self, rec, problems, today }
    }
}

/// One record's cells, read as the types the fields need.
pub struct Cells<'t> {
    table: &'t Table,
    rec: &'t Record,
    pub problems: &'t mut Problems,
    today: NaiveDate,
}

impl Cells<'_> {
    pub fn line(&self) -> u64 {
        self.rec.line
    }

    pub fn lang(&self) -> Lang {
        self.table.lang
    }

    /// A message in the interface language.
    pub fn t(&self, key: &str, args: &[(&str, &str)]) -> String {
        tf(self.table.lang, key, args)
    }

    fn column_cell(&self, i: usize) -> Option<&str> {
        let cell = formula::unguard(self.rec.cells.get(i)?.trim());
        (!cell.is_empty()).then_some(cell)
    }

    /// The cell of `f`: `--set`, else its column's (or a column filling its blanks),
    /// else `--default`; without the `'` the CSV export puts before formula-like text.
    fn raw(&self, f: F) -> Option<(&str, From)> {
        let t = self.table;
        if let Some((_, v)) = t.set.iter().find(|(g, _)| *g == f) {
            return (!v.is_empty()).then_some((v.as_str(), From::Flag));
        }
        let columns = t
            .column(f)
            .into_iter()
            .chain(t.mapping.fallbacks.iter().filter(|(g, _)| *g == f).map(|(_, c)| *c));
        for i in columns {
            if let Some(cell) = self.column_cell(i) {
                return Some((cell, From::Column(i)));
            }
        }
        t.defaults.iter().find(|(g, _)| *g == f).map(|(_, v)| (v.as_str(), From::Flag))
    }

    /// True when another row of the file carries this account name or external id.
    pub fn repeats(&self, key: &str) -> bool {
        self.table.repeats(key)
    }

    /// See `Table::repeats_bare`.
    pub fn repeats_bare(&self, name: &str) -> bool {
        self.table.repeats_bare(name)
    }

    /// The file's ARR column does not say its amount is annual (`totals`).
    pub fn unclear_arr(&self) -> bool {
        self.table.mapping.unclear_arr.is_some()
    }

    /// The file's header for field `f`, when a column holds it.
    pub fn header(&self, f: F) -> Option<&str> {
        self.table.column(f).map(|i| self.table.headers[i].as_str())
    }

    /// The header of the column this row's value of `f` came from (a column filling the
    /// blanks of `f`'s own, say), else `f`'s column's.
    pub fn value_header(&self, f: F) -> Option<&str> {
        match self.raw(f) {
            Some((_, From::Column(i))) => self.table.headers.get(i).map(String::as_str),
            _ => self.header(f),
        }
    }

    /// Whether the row has a value for `f`.
    pub fn given(&self, f: F) -> bool {
        self.raw(f).is_some()
    }

    /// Records a problem about field `f` (its column if the file has one).
    pub fn problem(&mut self, f: F, message: impl Into<String>) {
        let from = self.raw(f).map(|(_, w)| w);
        let col = match from {
            Some(From::Column(i)) => Some(i),
            Some(From::Flag) => None,
            None => self.table.column(f),
        };
        let value = col.and_then(|i| self.rec.cells.get(i)).map_or(String::new(), shorten);
        let header = match (from, col) {
            (Some(From::Flag), _) => format!("--set/--default {}", f.name()),
            (_, Some(i)) => self.table.headers[i].clone(),
            (_, None) => f.name().to_string(),
        };
        self.problems.push(RowProblem {
            line: self.rec.line,
            column: col.map(|i| i + 1),
            header,
            value,
            message: message.into(),
            lang: self.table.lang,
        });
    }

    fn parsed<T>(&mut self, f: F, parse: impl FnOnce(&Self, &str, Unit) -> Result<T, String>) -> Option<T> {
        let (cell, from) = self.raw(f)?;
        let unit = match from {
            From::Column(i) => self.table.mapping.units.get(i).copied().unwrap_or_default(),
            From::Flag => Unit::default(),
        };
        match parse(self, cell, unit) {
            Ok(v) => Some(v),
            Err(msg) => {
                self.problem(f, msg);
                None
            }
        }
    }

    /// One-line text, sanitised; None when absent or blank.
    pub fn text(&mut self, f: F) -> Option<String> {
        self.raw(f).map(|(c, _)| line(c)).filter(|s| !s.is_empty())
    }

    /// The phone: every phone column's number, the first (the mobile) first, joined by
    /// " / " (a file with a mobile and a landline keeps both).
    pub fn phone(&mut self) -> Option<String> {
        if self.table.set.iter().any(|(g, _)| *g == F::Phone) {
            return self.text(F::Phone);
        }
        let t = self.table;
        let columns = t
            .column(F::Phone)
            .into_iter()
            .chain(t.mapping.fallbacks.iter().filter(|(g, _)| *g == F::Phone).map(|(_, c)| *c));
        let mut numbers: Vec<String> = Vec::new();
        for i in columns {
            if let Some(n) = self.column_cell(i).map(line).filter(|n| !n.is_empty())
                && !numbers.contains(&n)
            {
                numbers.push(n);
            }
        }
        if numbers.is_empty() { self.text(F::Phone) } else { Some(numbers.join(" / ")) }
    }

    /// Multi-line text (notes), sanitised.
    pub fn note(&mut self, f: F) -> Option<String> {
        let (cell, from) = self.raw(f)?;
        // A note is kept as written: its leading spaces too (only one-line fields are trimmed).
        let cell = match from {
            From::Column(i) => self.rec.cells.get(i).map_or(cell, |c| formula::unguard(c)),
            _ => cell,
        };
        let s = clean_text(cell);
        let s = s.trim_start_matches('\n').to_string();
        (!s.trim().is_empty()).then_some(s)
    }

    /// Required one-line text: records "required" when blank.
    pub fn required_text(&mut self, f: F) -> Option<String> {
        let v = self.text(f);
        if v.is_none() {
            let msg = self.t("import.row.required", &[("field", f.name())]);
            self.problem(f, msg);
        }
        v
    }

    /// A date in any form files write (`filedate`), refused after today in a past-facing
    /// field (`F::facing`).
    pub fn date(&mut self, f: F) -> Option<NaiveDate> {
        let (order, today) = (self.table.date_order, self.today);
        self.parsed(f, |c, s, _| {
            let d = filedate::parse(s, order).map_err(|e| c.t(e.key(), &[("value", s.trim())]))?;
            check_facing(d, s, today, f.facing()).map_err(|_| {
                c.t("import.row.after_today", &[("value", s.trim()), ("today", &today.to_string())])
            })
        })
    }

    pub fn required_date(&mut self, f: F) -> Option<NaiveDate> {
        if self.raw(f).is_none() {
            let msg = self.t("import.row.required_date", &[("field", f.name())]);
            self.problem(f, msg);
            return None;
        }
        self.date(f)
    }

    /// An amount (an ARR): in the file's decimal style and the column's unit; 0 or more,
    /// bounded as in the forms.
    pub fn money(&mut self, f: F, default: Currency) -> Option<Money> {
        let style = self.table.style;
        self.parsed(f, |c, s, unit| {
            amount::parse(s, style, unit, default).map_err(|e| {
                let v = s.trim();
                match e {
                    AmountError::NotAnAmount => c.t("import.row.amount", &[("value", v)]),
                    AmountError::Negative => c.t("import.row.negative", &[("value", v)]),
                    AmountError::TooLarge => c.t("import.row.too_large", &[("value", v)]),
                    AmountError::Precision(cur) => {
                        c.t("import.row.precision", &[("value", v), ("currency", cur.code())])
                    }
                    AmountError::MixedStyle => c.t("import.row.mixed_style", &[("value", v)]),
                    AmountError::Currency => c.t("import.row.currency", &[("value", v)]),
                    AmountError::NotIso(cur) => c.t("import.row.currency", &[("value", cur.code())]),
                }
            })
        })
    }

    /// Whether `f` holds a value, and the currency its amount names (its symbol or code,
    /// else the column's unit): None when blank, `Some(None)` for a bare number. Only the
    /// currency is read: a cell that is no amount is the row's to report.
    pub fn amount_currency(&self, f: F) -> Option<Option<Currency>> {
        let (cell, from) = self.raw(f)?;
        let unit = match from {
            From::Column(i) => self.table.mapping.units.get(i).copied().unwrap_or_default(),
            From::Flag => Unit::default(),
        };
        Some(amount::named_currency(cell, unit))
    }

    pub fn currency(&mut self, f: F) -> Option<Currency> {
        self.parsed(f, |c, s, _| {
            // Named as every command names one: a code, or a symbol or name (¥, 人民币, 美元);
            // a code of a circulating currency (ISO 4217), as `fx set` insists: 'XYZ' was
            // stored, and no rate could ever bring its amounts into a total (CSM trial,
            // session 31).
            let t = s.trim();
            Currency::parse_iso(t).map_err(|_| c.t("import.row.currency", &[("value", t)]))
        })
    }

    /// A choice by id, alias, the CRM vocabulary (`vocab`) or the app's own label in either
    /// language.
    pub fn choice<C: Choice>(&mut self, f: F) -> Option<C> {
        self.parsed(f, |c, s, _| {
            vocab::choice::<C>(s).ok_or_else(|| {
                let ids: Vec<&str> = C::ALL.iter().map(|v| v.id()).collect();
                c.t(
                    "import.row.choice",
                    &[("value", s.trim()), ("kind", C::KIND), ("expected", &ids.join(", "))],
                )
            })
        })
    }

    pub fn required_choice<C: Choice>(&mut self, f: F) -> Option<C> {
        if self.raw(f).is_none() {
            let ids: Vec<_> = C::ALL.iter().map(|c| c.id()).collect();
            let msg =
                self.t("import.row.required_choice", &[("field", f.name()), ("expected", &ids.join(", "))]);
            self.problem(f, msg);
            return None;
        }
        self.choice(f)
    }

    /// A whole number ≥ 0: `1200`, `1,200`, `1 200`, `12.0` (`1.200` in a decimal-comma file).
    pub fn count(&mut self, f: F) -> Option<u32> {
        let comma = self.table.style == amount::Style::Comma;
        self.parsed(f, |c, s, _| {
            let mark = if comma { '.' } else { ',' };
            let group = |ch: char| matches!(ch, ' ' | '_' | '\u{a0}') || ch == mark;
            // Grouping marks only where digit groups fall: "1,2,3" was 123 active users.
            let whole = s.trim().split([if comma { ',' } else { '.' }]).next().unwrap_or("");
            let marked: String = whole.chars().map(|ch| if group(ch) { mark } else { ch }).collect();
            if !crate::domain::money::well_grouped(&marked, mark) {
                return Err(c.t("import.row.count", &[("value", s.trim())]));
            }
            let t: String = s.chars().filter(|ch| !group(*ch)).collect();
            let t = t.replace(',', ".");
            let t = t.strip_suffix(".0").or_else(|| t.strip_suffix(".00")).unwrap_or(&t);
            t.parse::<u32>().map_err(|_| c.t("import.row.count", &[("value", s.trim())]))
        })
    }

    /// yes/no, true/false, 1/0, y/n, 是/否, x/blank.
    pub fn yes_no(&mut self, f: F) -> Option<bool> {
        self.parsed(f, |c, s, _| match fold_header(s).as_str() {
            "yes" | "y" | "true" | "1" | "是" | "x" | "✓" | "对" | "在职" => Ok(true),
            "no" | "n" | "false" | "0" | "否" | "不是" | "离职" => Ok(false),
            _ => Err(c.t("import.row.yes_no", &[("value", s.trim())])),
        })
    }
}

/// `clean_line`, without its copy for the common cell that has nothing to remove.
pub(super) fn line(s: &str) -> String {
    if is_clean(s) && !s.contains('\n') { s.trim().to_string() } else { clean_line(s) }
}

/// A cell's text for an error message: sanitised and at most 40 cells wide.
fn shorten(v: &str) -> String {
    truncate_to_width(&clean_line(v), 40)
}
