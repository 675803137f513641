//! The crate graph is the architecture (ARCHITECTURE.md): this test reads `cargo metadata` and
//! fails when a dependency runs the wrong way, when a crate other than the store reaches
//! SQLite, or when the desktop binary would link the HTTP server or the CLI's parser.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Each workspace crate and the workspace crates it may depend on (normal dependencies).
const ALLOWED: &[(&str, &[&str])] = &[
    ("sphere-domain", &[]),
    ("sphere-store", &["sphere-domain"]),
    ("sphere-graph", &["sphere-domain"]),
    ("sphere-sensitivity", &["sphere-domain"]),
    ("sphere-sync", &["sphere-domain"]),
    (
        "sphere-import",
        &["sphere-domain", "sphere-store", "sphere-sensitivity"],
    ),
    (
        "sphere-api",
        &[
            "sphere-domain",
            "sphere-store",
            "sphere-graph",
            "sphere-sensitivity",
            "sphere-import",
            "sphere-sync",
        ],
    ),
    ("sphere-server", &["sphere-api"]),
    // The team server: the protocol (domain), coverage over the shared graph (graph) and the
    // very report the local Coverage page shows (api).
    (
        "sphere-team",
        &["sphere-domain", "sphere-graph", "sphere-api"],
    ),
    (
        "sphere-cli",
        &[
            "sphere-api",
            "sphere-server",
            "sphere-team",
            "sphere-domain",
            "sphere-sensitivity",
            "sphere-import",
        ],
    ),
    ("sphere-desktop", &["sphere-api"]),
];

/// Outside crates that only the named workspace crates may name (normal dependencies).
const OWNED: &[(&str, &[&str])] = &[
    ("rusqlite", &["sphere-store"]),
    ("rusqlite_migration", &["sphere-store"]),
    // The vault's key derivation and ciphers: key material stays inside the store.
    ("argon2", &["sphere-store"]),
    ("chacha20poly1305", &["sphere-store"]),
    ("petgraph", &["sphere-graph"]),
    // HTTP servers: the local one (sphere-server) and the team server (sphere-team).
    ("axum", &["sphere-server", "sphere-team"]),
    ("tower-http", &["sphere-server"]),
    // PostgreSQL is the team server's alone (tokio-postgres, its pool, its migrations).
    ("tokio-postgres", &["sphere-team"]),
    ("deadpool-postgres", &["sphere-team"]),
    ("refinery", &["sphere-team"]),
    ("axum-server", &["sphere-team"]),
    ("clap", &["sphere-cli"]),
    ("comfy-table", &["sphere-cli"]),
    ("tauri", &["sphere-desktop"]),
];

/// Crates the desktop binary must not link, directly or through another crate.
const NOT_IN_DESKTOP: &[&str] = &[
    "axum",
    "tower-http",
    "hyper",
    "clap",
    "comfy-table",
    "tokio-postgres",
];

struct Metadata {
    /// Workspace crate → its normal dependencies, by crate name.
    direct: BTreeMap<String, BTreeSet<String>>,
    /// Package id → (name, normal dependencies' ids), for the whole resolved graph.
    resolved: BTreeMap<String, (String, Vec<String>)>,
    /// Workspace crate name → package id.
    members: BTreeMap<String, String>,
}

/// The resolved graph for this machine's platform, read once for all the tests here.
fn metadata() -> Result<&'static Metadata, String> {
    static META: OnceLock<Result<Metadata, String>> = OnceLock::new();
    META.get_or_init(|| read_metadata().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(Clone::clone)
}

/// The host's target triple (`rustc -vV`), so metadata resolves only what builds here.
fn host_triple() -> Result<String, Box<dyn std::error::Error>> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let out = Command::new(rustc).arg("-vV").output()?;
    String::from_utf8(out.stdout)?
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .ok_or_else(|| "rustc -vV names no host".into())
}

