//! The first rows of a file as an import will store them, for the dashboard's preview:
//! each mapped column with the field it fills, and each value read as that field reads it
//! (a date as the date, an amount in its currency, a choice as Radar's value), so a wrong
//! mapping or a misread date shows before anything is written. A cell that cannot be read
//! shows as `⚠ cell` (the dry run lists why); an import's plan leaves such rows out, since it
//! sets them aside and they will not be stored.

use super::{DATE_FIELDS, MONEY_FIELDS, Table};
use crate::domain::*;
use crate::i18n::Lang;
use crate::interchange::cells::Cells;
use crate::interchange::error::{ImportError, Problems};
use crate::interchange::fields::{F, Kind};
use chrono::NaiveDate;

/// The mapped columns (header as written, field) and the first rows' values under them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preview {
    pub columns: Vec<(String, F)>,
    pub rows: Vec<Vec<String>>,
    /// Every header as written (the key a mapping is saved under), and those naming no
    /// field (what the dashboard's column picker offers).
    pub headers: Vec<String>,
    pub unknown: Vec<String>,
}

impl Table {
    /// The first `n` data rows as they would be stored; amounts without a currency in
    /// `currency`. The rows on the lines `set_aside` names are left out: the import will
    /// not store them.
    pub fn preview(
        &self,
        n: usize,
        today: NaiveDate,
        currency: Currency,
        set_aside: &dyn Fn(u64) -> bool,
    ) -> Preview {
        let mut mapped: Vec<(usize, F)> =
            self.kind.fields().iter().filter_map(|s| self.column(s.field).map(|c| (c, s.field))).collect();
        mapped.sort();
        let columns =
            mapped.iter().map(|(c, f)| (self.headers.get(*c).cloned().unwrap_or_default(), *f)).collect();
        let mut rows = Vec::new();
        // Stops reading after `n` rows (the error is that signal, not a failure).
        let _ = self.try_for_each(|rec, _| {
            if rows.len() >= n {
                return Err(ImportError::Map(String::new()));
            }
            if set_aside(rec.line) {
                return Ok(());
            }
            let mut problems = Problems::default();
            let mut c = self.cells(rec, &mut problems, today);
            rows.push(
                mapped.iter().map(|(_, f)| shown(&mut c, self.kind, *f, currency, self.lang)).collect(),
            );
            Ok(())
        });
        Preview { columns, rows, headers: self.headers.clone(), unknown: self.unknown().to_vec() }
    }
}

/// An amount as read: with its currency when the cell names one; otherwise the number
/// alone, since which currency it is in (the row's, the account's, the import's) is only
/// settled when the row is imported.
fn money(c: &mut Cells<'_>, f: F, currency: Currency) -> Option<String> {
    let m = c.money(f, currency)?;
    let other = if currency.code() == "EUR" { "USD" } else { "EUR" };
    let named =
        Currency::new(other).ok().and_then(|o| c.money(f, o)).is_some_and(|n| n.currency == m.currency);
    let full = m.format_full();
    Some(if named {
        full
    } else {
        full.trim_start_matches(|ch: char| !ch.is_ascii_digit() && ch != '-').to_string()
    })
}

/// One field's value as stored, or `⚠` and the cell when it cannot be read. A choice or a
/// yes/no is named as the rest of the interface names it in `lang` (the change lines above
/// the table say "小型客户 → 重点客户"; the table said `small`, `ka`).
fn shown(c: &mut Cells<'_>, kind: Kind, f: F, currency: Currency, lang: Lang) -> String {
    macro_rules! choice {
        ($t:ty) => {
            c.choice::<$t>(f).map(|v| crate::i18n::choice_label(lang, v))
        };
    }
    let value = match f {
        f if MONEY_FIELDS.contains(&f) => money(c, f, currency),
        f if DATE_FIELDS.contains(&f) => c.date(f).map(|d| d.to_string()),
        F::Tier => choice!(Tier),
        F::Stage => choice!(Stage),
        F::Forecast => choice!(Forecast),
        F::Role => choice!(Role),
        F::Stance => choice!(Stance),
        F::KpTier => choice!(KpTier),
        F::Influence => choice!(Influence),
        F::TouchKind => choice!(TouchKind),
        F::ChurnReason => choice!(ChurnReason),
        F::Category => choice!(ReqCategory),
        F::Level => choice!(ReqLevel),
        F::Status if kind == Kind::Promises => choice!(PromiseStatus),
        F::Status if kind == Kind::Requirements => choice!(ReqStatus),
        F::Active | F::TargetFit => c
            .yes_no(f)
            .map(|b| crate::i18n::t(lang, if b { "import.change.yes" } else { "import.change.no" })),
        F::Currency => c.currency(f).map(|x| x.code().to_string()),
        _ => c.text(f),
    };
    match value {
        Some(v) => v,
        None if c.given(f) => format!("⚠ {}", c.text(f).unwrap_or_default()),
        None => String::new(),
    }
}
