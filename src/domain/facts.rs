//! Everything known about one account, as one value: the input of risk, playbook and
//! metrics rules, and the unit the store loads and the exporter writes.

use super::account::{Account, ContactId};
use super::milestone::Milestone;
use super::money::Money;
use super::records::*;
use super::referral::Referral;
use super::task::Task;
use super::term::{ContractTerm, current_term};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountFacts {
    pub account: Account,
    /// Sorted by start.
    pub terms: Vec<ContractTerm>,
    pub contacts: Vec<Contact>,
    pub promises: Vec<Promise>,
    pub requirements: Vec<Requirement>,
    pub complaints: Vec<Complaint>,
    /// Sorted by date.
    pub touchpoints: Vec<Touchpoint>,
    /// Sorted by date.
    pub usage: Vec<UsageSnapshot>,
    /// Sorted by due date.
    pub milestones: Vec<Milestone>,
    /// Follow-up tasks, by id. Left out of the JSON when there are none, so a file without
    /// tasks exports exactly as before tasks existed (and such an export reads back).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    /// Referrals (and dismissed suggestions to ask), by id; left out of the JSON when
    /// there are none, as tasks are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<Referral>,
}

impl AccountFacts {
    pub fn new(account: Account) -> AccountFacts {
        AccountFacts {
            account,
            terms: Vec::new(),
            contacts: Vec::new(),
            promises: Vec::new(),
            requirements: Vec::new(),
            complaints: Vec::new(),
            touchpoints: Vec::new(),
            usage: Vec::new(),
            milestones: Vec::new(),
            tasks: Vec::new(),
            referrals: Vec::new(),
        }
    }

    pub fn current_term(&self) -> Option<&ContractTerm> {
        current_term(&self.terms)
    }

    /// The end of the open term.
    pub fn renewal_date(&self) -> Option<NaiveDate> {
        self.current_term().map(|t| t.end)
    }

    /// ARR of the open term, else of the last term.
    pub fn arr(&self) -> Money {
        self.current_term().or(self.terms.last()).map_or(Money::new(0, self.account.currency), |t| t.arr)
    }

    /// The contact `id` refers to, if it is one of this account's (a touchpoint's or a
    /// task's person).
    pub fn contact(&self, id: Option<ContactId>) -> Option<&Contact> {
        id.and_then(|id| self.contacts.iter().find(|c| c.id == id))
    }

    /// The latest touchpoint on or before `date`.
    pub fn last_touch(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.touchpoints.iter().rev().map(|t| t.date).find(|d| *d <= date)
    }

    /// When we were last in touch with `c` as of `today`: the later of their latest
    /// touchpoint and their recorded last contact, ignoring anything dated after today.
    /// None: never contacted. The one fact the Chain tab, the handover sheet and the risk
    /// rules all show, so they cannot disagree.
    pub fn last_contacted(&self, c: &Contact, today: NaiveDate) -> Option<NaiveDate> {
        let touch = self
            .touchpoints
            .iter()
            .rev()
            .filter(|t| t.date <= today)
            .find(|t| t.contact_id == Some(c.id))
            .map(|t| t.date);
        let recorded = c.last_contact.filter(|d| *d <= today);
        touch.max(recorded)
    }

    /// Days from `today` to the renewal date (negative when past).
    pub fn days_to_renewal(&self, today: NaiveDate) -> Option<i64> {
        self.renewal_date().map(|d| (d - today).num_days())
    }

    /// Sorts every list into its documented order (after loading or building by hand).
    pub fn normalise(&mut self) {
        self.terms.sort_by_key(|t| (t.start, t.id));
        self.touchpoints.sort_by_key(|t| (t.date, t.id));
        self.usage.sort_by_key(|u| (u.date, u.id));
        // As the playbook orders them (`playbook_derive::derive`): stored before derived on a tie.
        self.milestones.sort_by_key(|m| (m.due, m.kind, m.id.0 < 0, m.id));
        self.contacts.sort_by_key(|c| c.id);
        self.promises.sort_by_key(|p| p.id);
        self.requirements.sort_by_key(|r| r.id);
        self.complaints.sort_by_key(|c| c.id);
        self.tasks.sort_by_key(|t| t.id);
        self.referrals.sort_by_key(|r| r.id);
    }
}
