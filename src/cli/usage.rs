//! Usage errors (exit 2) in the user's language: a flag's value refused, an account not
//! found, an impossible range. The domain's errors say the same in English (`Display`, for
//! logs and tests); these name the flag and take the value from the error.

use super::CliError;
use crate::domain::choice::ChoiceError;
use crate::domain::dates::DateError;
use crate::domain::money::MoneyError;
use crate::domain::money::fx::FxError;
use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};

/// `cli.usage.KEY` filled with `args`.
pub fn usage(lang: Lang, key: &str, args: &[(&str, &str)]) -> CliError {
    CliError::Usage(tf(lang, &format!("cli.usage.{key}"), args))
}

/// A date flag (`--from`, `--on` …) whose value is not a date.
pub fn bad_date(lang: Lang, flag: &str, e: &DateError) -> CliError {
    let (key, text) = match e {
        DateError::Format(t) | DateError::Input(t) => ("date_format", t),
        DateError::Impossible(t) => ("date_impossible", t),
        DateError::AfterToday { text, .. } => ("date_format", text),
    };
    usage(lang, key, &[("flag", flag), ("text", &clean_line(text))])
}

/// A currency flag or argument whose value is not a currency in use.
pub fn bad_currency(lang: Lang, flag: &str, e: &MoneyError) -> CliError {
    let text = match e {
        MoneyError::Currency(t) | MoneyError::NotIso(t) => t.clone(),
        other => other.to_string(),
    };
    usage(lang, "not_iso", &[("flag", flag), ("text", &clean_line(&text))])
}

/// An exchange rate argument that is not one.
pub fn bad_rate(lang: Lang, e: &FxError) -> CliError {
    match e {
        FxError::Rate(t) => usage(lang, "rate", &[("text", &clean_line(t))]),
        FxError::TooLarge(t) => usage(lang, "rate_too_large", &[("text", &clean_line(t))]),
        FxError::SamePair(c) => usage(lang, "rate_same_pair", &[("currency", c.code())]),
    }
}

/// A choice's value that is not one of its ids (`key`: the message naming which choice).
/// Each id is listed with its label in the user's language when that says more (the zh
/// `--stage` refusal listed only English ids, though 续约 and 实施 are taken).
pub fn bad_choice<C: crate::domain::Choice>(lang: Lang, key: &str, e: &ChoiceError) -> CliError {
    let expected = C::ALL
        .iter()
        .map(|c| {
            let label = crate::i18n::choice_label(lang, *c);
            if label.to_lowercase() == c.id() { c.id().to_string() } else { format!("{} ({label})", c.id()) }
        })
        .collect::<Vec<_>>()
        .join(", ");
    usage(lang, key, &[("text", &clean_line(&e.value)), ("expected", &expected)])
}

/// No account has this external id or name.
pub fn no_account(lang: Lang, account: &str) -> CliError {
    usage(lang, "no_account", &[("account", &clean_line(account))])
}

/// The account named by CRM id, `#id` or exact name, else by either in another case when
/// only one answers to it so. Several that answer exactly (a shared name, one's CRM id that
/// is another's name) are listed by what tells them apart; several that differ only by case
/// are said to be several (they were "no account has …").
pub fn named_account(
    store: &crate::store::Store,
    lang: Lang,
    account: &str,
) -> Result<crate::domain::Account, CliError> {
    use crate::store::Named;
    let key = account.trim();
    if key.is_empty() {
        return Err(usage(lang, "empty_account", &[]));
    }
    match store.named(key)? {
        Named::One(found) => Ok(*found),
        Named::Several(ids) => Err(several_answer(lang, key, ids.iter())),
        Named::SeveralByCase(ids) => Err(refused_listing(lang, "several_accounts", key, ids.iter())),
        Named::None => match store.names_like(key, 3)?.as_slice() {
            [] => Err(no_account(lang, account)),
            like => {
                let names = clean_line(&like.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", "));
                Err(usage(lang, "no_account_like", &[("account", &clean_line(account)), ("names", &names)]))
            }
        },
    }
}

/// Several accounts answer to `key` exactly: listed by what tells each apart (`ids`).
pub fn several_answer<'a>(lang: Lang, key: &str, ids: impl ExactSizeIterator<Item = &'a String>) -> CliError {
    refused_listing(lang, "same_name_accounts", key, ids)
}

