//! Values as CRM exports and Chinese templates write them, mapped to Radar's choices
//! (README "Values"), and every label Radar itself prints, in either language, accepted
//! back: a file exported or copied from the dashboard re-imports.
//!
//! - Salesforce forecast categories: Commit and Closed → will_renew, Best Case → likely,
//!   Pipeline → at_risk (not yet committed), Omitted → will_churn.
//! - HubSpot lost reasons and common churn reasons: Timing, budget → project_dropped;
//!   Lost Interest, features, product fit → product_fit; pricing, price → price;
//!   support → service; competitor → competitor; out of business → company_closed.
//! - Activity types: Meeting → visit, Note and Task → other.
//! - Chinese CRM customer levels: 重要/VIP → ka, 高级 → large, 普通/中级 → mid, 低级 → small.

use crate::domain::Choice;
use crate::domain::choice::fold_token;
use crate::i18n::{Lang, choice_label};

/// `(choice kind, spelling, id)`.
const EXTRA: &[(&str, &str, &str)] = &[
    ("forecast", "pipeline", "at_risk"),
    ("forecast", "closed", "will_renew"),
    ("forecast", "omitted", "will_churn"),
    ("forecast", "upside", "likely"),
    ("forecast", "most likely", "likely"),
    ("churn reason", "timing", "project_dropped"),
    ("churn reason", "budget", "project_dropped"),
    ("churn reason", "no budget", "project_dropped"),
    ("churn reason", "budget cuts", "project_dropped"),
    ("churn reason", "no decision", "project_dropped"),
    ("churn reason", "预算", "project_dropped"),
    ("churn reason", "lost interest", "product_fit"),
    ("churn reason", "features", "product_fit"),
    ("churn reason", "missing features", "product_fit"),
    ("churn reason", "product fit", "product_fit"),
    ("churn reason", "功能不满足", "product_fit"),
    ("churn reason", "pricing", "price"),
    ("churn reason", "too expensive", "price"),
    ("churn reason", "cost", "price"),
    ("churn reason", "价格太高", "price"),
    ("churn reason", "support", "service"),
    ("churn reason", "poor support", "service"),
    ("churn reason", "chose competitor", "competitor"),
    ("churn reason", "went with competitor", "competitor"),
    ("churn reason", "out of business", "company_closed"),
    ("churn reason", "bankrupt", "company_closed"),
    ("churn reason", "compliance", "regulation"),
    ("touchpoint kind", "meeting", "visit"),
    ("touchpoint kind", "note", "other"),
    ("touchpoint kind", "task", "other"),
    ("touchpoint kind", "会议", "visit"),
    ("touchpoint kind", "微信", "message"),
    ("tier", "重要", "ka"),
    ("tier", "重要客户", "ka"),
    ("tier", "vip", "ka"),
    ("tier", "高级", "large"),
    ("tier", "普通", "mid"),
    ("tier", "普通客户", "mid"),
    ("tier", "中级", "mid"),
    ("tier", "低级", "small"),
];

/// A choice from its id or alias, the vocabulary above, or a label Radar prints.
pub fn choice<C: Choice>(s: &str) -> Option<C> {
    if let Ok(c) = C::parse(s) {
        return Some(c);
    }
    let folded = fold_token(s.trim());
    if let Some((_, _, id)) = EXTRA.iter().find(|(k, a, _)| *k == C::KIND && fold_token(a) == folded) {
        return C::ALL.iter().copied().find(|c| c.id() == *id);
    }
    C::ALL.iter().copied().find(|c| Lang::ALL.iter().any(|l| fold_token(&choice_label(*l, *c)) == folded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::*;

    /// Every label the app prints, in both languages, reads back as its own value.
    #[test]
    fn every_label_of_every_choice_parses_back() {
        fn check<C: Choice>() {
            for lang in Lang::ALL {
                for v in C::ALL {
                    let label = choice_label(lang, *v);
                    assert_eq!(
                        choice::<C>(&label),
                        Some(*v),
                        "{} label '{label}' ({})",
                        C::KIND,
                        lang.code()
                    );
                }
            }
        }
        check::<Tier>();
        check::<Stage>();
        check::<Forecast>();
        check::<Role>();
        check::<Stance>();
        check::<KpTier>();
        check::<Influence>();
        check::<PromiseStatus>();
        check::<ReqCategory>();
        check::<ReqLevel>();
        check::<ReqStatus>();
        check::<TouchKind>();
        check::<ChurnReason>();
    }

    #[test]
    fn crm_vocabulary() {
        assert_eq!(choice::<Forecast>("Pipeline"), Some(Forecast::AtRisk));
        assert_eq!(choice::<Forecast>("Best Case"), Some(Forecast::Likely));
        assert_eq!(choice::<Forecast>("Commit"), Some(Forecast::WillRenew));
        assert_eq!(choice::<Forecast>("Closed"), Some(Forecast::WillRenew));
        assert_eq!(choice::<Forecast>("Omitted"), Some(Forecast::WillChurn));
        assert_eq!(choice::<ChurnReason>("Timing"), Some(ChurnReason::ProjectDropped));
        assert_eq!(choice::<ChurnReason>("Lost Interest"), Some(ChurnReason::ProductFit));
        assert_eq!(choice::<ChurnReason>("pricing"), Some(ChurnReason::Price));
        assert_eq!(choice::<ChurnReason>("support"), Some(ChurnReason::Service));
        assert_eq!(choice::<Tier>("中型客户"), Some(Tier::Mid));
        assert_eq!(choice::<TouchKind>("微信"), Some(TouchKind::Message));
        assert_eq!(choice::<Tier>("giant"), None);
    }
}
