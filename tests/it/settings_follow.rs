//! The dashboard follows its settings file (`SettingsWatch`), through the app and the
//! worker without a terminal: the settings that change what it computes are taken and
//! everything shown is computed again; other keys cost nothing; a broken file is refused
//! and the settings in use kept. (`live_refresh` drives the same with the real binary.)

use chrono::NaiveDate;
use radar::domain::Currency;
use radar::i18n::Lang;
use radar::store::Store;
use radar::tui::msg::{Effect, Msg, Reply};
use radar::tui::runtime::harness::Harness;
use radar::tui::runtime::worker::SettingsWatch;

fn check(h: &mut Harness) -> Vec<Reply> {
    let mut replies = Vec::new();
    h.worker.handle(&Effect::CheckChanges, &mut |r| replies.push(r));
    replies
}

#[test]
fn the_dashboard_takes_changed_settings_and_refuses_a_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    crate::support::cli::demo_file(&db, 120, 1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut h = Harness::new(Store::open(&db).unwrap(), Lang::En, today, (120, 35));
    let config = dir.path().join("config.toml");
    h.worker.settings_watch = Some(SettingsWatch::new(config.clone()));
    assert!(h.screen().contains("at-risk ¥"), "{}", h.screen());
    assert!(check(&mut h).is_empty(), "no file, no change");

    std::fs::write(&config, "[report]\ncurrency = \"USD\"\n").unwrap();
    // The live-refresh tick: the worker reads the file, the app reloads everything.
    h.send(Msg::Tick(NaiveDate::MIN));
    assert_eq!(h.worker.cfg.report_currency, Some(Currency::USD));
    let screen = h.screen();
    assert!(screen.contains("Settings changed in"), "{screen}");
    assert!(screen.contains("at-risk $"), "the totals follow the new currency:\n{screen}");

    // Another key only (the theme): nothing computed changes, nothing is redone.
    std::fs::write(&config, "[report]\ncurrency = \"USD\"\n\n[theme]\nbackground = \"light\"\n").unwrap();
    let replies = check(&mut h);
    assert!(replies.iter().all(|r| !matches!(r, Reply::SettingsApplied { .. })), "{replies:?}");

    std::fs::write(&config, "[report]\ncurrency = \"USD\"\n[risk.bands]\nwatch = = 3\n").unwrap();
    let replies = check(&mut h);
    let refused: Vec<(&String, &String)> = replies
        .iter()
        .filter_map(
            |r| if let Reply::SettingsRefused { path, error } = r { Some((path, error)) } else { None },
        )
        .collect();
    assert_eq!(refused.len(), 1, "{replies:?}");
    let (path, error) = refused[0];
    assert_eq!(path, "config.toml", "the file's name: one status line");
    assert!(error.starts_with("line 4, column") && error.contains("expected"), "{error}");
    assert!(!error.contains('\n'), "one status line: {error}");
    assert_eq!(h.worker.cfg.report_currency, Some(Currency::USD), "the settings in use are kept");
    assert!(check(&mut h).is_empty(), "said once, not at every tick");

    // Fixed back to what is in use: nothing to redo, but the refusal on screen is answered.
    std::fs::write(&config, "[report]\ncurrency = \"USD\"\n").unwrap();
    h.send(Msg::Tick(NaiveDate::MIN));
    assert!(h.screen().contains("reads again; the dashboard's settings did not change"), "{}", h.screen());
    assert!(check(&mut h).is_empty());
    std::fs::write(&config, "[report]\ncurrency = \"USD\"\n[risk.bands]\nwatch = = 3\n").unwrap();
    assert!(matches!(check(&mut h).as_slice(), [Reply::SettingsRefused { .. }]));

    // Mended: taken again (here, back to the defaults but for a heavier rule).
    std::fs::write(&config, "[risk.points]\nusage_stopped = 60\n").unwrap();
    h.send(Msg::Tick(NaiveDate::MIN));
    assert_eq!(h.worker.cfg.report_currency, None);
    assert_eq!(h.worker.cfg.points.get(radar::domain::risk::RuleId::UsageStopped), 60);
    assert!(h.screen().contains("at-risk ¥"), "{}", h.screen());
}
