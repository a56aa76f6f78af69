//! `radar review ACCOUNT [--from DATE --to DATE] [--kind annual|qbr] [--out FILE]`: the
//! value report or business review as Markdown, on stdout or in a private file.

use super::usage;
use super::{CliError, Context, emit, open_store_for_reading};
use crate::domain::dates::parse_date;
use crate::domain::review::{self, Period, ReviewKind};
use crate::domain::text::clean_line;
use crate::interchange::review as report;
use crate::private_file::write_private;
use std::path::Path;

pub fn run(
    ctx: &Context,
    account: &str,
    from: Option<&str>,
    to: Option<&str>,
    kind: &str,
    out: Option<&Path>,
) -> Result<(), CliError> {
    if let Some(out) = out {
        usage::not_the_portfolio(ctx, "--out", out)?;
    }
    let kind = ReviewKind::parse(kind)
        .ok_or_else(|| usage::usage(ctx.lang, "review_kind", &[("kind", &clean_line(kind))]))?;
    let date = |flag: &str, s: Option<&str>| {
        s.map(|s| parse_date(s).map_err(|e| usage::bad_date(ctx.lang, flag, &e))).transpose()
    };
    let (from, to) = (date("--from", from)?, date("--to", to)?);
    let store = open_store_for_reading(ctx)?;
    let missing = || usage::no_account(ctx.lang, account);
    let found = usage::named_account(&store, ctx.lang, account)?;
    let facts = store.load_facts(found.id)?.ok_or_else(missing)?;
    // Either end left out comes from the kind's default period.
    let default = review::default_period(&facts, kind, ctx.today);
    let period = Period { from: from.unwrap_or(default.from), to: to.unwrap_or(default.to) };
    if period.to < period.from {
        return Err(usage::to_before_from(ctx.lang, period.from, period.to, from.is_some()));
    }
    let text = report::render(&facts, kind, Some(period), ctx.lang, ctx.today);
    match out {
        None => emit(&text),
        Some(path) => {
            let file = clean_line(&path.display().to_string());
            write_private(path, text.as_bytes()).map_err(|e| CliError::Runtime(format!("{file}: {e}")))?;
            // Said on stderr, as `export --out` says what it wrote (it said nothing).
            let title = crate::i18n::t(ctx.lang, &format!("review.title_{}", kind.id()));
            let what =
                [("kind", title.as_str()), ("account", &clean_line(&facts.account.name)), ("file", &file)];
            eprintln!("{}", crate::i18n::tf(ctx.lang, "export.review_written", &what));
            Ok(())
        }
    }
}
