//! `radar export --format csv --out DIR`: one file per KIND, in exactly the columns
//! `radar import` reads (canonical names, ids of choices, ISO dates, plain amounts), so
//! importing the folder into an empty file and exporting again gives the same files.
//! Files start with a UTF-8 BOM so Excel shows Chinese text correctly; the importer reads
//! them with or without it.

use super::ExportError;
use crate::domain::text::{clean_line, clean_text, is_clean};
use crate::domain::*;
use crate::interchange::fields::{F, Kind};
use crate::interchange::formula;
use crate::private_file::{PrivateFile, create_private_dir_all};
use crate::store::{Parts, Store, StoreError};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes the seven files into `dir` (created, private to the user, if missing), every
/// account streamed from the store once into all seven (a 100k portfolio is never all in
/// memory); returns their paths. Each file is a private file (mode 0600, built under a
/// fresh temporary name and renamed into place when complete: see `private_file`).
pub fn export(store: &Store, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    export_owned(store, dir, &crate::domain::owner::OwnerFilter::all())
}

/// `export` for the accounts of `owner` only (`radar export --owner`).
pub fn export_owned(
    store: &Store,
    dir: &Path,
    owner: &crate::domain::owner::OwnerFilter,
) -> Result<Vec<PathBuf>, ExportError> {
    create_private_dir_all(dir).map_err(|source| ExportError::Write { path: dir.to_path_buf(), source })?;
    let mut files = Vec::new();
    for kind in Kind::CSV {
        let path = dir.join(format!("{}.csv", kind.id()));
        let file =
            PrivateFile::create(&path).map_err(|source| ExportError::Write { path: path.clone(), source })?;
        let w = KindWriter::new(kind, file).map_err(|e| at(&path, e))?;
        files.push((path, w));
    }
    let mut failed = None;
    let scanned = store.scan_facts(Parts::ALL, |f| {
        if !owner.covers_account(&f.account) {
            return Ok(());
        }
        for (path, w) in &mut files {
            if let Err(e) = w.account(&f) {
                failed = Some(at(path, e));
                return Err(StoreError::Invalid("the export stopped".into()));
            }
        }
        Ok(())
    });
    // On an error the private files are dropped, which removes their temporary files.
    match (failed, scanned) {
        (Some(e), _) => return Err(e),
        (None, Err(e)) => return Err(e.into()),
        (None, Ok(_)) => {}
    }
    let mut done = Vec::new();
    for (path, w) in files {
        let file =
            w.0.into_inner()
                .map_err(|e| ExportError::Write { path: path.clone(), source: e.into_error() })?;
        done.push((path, file));
    }
    let mut written = Vec::new();
    for (path, file) in done {
        file.commit().map_err(|source| ExportError::Write { path: path.clone(), source })?;
        written.push(path);
    }
    Ok(written)
}

/// One kind's file being written: its header, then each account's rows.
struct KindWriter<W: Write>(csv::Writer<W>, Kind, Vec<F>);

impl<W: Write> KindWriter<W> {
    fn new(kind: Kind, mut out: W) -> Result<KindWriter<W>, csv::Error> {
        out.write_all(b"\xEF\xBB\xBF")?;
        let mut w = csv::WriterBuilder::new().buffer_capacity(1 << 16).from_writer(out);
        let cols = columns(kind);
        w.write_record(cols.iter().map(|f| f.name()))?;
        Ok(KindWriter(w, kind, cols))
    }

    fn account(&mut self, f: &AccountFacts) -> Result<(), csv::Error> {
        for row in rows(self.1, f) {
            let cells: Vec<Cow<str>> =
                self.2.iter().map(|c| cell(*c, row.get(c).map_or("", String::as_str))).collect();
            self.0.write_record(cells.iter().map(|c| c.as_bytes()))?;
        }
        Ok(())
    }
}

/// A cell as written: text the import would sanitise is sanitised the same way (text put
/// into the file behind Radar's back can hold escape sequences and invisible characters;
/// sanitising here keeps them out of the sheet and keeps export → import → export
/// byte-identical), then guarded against running as a spreadsheet formula.
fn cell(field: F, value: &str) -> Cow<'_, str> {
    let clean: Cow<str> = if field == F::Note {
        // As the import reads a note: lines kept, leading blank lines dropped.
        if is_clean(value) && !value.starts_with('\n') && value.trim_end() == value {
            Cow::Borrowed(value)
        } else {
            Cow::Owned(clean_text(value).trim_start_matches('\n').to_string())
        }
    } else if is_clean(value) && !value.contains('\n') && value.trim() == value {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(clean_line(value))
    };
    match clean {
        Cow::Borrowed(v) => formula::guard(v),
        Cow::Owned(v) => Cow::Owned(formula::guard(&v).into_owned()),
    }
}

