//! The names of form fields, shared by the forms that open them, the readers that check
//! them (`parse::Values`) and the tests: a misspelt field is a compile error, and a field a
//! form does not have is a debug assertion (`Form::get`). The label of a field is
//! `edit.field.<id>`.

use crate::tui::ids::ids;

ids! {
    pub enum FieldKey {
        ActivatedOn = "activated_on",
        ActiveUsers = "active_users",
        AddedOn = "added_on",
        Arr = "arr",
        Base = "base",
        BecauseOf = "because_of",
        Category = "category",
        Cause = "cause",
        ChurnReason = "churn_reason",
        Complaint = "complaint",
        Contact = "contact",
        ContactName = "contact_name",
        Currency = "currency",
        Date = "date",
        DecidedOn = "decided_on",
        DoneOn = "done_on",
        Due = "due",
        Email = "email",
        ExternalId = "external_id",
        FeaturesTotal = "features_total",
        FeaturesUsed = "features_used",
        Improvement = "improvement",
        Industry = "industry",
        Influence = "influence",
        JobTitle = "job_title",
        KpTier = "kp_tier",
        LastContact = "last_contact",
        LeftOn = "left_on",
        Level = "level",
        Logins = "logins",
        MadeBy = "made_by",
        MadeOn = "made_on",
        Minutes = "minutes",
        Name = "name",
        NewArr = "new_arr",
        NewEnd = "new_end",
        NextDue = "next_due",
        NextStep = "next_step",
        Note = "note",
        Owner = "owner",
        PainPoints = "pain_points",
        Phone = "phone",
        Promise = "promise",
        Rate = "rate",
        RateFrom = "rate_from",
        PromiseStatus = "promise_status",
        Prospect = "prospect",
        RaisedOn = "raised_on",
        ReferralStage = "referral_stage",
        Reason = "reason",
        Region = "region",
        RenewalDate = "renewal_date",
        Requester = "requester",
        Requirement = "requirement",
        ResolvedOn = "resolved_on",
        Role = "role",
        Seats = "seats",
        Severity = "severity",
        SpecialClauses = "special_clauses",
        Stage = "stage",
        Stance = "stance",
        TargetFit = "target_fit",
        Task = "task",
        TermStart = "term_start",
        Tier = "tier",
        Time = "time",
        TouchKind = "touch_kind",
        Until = "until",
        WhyBought = "why_bought",
    }
}

impl FieldKey {
    /// The i18n key of the field's label.
    pub fn label_key(self) -> String {
        format!("edit.field.{}", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, t};

    #[test]
    fn every_field_has_a_label_in_both_languages() {
        for key in FieldKey::ALL {
            for lang in Lang::ALL {
                assert_ne!(t(lang, &key.label_key()), key.label_key(), "{key:?} in {lang:?}");
            }
        }
    }
}
