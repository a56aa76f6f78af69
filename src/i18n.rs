//! Interface text in English and Simplified Chinese. Every string a user reads goes
//! through here; the catalogs are TOML files in `assets/locales/<lang>/`, one per area,
//! embedded at build time. Nested tables flatten to dotted keys (`[risk.kp_silent]
//! detail = …` is `risk.kp_silent.detail`). Templates take `{name}` arguments.

use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// `en`, `zh-CN`, and locale strings such as `zh_CN.UTF-8` or `en_US.UTF-8`.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase().replace('_', "-");
        if s.starts_with("zh") {
            Some(Lang::ZhCn)
        } else if s.starts_with("en") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// From `LC_ALL`, `LC_MESSAGES` or `LANG` (the first that is set), else English.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .find_map(|s| Lang::parse(&s))
            .unwrap_or(Lang::En)
    }
}

/// The embedded catalog files, per language, in the order they are merged.
const SOURCES: &[(Lang, &str, &str)] = &[
    (Lang::En, "common", include_str!("../assets/locales/en/common.toml")),
    (Lang::ZhCn, "common", include_str!("../assets/locales/zh-CN/common.toml")),
    (Lang::En, "risk", include_str!("../assets/locales/en/risk.toml")),
    (Lang::ZhCn, "risk", include_str!("../assets/locales/zh-CN/risk.toml")),
    (Lang::En, "cli", include_str!("../assets/locales/en/cli.toml")),
    (Lang::ZhCn, "cli", include_str!("../assets/locales/zh-CN/cli.toml")),
    (Lang::En, "ui", include_str!("../assets/locales/en/ui.toml")),
    (Lang::ZhCn, "ui", include_str!("../assets/locales/zh-CN/ui.toml")),
    (Lang::En, "interchange", include_str!("../assets/locales/en/interchange.toml")),
    (Lang::ZhCn, "interchange", include_str!("../assets/locales/zh-CN/interchange.toml")),
    (Lang::En, "edit", include_str!("../assets/locales/en/edit.toml")),
    (Lang::ZhCn, "edit", include_str!("../assets/locales/zh-CN/edit.toml")),
    (Lang::En, "error", include_str!("../assets/locales/en/error.toml")),
    (Lang::ZhCn, "error", include_str!("../assets/locales/zh-CN/error.toml")),
    (Lang::En, "calibrate", include_str!("../assets/locales/en/calibrate.toml")),
    (Lang::ZhCn, "calibrate", include_str!("../assets/locales/zh-CN/calibrate.toml")),
    (Lang::En, "doctor", include_str!("../assets/locales/en/doctor.toml")),
    (Lang::ZhCn, "doctor", include_str!("../assets/locales/zh-CN/doctor.toml")),
];

type Catalog = HashMap<String, String>;

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            // Catalog values are strings; anything else shows its key so the test below sees it.
            _ => {
                out.insert(key.clone(), key);
            }
        }
    }
}

/// `lang`'s messages, every file parsed and merged in order (a later file wins): the
/// whole catalog, whose keys the tests list and `lookup` is held to.
#[cfg(test)]
fn catalog(lang: Lang) -> &'static Catalog {
    static EN: OnceLock<Catalog> = OnceLock::new();
    static ZH_CN: OnceLock<Catalog> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::ZhCn => &ZH_CN,
    };
    cell.get_or_init(|| {
        let mut out = Catalog::new();
        for (i, _) in SOURCES.iter().enumerate().filter(|(_, (l, _, _))| *l == lang) {
            out.extend(file(i).iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        out
    })
}

/// The messages of `SOURCES[i]`, parsed at its first use.
fn file(i: usize) -> &'static Catalog {
    static FILES: [OnceLock<Catalog>; SOURCES.len()] = [const { OnceLock::new() }; SOURCES.len()];
    FILES[i].get_or_init(|| {
        let mut out = Catalog::new();
        // A broken embedded catalog is caught by the test below, never at a user's desk;
        // if it happened anyway, the keys show instead of crashing.
        if let Ok(table) = SOURCES[i].2.parse::<toml::Table>() {
            flatten("", &table, &mut out);
        }
        out
    })
}

/// The first segment of every key a catalog file defines (its `[table]` headers and the
/// keys before the first one), read off its lines without parsing it.
fn first_segments(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let mut before_any_table = true;
    for line in text.lines().map(str::trim_start) {
        let name = if let Some(header) = line.strip_prefix('[') {
            before_any_table = false;
            header.trim_start_matches('[')
        } else if before_any_table && !line.starts_with('#') && line.contains('=') {
            line
        } else {
            continue;
        };
        let end =
            name.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).unwrap_or(name.len());
        if end > 0 && !out.contains(&&name[..end]) {
            out.push(&name[..end]);
        }
    }
    out
}

