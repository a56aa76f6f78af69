//! The store seam, enforced: only `src/store` speaks to the database engine. No other
//! module names `rusqlite` or runs a PRAGMA, and nothing public in `src/store` takes or
//! returns an engine type (ARCHITECTURE.md, "The store and its seam"), so a second engine changes `src/store` only.

use crate::support::rust_files;
use std::path::{Path, PathBuf};

/// Every line of code (comments left out) of every Rust file under src/, with its place.
fn code_lines() -> Vec<(PathBuf, usize, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let rel = f.strip_prefix(root).unwrap().to_path_buf();
        for (i, line) in std::fs::read_to_string(&f).unwrap().lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").trim();
            if !code.is_empty() {
                out.push((rel.clone(), i + 1, code.to_string()));
            }
        }
    }
    out
}

fn in_store(p: &Path) -> bool {
    p.starts_with("src/store")
}

fn listed(hits: &[(PathBuf, usize, String)]) -> String {
    hits.iter().map(|(p, n, l)| format!("{}:{n}: {l}", p.display())).collect::<Vec<_>>().join("\n")
}

#[test]
fn only_the_store_names_the_database_engine() {
    let hits: Vec<_> = code_lines()
        .into_iter()
        .filter(|(p, _, l)| {
            !in_store(p) && (l.contains("rusqlite") || l.to_ascii_lowercase().contains("pragma"))
        })
        .collect();
    assert!(hits.is_empty(), "engine code outside src/store:\n{}", listed(&hits));
}

#[test]
fn the_stores_public_api_has_no_engine_types() {
    let engine = ["rusqlite", "Connection", "Statement", "ToSql", "Params"];
    let hits: Vec<_> = code_lines()
        .into_iter()
        .filter(|(p, _, l)| in_store(p) && l.starts_with("pub ") && engine.iter().any(|e| l.contains(e)))
        .collect();
    assert!(hits.is_empty(), "public store items naming engine types:\n{}", listed(&hits));
}
