//! The TypeScript bindings under ui/src/bindings must match the Rust types.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                    (e.file_name().to_string_lossy().into_owned(), text)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bindings_are_fresh() -> Result<(), String> {
    let committed =
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(sphere_api::BINDINGS_DIR);
    if std::env::var_os("SPHERE_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        return sphere_api::generated_bindings(&committed);
    }
    let fresh_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    sphere_api::generated_bindings(fresh_dir.path())?;
    let fresh = read_dir(fresh_dir.path());
    let old = read_dir(&committed);
    let stale: Vec<&String> = fresh
        .keys()
        .chain(old.keys())
        .filter(|name| fresh.get(*name) != old.get(*name))
        .collect();
    assert!(
        stale.is_empty(),
        "ui/src/bindings is stale ({stale:?} differ from the Rust types); \
         run `SPHERE_BLESS=1 cargo test -p sphere --test core bindings` and commit the result"
    );
    assert!(
        fresh.contains_key("commands.ts") && fresh.len() > 10,
        "bindings should cover the command set"
    );
    Ok(())
}
