//! How text is made searchable, and how a query is made to match it (the full-text index,
//! `store::search`). Pure: the same rules normalise what is stored and what is asked.
//!
//! Chinese has no spaces and many words are two characters (扩容, 续约), which neither
//! FTS5's `unicode61` tokenizer (it would take a whole run 成都天府云图 as one token) nor
//! its `trigram` tokenizer (three characters at least) can find. So every run of CJK
//! characters is stored as its overlapping bigrams, plus its last character alone:
//! 成都天府 → `成都 都天 天府 府`. Latin text is lower-cased and left to `unicode61`.
//! A query is normalised the same way: a two-character word is one bigram, a longer
//! phrase the phrase of its bigrams (`天府云图` → `"天府 府云 云图"`), and a single
//! character matches as a prefix (`府*`: every bigram starting with it, and the lone last
//! character of a run, which is why that one is stored). Every Latin word of two or more
//! letters matches as a prefix (`renew` finds "renewal"), so results follow the typing; a
//! single letter or digit only as a word of its own.

/// Han ideographs (with extensions and compatibility forms), kana and Hangul: scripts
/// written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}' | '\u{3040}'..='\u{30FF}' | '\u{AC00}'..='\u{D7AF}')
}

/// The text as the index stores it: CJK runs as bigrams (see the module comment), the
/// rest lower-cased, runs separated by spaces.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut run: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
            continue;
        }
        flush_run(&mut out, &mut run);
        out.extend(c.to_lowercase());
    }
    flush_run(&mut out, &mut run);
    out
}

/// Appends a CJK run's bigrams and its last character, spaced apart, and empties it.
fn flush_run(out: &mut String, run: &mut Vec<char>) {
    if run.is_empty() {
        return;
    }
    out.push(' ');
    for pair in run.windows(2) {
        out.extend(pair);
        out.push(' ');
    }
    if let Some(last) = run.last() {
        out.push(*last);
    }
    out.push(' ');
    run.clear();
}

/// One term of a query: what to find in the original text (lower-cased), and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The words as typed, lower-cased: located in the original text for the snippet.
    pub text: String,
    /// The FTS5 expression that matches it (quoted, so nothing typed is query syntax).
    pub expr: String,
}

/// A query's terms: every word (split at whitespace, and where CJK meets other text)
/// must match. Words with nothing searchable in them (punctuation) are left out; an
/// empty list means nothing to search for.
pub fn query_terms(query: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for word in query.split_whitespace() {
        let mut part = String::new();
        let mut cjk = false;
        for c in word.chars() {
            if !part.is_empty() && is_cjk(c) != cjk {
                push_term(&mut terms, &part, cjk);
                part.clear();
            }
            cjk = is_cjk(c);
            part.extend(c.to_lowercase());
        }
        if !part.is_empty() {
            push_term(&mut terms, &part, cjk);
        }
    }
    terms
}

fn push_term(terms: &mut Vec<Term>, part: &str, cjk: bool) {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let expr = if cjk {
        let chars: Vec<char> = part.chars().collect();
        if chars.len() == 1 {
            format!("{} *", quote(part))
        } else {
            let bigrams: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
            quote(&bigrams.join(" "))
        }
    } else if part.chars().filter(|c| c.is_alphanumeric()).count() == 1 {
        // One letter or digit is a word of its own: as a prefix it would match (and rank)
        // every word starting with it, the slowest query there is.
        quote(part)
    } else if part.chars().any(char::is_alphanumeric) {
        format!("{} *", quote(part))
    } else {
        return;
    };
    terms.push(Term { text: part.to_string(), expr });
}

/// The FTS5 MATCH expression of a query's terms (all of them), or None if empty.
pub fn match_expr(terms: &[Term]) -> Option<String> {
    (!terms.is_empty()).then(|| terms.iter().map(|t| t.expr.as_str()).collect::<Vec<_>>().join(" AND "))
}

/// A line of a record's text around where a query matched: `before`, the `hit` itself,
/// `after`, each already one clean line (no control character, no line break).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Snippet {
    pub before: String,
    pub hit: String,
    pub after: String,
}

impl Snippet {
    /// The snippet with the hit in brackets (plain text, no colour needed).
    pub fn marked(&self) -> String {
        if self.hit.is_empty() {
            format!("{}{}", self.before, self.after)
        } else {
            format!("{}[{}]{}", self.before, self.hit, self.after)
        }
    }
}

/// Characters of context kept on each side of the hit.
const CONTEXT: usize = 30;
/// The longest hit that spans several words of the query (further apart, the first alone).
const SPAN: usize = 60;