/// `key` in `lang`'s files, parsing only those that define keys of its first segment: a
/// short command (`triage`) then parses a third of the English catalog, not all of it
/// (the whole of it was about 2 ms of `radar triage`'s 11 ms at 100k; issue 19). A later
/// file wins over an earlier one, as when every file was merged into one map.
fn lookup(lang: Lang, key: &str) -> Option<&'static String> {
    static SEGMENTS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let segments = SEGMENTS.get_or_init(|| SOURCES.iter().map(|(_, _, text)| first_segments(text)).collect());
    let first = key.split('.').next().unwrap_or(key);
    (0..SOURCES.len())
        .rev()
        .filter(|&i| SOURCES[i].0 == lang && segments[i].contains(&first))
        .find_map(|i| file(i).get(key))
}

/// Looks up `key` in `lang`, falling back to English, then to the key itself.
pub fn t(lang: Lang, key: &str) -> String {
    lookup(lang, key).or_else(|| lookup(Lang::En, key)).cloned().unwrap_or_else(|| key.to_string())
}

/// Like `t`, then replaces each `{name}` with its argument. When `{n}` is 1 and the
/// language has a singular form of the message (`KEY_one`: English does, Chinese needs
/// none), that form is used: "1 account", never "1 accounts".
pub fn tf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let one = args.iter().any(|(name, value)| COUNTS.contains(name) && *value == "1");
    let singular = one.then(|| lookup(lang, &format!("{key}{SINGULAR}"))).flatten();
    match singular {
        Some(text) => fill(text, args),
        None => fill(&t(lang, key), args),
    }
}

/// The suffix of a message's singular form.
const SINGULAR: &str = "_one";
/// The argument names that count what a message names.
const COUNTS: &[&str] = &["n", "count", "rows"];

