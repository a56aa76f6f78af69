//! Rows about what the customer said and was promised: contacts (keyed by account + name),
//! promises (account + text) and requirements (account + title).

use super::world::{Outcome, World};
use crate::domain::*;
use crate::interchange::fields::F;
use crate::interchange::table::Cells;
use crate::store::StoreError;
use chrono::{NaiveDateTime, NaiveTime};

/// The account a child row names — by external id or name, else by its company's web
/// domain, else through a known contact's e-mail — or a problem on the cell that named it.
pub fn account_of(w: &mut World, c: &mut Cells<'_>) -> Result<Option<usize>, StoreError> {
    if let Some(key) = c.text(F::Account) {
        return Ok(match w.find_account(&key) {
            Ok(i) => Some(i),
            Err(n) => {
                let msg = match n {
                    0 => c.t("import.row.account_none", &[("key", &key)]),
                    n => c.t("import.row.account_many", &[("key", &key), ("n", &n.to_string())]),
                };
                c.problem(F::Account, msg);
                None
            }
        });
    }
    if let Some(domain) = c.text(F::AccountDomain) {
        let found = w.by_domain(&domain)?;
        return Ok(match found.as_slice() {
            [i] => Some(*i),
            [] => {
                let msg = c.t("import.row.domain_none", &[("domain", &domain)]);
                c.problem(F::AccountDomain, msg);
                None
            }
            many => {
                let n = many.len().to_string();
                let msg = c.t("import.row.domain_many", &[("domain", &domain), ("n", &n)]);
                c.problem(F::AccountDomain, msg);
                None
            }
        });
    }
    if let Some(email) = c.text(F::ContactEmail) {
        let found = w.by_contact_email(&email)?;
        return Ok(match found.as_slice() {
            [i] => Some(*i),
            [] => {
                let msg = c.t("import.row.email_none", &[("email", &email)]);
                c.problem(F::ContactEmail, msg);
                None
            }
            many => {
                let n = many.len().to_string();
                let msg = c.t("import.row.email_many", &[("email", &email), ("n", &n)]);
                c.problem(F::ContactEmail, msg);
                None
            }
        });
    }
    // No key to its account: said of the file's own columns that would have named it ("column
    // \"account\": account is required" named a column the file does not have, where its
    // "Associated Company Domain" was empty: CSM trial, session 24).
    let keys = [F::Account, F::AccountDomain, F::ContactEmail];
    let columns: Vec<(F, String)> =
        keys.into_iter().filter_map(|f| c.header(f).map(|h| (f, format!("\"{h}\"")))).collect();
    match columns.split_first() {
        Some(((first, _), [])) => {
            let msg = c.t("import.row.no_account_key", &[]);
            c.problem(*first, msg);
        }
        Some(((first, _), rest)) => {
            let others: Vec<&str> = rest.iter().map(|(_, h)| h.as_str()).collect();
            let msg = c.t("import.row.no_account_keys", &[("others", &others.join(", "))]);
            c.problem(*first, msg);
        }
        None => {
            let _ = c.required_text(F::Account);
        }
    }
    Ok(None)
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn outcome<T: PartialEq>(before: &T, after: &T) -> Outcome {
    if before == after { Outcome::Unchanged } else { Outcome::Updated }
}

/// "First Last", or "姓名" without a space when either part is Chinese.
fn join_name(first: Option<String>, last: Option<String>) -> Option<String> {
    match (first, last) {
        (Some(f), Some(l)) if f.chars().chain(l.chars()).any(|c| c > '\u{2E7F}') => Some(format!("{l}{f}")),
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (one, other) => one.or(other),
    }
}

pub fn contact(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let name = c.text(F::Name).or_else(|| join_name(c.text(F::FirstName), c.text(F::LastName)));
    if name.is_none() {
        let msg = c.t("import.row.required", &[("field", "name")]);
        c.problem(F::Name, msg);
    }
    let (title, email, phone) = (c.text(F::Title), c.text(F::Email), c.phone());
    let role = c.choice::<Role>(F::Role);
    let stance = c.choice::<Stance>(F::Stance);
    let kp_tier = c.choice::<KpTier>(F::KpTier);
    let influence = c.choice::<Influence>(F::Influence);
    let active = c.yes_no(F::Active);
    let last_contact = c.date(F::LastContact);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(name)) = (account, name) else { return Ok(None) };
    let today = w.today;
    let k = w.occurrence(i, "contact", name.clone());
    let f = w.edit(i)?;
    let Some(p) = f.contacts.iter_mut().filter(|p| p.name == name).nth(k) else {
        f.contacts.push(Contact {
            id: ContactId(0),
            account_id: f.account.id,
            name,
            title: title.unwrap_or_default(),
            role: role.unwrap_or(Role::Other),
            stance: stance.unwrap_or(Stance::Unknown),
            kp_tier,
            influence: influence.unwrap_or(Influence::Medium),
            email: email.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            added_on: today,
            left_on: (active == Some(false)).then_some(today),
            last_contact,
            version: 0,
        });
        return Ok(Some(Outcome::Created));
    };
    let before = p.clone();
    set(&mut p.title, title);
    set(&mut p.role, role);
    set(&mut p.stance, stance);
    if kp_tier.is_some() {
        p.kp_tier = kp_tier;
    }
    set(&mut p.influence, influence);
    set(&mut p.email, email);
    set(&mut p.phone, phone);
    match active {
        Some(true) => p.left_on = None,
        Some(false) if p.left_on.is_none() => p.left_on = Some(today),
        _ => {}
    }
    if last_contact.is_some() {
        p.last_contact = last_contact;
    }
    Ok(Some(outcome(&before, p)))
}

