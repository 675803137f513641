//! Text as the sensitivity engine reads it: words with their places, per language.
//!
//! A [`Language`] says how words are split, normalised and inflected; English is the first.
//! Everything above this module (patterns, rules, the linter) works on [`Token`]s and never
//! looks at raw characters, so another language needs a `Language` and a lexicon file.

/// One word of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Normalised: lower case, straight apostrophes, possessive ending removed.
    pub norm: String,
    /// Where the word is in the text, in bytes (`text[start..end]`).
    pub start: usize,
    pub end: usize,
    /// Written with a capital first letter.
    pub capitalised: bool,
    /// Ended in a possessive (`Tom's`, `kids'`).
    pub possessive: bool,
    /// Which clause the word is in: patterns never match across clauses.
    pub clause: u32,
    /// Which sentence the word is in.
    pub sentence: u32,
    /// The first word of its sentence (a capital there says nothing about names).
    pub sentence_start: bool,
    /// A comma (or a bracket) stands right before this word.
    pub after_comma: bool,
}

/// How one language splits, normalises and inflects words.
pub trait Language: Sync + Send {
    /// The words of `text`, in order.
    fn tokenize(&self, text: &str) -> Vec<Token>;
    /// The written forms of `word` (normalised) that a pattern `word~` accepts: the word
    /// itself, plurals, verb forms.
    fn inflections(&self, word: &str) -> Vec<String>;
}

/// English: words are runs of letters and digits, with inner apostrophes; hyphens and
/// slashes separate words (so `family-owned` reads as `family owned`).
pub struct English;

/// Characters that end a clause.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | ';'
            | ':'
            | '\n'
            | '\r'
            | '('
            | ')'
            | '['
            | ']'
            | '—'
            | '–'
            | '•'
            | '|'
            | '…'
    )
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\n' | '\r' | '•' | '|')
}

/// The most words one clause, and one sentence, may have: real ones are far shorter.
const MAX_CLAUSE: usize = 80;
const MAX_SENTENCE: usize = 160;

impl Language for English {
    fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out: Vec<Token> = Vec::new();
        let mut clause = 0u32;
        let mut sentence = 0u32;
        let mut sentence_start = true;
        let mut after_comma = false;
        // Words since the clause and the sentence began: a wall of text with no punctuation
        // is cut every `MAX_CLAUSE` / `MAX_SENTENCE` words, so that reading who a clause is
        // about stays linear in the length of a note.
        let (mut in_clause, mut in_sentence) = (0usize, 0usize);
        let mut chars = text.char_indices().peekable();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                if in_clause >= MAX_CLAUSE {
                    clause += 1;
                    in_clause = 0;
                }
                if in_sentence >= MAX_SENTENCE {
                    sentence += 1;
                    in_sentence = 0;
                }
                in_clause += 1;
                in_sentence += 1;
                let start = i;
                let mut end = i;
                let mut word = String::new();
                while let Some(&(j, d)) = chars.peek() {
                    let apostrophe = d == '\'' || d == '’' || d == '‘';
                    if d.is_alphanumeric() {
                        word.extend(d.to_lowercase().map(fold));
                        end = j + d.len_utf8();
                        chars.next();
                    } else if apostrophe {
                        // Inside a word (don't, O'Neil, Tom's) or a plural possessive (kids').
                        let mut ahead = chars.clone();
                        ahead.next();
                        let next_is_letter =
                            ahead.peek().is_some_and(|&(_, e)| e.is_alphanumeric());
                        chars.next();
                        if next_is_letter {
                            word.push('\'');
                            end = j + d.len_utf8();
                        } else {
                            if word.ends_with('s') {
                                word.push('\'');
                            }
                            end = j + d.len_utf8();
                            break;
                        }
                    } else {
                        break;
                    }
                }
                let (norm, possessive) = strip_possessive(&word);
                let capitalised = text[start..end]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
                out.push(Token {
                    norm,
                    start,
                    end,
                    capitalised,
                    possessive,
                    clause,
                    sentence,
                    sentence_start,
                    after_comma,
                });
                sentence_start = false;
                after_comma = false;
            } else {
                // A hyphen with spaces around it is a dash ("Dov - Shabbat").
                let dash = c == '-'
                    && text[..i].ends_with(char::is_whitespace)
                    && text[i + 1..].starts_with(char::is_whitespace);
                if ends_clause(c) || dash {
                    // A full stop inside an abbreviation ("St. Mark's", "Dr. Lee", "e.g.")
                    // ends nothing: a short word right before it, then a space and a
                    // capital, or a letter right after it.
                    let abbreviation = c == '.'
                        && out.last().is_some_and(|t| {
                            t.end == i && is_abbreviation(&t.norm, &text[i + 1..])
                        });
                    if !abbreviation {
                        clause += 1;
                        in_clause = 0;
                        if ends_sentence(c) && !dash && !sentence_start {
                            sentence_start = true;
                            sentence += 1;
                            in_sentence = 0;
                        }
                    }
                } else if c == ',' {
                    after_comma = true;
                }
                chars.next();
            }
        }
        out
    }

    fn inflections(&self, word: &str) -> Vec<String> {
        english_forms(word)
    }
}

