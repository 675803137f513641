//! Long work never blocks the small commands: while a 30,000-connection import runs through
//! the IPC, `import_progress` and `import_cancel` answer at once (each command runs on a
//! blocking thread, and neither of these two waits for the core's lock).

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use sphere_api::domain::{PersonInput, PersonQuery, Ring};
use tauri::WebviewWindow;
use tauri::test::MockRuntime;

use crate::{Shell, TestResult, invoke_on};

/// What "at once" means here: far below the import's own length (tens of seconds in a debug
/// build), which is what an answer that waited for the core's lock would take. Not a speed
/// figure (benchmarks measure speed): a generous bound, so a loaded 2-core machine does not
/// fail it, that still tells "answered alongside" from "answered after".
const ANSWER_WITHIN: Duration = Duration::from_secs(1);

/// A LinkedIn `Connections.csv` (current layout) with `n` distinct connections.
fn linkedin_csv(n: usize) -> String {
    let mut csv = String::from(
        "Notes:\n\"When exporting your connection data, you may notice that some of the email \
         addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,\
         Connected On\n",
    );
    for i in 0..n {
        csv.push_str(&format!(
            "Given{i},Family{i},https://www.linkedin.com/in/person-{i},,Company {} Ltd,\
             Engineer,12 Mar 2024\n",
            i % 997
        ));
    }
    csv
}

fn timed(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    req: Value,
) -> TestResult<(Value, Duration)> {
    let start = Instant::now();
    let answer = invoke_on(window, cmd, req)?.map_err(|e| format!("{cmd} failed: {e}"))?;
    Ok((answer, start.elapsed()))
}

#[test]
fn progress_and_cancel_answer_at_once_during_a_large_import() -> TestResult {
    let shell = Shell::start()?;
    shell.sphere.person_create(PersonInput {
        first_name: "Me".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let data = base64::engine::general_purpose::STANDARD.encode(linkedin_csv(30_000));
    let window = shell.window.clone();
    let importer = std::thread::spawn(move || {
        invoke_on(
            &window,
            "import_commit",
            json!({ "file_name": "Connections.csv", "data": data, "job": "big" }),
        )
        .map_err(|e| e.to_string())
    });

    // Poll as the UI does until the import is writing people, timing every answer.
    let mut slowest = Duration::ZERO;
    let mut polls = 0u32;
    let deadline = Instant::now() + Duration::from_secs(300);
    let writing = loop {
        let (status, took) = timed(&shell.window, "import_progress", json!({ "job": "big" }))?;
        slowest = slowest.max(took);
        polls += 1;
        let phase = status["progress"]["phase"].as_str().unwrap_or_default();
        let done = status["progress"]["done"].as_u64().unwrap_or(0);
        if phase != "reading" && phase != "organizations" && done > 0 {
            break true;
        }
        if importer.is_finished() || Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        writing,
        "the import's progress should reach the writing phases while it runs ({polls} polls)"
    );
    let (cancel, cancel_took) = timed(&shell.window, "import_cancel", json!({ "job": "big" }))?;
    assert_eq!(cancel["cancel_requested"], json!(true), "{cancel}");

    let outcome = importer
        .join()
        .map_err(|_| "the importing thread panicked")??;
    let err = outcome.expect_err("a cancelled import must not succeed");
    assert_eq!(err["kind"], json!("cancelled"), "{err}");
    assert!(
        slowest < ANSWER_WITHIN,
        "import_progress took {slowest:?} at worst over {polls} polls during the import: \
         it waited for the import instead of answering alongside it"
    );
    assert!(
        cancel_took < ANSWER_WITHIN,
        "import_cancel took {cancel_took:?} during the import: it waited for the import \
         instead of answering alongside it"
    );
    let people = shell.sphere.person_list(PersonQuery::default())?;
    assert_eq!(people.total, 1, "a cancelled import writes nothing");
    Ok(())
}
