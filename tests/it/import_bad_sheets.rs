//! Spreadsheets that cannot be read: a zip bomb (declared or hidden), a corrupt `.xlsx`, a
//! password-protected `.xls`, an empty sheet, a `--sheet` the workbook does not have. Each
//! is refused with exit 2 and one message naming the file and what is wrong, and the
//! portfolio is left exactly as it was (a new one is not even created).

use crate::support::cli::{radar, radar_lang};
use std::io::Write;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

/// Imports `file` into a new portfolio and into one that has accounts; both refuse with
/// exit 2, the new one is not created and the old one is unchanged. Returns stderr.
fn refused(file: &Path, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let mut args = vec!["import", "accounts", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = radar(&fresh, &args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!fresh.exists(), "a refused import created the portfolio");
    assert_eq!(err.lines().count(), 1, "one message: {err}");
    let name = file.file_name().unwrap().to_str().unwrap();
    assert!(err.contains(name), "the message names the file: {err}");

    let db = dir.path().join("portfolio.db");
    let seed = dir.path().join("seed.csv");
    std::fs::write(&seed, "name,arr,renewal_date\n成都天府云图信息技术有限公司,120000,2027-03-01\n").unwrap();
    assert!(radar(&db, &["import", "accounts", seed.to_str().unwrap()]).status.success());
    let before = std::fs::read(&db).unwrap();
    let again = radar(&db, &args);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(std::fs::read(&db).unwrap(), before, "the portfolio changed");
    err
}

/// A minimal `.xlsx` shell around `sheet_xml` (the zip crate, deflated).
fn xlsx(sheet_xml: &[u8]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        z.start_file("xl/worksheets/sheet1.xml", o).unwrap();
        z.write_all(sheet_xml).unwrap();
        z.start_file("xl/workbook.xml", o).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

/// Rewrites every size field of the one-entry-of-`real`-bytes zip to `claimed`: the entry
/// says it is small and unzips to more.
fn lie_about_size(zip: &mut [u8], real: u32, claimed: u32) {
    let (real, claimed) = (real.to_le_bytes(), claimed.to_le_bytes());
    let mut patched = 0;
    for (sig, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
        let mut i = 0;
        while let Some(p) = zip[i..].windows(4).position(|w| w == sig) {
            let start = i + p + at;
            if zip[start..start + 4] == real {
                zip[start..start + 4].copy_from_slice(&claimed);
                patched += 1;
            }
            i += p + 4;
        }
    }
    assert_eq!(patched, 2, "local and central headers patched");
}

#[test]
fn a_zip_bomb_that_declares_gigabytes_is_refused_before_unzipping() {
    let dir = tempfile::tempdir().unwrap();
    // A stored entry whose headers claim 4 GB: refused from the directory alone.
    let mut bytes = xlsx(b"<worksheet><sheetData/></worksheet>");
    let sheet_len = b"<worksheet><sheetData/></worksheet>".len() as u32;
    lie_about_size(&mut bytes, sheet_len, 0xF000_0000);
    let file = dir.path().join("bomb-declared.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let err = refused(&file, &[]);
    assert!(err.contains("unzips to more than 1024 MB"), "{err}");
}

#[test]
fn a_zip_bomb_that_hides_its_size_is_stopped_while_unzipping() {
    let dir = tempfile::tempdir().unwrap();
    // 8 MB of the same byte deflates to a few KB; the headers say 100 bytes.
    let real = 8 << 20;
    let mut bytes = xlsx(&vec![b' '; real]);
    assert!(bytes.len() < 64 * 1024, "compressed to {} bytes", bytes.len());
    lie_about_size(&mut bytes, real as u32, 100);
    let file = dir.path().join("bomb-hidden.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let err = refused(&file, &[]);
    assert!(err.contains("unzips to more than"), "{err}");
}

#[test]
fn a_corrupt_xlsx_is_named_as_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("crm/contractvision_合同导入模板.xlsx")).unwrap();
    let file = dir.path().join("truncated.xlsx");
    std::fs::write(&file, &good[..good.len() / 2]).unwrap();
    let err = refused(&file, &[]);
    assert!(err.contains("not a readable spreadsheet"), "{err}");
    let text = dir.path().join("renamed-text.xlsx");
    std::fs::write(&text, "name,arr\nA,1\n").unwrap();
    let err = refused(&text, &[]);
    assert!(err.contains("not a readable spreadsheet"), "{err}");
    // In the user's language, with what to do (it was English under --lang zh-CN).
    for bad in [&file, &text] {
        let out =
            radar_lang(&dir.path().join("zh.db"), "zh-CN", &["import", "accounts", bad.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("不是可读取的电子表格") && err.contains("另存为"), "{err}");
    }
}

#[test]
fn a_password_protected_xls_says_so_and_how_to_get_on() {
    // tests/fixtures/bad_sheets/password.xls: jsherp_customer_template.xls with its
    // INTERFACEHDR record turned into a FILEPASS (encryption) record, same size.
    let err = refused(&fixture("bad_sheets/password.xls"), &[]);
    assert!(err.contains("protected by a password"), "{err}");
    assert!(err.contains("remove the password"), "{err}");
    assert!(!err.contains("Xls error"), "no library jargon: {err}");
}

#[test]
fn an_empty_sheet_names_the_sheet() {
    // tests/fixtures/bad_sheets/empty_sheet.xlsx: the contract template with no cells.
    let err = refused(&fixture("bad_sheets/empty_sheet.xlsx"), &[]);
    assert!(err.contains("sheet \"合同导入模板\" is empty"), "{err}");
}

#[test]
fn a_sheet_that_does_not_exist_lists_the_sheets() {
    let err = refused(&fixture("crm/contractvision_合同导入模板.xlsx"), &["--sheet", "Kunden"]);
    assert!(err.contains("no sheet \"Kunden\""), "{err}");
    assert!(err.contains("\"合同导入模板\""), "{err}");
    assert!(!err.contains("--map"), "not a --map mistake: {err}");
}

/// The refusals speak the interface language: zh-CN for a password and a zip bomb.
#[test]
fn refusals_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let zh = |file: &Path| {
        let out =
            radar_lang(&dir.path().join("p.db"), "zh-CN", &["import", "accounts", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = zh(&fixture("bad_sheets/password.xls"));
    assert!(err.contains("工作簿设有密码"), "{err}");
    let mut bytes = xlsx(b"<worksheet><sheetData/></worksheet>");
    let sheet_len = b"<worksheet><sheetData/></worksheet>".len() as u32;
    lie_about_size(&mut bytes, sheet_len, 0xF000_0000);
    let bomb = dir.path().join("bomb.xlsx");
    std::fs::write(&bomb, bytes).unwrap();
    let err = zh(&bomb);
    assert!(err.contains("解压后超过 1024 MB"), "{err}");
    let err = zh(&fixture("bad_sheets/empty_sheet.xlsx"));
    assert!(err.contains("工作表“合同导入模板”是空的"), "{err}");
}

/// A Radar portfolio (any SQLite file) given as the file to import is named as what it is,
/// with the two ways to use it. It read as "not UTF-8, GBK or Windows-1252 text (byte 0x99
/// on line 1); save the file as CSV UTF-8", which points nowhere (CSM trial, session 30).
#[test]
fn a_portfolio_file_is_named_as_a_database_not_as_bad_text() {
    let dir = tempfile::tempdir().unwrap();
    let colleague = dir.path().join("colleague.db");
    let seed = dir.path().join("seed.csv");
    std::fs::write(&seed, "name,arr,renewal_date\nBluefin 🐟,50000,2027-05-01\n").unwrap();
    assert!(radar(&colleague, &["import", "accounts", seed.to_str().unwrap()]).status.success());
    let err = refused(&colleague, &[]);
    assert!(err.contains("a SQLite database (a Radar portfolio?)"), "{err}");
    assert!(err.contains("radar --db FILE export"), "{err}");
    assert!(!err.contains("UTF-8"), "{err}");
}
