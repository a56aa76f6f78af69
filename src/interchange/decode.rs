//! Turns a file's bytes into text and finds its delimiter. CRM and spreadsheet exports come
//! as UTF-8 with or without a BOM, as UTF-16 ("Unicode text" from Excel), and — from
//! Chinese Excel's plain "CSV" save — as GBK, and from Western Excel and Salesforce as
//! Windows-1252. Both are converted rather than refused: refusing would send most users to
//! a text editor for a step the program can do exactly. The two are told apart by which
//! reading gives plausible text (see `choose_legacy`), never by trying one and keeping it
//! because it did not fail: Latin text such as `Crédito` is valid GBK too (`Cr閐ito`).

/// How the file's bytes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Gbk,
    Windows1252,
}

impl Encoding {
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 with BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gbk => "GBK (GB18030)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// Why the bytes are not text we can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not UTF-8, GBK or Windows-1252 text (byte 0x{byte:02X} on line {line}); save the file as \"CSV UTF-8\" and import it again"
)]
pub struct EncodingError {
    pub line: usize,
    pub byte: u8,
}

/// Decodes the whole file, taking the bytes: plain UTF-8 (the usual case) becomes the text
/// without a copy, so a big file is held once, not twice.
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Encoding), EncodingError> {
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if bom || !(bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
        if bom {
            bytes.drain(..3);
        }
        let encoding = if bom { Encoding::Utf8Bom } else { Encoding::Utf8 };
        match String::from_utf8(bytes) {
            Ok(s) => return Ok((s, encoding)),
            Err(e) if bom => return utf8(e.as_bytes()).map(|s| (s, encoding)),
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode(&bytes)
}

/// Decodes the whole file.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), EncodingError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, Encoding::Utf8Bom));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Ok((utf16(rest, u16::from_le_bytes), Encoding::Utf16Le));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Ok((utf16(rest, u16::from_be_bytes), Encoding::Utf16Be));
    }
    match utf8(bytes) {
        Ok(s) => Ok((s, Encoding::Utf8)),
        Err(utf8_err) => choose_legacy(bytes).ok_or(utf8_err),
    }
}

/// A file that is not UTF-8: GBK or Windows-1252, whichever reading is plausible text.
///
/// GBK writes every Chinese character as two bytes of 0x81..=0xFE, and real Chinese text
/// stays almost entirely in GB2312's part of it (both bytes 0xA1 or more). Latin text read
/// as GBK instead pairs an accented letter with the ASCII letter after it (`é` + `d` in
/// `Crédito`): a second byte below 0xA1, GBK's rarely used extension. Windows-1252 read
/// from GBK bytes gives runs of accented letters and symbols (`¿Í»§`), which Latin text
/// almost never has. So: GBK when its reading is valid and mostly GB2312, else
/// Windows-1252 when no byte is one it leaves undefined, else neither.
fn choose_legacy(bytes: &[u8]) -> Option<(String, Encoding)> {
    let gbk = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    if let Some(text) = &gbk {
        let (common, rare) = gbk_pairs(bytes);
        if common > 0 && common >= rare * 4 {
            return Some((text.clone().into_owned(), Encoding::Gbk));
        }
    }
    // 0x81, 0x8D, 0x8F, 0x90 and 0x9D are undefined in Windows-1252 (C1 controls if read).
    let undefined = bytes.iter().any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D));
    if !undefined {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        return Some((text.into_owned(), Encoding::Windows1252));
    }
    gbk.map(|t| (t.into_owned(), Encoding::Gbk))
}

/// Two-byte GBK characters in GB2312's range (both bytes 0xA1..=0xFE) and outside it.
fn gbk_pairs(bytes: &[u8]) -> (usize, usize) {
    let (mut common, mut rare) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if next.is_ascii_digit() {
            i += 4; // a GB18030 four-byte sequence: rare in real text
            rare += 1;
            continue;
        }
        if (0xA1..=0xFE).contains(&b) && (0xA1..=0xFE).contains(&next) {
            common += 1;
        } else {
            rare += 1;
        }
        i += 2;
    }
    (common, rare)
}

fn utf8(bytes: &[u8]) -> Result<String, EncodingError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(EncodingError { line, byte: bytes[at] })
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units).map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
}

/// The delimiter of the header line: whichever of `,` `;` tab occurs most often outside
/// quotes (`,` on a tie). A header rarely contains the other two characters, while the data
/// rows may well (amounts like `1,200` in a `;` file).
pub fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], std::cmp::Reverse(*i))).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_gbk() {
        assert_eq!(decode(b"\xEF\xBB\xBFname\n").unwrap(), ("name\n".to_string(), Encoding::Utf8Bom));
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("名a".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&le).unwrap().0, "名a");
        // "客户名称" in GBK.
        let (gbk, _, _) = encoding_rs::GBK.encode("客户名称,到期日\n成都,2026/3/1\n");
        assert_eq!(decode(&gbk).unwrap(), ("客户名称,到期日\n成都,2026/3/1\n".into(), Encoding::Gbk));
        let err = decode(b"ok\n\x81\x20").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn owned_decoding_reads_the_same_as_borrowed() {
        let gbk = encoding_rs::GBK.encode("客户名称\n成都\n").0.into_owned();
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("名a".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        for bytes in [
            b"\xEF\xBB\xBFname\n".to_vec(),
            "成都,1\n".as_bytes().to_vec(),
            gbk,
            le,
            b"ok\n\xFF\xFF".to_vec(),
        ] {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes));
        }
    }

    /// Issue 14: Salesforce's Windows-1252 text was read as GBK (`Crédito` as `Cr閐ito`).
    #[test]
    fn windows_1252_and_gbk_are_told_apart() {
        let (latin, _, _) =
            encoding_rs::WINDOWS_1252.encode("NAME\nCrédito Inmobiliario\nPébéo of America\nMüller GmbH\n");
        assert_eq!(
            decode(&latin).unwrap(),
            ("NAME\nCrédito Inmobiliario\nPébéo of America\nMüller GmbH\n".into(), Encoding::Windows1252)
        );
        let one = encoding_rs::WINDOWS_1252.encode("name\nCafé Crème,1\n").0.into_owned();
        assert_eq!(decode(&one).unwrap().1, Encoding::Windows1252);
        let (gbk, _, _) =
            encoding_rs::GBK.encode("客户名称,联系人\n成都天府云图信息技术有限公司,张经理\n客户\n");
        assert_eq!(
            decode(&gbk).unwrap(),
            ("客户名称,联系人\n成都天府云图信息技术有限公司,张经理\n客户\n".into(), Encoding::Gbk)
        );
        let (short, _, _) = encoding_rs::GBK.encode("客户\n");
        assert_eq!(decode(&short).unwrap(), ("客户\n".into(), Encoding::Gbk));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a,b,c\n1;2;3"), b',');
        assert_eq!(detect_delimiter("a;b;\"c,d\"\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("single"), b',');
    }
}
