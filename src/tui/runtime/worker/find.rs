//! `Effect::Search`: search everything (`C-f`). The best `FIND_LIMIT` records, and when
//! that many match, how many match in all: the box said "50+" where `radar search` said
//! "58 found" (CSM trial, session 28). Counting is one pass over the index's matches,
//! asked only when the list is full.

use super::Worker;
use crate::tui::msg::Reply;
use crate::tui::overlays::find::FIND_LIMIT;

impl Worker {
    pub(super) fn search(&self, query: &str, send: &mut dyn FnMut(Reply)) -> Result<(), String> {
        let hits = self.store.search(query, FIND_LIMIT).map_err(|e| e.to_string())?;
        let total = if hits.len() >= FIND_LIMIT {
            Some(self.store.search_total(query).map_err(|e| e.to_string())?)
        } else {
            None
        };
        send(Reply::Found { query: query.to_string(), hits, total });
        Ok(())
    }
}
