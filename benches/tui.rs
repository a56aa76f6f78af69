//! Dashboard costs at 100k accounts (issue 4 targets: frame ≤ 1 ms, selection move ≤ 1 ms,
//! sort / filter / search keystroke ≤ 16 ms), and the portfolio pane's draw against a bare
//! ratatui `Table` of the same visible rows (the floor), with their ratio.
//! Run: `cargo bench --bench tui` (copies or builds the 100k demo first, see `common`).
// A benchmark that cannot set up panics: that is its error report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use radar::i18n::{Lang, choice_label};
use radar::store::Store;
use radar::tui::harness::Harness;
use radar::tui::msg::Msg;
use radar::tui::panes::portfolio::PortfolioView;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Borders, Row, Table, Widget};
use std::hint::black_box;
use std::time::{Duration, Instant};

const N: usize = 100_000;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn setup() -> (tempfile::TempDir, Harness) {
    let (dir, path) = common::demo_db(N);
    let today = common::today();
    let store = Store::open(&path).expect("open");
    let t = Instant::now();
    let h = Harness::new(store, Lang::En, today, (200, 50));
    eprintln!("setup: portfolio loaded and scored in {:?}", t.elapsed());
    (dir, h)
}

/// The same visible rows as the portfolio pane, as a plain ratatui Table.
fn bare_table(h: &Harness, area: Rect) -> Table<'static> {
    let p = &h.app.portfolio;
    let rows: Vec<Row> = (p.cursor.offset..)
        .take(area.height as usize)
        .filter_map(|i| p.model.row(i))
        .map(|r| {
            Row::new(vec![
                format!("{:>3}", r.score.unwrap_or(0)),
                r.name.clone(),
                choice_label(Lang::En, r.tier),
                choice_label(Lang::En, r.stage),
                r.arr.format_compact(),
                r.renewal_date.map_or(String::new(), |d| d.to_string()),
                r.owner.clone(),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(5),
        Constraint::Fill(1),
        Constraint::Length(9),
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Length(9),
    ];
    Table::new(rows, widths).block(Block::new().borders(Borders::ALL))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn benches(c: &mut Criterion) {
    let (_dir, mut h) = setup();
    let area = Rect::new(0, 0, 200, 50);
    let pane_area = h.app.areas().portfolio;
    let mut g = c.benchmark_group("tui_100k");
    // Warm-up and measurement times come from the command line (scripts/bench-report).
    g.sample_size(30);

    g.bench_function("frame_200x50", |b| {
        let mut buf = Buffer::empty(area);
        b.iter(|| {
            buf.reset();
            (&h.app).render(area, &mut buf);
            black_box(&buf);
        })
    });
    g.bench_function("portfolio_pane_draw", |b| {
        let mut buf = Buffer::empty(pane_area);
        b.iter(|| {
            buf.reset();
            PortfolioView { pane: &h.app.portfolio, keymap: &h.app.keymap }.render(pane_area, &mut buf);
            black_box(&buf);
        })
    });
    g.bench_function("bare_table_draw", |b| {
        let mut buf = Buffer::empty(pane_area);
        b.iter(|| {
            buf.reset();
            // Built per frame, like the pane builds its visible rows per frame.
            bare_table(&h, pane_area).render(pane_area, &mut buf);
            black_box(&buf);
        })
    });
    let mut down = true;
    g.bench_function("selection_move", |b| {
        b.iter(|| {
            down = !down;
            black_box(h.update_only(key(if down { 'j' } else { 'k' })));
        })
    });
    g.bench_function("sort_change", |b| b.iter(|| black_box(h.update_only(key('s')))));
    // One keystroke into an empty search box, over all 100k names (the worst case).
    h.update_only(key('/'));
    g.bench_function("search_keystroke", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                h.app.portfolio.search_input("");
                let t = Instant::now();
                black_box(h.update_only(key('a')));
                total += t.elapsed();
            }
            total
        })
    });
    g.finish();
    h.update_only(Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)));

    // The ratio, measured side by side in this run.
    let mut pane = Vec::new();
    let mut table = Vec::new();
    let mut buf = Buffer::empty(pane_area);
    for _ in 0..300 {
        buf.reset();
        let t = Instant::now();
        PortfolioView { pane: &h.app.portfolio, keymap: &h.app.keymap }.render(pane_area, &mut buf);
        pane.push(t.elapsed());
        buf.reset();
        let t = Instant::now();
        bare_table(&h, pane_area).render(pane_area, &mut buf);
        table.push(t.elapsed());
    }
    let (p, t) = (median(pane), median(table));
    eprintln!(
        "portfolio pane draw median {p:?} vs bare Table {t:?}: ratio {:.2}",
        p.as_secs_f64() / t.as_secs_f64().max(1e-9)
    );
}

criterion_group!(tui, benches);
criterion_main!(tui);
