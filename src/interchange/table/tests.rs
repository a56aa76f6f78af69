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
