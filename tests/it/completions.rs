//! `radar completions SHELL`: a script for each shell that names every command, is valid
//! for the shells installed here, and completes account names and external ids for
//! `handover` from the portfolio file (bash and fish driven for real; zsh checked).

use clap::CommandFactory;
use radar::cli::Cli;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn radar(args: &[&str]) -> Output {
    Command::new(crate::support::BIN)
        .args(args)
        .env_remove("RADAR_DB")
        .env("RADAR_CONFIG", "/nonexistent/radar-config.toml")
        .output()
        .expect("radar runs")
}

fn script(shell: &str) -> String {
    let out = radar(&["completions", shell]);
    assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Every command a user can type, nested ones too (`config set`).
fn visible_commands() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            out.push(sub.get_name().to_string());
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out
}

fn have(tool: &str) -> bool {
    Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().is_ok_and(|o| o.status.success())
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let commands = visible_commands();
    for expected in ["import", "handover", "completions", "man", "config", "path", "show", "set"] {
        assert!(commands.iter().any(|c| c == expected), "{expected} is a command: {commands:?}");
    }
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let s = script(shell);
        assert!(s.len() > 1000, "{shell}: {} bytes", s.len());
        for c in &commands {
            assert!(s.contains(c.as_str()), "{shell} script does not name `{c}`");
        }
        for hidden in ["torture-edits", "exit-after-first-frame"] {
            assert!(!s.contains(hidden), "{shell} script offers the hidden {hidden}");
        }
    }
}

