//! One organization per real company. Imports meet the same company written many ways
//! ("Acme, Inc.", "ACME Inc", "Acme"): [`key`] is the name reduced for matching (case,
//! punctuation, `&`, a leading "The", legal suffixes such as Inc., LLC, GmbH). Names with
//! abbreviated words ("Am. Soc. of Assn. Exec.") cannot be matched reliably, so
//! [`abbreviations`] finds them for the user to write out in full.

/// Legal-form suffixes left out when matching (compared without dots, lowercased).
const LEGAL: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "srl",
    "bv",
    "nv",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "pty",
    "kg",
    "oy",
    "ab",
    "spa",
    "kk",
    "lp",
    "llp",
    "pllc",
    "pc",
    "lda",
    "oü",
    "sl",
    "se",
    "as",
    "asa",
    "aps",
    "sro",
    "zoo",
    "kft",
    "doo",
    "pte",
    "bhd",
    "sdn",
    "mbh",
];

/// Abbreviated words common in organization names, written without their dot.
const SHORT: &[&str] = &[
    "assn", "assoc", "asso", "soc", "intl", "int", "natl", "nat", "univ", "dept", "mgmt", "svcs",
    "svc", "grp", "hldgs", "mfg", "inst", "govt", "exec", "execs", "am", "amer", "assocs", "cncl",
    "comm", "cmte", "fdn", "fed", "sys", "tech", "dev", "eng", "engr", "ctr", "hosp", "med",
    "mktg", "prof", "res", "sci", "serv", "tel", "admin", "acad", "bros", "dist",
];

/// Words of a name, split at spaces and punctuation other than `.` `&` `'` `-`.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| c.is_whitespace() || ",;:()/|".contains(c))
        .filter(|w| !w.is_empty())
}

fn bare(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The name reduced for matching: lowercase letters and digits, one space between words,
/// `&` as "and", without a leading "the" or trailing legal suffixes. Empty only for a name
/// with no letters or digits.
pub fn key(name: &str) -> String {
    let mut ws: Vec<String> = words(name)
        .map(|w| {
            if w == "&" || w == "+" {
                "and".to_string()
            } else {
                bare(w)
            }
        })
        .filter(|w| !w.is_empty())
        .collect();
    // "L.L.C." and "S.A." are split letter by letter by nothing above; join runs of one-letter
    // words at the end ("l l c" never happens: `bare` drops the dots inside a word).
    while ws.len() > 1 && ws.last().is_some_and(|w| LEGAL.contains(&w.as_str())) {
        ws.pop();
    }
    if ws.len() > 1 && ws[0] == "the" {
        ws.remove(0);
    }
    ws.join(" ")
}

/// The abbreviated words of `name` ("Am.", "Soc.", "Assn.", "Exec."), or none. Legal suffixes
/// ("Inc.", "Co.") and initials inside a name ("J.P. Morgan") are not counted.
pub fn abbreviations(name: &str) -> Vec<String> {
    let all: Vec<&str> = words(name).collect();
    let mut out = Vec::new();
    for (i, w) in all.iter().enumerate() {
        let b = bare(w);
        if b.is_empty() || LEGAL.contains(&b.as_str()) {
            continue;
        }
        let dotted = w.ends_with('.') && !w[..w.len() - 1].contains('.');
        let initial = b.chars().count() == 1;
        let known = SHORT.contains(&b.as_str());
        // A dotted word that is not an initial, or a known short form anywhere but as the
        // whole name.
        if (dotted && !initial && b.chars().count() <= 6) || (known && (dotted || all.len() > 1)) {
            // "Tech" and "Dev" are whole words in many names ("Acme Tech"): only dotted ones.
            if !dotted
                && [
                    "tech", "dev", "sys", "med", "fed", "res", "am", "int", "nat",
                ]
                .contains(&b.as_str())
            {
                continue;
            }
            let _ = i;
            out.push((*w).to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_company() {
        for n in [
            "Acme, Inc.",
            "ACME Inc",
            "Acme",
            "acme  incorporated",
            "The Acme Company",
        ] {
            assert_eq!(key(n), "acme", "{n}");
        }
        assert_eq!(key("Müller GmbH"), "müller");
        assert_eq!(key("Smith & Wesson LLC"), "smith and wesson");
        assert_eq!(key("Smith and Wesson, L.L.C."), "smith and wesson");
        assert_eq!(key("Inc."), "inc", "a name that is only a suffix keeps it");
        assert_eq!(key("The Home Depot"), "home depot");
        assert_ne!(key("Acme Labs"), key("Acme"));
        assert_eq!(key("!!!"), "");
    }

    #[test]
    fn abbreviations_are_found() {
        assert_eq!(
            abbreviations("Am. Soc. of Assn. Exec."),
            vec!["Am.", "Soc.", "Assn.", "Exec."]
        );
        assert_eq!(abbreviations("Natl Assn of Realtors"), vec!["Natl", "Assn"]);
        assert!(abbreviations("Acme, Inc.").is_empty());
        assert!(abbreviations("J.P. Morgan Chase & Co.").is_empty());
        assert!(abbreviations("Acme Tech").is_empty());
        assert!(abbreviations("American Society of Association Executives").is_empty());
        assert!(
            abbreviations("IBM").is_empty(),
            "acronyms are names, not abbreviations"
        );
    }
}
