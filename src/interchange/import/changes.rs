//! What an accounts row changes in an account Radar already holds, field by field. A CRM
//! export imported again can move a CSM's owner, tier, ARR or renewal date; "1 to update"
//! alone says neither which account nor what, and an import is not undone with a key. So
//! the preview (and the summary after the import) names the accounts and their old → new
//! values.

use crate::domain::text::clean_line;
use crate::domain::{Account, ContractTerm, Currency, Forecast, Money, Stage, Tier, current_term};
use crate::i18n::{Lang, choice_label, t, tf};
use chrono::NaiveDate;

/// How many changed accounts the summary (and the dashboard's preview) names; the others
/// are counted.
pub const SHOWN: usize = 10;

/// How many an import keeps to list (`radar import --dry-run` lists them all, up to this).
const KEPT: usize = 10_000;

/// A field's value, kept typed so that it is worded in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Tier(Tier),
    Stage(Stage),
    Forecast(Option<Forecast>),
    Currency(Currency),
    Yes(bool),
    Date(Option<NaiveDate>),
    Money(Option<Money>),
}

/// One field of one account: its label's key (`import.change.*`), before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

/// An account a row changed: the row's line, the account as the row leaves it named, and
/// what moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChange {
    pub line: u64,
    pub name: String,
    pub external_id: Option<String>,
    pub fields: Vec<FieldChange>,
}

/// An external id an account kept against the file's (`--on-name-match merge` matched
/// the row by name to an account that has another one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptId {
    pub line: u64,
    pub name: String,
    pub stored: String,
    pub file: String,
}

/// The changed accounts of an import: the first `SHOWN`, and how many in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub shown: Vec<AccountChange>,
    pub total: usize,
}

impl Changes {
    fn add(&mut self, c: AccountChange) {
        self.total += 1;
        if self.shown.len() < KEPT {
            self.shown.push(c);
        }
    }

    pub fn extend(&mut self, c: impl IntoIterator<Item = AccountChange>) {
        c.into_iter().for_each(|c| self.add(c));
    }

    /// "changes to accounts Radar holds: 3", one line per account (at most `limit`), then
    /// "… and N more". Empty when nothing stored changes.
    pub fn lines(&self, lang: Lang, limit: usize) -> Vec<String> {
        if self.total == 0 {
            return Vec::new();
        }
        let mut out = vec![tf(lang, "import.change.heading", &[("n", &self.total.to_string())])];
        let listed = self.shown.iter().take(limit);
        out.extend(listed.map(|c| c.describe(lang)));
        let more = self.total - self.shown.len().min(limit);
        if more > 0 {
            // The dry run lists all that were kept: past those, it cannot point to itself.
            let key = if limit < KEPT { "import.change.more" } else { "import.change.more_unlisted" };
            out.push(tf(lang, key, &[("n", &more.to_string())]));
        }
        out
    }
}

/// What the row changed in the account (`old` as it was before the row, `new` after), or
/// None when nothing a user sees moved.
pub fn diff(
    line: u64,
    (old, old_terms): (&Account, &[ContractTerm]),
    (new, new_terms): (&Account, &[ContractTerm]),
) -> Option<AccountChange> {
    let mut fields = Vec::new();
    let mut put = |field, old: Value, new: Value| {
        if old != new {
            fields.push(FieldChange { field, old, new });
        }
    };
    let text = |s: &str| Value::Text(s.to_string());
    put("name", text(&old.name), text(&new.name));
    let ext = |a: &Account| text(a.external_id.as_deref().unwrap_or(""));
    put("external_id", ext(old), ext(new));
    put("owner", text(&old.owner), text(&new.owner));
    put("tier", Value::Tier(old.tier), Value::Tier(new.tier));
    put("stage", Value::Stage(old.stage), Value::Stage(new.stage));
    put("industry", text(&old.industry), text(&new.industry));
    put("region", text(&old.region), text(&new.region));
    put("currency", Value::Currency(old.currency), Value::Currency(new.currency));
    put("target_fit", Value::Yes(old.target_fit), Value::Yes(new.target_fit));
    put("activated_on", Value::Date(old.activated_on), Value::Date(new.activated_on));
    put("forecast", Value::Forecast(old.forecast), Value::Forecast(new.forecast));
    let (was, now) = (current_term(old_terms), current_term(new_terms));
    put("arr", Value::Money(was.map(|t| t.arr)), Value::Money(now.map(|t| t.arr)));
    put("start", Value::Date(was.map(|t| t.start)), Value::Date(now.map(|t| t.start)));
    put("renewal_date", Value::Date(was.map(|t| t.end)), Value::Date(now.map(|t| t.end)));
    (!fields.is_empty()).then(|| AccountChange {
        line,
        name: new.name.clone(),
        external_id: new.external_id.clone(),
        fields,
    })
}