/// Replaces `{name}` placeholders in a template, in one pass over the template: a value
/// is never read again, so a header or a name from the user's file that holds `{error}`
/// stays as written (it was filled in by the next argument). A `{` naming no argument is
/// kept.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close))
        });
        match arg {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A kind of record named in a message: in English by its table id, which the messages
/// have always named (scripts read them); in other languages by its label (`edit.kind.*`).
pub fn row_kind_name(lang: Lang, kind: crate::domain::RowKind) -> String {
    match lang {
        Lang::En => kind.table().to_string(),
        _ => t(lang, &format!("edit.kind.{}", kind.table())),
    }
}

/// The label of a choice value (`tier.ka` → "KA" / "重点客户").
pub fn choice_label<C: crate::domain::Choice>(lang: Lang, value: C) -> String {
    let kind = C::KIND.replace(' ', "_");
    t(lang, &format!("choice.{kind}.{}", value.id()))
}

/// An agenda item's own text, one line, safe to print; a win-back item's says why the
/// account left and when ("SSO 单点登录 delivered · churned 2026-05-01, product fit").
pub fn agenda_text(lang: Lang, item: &crate::domain::agenda::AgendaItem) -> String {
    if item.kind == crate::domain::agenda::AgendaKind::Renewal {
        // A renewal has no text of its own: what to do about it.
        return t(lang, "cli.agenda.renewal_title");
    }
    let text = crate::domain::text::clean_line(&item.text);
    match item.kind {
        crate::domain::agenda::AgendaKind::Referral => {
            return tf(lang, "ui.agenda.referral_text", &[("what", &text)]);
        }
        // Where D moves it, so the key's effect is known before it is pressed (a delivered
        // one read as its title alone, and D "closed it with the customer": CSM trial).
        crate::domain::agenda::AgendaKind::Requirement if item.next.is_some() => {
            let next = item.next.map(|n| choice_label(lang, n)).unwrap_or_default();
            return tf(lang, "ui.agenda.requirement_text", &[("what", &text), ("next", &next)]);
        }
        crate::domain::agenda::AgendaKind::ReferralAsk => {
            let (moment, on) =
                item.moment.map(|(m, on)| (choice_label(lang, m), on.to_string())).unwrap_or_default();
            return tf(lang, "ui.agenda.referral_ask_text", &[("moment", &moment), ("date", &on)]);
        }
        _ => {}
    }
    match item.churn {
        Some((on, reason)) => {
            // No requirement named: the reason itself was fixed.
            let key =
                if text.is_empty() { "ui.agenda.win_back_reason_text" } else { "ui.agenda.win_back_text" };
            let args =
                [("what", text.as_str()), ("date", &on.to_string()), ("reason", &choice_label(lang, reason))];
            tf(lang, key, &args)
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_parses_and_languages_have_the_same_keys() {
        for (lang, name, text) in SOURCES {
            assert!(text.parse::<toml::Table>().is_ok(), "{} {name}.toml does not parse", lang.code());
        }
        let en: std::collections::BTreeSet<_> = catalog(Lang::En).keys().collect();
        let zh: std::collections::BTreeSet<_> = catalog(Lang::ZhCn).keys().collect();
        // Singular forms are English's own (Chinese has no plural).
        let missing_zh: Vec<_> = en.difference(&zh).filter(|k| !k.ends_with(SINGULAR)).collect();
        for k in en.iter().filter(|k| k.ends_with(SINGULAR)) {
            assert!(en.contains(&k[..k.len() - SINGULAR.len()].to_string()), "{k} has no plural form");
        }
        let missing_en: Vec<_> = zh.difference(&en).collect();
        for lang in Lang::ALL {
            let not_strings: Vec<_> = catalog(lang).iter().filter(|(k, v)| k == v).collect();
            assert!(not_strings.is_empty(), "non-string values in {}: {not_strings:?}", lang.code());
        }
        assert!(missing_zh.is_empty(), "missing in zh-CN: {missing_zh:?}");
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
    }

    /// Every row kind is named and counted in both languages (a delete confirmation lists
    /// what goes with a record by `edit.count.<kind>`; a missing key shows raw).
    #[test]
    fn each_key_is_found_in_the_files_of_its_first_segment() {
        for lang in [Lang::En, Lang::ZhCn] {
            for (key, value) in catalog(lang) {
                assert_eq!(lookup(lang, key), Some(value), "{} {key}", lang.code());
            }
            assert_eq!(lookup(lang, "no_such.key"), None);
        }
        // What the line scan reads: headers (also of arrays of tables) and the keys before them.
        let text = "# note = x\ntop = \"a\"\ndotted.key = \"b\"\n[risk.reason]\nx = \"c\"\n[[rows]]\nlater = \"d\"\n";
        assert_eq!(first_segments(text), vec!["top", "dotted", "risk", "rows"]);
    }

    #[test]
    fn every_row_kind_has_a_name_and_a_count_in_both_languages() {
        use crate::domain::change::RowKind;
        for lang in Lang::ALL {
            for kind in RowKind::ALL {
                for prefix in ["edit.kind", "edit.count"] {
                    let key = format!("{prefix}.{}", kind.table());
                    let text = t(lang, &key);
                    assert_ne!(text, key, "no {key} in {}", lang.code());
                    let own = catalog(lang).get(&key);
                    assert!(own.is_some(), "{key} falls back to English in {}", lang.code());
                }
            }
        }
    }

    #[test]
    fn one_takes_the_singular_form_where_a_language_has_one() {
        let n = |lang, v: &str| tf(lang, "edit.count.account", &[("n", v)]);
        assert_eq!(n(Lang::En, "1"), "1 account");
        assert_eq!(n(Lang::En, "2"), "2 accounts");
        assert_eq!(n(Lang::En, "11"), "11 accounts");
        assert_eq!(n(Lang::ZhCn, "1"), t(Lang::ZhCn, "edit.count.account").replace("{n}", "1"));
    }

    #[test]
    fn every_choice_has_a_label_in_both_languages() {
        use crate::domain::*;
        fn check<C: Choice>() {
            for lang in Lang::ALL {
                for v in C::ALL {
                    let label = choice_label(lang, *v);
                    assert!(!label.starts_with("choice."), "no label for {label} in {}", lang.code());
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
        check::<Severity>();
        check::<ComplaintCause>();
        check::<TouchKind>();
        check::<crate::domain::ReferralStage>();
        check::<crate::domain::referral_moments::GoodMoment>();
        check::<ChurnReason>();
        check::<ChurnFactor>();
        check::<MilestoneKind>();
        check::<MilestoneStatus>();
        check::<risk::RuleId>();
        check::<risk::Band>();
        check::<risk::GapKind>();
    }

    #[test]
    fn lang_from_locale_strings() {
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
        assert_eq!(fill("{a} and {b}", &[("a", "x"), ("b", "王总")]), "x and 王总");
        // A value is not filled again: a header named "{b}" stays "{b}".
        assert_eq!(fill("{a} and {b}", &[("a", "{b}"), ("b", "王总")]), "{b} and 王总");
        assert_eq!(fill("{a}{a} {{x} {", &[("a", "1")]), "11 {{x} {");
        assert_eq!(fill("no args", &[]), "no args");
    }
}
