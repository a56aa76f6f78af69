//! clap's own usage errors (two flags that exclude each other, an unknown or missing
//! argument, a value not among the choices) in the user's language. clap writes them in
//! English only: `radar agenda --owner 李娜 --mine --lang zh-CN` answered "error: the
//! argument '--owner <OWNER>' cannot be used with '--mine'" (CSM trial, session 26). The
//! English output stays clap's own.

use crate::domain::text::clean_line;
use crate::i18n::{Lang, tf};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The language a command line asks for before it is parsed: `--lang X` or `--lang=X`
/// anywhere in it, else the environment's (a value that is no language: the environment's).
pub fn lang_of_args(args: &[String]) -> Lang {
    let flag = args.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--lang") {
        Some("") => args.get(i + 1).map(String::as_str),
        Some(rest) => rest.strip_prefix('='),
        None => None,
    });
    flag.and_then(Lang::parse).unwrap_or_else(Lang::from_env)
}

/// A context value as text (several joined by commas).
fn text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The message for `e` in `lang`, or None where clap's own says it (English, help and
/// version output, kinds not translated).
pub fn localised(e: &clap::Error, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return None;
    }
    let get = |kind| text(e, kind).unwrap_or_default();
    let (key, args): (&str, Vec<(&str, String)>) = match e.kind() {
        // The same flag twice: clap calls it a conflict with itself.
        ErrorKind::ArgumentConflict if get(ContextKind::InvalidArg) == get(ContextKind::PriorArg) => {
            ("repeated", vec![("arg", get(ContextKind::InvalidArg))])
        }
        ErrorKind::ArgumentConflict => {
            ("conflict", vec![("arg", get(ContextKind::InvalidArg)), ("other", get(ContextKind::PriorArg))])
        }
        ErrorKind::UnknownArgument => ("unknown", vec![("arg", get(ContextKind::InvalidArg))]),
        ErrorKind::InvalidSubcommand => {
            ("unknown_command", vec![("arg", get(ContextKind::InvalidSubcommand))])
        }
        ErrorKind::MissingRequiredArgument => ("missing", vec![("arg", get(ContextKind::InvalidArg))]),
        // A flag given no value: clap says it as an invalid empty value among no choices.
        ErrorKind::InvalidValue if get(ContextKind::InvalidValue).is_empty() => {
            ("value_missing", vec![("arg", get(ContextKind::InvalidArg))])
        }
        ErrorKind::InvalidValue => (
            "invalid_value",
            vec![
                ("arg", get(ContextKind::InvalidArg)),
                ("value", get(ContextKind::InvalidValue)),
                ("valid", get(ContextKind::ValidValue)),
            ],
        ),
        // A value its parser refused (`--days abc`): named, the parser's English left out.
        ErrorKind::ValueValidation => (
            "refused_value",
            vec![("arg", get(ContextKind::InvalidArg)), ("value", get(ContextKind::InvalidValue))],
        ),
        _ => return None,
    };
    // What the user typed may carry escape sequences: cleaned before the terminal sees it.
    let args: Vec<(&str, String)> = args.into_iter().map(|(k, v)| (k, clean_line(&v))).collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = tf(lang, &format!("cli.clap.{key}"), &args);
    if let Some(s) = text(e, ContextKind::SuggestedArg).or_else(|| text(e, ContextKind::SuggestedSubcommand))
    {
        out.push_str(&tf(lang, "cli.clap.suggested", &[("arg", &clean_line(&s))]));
    }
    if let Some(usage) = text(e, ContextKind::Usage) {
        let usage = clean_line(usage.trim().trim_start_matches("Usage:").trim());
        out.push_str(&tf(lang, "cli.clap.usage", &[("usage", &usage)]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::Parser;

    fn args(line: &str) -> Vec<String> {
        line.split(' ').map(String::from).collect()
    }

    fn zh(line: &str) -> String {
        let e = Cli::try_parse_from(args(line)).expect_err(line);
        localised(&e, Lang::ZhCn).unwrap_or_else(|| panic!("{line}: {:?} not translated", e.kind()))
    }

    #[test]
    fn the_language_is_read_from_the_arguments_first() {
        assert_eq!(lang_of_args(&args("radar agenda --lang zh-CN --mine")), Lang::ZhCn);
        assert_eq!(lang_of_args(&args("radar agenda --lang=zh-CN")), Lang::ZhCn);
        assert_eq!(lang_of_args(&args("radar --lang en agenda")), Lang::En);
    }

    #[test]
    fn clap_errors_read_in_chinese_naming_the_arguments() {
        let conflict = zh("radar agenda --owner 李娜 --mine");
        assert!(
            conflict.contains("不能与") && conflict.contains("--owner") && conflict.contains("--mine"),
            "{conflict}"
        );
        assert!(conflict.contains("用法：radar agenda"), "{conflict}");
        let unknown = zh("radar agenda --dayz 3");
        assert!(
            unknown.contains("不认识的参数") && unknown.contains("--dayz") && unknown.contains("--days"),
            "{unknown}"
        );
        let value = zh("radar agenda --format pdf");
        assert!(value.contains("'pdf'") && value.contains("text, json, ics"), "{value}");
        let missing = zh("radar agenda --days");
        assert!(missing.contains("--days <DAYS>") && missing.contains("需要一个值"), "{missing}");
        let refused = zh("radar agenda --days abc");
        assert!(refused.contains("'abc'") && refused.contains("不是有效的值"), "{refused}");
        assert!(!refused.contains("invalid digit"), "{refused}");
        let twice = zh("radar agenda --days 3 --days 4");
        assert!(twice.contains("只能给一次") && !twice.contains("不能与"), "{twice}");
        let command = zh("radar agendaa");
        assert!(command.contains("不认识的命令") && command.contains("agendaa"), "{command}");
        for m in [conflict, unknown, value, command] {
            assert!(!m.contains("error:") && !m.contains("cannot be used"), "{m}");
        }
    }

    #[test]
    fn english_stays_claps_own() {
        let e = Cli::try_parse_from(args("radar agenda --owner x --mine")).unwrap_err();
        assert_eq!(localised(&e, Lang::En), None);
    }
}
