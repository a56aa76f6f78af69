//! The rejected-rows file (`FILE.KIND.rejected.csv`) opens right in Excel and imports again:
//! UTF-8 with one BOM for UTF-8, GBK and Windows-1252 input (Excel reads a UTF-8 CSV right
//! only with a BOM; GBK would be wrong on any non-Chinese Windows and Windows-1252 cannot
//! hold Chinese), and UTF-16LE with a BOM for Excel's "Unicode text" input: that file is
//! tab-separated, and Excel splits a tab-separated file into columns only as Unicode text.

use std::path::Path;
use std::process::{Command, Output};

fn import(db: &Path, file: &Path, flags: &[&str]) -> Output {
    Command::new(crate::support::BIN)
        .arg("--db")
        .arg(db)
        .args(["--today", "2026-11-22", "--lang", "en", "import", "accounts"])
        .arg(file)
        .args(flags)
        .env_remove("RADAR_DB")
        .env("LANG", "en_US.UTF-8")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn rejected_of(input: &Path) -> Vec<u8> {
    let mut name = input.as_os_str().to_owned();
    name.push(".accounts.rejected.csv");
    std::fs::read(&name).unwrap()
}

fn set_aside(bytes: &[u8], name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let out = import(&dir.path().join("p.db"), &file, &["--skip-invalid"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    rejected_of(&file)
}

const ROWS: &str = "name,arr,renewal_date\r\n成都天府云图信息技术有限公司,120000,2027-03-01\r\nCrédito 🚀,lots,2027-03-01\r\n";

#[test]
fn utf8_input_with_a_bom_gets_one_bom() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(ROWS.as_bytes());
    let out = set_aside(&input, "bom.csv");
    assert!(
        out.starts_with(b"\xEF\xBB\xBFname,arr,renewal_date,error\r\n"),
        "{:?}",
        String::from_utf8_lossy(&out)
    );
    assert!(String::from_utf8_lossy(&out).contains("Crédito 🚀,lots,"));
    let plain = set_aside(ROWS.as_bytes(), "plain.csv");
    assert!(plain.starts_with(b"\xEF\xBB\xBFname"), "UTF-8 input: a BOM for Excel");
}

#[test]
fn windows_1252_input_becomes_utf8_with_a_bom() {
    let input =
        b"name,arr,renewal_date\r\nCr\xE9dito Inmobiliario,lots,2027-03-01\r\nPeople,1,2027-03-01\r\n";
    let out = set_aside(input, "sf.csv");
    let text = String::from_utf8(out.clone()).expect("UTF-8");
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    assert!(text.contains("Crédito Inmobiliario,lots,"), "{text}");
}

#[test]
fn unicode_text_input_stays_utf16_and_imports_again() {
    let text = ROWS.replace(',', "\t");
    let mut input = vec![0xFF, 0xFE];
    input.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("unicode.txt");
    std::fs::write(&file, &input).unwrap();
    let db = dir.path().join("p.db");
    assert!(import(&db, &file, &["--skip-invalid"]).status.success());
    let out = rejected_of(&file);
    assert_eq!(&out[..2], &[0xFF, 0xFE], "UTF-16LE with its BOM, as Excel saves Unicode text");
    let units: Vec<u16> = out[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let read = String::from_utf16(&units).unwrap();
    assert!(read.starts_with("name\tarr\trenewal_date\terror\r\nCrédito 🚀\tlots\t"), "{read:?}");
    // Fixed, it imports like the original.
    let fixed = read.replace("lots", "9000");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(fixed.encode_utf16().flat_map(u16::to_le_bytes));
    let again = dir.path().join("fixed.txt");
    std::fs::write(&again, bytes).unwrap();
    let out = import(&db, &again, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 created"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
