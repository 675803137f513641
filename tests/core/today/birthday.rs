//! Birthdays as address books and people write them.

use chrono::NaiveDate;
use sphere_api::domain::birthday::Birthday;

fn check(text: &str, expected: Option<(u32, u32, Option<i32>)>) {
    let got = Birthday::parse(text).map(|b| (b.month, b.day, b.year));
    assert_eq!(got, expected, "reading {text:?}");
}

#[test]
fn the_forms_people_and_address_books_write() {
    let april_12 = Some((4, 12, None));
    let april_12_1990 = Some((4, 12, Some(1990)));
    check("Birthday: 1990-04-12", april_12_1990);
    check("1990-04-12", april_12_1990);
    check("1990-4-12", april_12_1990);
    check("19900412", april_12_1990);
    check("1990-04-12T00:00:00Z", april_12_1990);
    check("BDAY:--04-12", april_12);
    check("--04-12", april_12);
    check("--0412", april_12);
    check("12 April", april_12);
    check("April 12", april_12);
    check("april 12th", april_12);
    check("12th of April 1990", april_12_1990);
    check("Apr 12, 1990", april_12_1990);
    check("12 Apr. 1990", april_12_1990);
    check("born 12 April 1990", april_12_1990);
    check("Birthday - April 12", april_12);
    check("12.04.1990", april_12_1990);
    check("12.04.", april_12);
    check("25/12", Some((12, 25, None)));
    check("12/25/1990", Some((12, 25, Some(1990))));
    check("Sept 3", Some((9, 3, None)));
    check("29 February", Some((2, 29, None)));
}

#[test]
fn what_is_not_a_birthday_or_is_ambiguous_is_refused() {
    check("04/05/1990", None); // the 4th of May in London, the 5th of April in New York
    check("31 February", None);
    check("1990-02-29", None); // 1990 was not a leap year
    check("someday", None);
    check("", None);
    check("April", None);
    check("12 13", None);
    check("April 12 May 3", None);
}

#[test]
fn the_next_birthday_and_29_february() -> Result<(), String> {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).ok_or("bad date");
    let b = Birthday::parse("April 12").ok_or("April 12")?;
    assert_eq!(b.next_after(d(2026, 4, 1)?), d(2026, 4, 12)?);
    assert_eq!(
        b.next_after(d(2026, 4, 12)?),
        d(2026, 4, 12)?,
        "today counts"
    );
    assert_eq!(b.next_after(d(2026, 4, 13)?), d(2027, 4, 12)?);
    let leap = Birthday::parse("29 February").ok_or("29 February")?;
    assert_eq!(
        leap.next_after(d(2026, 1, 1)?),
        d(2026, 2, 28)?,
        "kept on 28 February in other years"
    );
    assert_eq!(leap.next_after(d(2028, 1, 1)?), d(2028, 2, 29)?);
    assert_eq!(b.words(), "12 April");
    Ok(())
}