/// The snippet of `text` for `terms`: the earliest place any term occurs (compared
/// lower-case), through the other terms' first places after it when the whole is at most
/// `SPAN` characters, with up to `CONTEXT` characters each side; `…` where text was cut. The
/// text is sanitised first (`text::sanitize`), so stored control bytes never come out.
/// With no term found (a prefix of a word split differently), the text's start.
pub fn snippet(text: &str, terms: &[Term]) -> Snippet {
    let clean: Vec<char> = super::text::sanitize(text, false).chars().collect();
    // One lower-case character per original one, so positions map back.
    let lower: Vec<char> = clean.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
    let needles: Vec<Vec<char>> = terms.iter().map(|t| t.text.chars().collect()).collect();
    let found = needles.iter().filter_map(|n| find(&lower, n).map(|at| (at, n.len()))).min();
    let (at, mut len) = found.unwrap_or((0, 0));
    // The other words of the query, where they follow close by, are in the hit too: "monthly
    // training" marks "[Monthly on-site training]", not only its first word. A word further
    // on than `SPAN` is left out of the hit, not the ones close by.
    let ends = needles.iter().filter_map(|n| find(&lower[at..], n).map(|i| at + i + n.len()));
    if let Some(end) = ends.filter(|end| end - at <= SPAN).max() {
        len = len.max(end - at);
    }
    let start = at.saturating_sub(CONTEXT);
    let end = (at + len + CONTEXT).min(clean.len());
    let mut before: String = clean[start..at].iter().collect();
    if start > 0 {
        before.insert(0, '…');
    }
    let mut after: String = clean[at + len..end].iter().collect();
    if end < clean.len() {
        after.push('…');
    }
    Snippet { before, hit: clean[at..at + len].iter().collect(), after }
}