#[test]
fn scripts_parse_in_their_shells() {
    for (shell, check) in [("bash", "bash -n"), ("zsh", "zsh -n"), ("fish", "fish --no-execute")] {
        if !have(shell) {
            eprintln!("note: {shell} is not installed; its script is not syntax-checked");
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("radar.{shell}"));
        std::fs::write(&file, script(shell)).unwrap();
        let out =
            Command::new("sh").args(["-c", &format!("{check} \"$1\""), "sh"]).arg(&file).output().unwrap();
        assert!(out.status.success(), "{check}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("p.db");
    let out = radar(&["--db", db.to_str().unwrap(), "--today", "2026-11-22", "demo", "--accounts", "60"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

fn lines(out: &Output) -> Vec<String> {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}

#[test]
fn complete_accounts_lists_ids_and_names_by_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let db = db.to_str().unwrap();
    let ids = lines(&radar(&["--db", db, "complete-accounts", "ACC-00005"]));
    assert_eq!(ids, (50..=59).map(|i| format!("ACC-0000{i}")).collect::<Vec<_>>());
    let names = lines(&radar(&["--db", db, "complete-accounts", "成都天府"]));
    assert_eq!(names, vec!["成都天府云图信息技术有限公司"]);
    let all = lines(&radar(&["--db", db, "complete-accounts"]));
    assert_eq!(all.iter().filter(|k| k.starts_with("ACC-")).count(), 60, "every id: {all:?}");
    assert!(all.len() > 100, "and the names: {all:?}");
    // A prefix that looks like an option, or hostile text: no candidates, no noise.
    assert!(lines(&radar(&["--db", db, "complete-accounts", "--", "--x"])).is_empty());
    assert!(lines(&radar(&["--db", db, "complete-accounts", "\x1b]0;pwned\x07"])).is_empty());
    // No portfolio: nothing, silently, and no file created.
    let missing = dir.path().join("none.db");
    let out = radar(&["--db", missing.to_str().unwrap(), "complete-accounts", "A"]);
    assert!(out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    assert!(!missing.exists());
}

/// Runs bash's completion for `line` (the word under the cursor is the last one) with the
/// script loaded, as bash-completion would, and returns COMPREPLY.
fn bash_complete(script: &Path, words: &[&str], bin_dir: &Path) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{}'", w.replace('\'', "'\\''"))).collect();
    let program = format!(
        "source \"$1\"\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\nCOMP_POINT=${{#COMP_LINE}}\n\
         _radar_accounts radar \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program, "bash"])
        .arg(script)
        .env("PATH", format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default()))
        .env("LC_ALL", "C.UTF-8")
        .env_remove("RADAR_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// A folder whose `radar` is the binary under test (the scripts call `radar`).
fn bin_dir(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(crate::support::BIN, bin.join("radar")).unwrap();
    bin
}

#[test]
fn bash_completes_handover_accounts_from_the_db_on_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let db = db.to_str().unwrap();
    let file = dir.path().join("radar.bash");
    std::fs::write(&file, script("bash")).unwrap();
    let bin = bin_dir(dir.path());

    let got = bash_complete(&file, &["radar", "--db", db, "handover", "ACC-00005"], &bin);
    assert_eq!(got.len(), 10, "{got:?}");
    assert!(got.contains(&"ACC-000057".to_string()), "{got:?}");
    // Names with spaces come back escaped for the command line.
    let got = bash_complete(&file, &["radar", "handover", "--db", db, "Glob"], &bin);
    assert!(!got.is_empty() && got.iter().all(|c| c.starts_with("Glob")), "{got:?}");
    assert!(got.iter().any(|c| c.contains("\\ ")), "spaces escaped: {got:?}");
    let got = bash_complete(&file, &["radar", "--db", db, "handover", "成都"], &bin);
    assert!(got.iter().any(|c| c.contains("成都天府云图信息技术有限公司")), "{got:?}");
    // `review` takes an account the same way.
    let got = bash_complete(&file, &["radar", "--db", db, "review", "ACC-00005"], &bin);
    assert!(got.contains(&"ACC-000057".to_string()), "{got:?}");
    // Elsewhere the static completion still answers: commands, not accounts.
    let got = bash_complete(&file, &["radar", "--db", db, "hand"], &bin);
    assert_eq!(got, vec!["handover"]);
    let got = bash_complete(&file, &["radar", "--db", db, "handover", "ACC-000001", "ACC"], &bin);
    assert!(!got.iter().any(|c| c.starts_with("ACC-")), "only the first argument is an account: {got:?}");
}

#[test]
fn fish_completes_handover_accounts() {
    if !have("fish") {
        eprintln!("note: fish is not installed; skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let file = dir.path().join("radar.fish");
    std::fs::write(&file, script("fish")).unwrap();
    let bin = bin_dir(dir.path());
    let complete = |line: &str| -> Vec<String> {
        let out = Command::new("fish")
            .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
            .arg(&file)
            .arg(line)
            .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default()))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    let db = db.to_str().unwrap();
    let got = complete(&format!("radar --db {db} handover ACC-00005"));
    assert_eq!(got.len(), 10, "{got:?}");
    let got = complete(&format!("radar --db {db} handover 成都"));
    assert_eq!(got, vec!["成都天府云图信息技术有限公司"]);
    let got = complete(&format!("radar --db {db} handover ACC-000001 ACC"));
    assert!(!got.iter().any(|c| c.starts_with("ACC-")), "{got:?}");
}

#[test]
fn zsh_completes_handover_accounts_in_a_real_shell() {
    use crate::support::tmux::Tmux;
    if !have("zsh") {
        assert!(std::env::var_os("CI").is_none(), "CI installs zsh");
        eprintln!("note: zsh is not installed; skipped");
        return;
    }
    if !Tmux::available("the zsh completion test") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let bin = bin_dir(dir.path());
    let functions = dir.path().join("functions");
    std::fs::create_dir_all(&functions).unwrap();
    std::fs::write(functions.join("_radar"), script("zsh")).unwrap();
    std::fs::write(
        dir.path().join(".zshrc"),
        format!(
            "fpath=({} $fpath)\nautoload -Uz compinit && compinit -u -d {}/.zcompdump\nPS1='ZSH-READY$ '\n",
            functions.display(),
            dir.path().display()
        ),
    )
    .unwrap();
    let t = Tmux::on("zsh", "zsh");
    let shell = format!(
        "env -i HOME={home} ZDOTDIR={home} LANG=C.UTF-8 TERM=xterm-256color PATH={bin}:/usr/bin:/bin zsh -i",
        home = dir.path().display(),
        bin = bin.display()
    );
    t.new_session(120, 30, &shell);
    t.wait_for("the zsh prompt", |s| s.contains("ZSH-READY$"));
    t.type_text(&format!("radar --db {} handover ACC-00005", db.display()));
    t.send(&["Tab"]);
    t.wait_for("the account ids", |s| s.contains("ACC-000050") && s.contains("ACC-000059"));
    t.send(&["C-u"]);
    t.type_text(&format!("radar --db={} handover 成都", db.display()));
    t.send(&["Tab"]);
    t.wait_for("the Chinese name", |s| s.contains("handover 成都天府云图信息技术有限公司"));
}
