//! The import preview's table: the file's first rows as they will be stored, each column
//! under its header and the field it goes to. Pure text: the preview modal lays it out.

/// Widest a preview cell is drawn (longer text ends in `…`).
const CELL: usize = 18;

/// The preview table as aligned lines: each mapped column's header over `→ field` (two
/// rows: on one, "Company ID → external_id" was cut to "Company ID → exte…", the field
/// the preview is there to show; CSM trial, session 33), then the first rows' values as
/// they will be stored.
pub(super) fn table_lines(p: &crate::interchange::table::Preview) -> Vec<String> {
    use crate::domain::text::{clean_line, truncate_to_width, width};
    if p.columns.is_empty() {
        return Vec::new();
    }
    let (header, field): (Vec<String>, Vec<String>) = p
        .columns
        .iter()
        .map(|(h, f)| {
            let h = clean_line(h);
            if crate::interchange::fields::fold_header(&h) == f.name().replace('_', "") {
                (f.name().to_string(), String::new())
            } else {
                (h, format!("→ {}", f.name()))
            }
        })
        .unzip();
    // The second row only when some column is mapped to a field of another name.
    let mapped = field.iter().any(|f| !f.is_empty());
    let cells: Vec<Vec<String>> = std::iter::once(header)
        .chain(mapped.then_some(field))
        .chain(p.rows.iter().map(|r| r.iter().map(|c| clean_line(c)).collect()))
        .map(|r| r.iter().map(|c| truncate_to_width(c, CELL)).collect())
        .collect();
    let widths: Vec<usize> = (0..p.columns.len())
        .map(|i| cells.iter().filter_map(|r| r.get(i)).map(|c| width(c)).max().unwrap_or(0))
        .collect();
    cells
        .iter()
        .map(|r| {
            let padded: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(width(c)))))
                .collect();
            format!("  {}", padded.join(" │ ").trim_end())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each column's header over the field it goes to, both whole: on one row "Company ID
    /// → external_id" was cut to "Company ID → exte…" (CSM trial, session 33). A column
    /// named as its field takes one row, and a table of only those has no second row.
    #[test]
    fn the_preview_names_each_columns_field_whole() {
        use crate::interchange::fields::F;
        use crate::interchange::table::Preview;
        let row = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let p = Preview {
            columns: vec![
                ("Company ID".into(), F::ExternalId),
                ("Company Name".into(), F::Name),
                ("arr".into(), F::Arr),
            ],
            rows: vec![row(&["8801", "成都天府云图", "¥120,000"])],
            headers: Vec::new(),
            unknown: Vec::new(),
        };
        let lines = table_lines(&p);
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].contains("Company ID") && lines[0].contains("Company Name") && lines[0].contains("arr")
        );
        assert!(lines[1].contains("→ external_id") && lines[1].contains("→ name"), "{lines:#?}");
        assert!(!lines.iter().any(|l| l.contains('…')), "nothing cut: {lines:#?}");
        let same = Preview { columns: vec![("arr".into(), F::Arr)], rows: vec![row(&["¥1"])], ..p };
        assert_eq!(table_lines(&same).len(), 2, "no second header row");
    }
}