/// Where `needle` occurs in `hay` as the search matched it: a word of Latin letters or
/// digits from the start of a word (the search matches word prefixes: "on" is not in
/// "configuration"), CJK anywhere (it is matched by its characters). Else anywhere, so a
/// record the search found for a reason the text does not show still gets a place.
fn find(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let at = |i: usize| hay[i..i + needle.len()] == *needle;
    let cjk = is_cjk(needle[0]);
    let starts_word = |i: usize| {
        i == 0 || {
            let prev = hay[i - 1];
            !prev.is_alphanumeric() || is_cjk(prev) != cjk
        }
    };
    let mut places = 0..=hay.len() - needle.len();
    match cjk || !needle[0].is_alphanumeric() {
        true => places.find(|&i| at(i)),
        false => places.clone().find(|&i| at(i) && starts_word(i)).or_else(|| places.find(|&i| at(i))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cjk_runs_become_bigrams_and_their_last_character() {
        assert_eq!(
            normalise("成都天府").split_whitespace().collect::<Vec<_>>(),
            ["成都", "都天", "天府", "府"]
        );
        assert_eq!(
            normalise("Call 扩容, OK").split_whitespace().collect::<Vec<_>>(),
            ["call", "扩容", "容", ",", "ok"]
        );
    }

    #[test]
    fn queries_match_bigrams_phrases_and_prefixes() {
        let t = query_terms("扩容");
        assert_eq!(t[0].expr, "\"扩容\"");
        assert_eq!(query_terms("天府云图")[0].expr, "\"天府 府云 云图\"");
        assert_eq!(query_terms("府")[0].expr, "\"府\" *");
        assert_eq!(query_terms("Renew")[0].expr, "\"renew\" *");
        assert_eq!(query_terms("say\"hi 续约").len(), 2);
        assert_eq!(query_terms("say\"hi")[0].expr, "\"say\"\"hi\" *");
        assert!(query_terms(" - , ").is_empty());
        assert_eq!(match_expr(&query_terms("ab 扩容")).unwrap(), "\"ab\" * AND \"扩容\"");
        assert_eq!(query_terms("a")[0].expr, "\"a\"", "one letter: a word, not a prefix");
    }

    #[test]
    fn snippets_mark_the_hit_and_drop_control_bytes() {
        let s = snippet("Agreed \u{1b}[31m扩容\u{1b}[0m next\nquarter", &query_terms("扩容"));
        assert_eq!(s.marked(), "Agreed [扩容] next quarter");
        let long = format!("{}KEY{}", "x".repeat(50), "y".repeat(50));
        let s = snippet(&long, &query_terms("key"));
        assert!(s.before.starts_with('…') && s.after.ends_with('…'), "{s:?}");
        assert_eq!(s.hit, "KEY");
    }

    /// Every word of the query is in the hit when they stand close together; further apart
    /// than `SPAN`, the first one alone.
    #[test]
    fn the_hit_spans_the_query_words_close_by() {
        let s = snippet("Agreed: Monthly on-site training for admins", &query_terms("training monthly"));
        assert_eq!(s.marked(), "Agreed: [Monthly on-site training] for admins");
        assert_eq!(
            snippet("Soylent Clinics LLC", &query_terms("soylent clinics")).marked(),
            "[Soylent Clinics] LLC"
        );
        assert_eq!(snippet("第1行 说明", &query_terms("第1行")).marked(), "[第1行] 说明");
        let far = format!("alpha {} beta", "x".repeat(SPAN));
        assert_eq!(snippet(&far, &query_terms("alpha beta")).hit, "alpha");
        let edge = format!("alpha{}beta", "x".repeat(SPAN - 9));
        assert_eq!(snippet(&edge, &query_terms("alpha beta")).hit.chars().count(), SPAN);
        let over = format!("alpha{}beta", "x".repeat(SPAN - 8));
        assert_eq!(snippet(&over, &query_terms("alpha beta")).hit, "alpha");
        // A word far off is left out of the hit, not the words close by.
        let one_far = format!("alpha beta {} gamma", "x".repeat(SPAN));
        assert_eq!(snippet(&one_far, &query_terms("gamma alpha beta")).hit, "alpha beta");
        // Far into the text: the span is measured from the first word, not from the start.
        let deep = format!("{} alpha x beta", "y ".repeat(40));
        assert_eq!(snippet(&deep, &query_terms("beta alpha")).hit, "alpha x beta");
    }

    /// A Latin word is found where a word starts, as the search matched it: "sso on"
    /// marked "[SSO con]figuration"; inside a word only when no word starts with it, and
    /// CJK anywhere; after a CJK character a Latin word starts.
    #[test]
    fn a_word_is_found_at_a_word_start() {
        let s = snippet("SSO configuration done on site", &query_terms("sso on"));
        assert_eq!(s.marked(), "[SSO configuration done on] site");
        assert_eq!(snippet("configuration on-site", &query_terms("on")).marked(), "configuration [on]-site");
        assert_eq!(snippet("configuration", &query_terms("fig")).marked(), "con[fig]uration");
        assert_eq!(snippet("培训SSO上线", &query_terms("sso")).marked(), "培训[SSO]上线");
        assert_eq!(snippet("已完成培训", &query_terms("培训")).marked(), "已完成[培训]");
        // CJK: the first place, word start or not.
        assert_eq!(snippet("完成培训，培训班", &query_terms("培训")).marked(), "完成[培训]，培训班");
        assert_eq!(snippet("x2 a2b 2b", &query_terms("2b")).marked(), "x2 a2b [2b]");
    }

    /// A word mixing scripts is split where CJK meets other text, each part its own term.
    #[test]
    fn a_word_mixing_scripts_splits_where_cjk_meets_latin() {
        let t = query_terms("SSO单点登录v2");
        let got: Vec<(&str, &str)> = t.iter().map(|t| (t.text.as_str(), t.expr.as_str())).collect();
        assert_eq!(got, [("sso", "\"sso\" *"), ("单点登录", "\"单点 点登 登录\""), ("v2", "\"v2\" *")]);
    }

    /// The context is exactly `CONTEXT` characters each side, `…` marking the cuts.
    #[test]
    fn a_snippet_keeps_thirty_characters_each_side() {
        let long = format!("{}KEY{}", "x".repeat(50), "y".repeat(50));
        let s = snippet(&long, &query_terms("key"));
        assert_eq!(s.before, format!("…{}", "x".repeat(CONTEXT)));
        assert_eq!(s.after, format!("{}…", "y".repeat(CONTEXT)));
    }

    /// A text that is the term, a term longer than the text, and a term not in the text:
    /// the hit, or else the text's start with nothing marked (and never a panic).
    #[test]
    fn a_snippet_of_short_texts_and_terms_not_found() {
        assert_eq!(snippet("扩容", &query_terms("扩容")).marked(), "[扩容]");
        let s = snippet("ok", &query_terms("okay"));
        assert_eq!((s.hit.as_str(), s.marked()), ("", "ok".to_string()));
        assert_eq!(snippet("hello 续约", &query_terms("zz")).marked(), "hello 续约");
    }

    proptest! {
        /// Every substring of two or more characters of a CJK run is found by the query
        /// made of it: its bigrams all stand in the stored text, consecutively.
        #[test]
        fn every_cjk_substring_is_a_phrase_of_the_stored_bigrams(
            head in "[a-zA-Z ,]{0,8}", run in "[成都天府云图扩容续约客户]{2,20}", tail in "[a-zA-Z ,]{0,8}",
            from in 0usize..20, len in 2usize..8,
        ) {
            let text = format!("{head}{run}{tail}");
            let chars: Vec<char> = run.chars().collect();
            let from = from.min(chars.len() - 2);
            let sub: String = chars[from..].iter().take(len).collect();
            let tokens: Vec<String> = normalise(&text).split_whitespace().map(String::from).collect();
            let terms = query_terms(&sub);
            prop_assert_eq!(terms.len(), 1);
            let phrase: Vec<String> = terms[0].expr.trim_matches('"').split(' ').map(String::from).collect();
            let found = tokens.windows(phrase.len()).any(|w| w == phrase.as_slice());
            prop_assert!(found, "{:?} not in {:?}", phrase, tokens);
        }
    }
}
