//! An export that lost its characters before Radar read it (Salesforce's Data Loader sample:
//! five Japanese account names saved as Windows-1252 came out as `?????????`) imports, and
//! the summary says which lines' names are only question marks and how to get them back: a
//! re-export as UTF-8, whose rows find the accounts by their ids and rename them.

use crate::import_crm::Book;

#[test]
fn names_of_question_marks_are_imported_and_named_in_the_summary() {
    let b = Book::new();
    let out = b.ok("accounts", "sf_dataloader_accountData.csv", &["--on-name-match", "new"]);
    assert!(out.contains("423 created"), "{out}");
    assert!(
        out.contains(
            "names that are only question marks on 5 rows (lines 34, 35, 36, 37, 38): the export lost their characters"
        ),
        "{out}"
    );
    assert!(out.contains("export the file again as UTF-8 (Unicode)"), "{out}");
    // Imported all the same, under their ids.
    let marks: i64 = b
        .sql()
        .query_row(
            "SELECT count(*) FROM account WHERE length(name) >= 2 AND trim(name, '?') = '' \
             AND external_id BETWEEN '001x0000002xLCBAA2' AND '001x0000002xLCFAA2'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(marks, 5);

    // In Chinese too.
    let c = Book::new();
    let file = c.dir.join("sf.csv");
    std::fs::copy(b.dir.join("sf_dataloader_accountData.csv"), &file).unwrap();
    let out = c.import_path_lang("accounts", &file, &["--on-name-match", "new"], "zh-CN");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("客户名称只有问号"), "{err}");

    // A file without such names says nothing of it.
    let d = Book::new();
    let out = d.ok("accounts", "hubspot_companies.csv", &[]);
    assert!(!out.contains("question marks"), "{out}");
}
