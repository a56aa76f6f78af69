//! `radar search TEXT [--format text|json] [--limit N] [--reindex]`: every record with
//! every word of TEXT (account names, notes, promises, requirements, complaints,
//! contacts, tasks, churn notes, referrals), most relevant first, then newest; the snippet marks the match in brackets.

use super::args::Format;
use super::{CliError, Context, emit, open_store, open_store_for_reading, print_json};
use crate::domain::text::clean_line;
use crate::i18n::{t, tf};
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
struct HitOut {
    kind: &'static str,
    /// The i18n key of the kind's name in the text output (not in JSON).
    #[serde(skip)]
    kind_key: String,
    /// A derived milestone's id (beyond 2^53) as a string, as in the export.
    #[serde(serialize_with = "crate::domain::json_id::serialize")]
    id: i64,
    account_id: i64,
    account: String,
    date: Option<String>,
    /// The text around the match, the match in brackets.
    snippet: String,
    before: String,
    hit: String,
    after: String,
}

pub fn run(
    ctx: &Context,
    words: &[String],
    limit: usize,
    format: Format,
    reindex: bool,
) -> Result<(), CliError> {
    let query = words.join(" ");
    let store = if reindex {
        let mut store = open_store(ctx)?;
        store.reindex()?;
        if query.trim().is_empty() {
            return emit(&format!("{}\n", t(ctx.lang, "cli.search.reindexed")));
        }
        store
    } else {
        open_store_for_reading(ctx)?
    };
    let hits = store.search(&query, limit)?;
    let out: Vec<HitOut> = hits
        .into_iter()
        .map(|h| HitOut {
            kind: h.kind.table(),
            kind_key: h.kind_key(),
            id: h.id,
            account_id: h.account.0,
            account: h.account_name,
            date: h.date.map(|d| d.to_string()),
            snippet: h.snippet.marked(),
            before: h.snippet.before,
            hit: h.snippet.hit,
            after: h.snippet.after,
        })
        .collect();
    if format == Format::Json {
        return print_json(&out);
    }
    let l = ctx.lang;
    let shown = clean_line(&query);
    let mut text = String::new();
    if out.is_empty() {
        let _ = writeln!(text, "{}", tf(l, "cli.search.empty", &[("query", &shown)]));
        return emit(&text);
    }
    // The heading counts every match, not just the ones shown (at most --limit).
    let total = store.search_total(&query)?.max(out.len() as u64);
    let n = out.len().to_string();
    let heading = if total > out.len() as u64 {
        tf(l, "cli.search.title_some", &[("total", &total.to_string()), ("n", &n), ("query", &shown)])
    } else {
        tf(l, "cli.search.title", &[("n", &n), ("query", &shown)])
    };
    let _ = writeln!(text, "{heading}");
    for o in &out {
        let kind = t(l, &o.kind_key);
        let _ =
            writeln!(text, "{}  {kind}  {}\n    {}", o.date.as_deref().unwrap_or("-"), o.account, o.snippet);
    }
    emit(&text)
}