impl AccountChange {
    /// "line 3 · Acme Corp (ACC-1): Owner (CSM) Li Na → Wang Wei · ARR ¥120,000.00 → …".
    pub fn describe(&self, lang: Lang) -> String {
        let account = match &self.external_id {
            Some(x) => format!("{} ({})", clean_line(&self.name), clean_line(x)),
            None => clean_line(&self.name),
        };
        let fields = self
            .fields
            .iter()
            .map(|f| {
                let label = t(lang, &format!("import.change.{}", f.field));
                format!("{label} {} → {}", f.old.describe(lang), f.new.describe(lang))
            })
            .collect::<Vec<_>>()
            .join(" · ");
        tf(
            lang,
            "import.change.account",
            &[("line", &self.line.to_string()), ("account", &account), ("changes", &fields)],
        )
    }
}

impl Value {
    fn describe(&self, lang: Lang) -> String {
        let none = || t(lang, "import.change.none");
        match self {
            Value::Text(s) if s.trim().is_empty() => none(),
            Value::Text(s) => clean_line(s),
            Value::Tier(x) => choice_label(lang, *x),
            Value::Stage(x) => choice_label(lang, *x),
            Value::Forecast(x) => x.map_or_else(none, |f| choice_label(lang, f)),
            Value::Currency(c) => c.code().to_string(),
            Value::Yes(b) => t(lang, if *b { "import.change.yes" } else { "import.change.no" }),
            Value::Date(d) => d.map_or_else(none, |d| d.to_string()),
            Value::Money(m) => m.map_or_else(none, |m| m.format_full()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, TermId};

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn term(end: &str, yuan: i64) -> ContractTerm {
        ContractTerm {
            id: TermId(1),
            account_id: AccountId(1),
            start: day("2026-01-01"),
            end: day(end),
            arr: Money::new(yuan * 100, Currency::CNY),
            outcome: None,
            version: 1,
        }
    }

    #[test]
    fn names_each_field_that_moved_with_its_old_and_new_value() {
        let old = Account::new("成都天府云图信息技术有限公司", Tier::Mid, Currency::CNY, day("2026-01-01"));
        let mut new = old.clone();
        new.owner = "王伟".into();
        new.tier = Tier::Large;
        let c = diff(7, (&old, &[term("2027-01-01", 120_000)]), (&new, &[term("2027-06-30", 150_000)]))
            .expect("a change");
        let fields: Vec<_> = c.fields.iter().map(|f| f.field).collect();
        assert_eq!(fields, ["owner", "tier", "arr", "renewal_date"]);
        let en = c.describe(Lang::En);
        assert!(en.starts_with("line 7 · 成都天府云图信息技术有限公司: "), "{en}");
        assert!(en.contains("Owner (CSM) — → 王伟"), "{en}");
        assert!(en.contains("Renewal date 2027-01-01 → 2027-06-30"), "{en}");
        assert!(en.contains("120,000") && en.contains("150,000"), "{en}");
        let zh = c.describe(Lang::ZhCn);
        assert!(zh.contains("第 7 行") && zh.contains("到期日"), "{zh}");
    }

    #[test]
    fn nothing_visible_moved_is_no_change() {
        let old = Account::new("Acme", Tier::Mid, Currency::USD, day("2026-01-01"));
        let mut new = old.clone();
        new.version = 9;
        let terms = [term("2027-01-01", 1)];
        assert_eq!(diff(2, (&old, &terms), (&new, &terms)), None);
    }

    #[test]
    fn names_the_first_ten_and_counts_the_rest() {
        let mut all = Changes::default();
        let old = Account::new("A", Tier::Mid, Currency::USD, day("2026-01-01"));
        let mut new = old.clone();
        new.region = "East\x1b[31m".into();
        for line in 2..15 {
            all.add(diff(line, (&old, &[]), (&new, &[])).expect("a change"));
        }
        assert_eq!(all.lines(Lang::En, 20).len(), 1 + 13, "all of them");
        let lines = all.lines(Lang::En, SHOWN);
        assert_eq!(lines.len(), 1 + SHOWN + 1, "{lines:?}");
        assert!(lines[0].contains("13"), "{}", lines[0]);
        assert!(lines.last().is_some_and(|l| l.contains('3')), "{lines:?}");
        assert!(lines.iter().all(|l| !l.contains('\x1b')), "{lines:?}");
    }
}
