//! Dates as exports and spreadsheets write them: `22 Dec 2025` (LinkedIn today),
//! `"1/8/18, 6:14 PM"` (LinkedIn 2018), `16.09.2021` and `06-May-22` (re-saved in Excel),
//! ISO `2021-09-16`. A column is read as a whole: when slashed dates could be month/day or
//! day/month, any value with a first number above 12 settles it for the column; if none does,
//! month/day (US, as LinkedIn writes it) is assumed and said so.

use chrono::NaiveDate;

/// How the numbers of a slashed date are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    MonthDay,
    DayMonth,
}

/// The parts of one value, before the column's order is known.
enum Parts {
    Known(NaiveDate),
    /// `a/b/year`: which of a and b is the month depends on the column.
    Slashed(u32, u32, i32),
    Bad,
}

fn month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    // "Sept" and German "Okt", "Dez", "Mär"/"Mrz", "Mai" too.
    let n = match n.as_str() {
        "sept" => "sep".to_string(),
        "okt" => "oct".to_string(),
        "dez" => "dec".to_string(),
        "mai" => "may".to_string(),
        "mrz" | "mär" => "mar".to_string(),
        _ => n,
    };
    MONTHS
        .iter()
        .position(|m| n.starts_with(m) && m.starts_with(&n[..3]))
        .map(|i| i as u32 + 1)
}

fn year(text: &str) -> Option<i32> {
    let y: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(if y >= 70 { 1900 + y } else { 2000 + y }),
        4 if (1900..=2100).contains(&y) => Some(y),
        _ => None,
    }
}

fn parts(value: &str) -> Parts {
    // Drop a time part: "1/8/18, 6:14 PM", "2021-09-16T10:00:00Z", "16.09.2021 10:22".
    let v = value.trim().trim_matches('"');
    let v = v.split([',', 'T']).next().unwrap_or(v).trim();
    let v = v.split(' ').filter(|s| !s.is_empty()).collect::<Vec<_>>();
    let date =
        |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).map_or(Parts::Bad, Parts::Known);
    // "22 Dec 2025", "Dec 22 2025"
    if v.len() >= 3 {
        if let (Ok(d), Some(m), Some(y)) = (v[0].parse::<u32>(), month(v[1]), year(v[2])) {
            return date(y, m, d);
        }
        if let (Some(m), Ok(d), Some(y)) = (month(v[0]), v[1].parse::<u32>(), year(v[2])) {
            return date(y, m, d);
        }
        return Parts::Bad;
    }
    let Some(&v) = v.first() else {
        return Parts::Bad;
    };
    for sep in ['-', '.', '/'] {
        let p: Vec<&str> = v.split(sep).collect();
        if p.len() != 3 {
            continue;
        }
        let num = |s: &str| s.parse::<u32>().ok();
        if p[0].len() == 4 {
            // ISO 2021-09-16 (or 2021/09/16)
            return match (year(p[0]), num(p[1]), num(p[2])) {
                (Some(y), Some(m), Some(d)) => date(y, m, d),
                _ => Parts::Bad,
            };
        }
        if let (Ok(d), Some(m), Some(y)) = (p[0].parse::<u32>(), month(p[1]), year(p[2])) {
            // 06-May-22
            return date(y, m, d);
        }
        return match (num(p[0]), num(p[1]), year(p[2])) {
            // Dotted dates are day.month.year wherever they are written.
            (Some(d), Some(m), Some(y)) if sep == '.' => date(y, m, d),
            (Some(a), Some(b), Some(y)) => Parts::Slashed(a, b, y),
            _ => Parts::Bad,
        };
    }
    Parts::Bad
}

/// A column of dates read together.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// One entry per input value: `None` for empty or unreadable values.
    pub dates: Vec<Option<NaiveDate>>,
    /// Values that were not empty but could not be read, by index.
    pub unreadable: Vec<usize>,
    /// What was assumed, in words (empty when nothing was ambiguous).
    pub assumption: Option<String>,
}

/// Reads every value of a column (see the module documentation). `column` names it in the
/// assumption.
pub fn column<'a>(column: &str, values: impl IntoIterator<Item = &'a str>) -> Column {
    let parsed: Vec<(bool, Parts)> = values
        .into_iter()
        .map(|v| (v.trim().is_empty(), parts(v)))
        .collect();
    let slashed = parsed
        .iter()
        .filter(|(_, p)| matches!(p, Parts::Slashed(..)))
        .count();
    let day_first = parsed
        .iter()
        .any(|(_, p)| matches!(p, Parts::Slashed(a, b, _) if *a > 12 && *b <= 12));
    let order = if day_first {
        Order::DayMonth
    } else {
        Order::MonthDay
    };
    let assumption = (slashed > 0).then(|| match order {
        Order::DayMonth => format!(
            "`{column}` dates with slashes were read as day/month/year (a value has a first \
             number above 12)"
        ),
        Order::MonthDay => format!(
            "`{column}` dates with slashes were read as month/day/year (US order, as LinkedIn and Outlook write \
             them); no value settles it"
        ),
    });
    let mut unreadable = Vec::new();
    let dates = parsed
        .into_iter()
        .enumerate()
        .map(|(i, (empty, p))| {
            let d = match p {
                Parts::Known(d) => Some(d),
                Parts::Slashed(a, b, y) => match order {
                    Order::MonthDay => NaiveDate::from_ymd_opt(y, a, b),
                    Order::DayMonth => NaiveDate::from_ymd_opt(y, b, a),
                },
                Parts::Bad => None,
            };
            if d.is_none() && !empty {
                unreadable.push(i);
            }
            d
        })
        .collect();
    Column {
        dates,
        unreadable,
        assumption,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_written_form() {
        let c = column(
            "Connected On",
            [
                "22 Dec 2025",
                "16.09.2021",
                "06-May-22",
                "2021-09-16",
                "Sept 3 2020",
                "",
                "soon",
            ],
        );
        assert_eq!(
            c.dates,
            vec![
                d(2025, 12, 22),
                d(2021, 9, 16),
                d(2022, 5, 6),
                d(2021, 9, 16),
                d(2020, 9, 3),
                None,
                None
            ]
        );
        assert_eq!(c.unreadable, vec![6]);
        assert_eq!(c.assumption, None);
    }

    #[test]
    fn slashed_dates_are_settled_by_the_column() {
        let us = column("Connected On", ["1/8/18, 6:14 PM", "12/31/17, 9:02 AM"]);
        assert_eq!(us.dates, vec![d(2018, 1, 8), d(2017, 12, 31)]);
        assert!(
            us.assumption
                .expect("expected a value")
                .contains("month/day")
        );
        let eu = column("Connected On", ["1/8/18", "31/12/17"]);
        assert_eq!(eu.dates, vec![d(2018, 8, 1), d(2017, 12, 31)]);
        assert!(
            eu.assumption
                .expect("expected a value")
                .contains("day/month")
        );
        let bad = column("x", ["2/30/20"]);
        assert_eq!(bad.dates, vec![None]);
        assert_eq!(bad.unreadable, vec![0]);
    }
}
