//! `radar import --list-mappings` and `radar import --forget-mapping ID`: the column
//! mappings the dashboard's import remembered for header sets (`interchange::saved`).

use super::{CliError, Context, emit};
use crate::domain::text::clean_line;
use crate::i18n::{t, tf};
use crate::store::{SavedMapping, Store};

/// Lists every saved mapping, the most recently used first.
pub fn list(ctx: &Context) -> Result<(), CliError> {
    let mappings = if ctx.db_path.exists() {
        Store::open_for_reading(&ctx.db_path)?.import_mappings()?
    } else {
        Vec::new()
    };
    if mappings.is_empty() {
        return emit(&format!("{}\n", t(ctx.lang, "cli.import_mappings.none")));
    }
    let text: String = mappings.iter().map(|m| describe(ctx, m)).collect();
    emit(&text)
}

/// Forgets one saved mapping; an unknown id is a usage error that changes nothing.
pub fn forget(ctx: &Context, id: i64) -> Result<(), CliError> {
    let id_text = id.to_string();
    let missing = || CliError::Usage(tf(ctx.lang, "cli.import_mappings.no_such", &[("id", &id_text)]));
    if !ctx.db_path.exists() {
        return Err(missing());
    }
    let mut store = Store::open(&ctx.db_path)?;
    let Some(m) = store.import_mappings()?.into_iter().find(|m| m.id == id) else { return Err(missing()) };
    if !store.forget_import_mapping(id)? {
        return Err(missing());
    }
    let vars = [("id", id_text.as_str()), ("kind", m.kind.as_str()), ("headers", &headers(&m))];
    emit(&format!("{}\n", tf(ctx.lang, "cli.import_mappings.forgot", &vars)))
}

fn headers(m: &SavedMapping) -> String {
    clean_line(&m.headers.iter().filter(|h| !h.is_empty()).cloned().collect::<Vec<_>>().join(", "))
}

/// `#3 accounts · last used … · saved …`, then the headers and the mapping, indented.
fn describe(ctx: &Context, m: &SavedMapping) -> String {
    let pairs: Vec<String> =
        m.pairs.iter().map(|(h, f)| format!("{}→{}", clean_line(h), f.as_deref().unwrap_or("-"))).collect();
    let (used, created) = (m.used_on.to_string(), m.created_on.to_string());
    let id = m.id.to_string();
    let vars = [
        ("id", id.as_str()),
        ("kind", m.kind.as_str()),
        ("used", used.as_str()),
        ("created", created.as_str()),
    ];
    format!(
        "{}\n  {}\n  {}\n",
        tf(ctx.lang, "cli.import_mappings.entry", &vars),
        tf(ctx.lang, "cli.import_mappings.headers", &[("headers", &headers(m))]),
        tf(ctx.lang, "cli.import_mappings.mapping", &[("pairs", &clean_line(&pairs.join(", ")))]),
    )
}
