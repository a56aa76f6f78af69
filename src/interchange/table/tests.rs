//! Reading files into tables: line numbers, header detection, `--set`/`--default`.

use super::*;

fn table(text: &str, kind: Kind, options: &ReadOptions) -> Result<Table, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, text).unwrap();
    Table::read(&path, kind, options)
}

fn lines(t: &Table) -> Vec<u64> {
    let mut out = Vec::new();
    t.try_for_each(|r, _| {
        out.push(r.line);
        Ok(())
    })
    .unwrap();
    out
}

/// Issue 14: in a CRLF file every line number after the first record was one too low.
#[test]
fn crlf_line_numbers_are_the_files_real_lines() {
    let o = ReadOptions::default();
    let lf = table("name,arr\nA,1\n\nB,2\n\"C\nmulti\",3\nD,4\n", Kind::Accounts, &o).unwrap();
    assert_eq!(lines(&lf), [2, 4, 5, 7]);
    let crlf =
        table("name,arr\r\nA,1\r\n\r\nB,2\r\n\"C\r\nmulti\",3\r\nD,4\r\n", Kind::Accounts, &o).unwrap();
    assert_eq!(lines(&crlf), [2, 4, 5, 7]);
    assert!(crlf.crlf);
}

#[test]
fn the_header_is_found_below_an_instruction_row() {
    let text = "\"1、带星号的为必填项\r\n2、状态列说明：0-禁用 1-启用\",,,\r\n名称*,联系人,手机号码,状态*\r\n成都天府云图信息技术有限公司,张三,138,1\r\n";
    let t = table(text, Kind::Accounts, &ReadOptions::default()).unwrap();
    assert_eq!(t.header_line, 3);
    assert_eq!(t.headers[0], "名称*");
    assert_eq!(lines(&t), [4]);
    let forced = ReadOptions { header_line: Some(1), ..ReadOptions::default() };
    assert!(matches!(table(text, Kind::Accounts, &forced), Err(ImportError::MissingColumns { .. })));
    let nowhere = ReadOptions { header_line: Some(2), ..ReadOptions::default() };
    let Err(err) = table(text, Kind::Accounts, &nowhere) else { panic!("a header on line 2") };
    assert!(err.to_string().contains("line 2"), "{err}");
}

#[test]
fn set_and_default_name_fields_of_the_kind() {
    let o = ReadOptions {
        set: vec!["currency=USD".into()],
        defaults: vec!["tier=mid".into()],
        ..Default::default()
    };
    let t = table("name\nA\n", Kind::Accounts, &o).unwrap();
    assert!(t.has(F::Currency) && t.has(F::Tier));
    let bad = ReadOptions { set: vec!["curency=USD".into()], ..Default::default() };
    let Err(err) = table("name\nA\n", Kind::Accounts, &bad) else { panic!("curency is no field") };
    let err = err.to_string();
    assert!(err.contains("did you mean 'currency'"), "{err}");
}

/// One stray quote at a cell's start opens a cell the reader closes only at the end of
/// the file: found, with the line it opens on; what the CSV reader reads as closed is not.
#[test]
fn a_quoted_cell_never_closed_is_found_on_its_line() {
    use super::records::unclosed_quote;
    let stray = "name,arr\n\"Acme 12\"\" Display,1000\nBeta Co,2000\nGamma Co,3000\n";
    assert_eq!(unclosed_quote(stray, b','), Some(2));
    assert_eq!(unclosed_quote("name\n\"Broken Quote Co\n", b','), Some(2));
    assert_eq!(unclosed_quote("a;b\r\nx;\"open\r\n", b';'), Some(2), "CRLF, another delimiter");
    assert_eq!(unclosed_quote("a\tb\nx\t\"open", b'\t'), Some(2), "tab, no final newline");
    for closed in [
        "name,note\nAcme,\"two\nlines\"\nBeta,x\n",
        "name\nab\"c\n",
        "name,x\n\"\",\"\"\"\"\n",
        "name\n\"Acme\"de\"f\n",
        "name\n\"成都天府云图信息技术有限公司 \u{1F680}\"\n",
        "",
    ] {
        assert_eq!(unclosed_quote(closed, b','), None, "{closed:?}");
    }
    // The reader agrees on what is closed: each of these reads as whole rows.
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader("name\nab\"c\nx\n".as_bytes());
    assert_eq!(r.records().count(), 3);
}