/// The exported columns of a kind.
pub fn columns(kind: Kind) -> Vec<F> {
    kind.fields().iter().filter(|s| s.exported).map(|s| s.field).collect()
}

/// A CSV error while writing `path`.
fn at(path: &Path, e: csv::Error) -> ExportError {
    let source = match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("{other:?}")),
    };
    ExportError::Write { path: path.to_path_buf(), source }
}

type Row = std::collections::HashMap<F, String>;

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

/// A plain amount (`120000`, `1200.50`), with the ISO code when not in `account_currency`.
pub fn amount(m: Money, account_currency: Currency) -> String {
    let scale = 10_u64.pow(m.currency.exponent());
    let abs = m.minor.unsigned_abs();
    let sign = if m.minor < 0 { "-" } else { "" };
    let mut s = format!("{sign}{}", abs / scale);
    if !abs.is_multiple_of(scale) {
        s.push_str(&format!(".{:0width$}", abs % scale, width = m.currency.exponent() as usize));
    }
    if m.currency != account_currency {
        s.push(' ');
        s.push_str(m.currency.code());
    }
    s
}

/// The `account` cell of a child row: the external id, else the name.
fn account_key(a: &Account) -> String {
    a.external_id.clone().unwrap_or_else(|| a.name.clone())
}

fn rows(kind: Kind, f: &AccountFacts) -> Vec<Row> {
    let a = &f.account;
    let key = account_key(a);
    let row = |pairs: Vec<(F, String)>| -> Row {
        let mut r: Row = pairs.into_iter().collect();
        r.insert(F::Account, key.clone());
        r
    };
    match kind {
        Kind::Accounts => {
            let term = f.current_term().or(f.terms.last());
            vec![Row::from([
                (F::Name, a.name.clone()),
                (F::Arr, term.map(|t| amount(t.arr, a.currency)).unwrap_or_default()),
                (F::RenewalDate, term.map(|t| date(t.end)).unwrap_or_default()),
                (F::ExternalId, a.external_id.clone().unwrap_or_default()),
                (F::Industry, a.industry.clone()),
                (F::Tier, a.tier.as_str().to_string()),
                (F::Region, a.region.clone()),
                (F::Owner, a.owner.clone()),
                (F::Currency, a.currency.code().to_string()),
                (F::ContractStart, term.map(|t| date(t.start)).unwrap_or_default()),
                (F::Stage, a.stage.as_str().to_string()),
                (F::TargetFit, yes_no(a.target_fit)),
                (F::ActivatedOn, opt_date(a.activated_on)),
                (F::Forecast, a.forecast.map(|x| x.as_str().to_string()).unwrap_or_default()),
            ])]
        }
        Kind::Contacts => f
            .contacts
            .iter()
            .map(|c| {
                row(vec![
                    (F::Name, c.name.clone()),
                    (F::Title, c.title.clone()),
                    (F::Role, c.role.as_str().into()),
                    (F::Stance, c.stance.as_str().into()),
                    (F::KpTier, c.kp_tier.map(|k| k.as_str().to_string()).unwrap_or_default()),
                    (F::Influence, c.influence.as_str().into()),
                    (F::Email, c.email.clone()),
                    (F::Phone, c.phone.clone()),
                    (F::Active, yes_no(c.left_on.is_none())),
                    (F::LastContact, opt_date(c.last_contact)),
                ])
            })
            .collect(),
        Kind::Promises => f
            .promises
            .iter()
            .map(|p| {
                row(vec![
                    (F::Promise, p.text.clone()),
                    (F::Due, opt_date(p.due)),
                    (F::Status, p.status.as_str().into()),
                    (F::MadeBy, p.made_by.clone()),
                ])
            })
            .collect(),
        Kind::Requirements => f
            .requirements
            .iter()
            .map(|r| {
                row(vec![
                    (F::Title, r.title.clone()),
                    (F::Category, r.category.as_str().into()),
                    (F::Level, r.level.as_str().into()),
                    (F::Status, r.status.as_str().into()),
                    (F::RaisedOn, date(r.raised_on)),
                    (F::Requester, r.requester.clone()),
                ])
            })
            .collect(),
        Kind::Usage => f
            .usage
            .iter()
            .map(|u| {
                row(vec![
                    (F::Date, date(u.date)),
                    (F::ActiveUsers, u.active_users.to_string()),
                    (F::Seats, u.seats.to_string()),
                    (F::Logins, u.logins.to_string()),
                    (F::Minutes, u.minutes.to_string()),
                    (F::FeaturesUsed, u.features_used.to_string()),
                    (F::FeaturesTotal, u.features_total.to_string()),
                ])
            })
            .collect(),
        Kind::Touchpoints => f
            .touchpoints
            .iter()
            .map(|t| {
                let mut cells = vec![
                    (F::Date, date(t.date)),
                    (F::TouchKind, t.kind.as_str().into()),
                    (F::Note, t.note.clone()),
                ];
                cells.extend(contact_cells(f.contact(t.contact_id)));
                row(cells)
            })
            .collect(),
        Kind::Tasks => f
            .tasks
            .iter()
            .map(|t| {
                let mut cells = vec![
                    (F::Task, t.title.clone()),
                    (F::Due, date(t.due)),
                    (F::Status, t.status.as_str().into()),
                    (F::DoneOn, opt_date(t.done_on)),
                    (F::Note, t.note.clone()),
                ];
                cells.extend(contact_cells(f.contact(t.contact_id)));
                row(cells)
            })
            .collect(),
        Kind::Referrals => f
            .referrals
            .iter()
            .map(|r| {
                let contact = f.contact(r.contact_id).map(|c| c.name.clone()).unwrap_or_default();
                row(vec![
                    (F::Prospect, r.prospect.clone()),
                    (F::Date, date(r.date)),
                    (F::Stage, r.stage.as_str().into()),
                    (F::StageOn, date(r.stage_on)),
                    (F::Contact, contact),
                    (F::Note, r.note.clone()),
                ])
            })
            .collect(),
        Kind::Outcomes => f.terms.iter().filter_map(|t| outcome_row(f, t, a.currency).map(&row)).collect(),
        Kind::Deals | Kind::Json => Vec::new(),
    }
}