pub fn promise(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let text = c.required_text(F::Promise);
    let due = c.date(F::Due);
    let status = c.choice::<PromiseStatus>(F::Status);
    let made_by = c.text(F::MadeBy);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(text)) = (account, text) else { return Ok(None) };
    let today = w.today;
    let k = w.occurrence(i, "promise", text.clone());
    let f = w.edit(i)?;
    let Some(p) = f.promises.iter_mut().filter(|p| p.text == text).nth(k) else {
        f.promises.push(Promise {
            id: PromiseId(0),
            account_id: f.account.id,
            text,
            made_by: made_by.unwrap_or_default(),
            made_on: today,
            due,
            status: status.unwrap_or(PromiseStatus::Open),
            status_on: today,
            version: 0,
        });
        return Ok(Some(Outcome::Created));
    };
    let before = p.clone();
    if due.is_some() {
        p.due = due;
    }
    set(&mut p.made_by, made_by);
    if let Some(s) = status.filter(|s| *s != p.status) {
        p.status = s;
        p.status_on = today;
    }
    Ok(Some(outcome(&before, p)))
}

pub fn requirement(w: &mut World, c: &mut Cells<'_>) -> Result<Option<Outcome>, StoreError> {
    let problems_before = c.problems.count();
    let account = account_of(w, c)?;
    let title = c.required_text(F::Title);
    let category = c.choice::<ReqCategory>(F::Category);
    let level = c.choice::<ReqLevel>(F::Level);
    let status = c.choice::<ReqStatus>(F::Status);
    let raised_on = c.date(F::RaisedOn);
    let requester = c.text(F::Requester);
    if c.problems.count() > problems_before {
        return Ok(None);
    }
    let (Some(i), Some(title)) = (account, title) else { return Ok(None) };
    let today = w.today;
    let midnight = |d: chrono::NaiveDate| NaiveDateTime::new(d, NaiveTime::MIN);
    let k = w.occurrence(i, "requirement", title.clone());
    let f = w.edit(i)?;
    let Some(r) = f.requirements.iter_mut().filter(|r| r.title == title).nth(k) else {
        let raised_on = raised_on.unwrap_or(today);
        let status = status.unwrap_or(ReqStatus::Collected);
        let mut history = vec![ReqTransition {
            status: ReqStatus::Collected,
            at: midnight(raised_on),
            note: String::new(),
        }];
        if status != ReqStatus::Collected {
            // The file gives where the loop stands, not how it got there: one move, dated today.
            history.push(ReqTransition { status, at: midnight(today.max(raised_on)), note: String::new() });
        }
        f.requirements.push(Requirement {
            id: RequirementId(0),
            account_id: f.account.id,
            title,
            requester: requester.unwrap_or_default(),
            category: category.unwrap_or(ReqCategory::Feature),
            level: level.unwrap_or(ReqLevel::P2),
            raised_on,
            status,
            history,
            version: 0,
        });
        return Ok(Some(Outcome::Created));
    };
    let before = r.clone();
    set(&mut r.category, category);
    set(&mut r.level, level);
    set(&mut r.raised_on, raised_on);
    set(&mut r.requester, requester);
    if let Some(s) = status.filter(|s| *s != r.status) {
        // Never before the last move, so the history stays in order when reloaded.
        let last = r.history.last().map_or(midnight(today), |t| t.at);
        r.history.push(ReqTransition { status: s, at: midnight(today).max(last), note: String::new() });
        r.status = s;
    }
    Ok(Some(outcome(&before, r)))
}
