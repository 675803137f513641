//! Strengths after a realistic import spread over the range: the demo's two years of
//! interactions give ties every strength, not a pile on one floor. (The hand-judged orderings
//! are a table beside the formula: `crates/sphere-domain/src/strength/order.rs`.)

use std::collections::HashMap;

use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[test]
fn strengths_after_a_realistic_import_spread_over_the_range() -> TestResult {
    let s = Sphere::open_in_memory()?;
    s.demo_load(DemoRequest { seed: Some(7) })?;
    let view = s.sphere_view(Empty {})?;
    let values: Vec<f64> = view.ties.iter().map(|t| t.strength).collect();
    assert!(
        values.len() > 500,
        "the demo has a network: {}",
        values.len()
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in &values {
        *counts.entry((v * 100.0).round() as i64).or_default() += 1;
    }
    let (most, n) = counts
        .iter()
        .max_by_key(|(v, n)| (**n, -**v))
        .map(|(v, n)| (*v, *n))
        .unwrap_or_default();
    let mut deciles = [0usize; 10];
    for v in &values {
        deciles[((v * 10.0) as usize).min(9)] += 1;
    }
    eprintln!(
        "{} ties; most common {most}% × {n}; by tenth: {deciles:?}",
        values.len()
    );
    assert!(
        n * 5 < values.len(),
        "{n} of {} ties sit on {most}%: strengths pile up on one value; by tenth {deciles:?}",
        values.len()
    );
    let filled = deciles.iter().filter(|d| **d * 50 >= values.len()).count();
    assert!(
        filled >= 7,
        "at least 7 of the 10 tenths of the range hold 2% of the ties each: {deciles:?}"
    );
    Ok(())
}