/// A touchpoint's or task's contact: the name, with the title and e-mail that tell two
/// namesakes of one account apart when the file is imported again.
fn contact_cells(c: Option<&Contact>) -> [(F, String); 3] {
    [
        (F::Contact, c.map(|c| c.name.clone()).unwrap_or_default()),
        (F::ContactTitle, c.map(|c| c.title.clone()).unwrap_or_default()),
        (F::ContactEmail, c.map(|c| c.email.clone()).unwrap_or_default()),
    ]
}

fn outcome_row(f: &AccountFacts, t: &ContractTerm, currency: Currency) -> Option<Vec<(F, String)>> {
    let mut cells =
        vec![(F::TermEnd, date(t.end)), (F::TermStart, date(t.start)), (F::TermArr, amount(t.arr, currency))];
    match t.outcome.as_ref()? {
        TermOutcome::Renewed { decided_on, new_arr } => cells.extend([
            (F::Outcome, "renewed".to_string()),
            (F::RenewedArr, amount(*new_arr, currency)),
            (F::DecidedOn, date(*decided_on)),
        ]),
        TermOutcome::Churned { decided_on, reason, note, because_of } => cells.extend([
            (F::Outcome, "churned".to_string()),
            (F::ChurnReason, reason.as_str().to_string()),
            (F::DecidedOn, date(*decided_on)),
            (F::Note, note.clone()),
            (
                F::ChurnRequirement,
                because_of
                    .and_then(|id| f.requirements.iter().find(|r| r.id == id))
                    .map(|r| r.title.clone())
                    .unwrap_or_default(),
            ),
        ]),
    }
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_plain_and_parse_back() {
        for (minor, cur) in
            [(12_000_050, Currency::CNY), (120_000, Currency::USD), (-500, Currency::CNY), (7, Currency::JPY)]
        {
            let m = Money::new(minor, cur);
            let text = amount(m, Currency::CNY);
            assert_eq!(Money::parse(&text, Currency::CNY).unwrap(), m, "{text}");
        }
        assert_eq!(amount(Money::new(12_000_000, Currency::CNY), Currency::CNY), "120000");
    }
}
