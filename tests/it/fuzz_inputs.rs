//! Hostile and random input for the CSV importer, the date and amount parsers and the
//! form-input parsers: never a panic, always a value or a clear error.
//!
//! A small mutation fuzzer over the fixture files (byte flips, inserted quotes, delimiters,
//! newlines, control and multi-byte characters, invalid UTF-8, spliced lines). The suite
//! runs a short smoke; `FUZZ_SECONDS=600 cargo test --release --test fuzz_inputs -- --ignored
//! --nocapture` (or `scripts/crash-campaign`) runs it for a bounded time. An input that
//! panics is saved under target/fuzz-crashes/ for replay. (`cargo fuzz` needs a nightly
//! compiler, which this machine cannot fetch; this harness runs on stable.)

use chrono::NaiveDate;
use radar::demo::Rng;
use radar::domain::dates::{Facing, parse_date, parse_date_input};
use radar::domain::{Currency, Money};
use radar::interchange::Kind;
use radar::interchange::import;
use radar::store::Store;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Uniform in `0..n`.
fn idx(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

const SPICE: &[&[u8]] = &[
    b"\"",
    b",",
    b";",
    b"\t",
    b"\n",
    b"\r\n",
    b"\"\"",
    b"\x1b[31m",
    b"\x1b]0;t\x07",
    b"\xc2\x9b2J",
    b"\x07",
    b"\xe2\x80\xae",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\x00",
    "成都天府云图".as_bytes(),
    "🚀".as_bytes(),
    b"2026-02-30",
    b"2026/13/01",
    b"9999999999999999999999",
    b"-1",
    b"1e9",
    b"\xc2\xa5120,000",
    b"1.2m",
    "12万".as_bytes(),
    b"P0",
    b"decision_maker",
    b"yes",
];

fn mutate(seed: &[u8], other: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + idx(rng, 6) {
        let at = idx(rng, v.len() + 1);
        match idx(rng, 6) {
            0 if !v.is_empty() => {
                let i = idx(rng, v.len());
                v[i] ^= 1 << idx(rng, 8);
            }
            1 => {
                let s = SPICE[idx(rng, SPICE.len())];
                v.splice(at..at, s.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + idx(rng, 40)).min(v.len());
                v.drain(at.min(end)..end);
            }
            3 if !v.is_empty() => {
                let start = idx(rng, v.len());
                let end = (start + idx(rng, 200)).min(v.len());
                let chunk = v[start..end].to_vec();
                v.splice(at..at, chunk);
            }
            4 if !other.is_empty() => {
                let start = idx(rng, other.len());
                let end = (start + idx(rng, 300)).min(other.len());
                v.splice(at..at, other[start..end].iter().copied());
            }
            _ => v.insert(at, (rng.next_u64() & 0xff) as u8),
        }
    }
    v
}

fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "csv"))
                .collect()
        })
        .unwrap_or_else(|_| Vec::<PathBuf>::new())
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    out.sort();
    if out.is_empty() {
        out.push((PathBuf::from("accounts.csv"), b"name,arr,renewal_date\nAcme,1000,2027-01-01\n".to_vec()));
    }
    out
}

fn kind_of(path: &Path) -> Kind {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for (prefix, kind) in [
        ("accounts", Kind::Accounts),
        ("contacts", Kind::Contacts),
        ("promises", Kind::Promises),
        ("requirements", Kind::Requirements),
        ("usage", Kind::Usage),
        ("touchpoints", Kind::Touchpoints),
        ("outcomes", Kind::Outcomes),
    ] {
        if name.starts_with(prefix) {
            return kind;
        }
    }
    Kind::Accounts
}

/// One input through every parser. Returns an error message if something panicked.
fn exercise(
    bytes: &[u8],
    kind: Kind,
    store: &mut Store,
    file: &Path,
    today: NaiveDate,
) -> Result<(), String> {
    std::fs::write(file, bytes).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(bytes);
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
        for line in text.lines().take(50) {
            for cell in line.split([',', ';', '\t']).take(20) {
                let _ = parse_date(cell);
                for facing in [Facing::Past, Facing::Future, Facing::Either] {
                    let _ = parse_date_input(cell, today, facing);
                }
                let _ = Money::parse(cell, Currency::CNY);
            }
        }
        match import::plan(store, kind, file, "", today) {
            Ok(plan) => {
                let now = today.and_hms_opt(12, 0, 0).unwrap();
                if let Err(e) = import::apply(store, plan, now, &Default::default()) {
                    assert!(!e.to_string().is_empty(), "an empty error message");
                }
            }
            Err(e) => assert!(!e.to_string().is_empty(), "an empty error message"),
        }
    }));
    result.map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

fn fuzz(budget: Duration, max_iterations: usize, seed: u64) -> usize {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let seeds = seeds();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("input.csv");
    let mut store = Store::open_in_memory().unwrap();
    let mut facts =
        radar::demo::generate_range(&radar::demo::DemoOptions { accounts: 10, seed: 1, today }, 0..10)
            .unwrap();
    store.insert_facts(&mut facts, false).unwrap();
    let mut rng = Rng::new(seed);
    let start = Instant::now();
    let mut n = 0;
    // Silence the default panic printout; failures are reported below with their input.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut failure = None;
    while n < max_iterations && start.elapsed() < budget {
        let (path, bytes) = &seeds[idx(&mut rng, seeds.len())];
        let other = &seeds[idx(&mut rng, seeds.len())].1;
        let input = mutate(bytes, other, &mut rng);
        if let Err(msg) = exercise(&input, kind_of(path), &mut store, &file, today) {
            let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-crashes");
            let _ = std::fs::create_dir_all(&keep);
            let saved = keep.join(format!("crash-{seed}-{n}.csv"));
            let _ = std::fs::write(&saved, &input);
            failure =
                Some(format!("panic on input from {} (saved as {}): {msg}", path.display(), saved.display()));
            break;
        }
        n += 1;
    }
    std::panic::set_hook(hook);
    if let Some(f) = failure {
        panic!("{f}");
    }
    n
}

#[test]
fn smoke_fuzz_never_panics() {
    let n = fuzz(Duration::from_secs(60), 400, 1);
    assert!(n > 0);
}

#[test]
#[ignore = "long run: FUZZ_SECONDS=600 cargo test --release --test fuzz_inputs -- --ignored --nocapture"]
fn bounded_fuzz_campaign() {
    let secs: u64 = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(120);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(7);
    let start = Instant::now();
    let n = fuzz(Duration::from_secs(secs), usize::MAX, seed);
    eprintln!("fuzz: {n} executions in {:.0?} (seed {seed}), no panic", start.elapsed());
}