/// The usage message `msg` for `key`, with how many accounts answer and their `ids`.
fn refused_listing<'a>(
    lang: Lang,
    msg: &str,
    key: &str,
    ids: impl ExactSizeIterator<Item = &'a String>,
) -> CliError {
    let n = ids.len().to_string();
    let ids = clean_line(&listed(ids));
    usage(lang, msg, &[("account", &clean_line(key)), ("n", &n), ("ids", &ids)])
}

/// Up to ten of `ids`, then an ellipsis: a name a thousand test accounts share would
/// otherwise fill the screen.
fn listed<'a>(ids: impl ExactSizeIterator<Item = &'a String>) -> String {
    const AT_MOST: usize = 10;
    let n = ids.len();
    let mut out = ids.take(AT_MOST).cloned().collect::<Vec<_>>().join(", ");
    if n > AT_MOST {
        out.push_str(", …");
    }
    out
}

/// `--to` before `--from`; when `--from` was not given, before the day the period starts
/// without it (saying "before --from" named a flag the user never typed).
pub fn to_before_from(
    lang: Lang,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    from_given: bool,
) -> CliError {
    let key = if from_given { "to_before_from" } else { "to_before_default_from" };
    usage(lang, key, &[("from", &from.to_string()), ("to", &to.to_string())])
}

/// A file a command would write (`--out`) that is the portfolio database itself, by any
/// name (`./p.db`, a link): refused before anything is read or written. An export or a
/// report written there replaced the portfolio, and a backup onto itself said it was made.
pub fn not_the_portfolio(ctx: &super::Context, flag: &str, out: &std::path::Path) -> Result<(), CliError> {
    use std::os::unix::fs::MetadataExt;
    if ctx.team.is_some() {
        return Ok(());
    }
    let same = match (std::fs::metadata(out), std::fs::metadata(&ctx.db_path)) {
        (Ok(o), Ok(db)) => o.dev() == db.dev() && o.ino() == db.ino(),
        _ => false,
    };
    if !same {
        return Ok(());
    }
    let file = clean_line(&out.display().to_string());
    Err(usage(ctx.lang, "out_is_portfolio", &[("flag", flag), ("file", &file)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The English messages say what the domain's errors say, with the flag in front.
    #[test]
    fn english_is_the_errors_own_text_and_chinese_says_the_same_in_chinese() {
        let impossible = DateError::Impossible("2026-02-30".into());
        let e = bad_date(Lang::En, "--from", &impossible);
        assert_eq!(e.to_string(), format!("--from: {impossible}"));
        let zh = bad_date(Lang::ZhCn, "--from", &impossible).to_string();
        assert!(zh.contains("--from") && zh.contains("2026-02-30") && zh.contains("日期"), "{zh}");

        let format = DateError::Format("soon".into());
        assert_eq!(bad_date(Lang::En, "--on", &format).to_string(), format!("--on: {format}"));

        let not_iso = MoneyError::NotIso("XYZ".into());
        assert_eq!(
            bad_currency(Lang::En, "--currency", &not_iso).to_string(),
            format!("--currency: {not_iso}")
        );
        let zh = bad_currency(Lang::ZhCn, "--currency", &not_iso).to_string();
        assert!(zh.contains("XYZ") && zh.contains("币种"), "{zh}");

        for e in [FxError::Rate("abc".into()), FxError::TooLarge("2000000".into())] {
            assert_eq!(bad_rate(Lang::En, &e).to_string(), format!("RATE: {e}"));
        }
        let same = FxError::SamePair(crate::domain::Currency::USD);
        assert_eq!(bad_rate(Lang::En, &same).to_string(), same.to_string());

        let (from, to) =
            (NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(
            to_before_from(Lang::En, from, to, true).to_string(),
            "--to 2026-11-01 is before --from 2026-12-01"
        );
        assert!(to_before_from(Lang::ZhCn, from, to, true).to_string().contains("早于"));
        let default = to_before_from(Lang::En, from, to, false).to_string();
        assert!(default.contains("when --from is not given") && default.contains("2026-12-01"), "{default}");
        let hostile = no_account(Lang::ZhCn, "Acme\u{1b}[31m").to_string();
        assert!(!hostile.contains('\u{1b}'), "{hostile:?}");
    }
}
