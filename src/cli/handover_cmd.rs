//! `radar handover ACCOUNT [--stage STAGE]`: the Markdown handover sheet on stdout.

use super::usage::{bad_choice, no_account};
use super::{CliError, Context, emit, open_store_for_reading};
use crate::domain::{Choice, Stage};
use crate::interchange::handover;
use crate::settings::Settings;

pub fn run(ctx: &Context, settings: &Settings, account: &str, stage: Option<&str>) -> Result<(), CliError> {
    let stage =
        stage.map(|s| Stage::parse(s).map_err(|e| bad_choice::<Stage>(ctx.lang, "stage", &e))).transpose()?;
    let store = open_store_for_reading(ctx)?;
    let missing = || no_account(ctx.lang, account);
    let found = super::usage::named_account(&store, ctx.lang, account)?;
    let facts = store.load_facts(found.id)?.ok_or_else(missing)?;
    let stage = stage.unwrap_or(facts.account.stage);
    emit(&handover::render(&facts, stage, ctx.lang, ctx.now, &settings.risk))
}
