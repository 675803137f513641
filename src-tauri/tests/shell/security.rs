//! The window's CSP: present, strict, and the served UI's policy except for the IPC.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::TestResult;

fn directives(policy: &str) -> BTreeMap<String, Vec<String>> {
    policy
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace().map(str::to_string);
            words.next().map(|name| (name, words.collect()))
        })
        .collect()
}

#[test]
fn the_window_csp_is_the_served_ui_csp_plus_the_ipc() -> TestResult {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
    let config: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let csp = config["app"]["security"]["csp"]
        .as_str()
        .ok_or("tauri.conf.json must set app.security.csp to a policy (never null)")?;
    let mut desktop = directives(csp);
    let served = directives(sphere_api::CSP);

    assert_eq!(
        desktop.remove("connect-src"),
        Some(vec!["ipc:".to_string(), "http://ipc.localhost".to_string()]),
        "the window connects to Tauri's IPC protocol only (ipc: on Linux and macOS, \
         http://ipc.localhost on Windows); no network"
    );
    let mut served_rest = served.clone();
    served_rest.remove("connect-src");
    assert_eq!(
        desktop, served_rest,
        "the desktop window and `sphere serve` show the same UI under the same policy"
    );
    assert_eq!(
        served.get("script-src"),
        Some(&vec!["'self'".to_string()]),
        "no inline or remote scripts anywhere"
    );
    Ok(())
}
