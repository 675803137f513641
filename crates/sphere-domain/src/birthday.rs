//! Birthdays as people and address books write them, and the next one after a date.
//!
//! Read: ISO dates (`1990-04-12`, `1990-4-12`), vCard's basic and year-less forms
//! (`19900412`, `--04-12`, `--0412`), a label in front (`Birthday: …`, `born …`, `BDAY:…`),
//! a time after the date (`1990-04-12T00:00:00Z`), day and month names in English (`12 April`,
//! `April 12`, `12th of April 1990`, `Apr 12, 1990`), and numeric dates with dots or slashes
//! when only one reading is possible (`12.04.1990` is day-first as written in Europe; `25/12`
//! or `12/25/1990` where one part is above 12). `04/05/1990` is refused: it is the 4th of May in
//! London and the 5th of April in New York.

use chrono::{Datelike, NaiveDate};

/// A birthday: month and day, and the year when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(w))
        .map(|i| i as u32 + 1)
}

impl Birthday {
    fn make(month: u32, day: u32, year: Option<i32>) -> Option<Self> {
        // Checked against a leap year, so 29 February is a birthday.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        if let Some(y) = year {
            if !(1850..=2100).contains(&y) {
                return None;
            }
            NaiveDate::from_ymd_opt(y, month, day)?;
        }
        Some(Self { month, day, year })
    }

    /// Reads a birthday written in any of the forms above; `None` when it is none of them or
    /// ambiguous.
    pub fn parse(text: &str) -> Option<Self> {
        let mut t = text.trim().to_lowercase();
        for label in [
            "birthday",
            "bday",
            "born on",
            "born",
            "date of birth",
            "dob",
            "birth date",
        ] {
            if let Some(rest) = t.strip_prefix(label) {
                // "Birthday: …", "BDAY=…", "birthday - …" (but "--04-12" keeps its dashes).
                let rest = rest.trim_start_matches([':', ' ', '=']);
                let rest = rest.strip_prefix("- ").unwrap_or(rest);
                t = rest.trim().to_string();
                break;
            }
        }
        // A time after an ISO date.
        if let Some(i) = t
            .find('t')
            .filter(|&i| i >= 8 && t[..i].chars().all(|c| c.is_ascii_digit() || c == '-'))
        {
            t.truncate(i);
        }
        let t = t.trim();
        if let Some(rest) = t.strip_prefix("--") {
            let digits: String = rest.chars().filter(|c| *c != '-').collect();
            if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
                return Self::make(digits[..2].parse().ok()?, digits[2..].parse().ok()?, None);
            }
            return None;
        }
        if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
            return Self::make(
                t[4..6].parse().ok()?,
                t[6..].parse().ok()?,
                Some(t[..4].parse().ok()?),
            );
        }
        let words: Vec<&str> = t
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty() && *w != "of" && *w != "the")
            .collect();
        if words
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_alphabetic()) && month_named(w).is_some())
        {
            return Self::from_words(&words);
        }
        if words.len() != 1 {
            return None;
        }
        let w = words[0].trim_end_matches('.');
        let sep = ['-', '.', '/'].into_iter().find(|s| w.contains(*s))?;
        let parts: Vec<&str> = w.split(sep).collect();
        let nums: Vec<u32> = parts
            .iter()
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        match (sep, parts.as_slice(), nums.as_slice()) {
            ('-', [y, _, _], [yy, m, d]) if y.len() == 4 => Self::make(*m, *d, Some(*yy as i32)),
            ('.', [_, _, y], [d, m, yy]) if y.len() == 4 => Self::make(*m, *d, Some(*yy as i32)),
            ('.', [_, _], [d, m]) => Self::make(*m, *d, None),
            ('/', [_, _, y], [a, b, yy]) if y.len() == 4 => Self::slashed(*a, *b, Some(*yy as i32)),
            ('/', [_, _], [a, b]) => Self::slashed(*a, *b, None),
            _ => None,
        }
    }

    /// `a/b`: day-first or month-first, only when one reading is impossible.
    fn slashed(a: u32, b: u32, year: Option<i32>) -> Option<Self> {
        match (a > 12, b > 12) {
            (true, false) => Self::make(b, a, year),
            (false, true) => Self::make(a, b, year),
            _ if a == b => Self::make(a, b, year),
            _ => None,
        }
    }

    fn from_words(words: &[&str]) -> Option<Self> {
        let mut month = None;
        let mut day = None;
        let mut year = None;
        for w in words {
            if let Some(m) = month_named(w) {
                if month.replace(m).is_some() {
                    return None;
                }
                continue;
            }
            let digits = w.trim_end_matches(['.', 's', 't', 'n', 'd', 'r', 'h']);
            let n: u32 = digits.parse().ok()?;
            if digits.len() == 4 {
                if year.replace(n as i32).is_some() {
                    return None;
                }
            } else if day.replace(n).is_some() {
                return None;
            }
        }
        Self::make(month?, day?, year)
    }

    /// The next birthday on or after `from`; 29 February is kept on 28 February in other
    /// years.
    pub fn next_after(self, from: NaiveDate) -> NaiveDate {
        let on = |y: i32| {
            NaiveDate::from_ymd_opt(y, self.month, self.day)
                .or_else(|| NaiveDate::from_ymd_opt(y, self.month, self.day - 1))
        };
        match on(from.year()) {
            Some(d) if d >= from => d,
            _ => on(from.year() + 1).unwrap_or(from),
        }
    }

    /// "12 April".
    pub fn words(self) -> String {
        let m = MONTHS[(self.month - 1) as usize];
        let mut cap = m.to_string();
        cap[..1].make_ascii_uppercase();
        format!("{} {cap}", self.day)
    }
}
