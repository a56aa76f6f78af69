//! Every refusal has a message in every language, and the English one is its own text.

use super::*;
use crate::domain::*;
use crate::i18n::{Lang, t};
use chrono::NaiveDate;

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
}

/// One of each refusal (every `TermError` too).
fn samples() -> Vec<ActionError> {
    vec![
        ActionError::BadMove { from: ReqStatus::Closed, to: ReqStatus::Rejected },
        ActionError::AlreadyResolved { id: ComplaintId(12) },
        ActionError::AlreadyDecided { end: d(1) },
        ActionError::OtherCurrency { contract: Currency::CNY, given: Currency::USD },
        ActionError::OtherAccountsTerm { term: TermId(7) },
        ActionError::NotChurned { name: "成都天府云图信息技术有限公司 🚀".to_string() },
        ActionError::NotOpenTerm { term: TermId(8) },
        ActionError::OtherAccountsContact { contact: ContactId(9) },
        ActionError::OtherAccountsRequirement { requirement: RequirementId(10) },
        ActionError::NotDeletable { kind: RowKind::Transition },
        ActionError::NotDue { kind: RowKind::Milestone, id: 4 },
        ActionError::DueBeforeMade { id: 5, made_on: d(7), due: d(6) },
        ActionError::OwnerIsTheLogin { owner: "王总 🚀".to_string() },
        ActionError::ExternalIdTaken {
            external_id: "ACC-000001".into(), name: "成都天府云图 🚀".into()
        },
        ActionError::Terms(TermError::Empty { start: d(2), end: d(1) }),
        ActionError::Terms(TermError::Overlap { prev_end: d(3), start: d(2) }),
        ActionError::Terms(TermError::OpenInMiddle { start: d(4) }),
        ActionError::Terms(TermError::AfterChurn { decided_on: d(5), start: d(4) }),
        ActionError::Terms(TermError::RenewalEnd { end: d(6) }),
        ActionError::Terms(TermError::DecidedBeforeStart { decided_on: d(1), start: d(7) }),
        ActionError::Terms(TermError::DecidedBeforeRenewal { decided_on: d(1), renewed_on: d(7) }),
    ]
}

/// Fails to compile when a refusal is added without a sample above.
#[allow(dead_code)]
fn every_variant_has_a_sample(e: &ActionError) {
    match e {
        ActionError::BadMove { .. }
        | ActionError::AlreadyResolved { .. }
        | ActionError::AlreadyDecided { .. }
        | ActionError::OtherCurrency { .. }
        | ActionError::OtherAccountsTerm { .. }
        | ActionError::NotChurned { .. }
        | ActionError::NotOpenTerm { .. }
        | ActionError::OtherAccountsContact { .. }
        | ActionError::OtherAccountsRequirement { .. }
        | ActionError::NotDeletable { .. }
        | ActionError::NotDue { .. }
        | ActionError::DueBeforeMade { .. }
        | ActionError::OwnerIsTheLogin { .. }
        | ActionError::ExternalIdTaken { .. }
        | ActionError::Terms(
            TermError::Empty { .. }
            | TermError::Overlap { .. }
            | TermError::OpenInMiddle { .. }
            | TermError::AfterChurn { .. }
            | TermError::RenewalEnd { .. }
            | TermError::DecidedBeforeStart { .. }
            | TermError::DecidedBeforeRenewal { .. },
        ) => {}
    }
}

#[test]
fn english_renders_exactly_the_errors_own_text() {
    for e in samples() {
        assert_eq!(e.render(Lang::En), e.to_string(), "{}", e.key());
    }
}

#[test]
fn each_refusal_has_its_own_key_in_both_catalogs() {
    let keys: std::collections::BTreeSet<_> = samples().iter().map(|e| e.key()).collect();
    assert_eq!(keys.len(), samples().len(), "one key per refusal");
    for e in samples() {
        assert!(e.key().starts_with("error.action."));
        for lang in Lang::ALL {
            assert_ne!(t(lang, e.key()), e.key(), "{} missing in {}", e.key(), lang.code());
        }
    }
}

#[test]
fn chinese_fills_every_argument_and_reads_chinese() {
    for e in samples() {
        let zh = e.render(Lang::ZhCn);
        assert_ne!(zh, e.to_string());
        assert!(!zh.contains('{') && !zh.contains('}'), "{zh}");
        assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        for (name, arg) in e.args() {
            if let Arg::Text(v) = arg {
                assert!(zh.contains(&v), "{name} = {v} not in {zh}");
            }
        }
    }
}

#[test]
fn chinese_uses_the_playbooks_words_and_labels() {
    let zh = |e: ActionError| e.render(Lang::ZhCn);
    assert_eq!(zh(ActionError::AlreadyResolved { id: ComplaintId(12) }), "投诉 #12 已经解决");
    assert_eq!(
        zh(ActionError::NotChurned { name: "成都天府云图信息技术有限公司".to_string() }),
        "成都天府云图信息技术有限公司 并未流失，无需挽回"
    );
    assert_eq!(
        zh(ActionError::BadMove { from: ReqStatus::Closed, to: ReqStatus::Rejected }),
        "需求不能从“已闭环”变为“已拒绝”"
    );
    assert_eq!(
        zh(ActionError::NotDeletable { kind: RowKind::Milestone }),
        "里程碑只能通过各自的操作修改，不能删除"
    );
    let en = ActionError::NotDeletable { kind: RowKind::Transition }.render(Lang::En);
    assert_eq!(en, "requirement_transition rows are changed through their own actions, not deleted");
}

#[test]
fn a_name_with_braces_or_escapes_is_shown_as_it_is() {
    let name = "Acme {name} \u{1b}[31m".to_string();
    let e = ActionError::NotChurned { name: name.clone() };
    assert!(e.render(Lang::ZhCn).starts_with(&name));
    assert_eq!(e.render(Lang::En), format!("{name} has not churned"));
}
