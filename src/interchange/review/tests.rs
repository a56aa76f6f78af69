//! Golden reports (en, zh-CN) of the two fixture accounts (`domain::review::fixtures`): one
//! growing, one declining, as of 2026-11-22. The figures in them are worked out by hand in
//! `domain/review/tests.rs`; here the tests check they reach the page, that both languages
//! have the same structure, and that hostile customer text stays inert.

use super::*;
use crate::domain::review::fixtures::{declining, growing, today};

fn report(f: &AccountFacts, lang: Lang) -> String {
    render(f, ReviewKind::Annual, None, lang, today())
}

#[test]
fn growing_account_en() {
    let text = report(&growing(), Lang::En);
    // Hand-checked (see domain/review/tests.rs): active 12 → 30 (+150%), logins 130 → 320
    // (+146%), minutes 2533 → 6433 (+154%), features 9 → 15 of 20 (+67%, 45% → 75%: +30
    // pts), seat use 30% → 75% (+45 pts); ERP delivered 2026-06-30; one complaint fixed in
    // 8 h, one in 48 h.
    for want in [
        "| Active users | 12 | 30 | +150% |",
        "| Active users / seats | 30% | 75% | +45 pts |",
        "| Logins | 130 | 320 | +146% |",
        "| Minutes online | 2533 | 6433 | +154% |",
        "| Features used | 9 of 20 | 15 of 20 | +67% |",
        "| Feature breadth | 45% | 75% | +30 pts |",
        "| ERP 对接 export | P1 | 2026-02-10 | 2026-06-30 |",
        "2 complaints in the period, 1 resolved within 24 hours.",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    insta::assert_snapshot!("review_growing_en", text);
}

#[test]
fn growing_account_zh() {
    let text = report(&growing(), Lang::ZhCn);
    assert!(text.contains("| 活跃用户 | 12 | 30 | +150% |"), "{text}");
    insta::assert_snapshot!("review_growing_zh", text);
}

#[test]
fn declining_account_en() {
    let text = report(&declining(), Lang::En);
    // Hand-checked: active 48 → 24 (-50%), logins 560 → 247 (-56%), minutes 8667 → 3367
    // (-61%), features 12 → 7 (-42%; 60% → 35%: -25 pts), seat use 80% → 40% (-40 pts).
    for want in [
        "| Active users | 48 | 24 | -50% |",
        "| Active users / seats | 80% | 40% | -40 pts |",
        "| Logins | 560 | 247 | -56% |",
        "| Minutes online | 8667 | 3367 | -61% |",
        "| Features used | 12 of 20 | 7 of 20 | -42% |",
        "| Feature breadth | 60% | 35% | -25 pts |",
        "- [ ] Deliver \"SSO login\"",
        "- [ ] Resolve the complaint \"stock counts wrong\"",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    insta::assert_snapshot!("review_declining_en", text);
}

#[test]
fn declining_account_zh() {
    let text = report(&declining(), Lang::ZhCn);
    assert!(text.contains("| 活跃用户 | 48 | 24 | -50% |"), "{text}");
    insta::assert_snapshot!("review_declining_zh", text);
}

/// Same structure in both languages: the same headings, table rows and list items, in order.
#[test]
fn both_languages_have_the_same_structure() {
    let shape = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| {
                let marks: String = l
                    .chars()
                    .take_while(|c| matches!(c, '#' | '-' | '|' | '>' | '`' | ' '))
                    .filter(|c| *c != ' ')
                    .collect();
                format!("{marks}{}", l.matches(" | ").count())
            })
            .collect()
    };
    for f in [growing(), declining()] {
        assert_eq!(shape(&report(&f, Lang::En)), shape(&report(&f, Lang::ZhCn)));
    }
}

#[test]
fn hostile_customer_text_is_inert() {
    let text = report(&growing(), Lang::En);
    assert!(!text.contains('\x1b'), "escape sequences are removed");
    assert!(!text.contains("<script>"), "no HTML");
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; 批量导入 🚀"));
    assert!(!text.contains("[click](javascript"), "no link forms");
    assert!(text.contains("\\[click\\](javascript:alert(1))"));
}

#[test]
fn written_beside_the_database_as_a_private_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let f = growing();
    let path = write_report(&db, &f, ReviewKind::Annual, "x", today()).unwrap();
    assert_eq!(path, dir.path().join("reviews/value-report-ACC-GROW-2026-11-22.md"));
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    // A link planted at the name is replaced, never written through.
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep").unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&victim, &path).unwrap();
    write_report(&db, &f, ReviewKind::Annual, "report", today()).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "report");
}
