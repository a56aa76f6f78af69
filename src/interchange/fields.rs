//! What each KIND of file holds: its fields (DESIGN.md "CSV columns"), which are required,
//! and the header spellings accepted for each — canonical names, CRM export names
//! (Salesforce, HubSpot) and the Chinese terms CSMs use. Headers are compared folded
//! (lower case, without spaces, `_`, `-`), so "Renewal Date", "renewal_date" and
//! "RENEWAL-DATE" are one header.

use super::aliases::*;
use crate::domain::choice::fold_token;
use crate::domain::dates::Facing;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The kinds of file `radar import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Accounts,
    Contacts,
    Promises,
    Requirements,
    Usage,
    Touchpoints,
    Tasks,
    Referrals,
    Outcomes,
    /// CRM deals and opportunities (import only: an export writes terms as outcomes).
    Deals,
    /// The lossless JSON export.
    Json,
}

impl Kind {
    /// The CSV kinds, in the order a full import must run (children after accounts,
    /// outcomes last because they may add terms).
    pub const CSV: [Kind; 9] = [
        Kind::Accounts,
        Kind::Contacts,
        Kind::Promises,
        Kind::Requirements,
        Kind::Usage,
        Kind::Touchpoints,
        Kind::Tasks,
        Kind::Referrals,
        Kind::Outcomes,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Accounts => "accounts",
            Kind::Contacts => "contacts",
            Kind::Promises => "promises",
            Kind::Requirements => "requirements",
            Kind::Usage => "usage",
            Kind::Touchpoints => "touchpoints",
            Kind::Tasks => "tasks",
            Kind::Referrals => "referrals",
            Kind::Outcomes => "outcomes",
            Kind::Deals => "deals",
            Kind::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().to_ascii_lowercase();
        match s.as_str() {
            "renewals" | "opportunities" => return Some(Kind::Deals),
            _ => {}
        }
        Kind::CSV.into_iter().chain([Kind::Deals, Kind::Json]).find(|k| k.id() == s)
    }

    /// The fields of a CSV kind, in export column order (required ones first).
    pub fn fields(self) -> &'static [Spec] {
        match self {
            Kind::Accounts => ACCOUNTS,
            Kind::Contacts => CONTACTS,
            Kind::Promises => PROMISES,
            Kind::Requirements => REQUIREMENTS,
            Kind::Usage => USAGE,
            Kind::Touchpoints => TOUCHPOINTS,
            Kind::Tasks => TASKS,
            Kind::Referrals => REFERRALS,
            Kind::Outcomes => OUTCOMES,
            Kind::Deals => DEALS,
            Kind::Json => &[],
        }
    }

    /// The field a header names in this kind, if any.
    pub fn field_for_header(self, header: &str) -> Option<F> {
        self.folded_headers().get(&fold_header(header)).copied()
    }

    /// Every header spelling of this kind, folded once, with the field it names: the first
    /// field in order that accepts a spelling keeps it, as a search in that order found it.
    /// Finding the header row scores 20 rows against every kind, and folding each alias
    /// again for each cell was a tenth of a 20k-row import's instructions (issue 19).
    fn folded_headers(self) -> &'static HashMap<String, F> {
        static TABLES: LazyLock<HashMap<Kind, HashMap<String, F>>> = LazyLock::new(|| {
            let kinds = Kind::CSV.into_iter().chain([Kind::Deals, Kind::Json]);
            kinds
                .map(|k| {
                    let mut names = HashMap::new();
                    for s in k.fields() {
                        for a in std::iter::once(s.field.name()).chain(s.aliases.iter().copied()) {
                            names.entry(fold_header(a)).or_insert(s.field);
                        }
                    }
                    (k, names)
                })
                .collect()
        });
        &TABLES[&self]
    }

    /// The field called `name` (canonical name only), for `--map`.
    pub fn field_named(self, name: &str) -> Option<F> {
        let folded = fold_header(name);
        self.fields().iter().find(|s| fold_header(s.field.name()) == folded).map(|s| s.field)
    }
}

/// Folds a header for matching; also drops the marks templates put on required columns
/// (`名称*`, `*客户名称`, `客户名称(必填)`) and a trailing colon.
pub fn fold_header(h: &str) -> String {
    let mut h = h.trim().trim_matches(['*', ':', '：', '＊']).trim();
    for mark in ["(必填)", "（必填）", "(required)", "(Required)", "[必填]", "【必填】"] {
        if let Some(rest) = h.strip_suffix(mark) {
            h = rest.trim().trim_end_matches(['*', '＊']).trim();
        }
    }
    fold_token(h)
}

macro_rules! fields {
    ($($v:ident = $name:literal),+ $(,)?) => {
        /// Every field of every kind (the canonical CSV column names).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum F { $($v),+ }
        impl F {
            /// How many fields there are (for arrays indexed by `F as usize`).
            pub const COUNT: usize = [$(F::$v),+].len();
            /// Every field, in declaration order.
            pub const ALL: [F; F::COUNT] = [$(F::$v),+];
            pub fn name(self) -> &'static str { match self { $(F::$v => $name),+ } }
        }
    };
}

fields! {
    Name = "name", Arr = "arr", RenewalDate = "renewal_date", ExternalId = "external_id",
    Industry = "industry", Tier = "tier", Region = "region", Owner = "owner", Currency = "currency",
    ContractStart = "contract_start", Stage = "stage", TargetFit = "target_fit",
    ActivatedOn = "activated_on", Forecast = "forecast",
    Account = "account", FirstName = "first_name", LastName = "last_name", Title = "title",
    Role = "role", Stance = "stance", KpTier = "kp_tier", Influence = "influence", Email = "email",
    Phone = "phone", Active = "active", LastContact = "last_contact",
    Promise = "promise", Due = "due", Status = "status", MadeBy = "made_by",
    Category = "category", Level = "level", RaisedOn = "raised_on", Requester = "requester",
    Date = "date", ActiveUsers = "active_users", Seats = "seats", Logins = "logins",
    Minutes = "minutes", FeaturesUsed = "features_used", FeaturesTotal = "features_total",
    TouchKind = "kind", Contact = "contact", Note = "note",
    TermEnd = "term_end", Outcome = "outcome", RenewedArr = "renewed_arr", ChurnReason = "churn_reason",
    TermStart = "term_start", TermArr = "term_arr", DecidedOn = "decided_on",
    DealStage = "deal_stage", CloseDate = "close_date",
    Mrr = "mrr", AccountDomain = "account_domain", ContactEmail = "contact_email", Result = "result",
    Task = "task", DoneOn = "done_on", Prospect = "prospect", StageOn = "stage_on",
    ContactTitle = "contact_title", ChurnRequirement = "churn_requirement",
    ContractTotal = "contract_total",
}

impl F {
    /// Which way the field's dates look, as in the forms: a past-facing date (something
    /// that happened) after today is refused. Files only hold dates with a year, so the
    /// facing never has to resolve a short date here. An activation date may be planned
    /// (a go-live next month: the demo and CRM exports have them), so it faces either way.
    pub fn facing(self) -> Facing {
        match self {
            F::LastContact | F::RaisedOn | F::Date | F::DecidedOn | F::DoneOn | F::StageOn => Facing::Past,
            F::RenewalDate | F::Due => Facing::Future,
            _ => Facing::Either,
        }
    }
}

/// One field of a kind: whether a file must have it, and its accepted headers.
#[derive(Debug)]
pub struct Spec {
    pub field: F,
    pub required: bool,
    /// Written to CSV exports (helper fields such as first/last name are import-only).
    pub exported: bool,
    pub aliases: &'static [&'static str],
}

pub(super) const fn req(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: true, exported: true, aliases }
}
pub(super) const fn opt(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: false, exported: true, aliases }
}
pub(super) const fn helper(field: F, aliases: &'static [&'static str]) -> Spec {
    Spec { field, required: false, exported: false, aliases }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_folded_aliases_and_crm_names() {
        let a = Kind::Accounts;
        assert_eq!(a.field_for_header("Renewal Date"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("RENEWAL-DATE"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("客户名称"), Some(F::Name));
        assert_eq!(a.field_for_header("年合同额"), Some(F::Arr));
        assert_eq!(a.field_for_header("到期日"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("Account Name"), Some(F::Name));
        assert_eq!(a.field_for_header("Company name"), Some(F::Name));
        assert_eq!(a.field_for_header("Record ID"), Some(F::ExternalId));
        assert_eq!(a.field_for_header("Contract End Date"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("name*"), Some(F::Name));
        assert_eq!(a.field_for_header("名称*"), Some(F::Name));
        assert_eq!(a.field_for_header("*客户名称"), Some(F::Name));
        assert_eq!(a.field_for_header("客户名称（必填）"), Some(F::Name));
        assert_eq!(a.field_for_header("ANNUALREVENUE"), None, "company revenue is not ARR");
        assert_eq!(a.field_for_header("amount"), Some(F::Arr));
        assert_eq!(a.field_for_header("mrr"), Some(F::Mrr));
        assert_eq!(a.field_for_header("BILLINGSTATE"), Some(F::Region));
        assert_eq!(a.field_for_header("Deal Owner"), Some(F::Owner));
        assert_eq!(a.field_for_header("有效期至"), Some(F::RenewalDate));
        assert_eq!(a.field_for_header("Annual Revenue"), None, "company revenue is not ARR");
        assert_eq!(Kind::Contacts.field_for_header("Account Name"), Some(F::Account));
    }

    #[test]
    fn no_header_means_two_fields_in_one_kind() {
        for kind in Kind::CSV.into_iter().chain([Kind::Deals]) {
            let mut seen = std::collections::HashMap::new();
            for s in kind.fields() {
                for h in std::iter::once(s.field.name()).chain(s.aliases.iter().copied()) {
                    if let Some(other) = seen.insert(fold_header(h), s.field) {
                        assert_eq!(
                            other,
                            s.field,
                            "{}: '{h}' names both {other:?} and {:?}",
                            kind.id(),
                            s.field
                        );
                    }
                }
            }
        }
    }
}
