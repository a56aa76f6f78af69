//! Saved import mappings in the two cases the README promises and a CSM trial found missed:
//! a mapping that names a required field (the header fits no kind without it), and the
//! rejected-rows file `--skip-invalid` writes (the original's header plus `error`).

use crate::import_mapping::{confirm_lines, on_file, owner_of, preview, radar};
use crate::support::tui_edit::today;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::modals::Modal;
use std::path::Path;

fn save(db: &Path, headers: &[&str], pairs: &[(&str, &str)]) {
    let mut s = Store::open(db).unwrap();
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    let key = radar::interchange::saved::header_key(&headers);
    let pairs: Vec<(String, Option<String>)> =
        pairs.iter().map(|(h, f)| (h.to_string(), Some(f.to_string()))).collect();
    s.save_import_mapping("accounts", &key, &headers, &pairs, today()).unwrap();
}

const ODD: [&str; 4] = ["Kunde", "ARR", "Renewal Date", "Kundenbetreuer"];

#[test]
fn a_saved_mapping_that_names_the_required_name_is_applied_by_the_cli_and_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    // The dashboard's portfolio, with the mapping its picker saved for these headers.
    let mut h = on_file(dir.path(), Lang::En, (120, 35));
    save(&db, &ODD, &[("Kunde", "name"), ("Kundenbetreuer", "owner")]);

    let file = dir.path().join("odd.csv");
    std::fs::write(&file, "Kunde,ARR,Renewal Date,Kundenbetreuer\nAcme GmbH,8000,2027-04-01,Jonas Weber\n")
        .unwrap();
    let out = radar(&db, &["import", "accounts", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("used the saved mapping for these headers: Kunde→name, Kundenbetreuer→owner"),
        "{err}"
    );
    assert_eq!(owner_of(&db, "Acme GmbH").as_deref(), Some("Jonas Weber"));

    // The dashboard proposes the kind the mapping was saved for instead of asking again.
    let second = dir.path().join("odd-2.csv");
    std::fs::write(&second, "kunde,renewal date,arr,KUNDENBETREUER\nBeta AG,2027-05-01,5000,Wang Fang\n")
        .unwrap();
    preview(&mut h, &second);
    assert!(!matches!(h.app.modals.last(), Some(Modal::Pick(_))), "asked for the kind again");
    let lines = confirm_lines(&h).join("\n");
    assert!(lines.contains("used the saved mapping for these headers"), "{lines}");
    assert!(lines.contains("Wang Fang"), "{lines}");
    h.keys("y");
    assert_eq!(owner_of(&db, "Beta AG").as_deref(), Some("Wang Fang"));
}

#[test]
fn a_rejected_rows_file_imports_with_the_originals_saved_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portfolio.db");
    let file = dir.path().join("vendor.csv");
    std::fs::write(
        &file,
        "name,arr,renewal_date,Betreuer\nAcme GmbH,8000,2027-04-01,Jonas Weber\nBeta AG,lots,2027-05-01,Wang Fang\n",
    )
    .unwrap();
    // Creates the database, then remembers the owner column.
    assert!(radar(&db, &["import", "--list-mappings"]).status.success());
    save(&db, &["name", "arr", "renewal_date", "Betreuer"], &[("Betreuer", "owner")]);
    let out = radar(&db, &["import", "accounts", file.to_str().unwrap(), "--skip-invalid"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(owner_of(&db, "Acme GmbH").as_deref(), Some("Jonas Weber"));
    assert_eq!(owner_of(&db, "Beta AG"), None, "set aside");

    // The CSM fixes the row in the rejected file and imports that.
    let rejected = dir.path().join("vendor.csv.accounts.rejected.csv");
    let text = std::fs::read_to_string(&rejected).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",error"), "{text}");
    std::fs::write(&rejected, text.replace(",lots,", ",5000,")).unwrap();
    let out = radar(&db, &["import", "accounts", rejected.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("used the saved mapping for these headers: Betreuer→owner"), "{err}");
    assert!(!err.contains("ignored columns"), "the error column is the rejected file's own: {err}");
    assert_eq!(owner_of(&db, "Beta AG").as_deref(), Some("Wang Fang"));
}