/// Does a full stop after `norm`, followed by `rest`, abbreviate rather than end the
/// sentence? Titles always ("St. Mark's", "Dr. Lee"); company suffixes when the sentence
/// goes on in lower case ("Acme Inc. and"); single letters inside "e.g." or "U.S.".
fn is_abbreviation(norm: &str, rest: &str) -> bool {
    let next = rest.chars().next();
    match norm {
        "st" | "dr" | "mr" | "mrs" | "ms" | "prof" | "mt" | "ft" | "rev" | "fr" => true,
        "inc" | "co" | "corp" | "ltd" | "jr" | "sr" | "vs" | "approx" | "dept" | "etc" => rest
            .trim_start_matches([' ', '\t'])
            .chars()
            .next()
            .is_some_and(|c| c == ',' || c.is_lowercase()),
        w if w.chars().count() == 1 => next.is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// Latin letters without their accents, so "Cancún", "résumé" and "fiancé" read as written
/// without them (a lower-case letter in, a lower-case letter out).
pub fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ẩ' | 'ẫ'
        | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => 'a',
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'ė' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ể' | 'ễ'
        | 'ệ' => 'e',
        'ğ' | 'ġ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' | 'ĩ' | 'ỉ' | 'ị' => 'i',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ổ' | 'ỗ'
        | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ţ' | 'ț' | 'ť' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ű' | 'ů' | 'ų' | 'ũ' | 'ư' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử'
        | 'ữ' | 'ự' => 'u',
        'ý' | 'ÿ' | 'ỳ' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ķ' => 'k',
        other => other,
    }
}

/// Words whose `'s` is a contraction ("she's"), never a possessive.
pub const CONTRACTED: &[&str] = &[
    "it", "that", "there", "here", "what", "who", "he", "she", "let", "where", "how",
];

/// `tom's` → (`tom`, true); `kids'` → (`kids`, true); `it's` stays.
fn strip_possessive(word: &str) -> (String, bool) {
    if let Some(stem) = word.strip_suffix("'s")
        && !stem.is_empty()
        && !CONTRACTED.contains(&stem)
    {
        return (stem.to_string(), true);
    }
    if let Some(stem) = word.strip_suffix('\'')
        && !stem.is_empty()
    {
        return (stem.to_string(), true);
    }
    (word.to_string(), false)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Regular English noun and verb forms of `w`: plural (-s, -es, -ies, -ves), past (-ed,
/// -d, -ied, doubled consonant), present participle (-ing, e dropped, doubled consonant).
/// Over-generation is harmless (a form nobody writes never matches).
pub fn english_forms(w: &str) -> Vec<String> {
    let mut out = vec![w.to_string()];
    let chars: Vec<char> = w.chars().collect();
    let n = chars.len();
    if n < 2 {
        return out;
    }
    let last = chars[n - 1];
    let before = chars[n - 2];
    let stem_minus = |k: usize| chars[..n - k].iter().collect::<String>();
    // Plurals and third person.
    if w.ends_with('s')
        || w.ends_with('x')
        || w.ends_with('z')
        || w.ends_with("ch")
        || w.ends_with("sh")
    {
        out.push(format!("{w}es"));
    } else if last == 'y' && !is_vowel(before) {
        out.push(format!("{}ies", stem_minus(1)));
    } else {
        out.push(format!("{w}s"));
    }
    if w.ends_with("fe") {
        out.push(format!("{}ves", stem_minus(2)));
    } else if last == 'f' {
        out.push(format!("{}ves", stem_minus(1)));
    }
    // Past and participles.
    if last == 'e' {
        out.push(format!("{w}d"));
        out.push(format!("{}ing", stem_minus(1)));
    } else if last == 'y' && !is_vowel(before) {
        out.push(format!("{}ied", stem_minus(1)));
        out.push(format!("{w}ing"));
    } else {
        out.push(format!("{w}ed"));
        out.push(format!("{w}ing"));
        // Consonant–vowel–consonant endings double (plan → planned), except w, x, y.
        if n >= 3
            && !is_vowel(last)
            && is_vowel(before)
            && !is_vowel(chars[n - 3])
            && !matches!(last, 'w' | 'x' | 'y')
        {
            out.push(format!("{w}{last}ed"));
            out.push(format!("{w}{last}ing"));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool, u32)> {
        English
            .tokenize(text)
            .into_iter()
            .map(|t| (t.norm, t.possessive, t.clause))
            .collect()
    }

    #[test]
    fn possessives_apostrophes_hyphens_and_clauses() {
        let got = words("Tom’s wife; the kids' school. A family-owned firm");
        let norms: Vec<&str> = got.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            norms,
            [
                "tom", "wife", "the", "kids", "school", "a", "family", "owned", "firm"
            ]
        );
        assert!(got[0].1 && got[3].1, "possessives are marked: {got:?}");
        assert_eq!(got[1].2, 0, "same clause as Tom's");
        assert_eq!(got[2].2, 1, "a semicolon starts a clause");
        assert_eq!(got[5].2, 2, "a full stop starts a clause");
    }

    #[test]
    fn abbreviations_do_not_end_clauses() {
        let t = English.tokenize("Sings at St. Mark's on Sundays");
        assert!(t.iter().all(|w| w.clause == 0), "{t:?}");
        assert_eq!(t[3].norm, "mark");
        assert!(t[3].possessive);
    }

    #[test]
    fn byte_spans_slice_the_original_text() {
        let text = "Zoë’s daughter Emma";
        for t in English.tokenize(text) {
            let written: String = text[t.start..t.end]
                .to_lowercase()
                .chars()
                .map(fold)
                .collect();
            assert!(
                written.replace('’', "'").starts_with(&t.norm),
                "{written} / {}",
                t.norm
            );
        }
    }

    #[test]
    fn english_forms_cover_plurals_and_verbs() {
        for (w, want) in [
            ("daughter", "daughters"),
            ("wife", "wives"),
            ("divorce", "divorcing"),
            ("divorce", "divorced"),
            ("diagnose", "diagnosed"),
            ("study", "studies"),
            ("church", "churches"),
            ("plan", "planned"),
            ("pray", "prays"),
            ("pray", "praying"),
        ] {
            assert!(
                english_forms(w).contains(&want.to_string()),
                "{w} → {want}: {:?}",
                english_forms(w)
            );
        }
    }
}
