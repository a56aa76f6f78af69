//! Which of an account's contacts a touchpoint or task row means. By name, narrowed by
//! the contact's title and e-mail when two contacts of the account share the name (赵超
//! 店长 and 赵超 运营总监): the export writes both beside the name, so a re-import links
//! each row to the person it was linked to. Else by e-mail alone.

use crate::domain::{Contact, ContactId};
use crate::interchange::cells::Cells;
use crate::interchange::fields::F;

/// What a row's contact cells name.
#[derive(Debug, PartialEq, Eq)]
pub enum Named {
    /// No contact cell.
    Nobody,
    /// One contact.
    One(ContactId),
    /// Namesakes that differ in nothing a file can say (one person written twice): a
    /// record linked to one of them stays so, a new one links to the first.
    Alike(Vec<ContactId>),
    /// A contact the account does not have (the row is kept without the link).
    Unknown,
    /// Namesakes that nothing in the row tells apart: the candidates.
    Ambiguous(Vec<ContactId>),
}

/// The contact cells of a row (name, title, e-mail), read once.
pub struct ContactCells {
    pub name: Option<String>,
    pub title: Option<String>,
    pub email: Option<String>,
}

impl ContactCells {
    pub fn read(c: &mut Cells<'_>) -> ContactCells {
        ContactCells {
            name: c.text(F::Contact),
            title: c.text(F::ContactTitle),
            email: c.text(F::ContactEmail).map(|e| e.to_lowercase()),
        }
    }

    pub fn given(&self) -> bool {
        self.name.is_some() || self.email.is_some()
    }

    /// The contact among `contacts` these cells name.
    pub fn resolve(&self, contacts: &[Contact]) -> Named {
        let by_email = |p: &&Contact| self.email.as_ref().is_some_and(|e| p.email.to_lowercase() == *e);
        let Some(name) = &self.name else {
            return match (&self.email, contacts.iter().find(by_email)) {
                (None, _) => Named::Nobody,
                (Some(_), Some(p)) => Named::One(p.id),
                (Some(_), None) => Named::Unknown,
            };
        };
        let mut found: Vec<&Contact> = contacts.iter().filter(|p| &p.name == name).collect();
        if found.is_empty() {
            return match contacts.iter().find(by_email) {
                Some(p) => Named::One(p.id),
                None => Named::Unknown,
            };
        }
        // Narrowed only when that leaves someone: a title since changed still links by name.
        let narrow = |found: &mut Vec<&Contact>, keep: &dyn Fn(&&Contact) -> bool| {
            if found.iter().any(keep) {
                found.retain(keep);
            }
        };
        if self.title.is_some() {
            narrow(&mut found, &|p| self.title.as_deref() == Some(p.title.as_str()));
        }
        if self.email.is_some() {
            narrow(&mut found, &by_email);
        }
        let first = found[0];
        let alike = |p: &&Contact| p.title == first.title && p.email.eq_ignore_ascii_case(&first.email);
        if found.len() == 1 {
            Named::One(first.id)
        } else if found.iter().all(alike) {
            Named::Alike(found.iter().map(|p| p.id).collect())
        } else {
            Named::Ambiguous(found.iter().map(|p| p.id).collect())
        }
    }
}

/// Why a new row naming ambiguous namesakes is refused: names each candidate by title.
pub fn ambiguous(name: &str, ids: &[ContactId], contacts: &[Contact]) -> String {
    let who: Vec<String> = ids
        .iter()
        .filter_map(|id| contacts.iter().find(|p| p.id == *id))
        .map(|p| {
            let title = if p.title.is_empty() { "no title".to_string() } else { p.title.clone() };
            if p.email.is_empty() { title } else { format!("{title}, {}", p.email) }
        })
        .collect();
    format!(
        "{} contacts of this account are named '{name}' ({}): give contact_title or contact_email to say which",
        ids.len(),
        who.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;
    use chrono::NaiveDate;

    fn contact(id: i64, name: &str, title: &str, email: &str) -> Contact {
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        Contact {
            id: ContactId(id),
            account_id: AccountId(1),
            name: name.into(),
            title: title.into(),
            role: Role::User,
            stance: Stance::Neutral,
            kp_tier: None,
            influence: Influence::Medium,
            email: email.into(),
            phone: String::new(),
            added_on: d,
            left_on: None,
            last_contact: None,
            version: 1,
        }
    }

    fn cells(name: Option<&str>, title: Option<&str>, email: Option<&str>) -> ContactCells {
        ContactCells {
            name: name.map(Into::into),
            title: title.map(Into::into),
            email: email.map(Into::into),
        }
    }

    #[test]
    fn namesakes_are_told_apart_by_title_or_email_else_ambiguous() {
        let people = [
            contact(1, "赵超", "运营总监", ""),
            contact(2, "赵超", "店长", ""),
            contact(3, "Susan Smith", "Manager", "s@x.com"),
            contact(4, "Susan Smith", "Manager", "s@x.com"),
            contact(5, "Li Tao", "CFO", "li@x.com"),
        ];
        assert_eq!(cells(Some("赵超"), Some("店长"), None).resolve(&people), Named::One(ContactId(2)));
        assert_eq!(cells(Some("赵超"), Some("运营总监"), None).resolve(&people), Named::One(ContactId(1)));
        assert_eq!(
            cells(Some("赵超"), None, None).resolve(&people),
            Named::Ambiguous(vec![ContactId(1), ContactId(2)])
        );
        assert_eq!(
            cells(Some("赵超"), Some("CEO"), None).resolve(&people),
            Named::Ambiguous(vec![ContactId(1), ContactId(2)])
        );
        // Alike in everything a file can say: one person written twice.
        assert_eq!(
            cells(Some("Susan Smith"), None, None).resolve(&people),
            Named::Alike(vec![ContactId(3), ContactId(4)])
        );
        assert_eq!(cells(Some("Li Tao"), Some("CEO"), None).resolve(&people), Named::One(ContactId(5)));
        assert_eq!(cells(None, None, Some("li@x.com")).resolve(&people), Named::One(ContactId(5)));
        assert_eq!(cells(Some("Nobody"), None, None).resolve(&people), Named::Unknown);
        assert_eq!(cells(None, None, None).resolve(&people), Named::Nobody);
        let msg = ambiguous("赵超", &[ContactId(1), ContactId(2)], &people);
        assert!(msg.contains("运营总监") && msg.contains("店长") && msg.contains("contact_title"), "{msg}");
    }
}
