//! `radar completions SHELL`: clap's completion script for the shell, plus (bash, zsh,
//! fish) account names and external ids for the commands that take an account, which
//! the scripts ask of the hidden `radar complete-accounts PREFIX` as you type.
//!
//! Why not clap's own dynamic completion (`CompleteEnv`): it sits behind clap_complete's
//! `unstable-dynamic` feature (and clap's `unstable-ext`), outside semver, and its
//! maintainers still advise the static scripts.

use super::args::{Cli, Global};
use super::{CliError, Context, emit, open_store_for_reading};
use crate::domain::text::clean_line;
use clap::CommandFactory;
use clap_complete::Shell;

/// Commands whose first argument is an account (the scripts complete it from the file).
pub const ACCOUNT_COMMANDS: &[&str] = &["handover", "review"];

/// At most this many candidates: a shell lists them all, and 100k would be no help.
const LIMIT: usize = 200;

pub fn print(shell: Shell) -> Result<(), CliError> {
    emit(&script(shell))
}

/// The whole script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = without_hidden(&Cli::command());
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "radar", &mut buf);
    let base = String::from_utf8_lossy(&buf).into_owned();
    let commands = ACCOUNT_COMMANDS.join(" ");
    match shell {
        Shell::Bash => format!("{base}\n{}", BASH.replace("@COMMANDS@", &commands)),
        Shell::Fish => format!("{base}\n{}", FISH.replace("@COMMANDS@", &commands)),
        Shell::Zsh => zsh(&base, &commands),
        _ => base,
    }
}

/// `cmd` without its hidden commands and options: clap_complete offers them all
/// (`torture-edits`, `--exit-after-first-frame`), and clap cannot remove one, so the
/// command is rebuilt from what a user may type.
fn without_hidden(cmd: &clap::Command) -> clap::Command {
    let mut out = clap::Command::new(cmd.get_name().to_string());
    if let Some(about) = cmd.get_about() {
        out = out.about(about.clone());
    }
    if let Some(version) = cmd.get_version() {
        out = out.version(version.to_string());
    }
    out = out.args(cmd.get_arguments().filter(|a| !a.is_hide_set()).cloned());
    out.subcommands(cmd.get_subcommands().filter(|s| !s.is_hide_set()).map(without_hidden))
}

/// `radar complete-accounts PREFIX`: external ids, then names, starting with PREFIX, one a
/// line. Completion must never print an error into the user's command line: a missing or
/// unreadable file gives no candidates.
pub fn accounts(global: &Global, prefix: &str) {
    let found = (|| -> Result<Vec<String>, CliError> {
        let ctx = Context::from_cli(global, false)?;
        let store = open_store_for_reading(&ctx)?;
        Ok(store.completion_keys(prefix, LIMIT)?)
    })();
    let mut out = String::new();
    for key in found.unwrap_or_default() {
        let key = clean_line(&key);
        if !key.is_empty() {
            out.push_str(&key);
            out.push('\n');
        }
    }
    let _ = emit(&out);
}

/// The zsh script with the account completer: clap leaves the account argument to
/// `_default` (files); it becomes `_radar_accounts`, defined before the script's last
/// lines call `_radar`.
fn zsh(base: &str, commands: &str) -> String {
    let mut out = String::new();
    let mut in_account_command = false;
    for line in base.lines() {
        let trimmed = line.trim_start();
        if let Some(name) = trimmed.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
            in_account_command = commands.split(' ').any(|c| c == name);
        }
        if in_account_command && trimmed.starts_with("':account") && trimmed.contains(":_default'") {
            out.push_str(&line.replace(":_default'", ":_radar_accounts'"));
        } else {
            if trimmed.starts_with("if [ \"$funcstack[1]\" = \"_radar\" ]") {
                out.push_str(ZSH);
                out.push('\n');
            }
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

const BASH: &str = r#"# Account names and external ids for `radar @COMMANDS@` (from `radar complete-accounts`).
_radar_accounts() {
    local cur="${COMP_WORDS[COMP_CWORD]}" i w sub="" args=0 db=()
    for ((i = 1; i < COMP_CWORD; i++)); do
        w="${COMP_WORDS[i]}"
        case "$w" in
            --db)
                # Bash splits `--db=PATH` at the `=`.
                [[ "${COMP_WORDS[i+1]}" == "=" ]] && ((i++))
                db=(--db "${COMP_WORDS[i+1]/#\~/$HOME}")
                ((i++)) ;;
            --today|--lang|--stage)
                [[ "${COMP_WORDS[i+1]}" == "=" ]] && ((i++))
                ((i++)) ;;
            -*) ;;
            *) if [[ -z "$sub" ]]; then sub="$w"; else ((args++)); fi ;;
        esac
    done
    if [[ " @COMMANDS@ " == *" $sub "* && -n "$sub" && $args -eq 0 && "$cur" != -* ]]; then
        local line
        COMPREPLY=()
        cur="${cur#[\"\']}"
        while IFS= read -r line; do
            COMPREPLY+=("$(printf '%q' "$line")")
        done < <(command radar "${db[@]}" complete-accounts -- "$cur" 2>/dev/null)
        return 0
    fi
    _radar "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _radar_accounts -o nosort -o bashdefault -o default radar
else
    complete -F _radar_accounts -o bashdefault -o default radar
fi
"#;

const ZSH: &str = r#"# Account names and external ids for `radar @COMMANDS@` (from `radar complete-accounts`).
(( $+functions[_radar_accounts] )) ||
_radar_accounts() {
    local -a db accounts words_typed
    local i
    words_typed=(${(z)BUFFER})
    for ((i = 1; i <= $#words_typed; i++)); do
        case ${words_typed[i]} in
            --db) db=(--db ${~words_typed[i+1]}) ;;
            --db=*) db=(--db ${~words_typed[i]#--db=}) ;;
        esac
    done
    accounts=(${(f)"$(command radar $db complete-accounts -- $PREFIX 2>/dev/null)"})
    compadd -a accounts
}
"#;

const FISH: &str = r#"# Account names and external ids for `radar @COMMANDS@` (from `radar complete-accounts`).
function __radar_wants_account
    set -l tokens (commandline -opc)
    set -l seen 0
    set -l skip 0
    for t in $tokens[2..-1]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $t
            case --db --today --lang --stage
                set skip 1
            case '-*'
            case '*'
                if test $seen = 0; and contains -- $t @COMMANDS@
                    set seen 1
                else
                    return 1
                end
        end
    end
    test $seen = 1
end
function __radar_accounts
    set -l tokens (commandline -opc)
    set -l db
    for i in (seq (count $tokens))
        if test "$tokens[$i]" = --db; and test $i -lt (count $tokens)
            set db --db $tokens[(math $i + 1)]
        else if string match -q -- '--db=*' $tokens[$i]
            set db --db (string replace -- '--db=' '' $tokens[$i])
        end
    end
    command radar $db complete-accounts -- (commandline -ct) 2>/dev/null
end
complete -c radar -n __radar_wants_account -f -a '(__radar_accounts)'
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zsh_account_argument_uses_the_account_completer() {
        let s = script(Shell::Zsh);
        assert!(s.contains(":_radar_accounts'"), "{s}");
        let define = s.find("_radar_accounts() {").unwrap();
        let call = s.find("if [ \"$funcstack[1]\" = \"_radar\" ]").unwrap();
        assert!(define < call, "the completer is defined before the script runs _radar");
    }
}
