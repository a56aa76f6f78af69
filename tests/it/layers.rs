//! The layers, enforced: the dashboard (`src/tui`) and the commands (`src/cli`) sit side
//! by side on top and never import each other's modules; what both need (the database
//! path, today, the language) is `src/context.rs`, which imports neither.

use crate::support::rust_files;
use std::path::Path;

/// Lines of the files under `dir` (or the file itself) that name module `module` of the crate.
fn uses_of(dir: &str, module: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    if root.is_dir() {
        rust_files(&root, &mut files);
    } else {
        files.push(root);
    }
    assert!(!files.is_empty(), "{dir}: no Rust files found");
    let needle = format!("crate::{module}");
    let mut hits = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains(&needle) || line.contains(&format!("radar::{module}")) {
                hits.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn the_dashboard_never_imports_the_commands() {
    let hits = uses_of("src/tui", "cli");
    assert!(hits.is_empty(), "src/tui must not use src/cli (use crate::context):\n{}", hits.join("\n"));
}

#[test]
fn the_shared_context_imports_neither_front_end() {
    let mut hits = uses_of("src/context.rs", "cli");
    hits.extend(uses_of("src/context.rs", "tui"));
    assert!(hits.is_empty(), "src/context.rs must not use cli or tui:\n{}", hits.join("\n"));
}

/// Lines of `dir` naming any of `modules`, outside `#[cfg(test)]` test files (the `tests*.rs`
/// files beside the code may build a demo book to test against).
fn uses_of_any(dir: &str, modules: &[&str]) -> Vec<String> {
    modules
        .iter()
        .flat_map(|m| uses_of(dir, m))
        .filter(|hit| !hit.contains("/tests") && !hit.contains("use crate::demo"))
        .collect()
}

#[test]
fn the_domain_names_no_other_layer() {
    // `i18n` is allowed: a pure lookup in the embedded locale files, no I/O.
    let hits = uses_of_any(
        "src/domain",
        &["store", "interchange", "cli", "tui", "scans", "refresh", "settings", "backups", "demo"],
    );
    assert!(hits.is_empty(), "src/domain must stay pure:\n{}", hits.join("\n"));
}

#[test]
fn the_store_and_interchange_never_name_the_front_ends() {
    let mut hits = uses_of_any("src/store", &["interchange", "cli", "tui", "scans"]);
    hits.extend(uses_of_any("src/interchange", &["cli", "tui"]));
    assert!(hits.is_empty(), "lower layers must not use the front ends:\n{}", hits.join("\n"));
}
