//! The shell exposes exactly the core's command set: registered, granted, reachable.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use sphere_api::COMMANDS;
use sphere_desktop::SHELL_COMMANDS;

use crate::{Shell, TestResult};

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    names.into_iter().collect()
}

/// `what` must list every name of `COMMANDS` once, and nothing else.
fn check_same_as_core(what: &str, names: &[&str]) {
    let core = set(COMMANDS.iter().copied());
    let shell = set(names.iter().copied());
    let missing: Vec<_> = core.difference(&shell).collect();
    let extra: Vec<_> = shell.difference(&core).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} must match sphere_api::COMMANDS, or the desktop app and `sphere serve` \
         drift apart; missing {missing:?}, extra {extra:?}"
    );
    assert_eq!(
        shell.len(),
        names.len(),
        "{what} lists a command twice: {names:?}"
    );
}

#[test]
fn shell_commands_are_the_core_commands() {
    check_same_as_core("SHELL_COMMANDS", SHELL_COMMANDS);
}

#[test]
fn capability_grants_exactly_the_core_commands() -> TestResult {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/default.json");
    let capability: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .ok_or("capabilities/default.json should have a `permissions` array")?
        .iter()
        .map(|p| p.as_str().ok_or("permissions should be plain identifiers"))
        .collect::<Result<_, _>>()?;
    let granted: Vec<String> = permissions
        .iter()
        .map(|p| {
            p.strip_prefix("allow-")
                .map(|c| c.replace('-', "_"))
                .ok_or_else(|| {
                    format!(
                        "`{p}`: the UI only calls Sphere's own commands, so the capability \
                         should grant nothing but `allow-<command>`"
                    )
                })
        })
        .collect::<Result<_, _>>()?;
    let granted: Vec<&str> = granted.iter().map(String::as_str).collect();
    check_same_as_core("capabilities/default.json", &granted);
    assert_eq!(
        capability["windows"],
        json!(["main"]),
        "only the app's own window gets the commands"
    );
    Ok(())
}

#[test]
fn every_core_command_is_registered_and_reachable() -> TestResult {
    let shell = Shell::start()?;
    for &name in COMMANDS {
        // `{}` is valid for the list commands and invalid for the rest; either way the
        // answer must come from the command itself, not from Tauri's router or ACL.
        let req = if name == "demo_load" {
            json!({ "seed": 1 })
        } else {
            json!({})
        };
        match shell.invoke(name, req)? {
            Ok(_) => {}
            Err(Value::Object(error)) => assert!(
                error.get("kind").is_some_and(Value::is_string),
                "`{name}` should fail with the core's ApiError, got {error:?}"
            ),
            Err(Value::String(message)) => assert!(
                // Tauri's own answer when the command exists but `req` does not fit its type.
                message.starts_with(&format!("invalid args `req` for command `{name}`")),
                "`{name}` is not reachable through the IPC (not registered with \
                 generate_handler!, or not granted in capabilities/default.json and \
                 build.rs): {message}"
            ),
            Err(other) => panic!("`{name}` failed with an unexpected error: {other}"),
        }
    }
    Ok(())
}

#[test]
fn unknown_commands_are_refused() -> TestResult {
    let shell = Shell::start()?;
    let answer = shell.invoke("person_explode", json!({}))?;
    let error = answer
        .err()
        .ok_or("a command the shell does not have must fail")?;
    assert!(
        error.to_string().contains("person_explode"),
        "the refusal should name the command: {error}"
    );
    Ok(())
}

#[test]
fn remote_pages_cannot_call_commands() -> TestResult {
    let shell = Shell::start()?;
    let answer = shell.invoke_from("https://example.com", "person_list", json!({}))?;
    assert!(
        answer.is_err(),
        "only the app's own pages may reach the core, got {answer:?}"
    );
    Ok(())
}
