//! Golden reports (en, zh-CN) of the two fixture accounts (`domain::review::fixtures`): one
//! growing, one declining, as of 2026-11-22. The figures in them are worked out by hand in
//! `domain/review/tests.rs`; here the tests check they reach the page, that both languages
//! have the same structure, and that hostile customer text stays inert.

use super::*;
use crate::domain::review::fixtures::{d, declining, growing, today, with_readings};

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
    // Hand-checked: every change from the exact averages, shown rounded (domain tests):
    // active 48 → 24.3 (-49%), logins 560 → 246.7 (-56%), minutes 8666.7 → 3366.7 (-61%),
    // features 11.7 → 7 (-40%; 58.3% → 35%: -23 pts), seat use 80% → 40.6% (-39 pts).
    for want in [
        "| Active users | 48 | 24 | -49% |",
        "| Active users / seats | 80% | 41% | -39 pts |",
        "| Logins | 560 | 247 | -56% |",
        "| Minutes online | 8667 | 3367 | -61% |",
        "| Features used | 12 of 20 | 7 of 20 | -40% |",
        "| Feature breadth | 58% | 35% | -23 pts |",
        " 7  -40%\n",
        "- **Measured**: Active users 48 → 24 (-49%);",
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
    assert!(text.contains("| 活跃用户 | 48 | 24 | -49% |"), "{text}");
    insta::assert_snapshot!("review_declining_zh", text);
}

/// A CSM's trial (Soylent Clinics): 12 active users of 14 seats before; 12, 12, 13, 0 after
/// (9.25 on average, shown 9). What the customer reads is taken from 9.25: -23% (it read
/// -25%), 66% of seats (64%), -20 pts (-22); the growing fixture's Chinese name, emoji and
/// escape sequence stay in the report as they are everywhere else.
#[test]
fn the_changes_are_of_the_exact_averages() {
    let f =
        with_readings(&[(2, 15, 12, 14), (9, 15, 12, 14), (10, 1, 12, 14), (10, 15, 13, 14), (11, 1, 0, 14)]);
    for (lang, want) in [
        (
            Lang::En,
            [
                "| Active users | 12 | 9 | -23% |",
                "| Active users / seats | 86% | 66% | -20 pts |",
                " 9  -23%\n",
                "Active users 12 → 9 (-23%)",
            ],
        ),
        (
            Lang::ZhCn,
            [
                "| 活跃用户 | 12 | 9 | -23% |",
                "| 活跃用户 / 席位 | 86% | 66% | -20 个百分点 |",
                " 9  -23%\n",
                "活跃用户 12 → 9（-23%）",
            ],
        ),
    ] {
        let text = report(&f, lang);
        assert!(text.starts_with("# ") && text.contains("成都天府云图信息技术有限公司"), "{text}");
        assert!(!text.contains('\x1b') && text.contains("🚀"), "{text}");
        for w in want {
            assert!(text.contains(w), "missing {w:?} in\n{text}");
        }
    }
}

/// Readings on one side only: the latest is the reading itself (18), not the average of
/// the side (17, which the report called "latest"), and an average is named as one, with
/// the days it spans.
#[test]
fn one_side_only_names_the_latest_reading_and_the_average_apart() {
    let f = with_readings(&[(11, 7, 16, 20), (11, 22, 18, 20)]);
    let p = Some(Period { from: d(2026, 11, 1), to: today() });
    let en = render(&f, ReviewKind::Annual, p, Lang::En, today());
    assert!(
        en.contains(
            "Only one side of the period has usage readings: 2 readings from 2026-11-07 to 2026-11-22, \
             17 active users on average, 18 in the latest (2026-11-22); nothing to compare yet."
        ),
        "{en}"
    );
    let zh = render(&f, ReviewKind::Annual, p, Lang::ZhCn, today());
    assert!(
        zh.contains("2026-11-07 至 2026-11-22 共 2 次读数，平均活跃用户 17，最近一次（2026-11-22）为 18"),
        "{zh}"
    );
    let f = with_readings(&[(11, 22, 18, 20)]);
    let en = render(&f, ReviewKind::Annual, p, Lang::En, today());
    assert!(en.contains("one reading, on 2026-11-22, of 18 active users; nothing to compare yet."), "{en}");
    let zh = render(&f, ReviewKind::Annual, p, Lang::ZhCn, today());
    assert!(zh.contains("仅 2026-11-22 一次读数，活跃用户 18；暂无法对比。"), "{zh}");
    for text in [en, zh] {
        assert!(!text.contains('\x1b') && text.contains("成都天府云图信息技术有限公司"), "{text}");
    }
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

/// A renewal recorded two days before the term ends opens the next term at a new ARR: the
/// header of the report on the term still in force keeps that term's ARR and end (it showed
/// the next term's, $1,200,000 and 2028, over a period that was all the old term's).
#[test]
fn the_header_is_of_the_term_in_force_not_one_renewed_into_early() {
    let mut f = growing();
    let old_end = f.terms[0].end;
    let (arr, next_arr) = (f.terms[0].arr, crate::domain::Money::new(60_000_000, f.terms[0].arr.currency));
    let next = crate::domain::term::renew(&mut f.terms[0], today(), next_arr, d(2028, 12, 31)).unwrap();
    f.terms.push(next);
    let text = report(&f, Lang::En);
    assert!(text.contains(&format!("| ARR | {} |", arr.format_full())), "{text}");
    assert!(text.contains(&format!("| Renewal date | {old_end} (in ")), "{text}");
    assert!(!text.contains(&next_arr.format_full()) && !text.contains("2028-12-31"), "{text}");
}

/// An account whose last term ended in a churn months ago has no renewal date in the header
/// (it would read "2026-03-01 (265 days ago)"), and keeps that term's ARR.
#[test]
fn an_ended_term_gives_no_renewal_date() {
    let mut f = growing();
    f.terms[0].end = d(2026, 3, 1);
    f.terms[0].outcome = Some(crate::domain::TermOutcome::Churned {
        decided_on: d(2026, 2, 1),
        reason: crate::domain::ChurnReason::Price,
        note: String::new(),
        because_of: None,
    });
    let text = report(&f, Lang::En);
    assert!(!text.contains("| Renewal date |"), "{text}");
    assert!(text.contains(&format!("| ARR | {} |", f.terms[0].arr.format_full())), "{text}");
}

/// A term past its end with no outcome yet is the renewal still to be chased: its date
/// shows, "… days ago" (it was dropped with the ended terms': CSM trial, session 25).
#[test]
fn a_lapsed_term_still_to_be_decided_keeps_its_renewal_date() {
    let mut f = growing();
    f.terms[0].end = d(2026, 11, 12);
    f.terms[0].outcome = None;
    let text = report(&f, Lang::En);
    assert!(text.contains("| Renewal date | 2026-11-12 (10 days ago) |"), "{text}");
}