fn read_metadata() -> Result<Metadata, Box<dyn std::error::Error>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--filter-platform"])
        .arg(host_triple()?)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()?;
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout)?;
    let members: BTreeSet<&str> = v["workspace_members"]
        .as_array()
        .ok_or("no workspace_members")?
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut meta = Metadata {
        direct: BTreeMap::new(),
        resolved: BTreeMap::new(),
        members: BTreeMap::new(),
    };
    let mut names = BTreeMap::new();
    for p in v["packages"].as_array().ok_or("no packages")? {
        let (Some(id), Some(name)) = (p["id"].as_str(), p["name"].as_str()) else {
            continue;
        };
        names.insert(id.to_string(), name.to_string());
        if members.contains(id) {
            meta.members.insert(name.to_string(), id.to_string());
            let normal: BTreeSet<String> = p["dependencies"]
                .as_array()
                .ok_or("no dependencies")?
                .iter()
                .filter(|d| d["kind"].is_null())
                .filter_map(|d| d["name"].as_str().map(str::to_string))
                .collect();
            meta.direct.insert(name.to_string(), normal);
        }
    }
    for node in v["resolve"]["nodes"].as_array().ok_or("no resolve graph")? {
        let Some(id) = node["id"].as_str() else {
            continue;
        };
        let deps = node["deps"]
            .as_array()
            .ok_or("no deps")?
            .iter()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
            })
            .filter_map(|d| d["pkg"].as_str().map(str::to_string))
            .collect();
        let name = names.get(id).cloned().unwrap_or_default();
        meta.resolved.insert(id.to_string(), (name, deps));
    }
    Ok(meta)
}

#[test]
fn workspace_crates_depend_one_way() -> TestResult {
    let meta = metadata()?;
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for (krate, deps) in &meta.direct {
        let Some(ok) = allowed.get(krate.as_str()) else {
            panic!(
                "{krate} is a new workspace crate: give it its place in ALLOWED and ARCHITECTURE.md"
            );
        };
        for dep in deps.iter().filter(|d| d.starts_with("sphere-")) {
            assert!(
                ok.contains(&dep.as_str()),
                "{krate} must not depend on {dep}: dependencies run one way \
                 (domain → store → graph, sensitivity, import → api → server, cli, desktop)"
            );
        }
    }
    assert_eq!(
        meta.direct.len(),
        ALLOWED.len(),
        "every crate of ALLOWED is a workspace member"
    );
    Ok(())
}

#[test]
fn outside_crates_stay_with_their_layer() -> TestResult {
    let meta = metadata()?;
    for (dep, owners) in OWNED {
        for (krate, deps) in &meta.direct {
            if deps.contains(*dep) {
                assert!(
                    owners.contains(&krate.as_str()),
                    "{krate} depends on {dep}, which only {} may use: \
                     go through their API instead",
                    owners.join(", ")
                );
            }
        }
    }
    Ok(())
}

#[test]
fn the_desktop_binary_links_no_http_server_and_no_cli_parser() -> TestResult {
    let meta = metadata()?;
    let root = meta
        .members
        .get("sphere-desktop")
        .ok_or("sphere-desktop is a workspace member")?;
    let mut seen = BTreeSet::new();
    let mut stack = vec![root.clone()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some((_, deps)) = meta.resolved.get(&id) {
            stack.extend(deps.iter().cloned());
        }
    }
    let linked: BTreeSet<&str> = seen
        .iter()
        .filter_map(|id| meta.resolved.get(id).map(|(name, _)| name.as_str()))
        .collect();
    for banned in NOT_IN_DESKTOP {
        assert!(
            !linked.contains(banned),
            "sphere-desktop links {banned}: the desktop binary needs neither the HTTP server \
             nor the CLI (one of its dependencies pulls it in)"
        );
    }
    assert!(
        linked.contains("rusqlite"),
        "the closure is computed (the desktop reaches SQLite through the store)"
    );
    Ok(())
}
