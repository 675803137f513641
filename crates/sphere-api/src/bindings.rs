//! TypeScript bindings of the command set, generated with ts-rs and committed under
//! `ui/src/bindings/`. A test regenerates them and fails when the committed copy is stale;
//! `SPHERE_BLESS=1 cargo test -p sphere --test core bindings` rewrites it.

use std::collections::BTreeSet;
use std::path::Path;

use ts_rs::{Config, TS, TypeVisitor};

use super::{COMMANDS, command_signatures, visit_command_types};

/// Where the committed bindings live, relative to the workspace root.
pub const BINDINGS_DIR: &str = "ui/src/bindings";

struct Exporter<'a> {
    cfg: &'a Config,
    seen: BTreeSet<String>,
    errors: Vec<String>,
}

impl TypeVisitor for Exporter<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            if self.seen.insert(T::ident(self.cfg))
                && let Err(e) = T::export_all(self.cfg)
            {
                self.errors.push(format!("{}: {e}", T::ident(self.cfg)));
            }
        } else {
            T::visit_dependencies(self);
            T::visit_generics(self);
        }
    }
}

/// Writes every binding (one file per type, plus `commands.ts`) into `out_dir`.
pub fn generated_bindings(out_dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let cfg = Config::new().with_large_int("number").with_out_dir(out_dir);
    let mut exporter = Exporter {
        cfg: &cfg,
        seen: BTreeSet::new(),
        errors: Vec::new(),
    };
    visit_command_types(&mut exporter);
    exporter.visit::<sphere_domain::error::ApiError>();
    if !exporter.errors.is_empty() {
        return Err(exporter.errors.join("\n"));
    }

    let mut types: Vec<String> = std::fs::read_dir(out_dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".ts"))
                .map(str::to_string)
        })
        .filter(|n| n != "commands")
        .collect();
    types.sort();

    let mut out = String::from(
        "// Generated from the Rust command list (src/api/mod.rs) by ts-rs. Do not edit.\n\
         // Regenerate: SPHERE_BLESS=1 cargo test -p sphere --test core bindings\n\n",
    );
    for t in &types {
        out.push_str(&format!("import type {{ {t} }} from \"./{t}\";\n"));
    }
    out.push_str(
        "\n/** Every command: its request and response types. */\nexport type Commands = {\n",
    );
    for (name, req, res) in command_signatures(&cfg) {
        out.push_str(&format!("  {name}: {{ req: {req}; res: {res} }};\n"));
    }
    out.push_str("};\n\nexport type CommandName = keyof Commands;\n\n/** The command names, as the core lists them. */\nexport const COMMANDS: readonly CommandName[] = [\n");
    for name in COMMANDS {
        out.push_str(&format!("  \"{name}\",\n"));
    }
    out.push_str("];\n\nexport type {\n");
    for t in &types {
        out.push_str(&format!("  {t},\n"));
    }
    out.push_str("};\n");
    std::fs::write(out_dir.join("commands.ts"), out).map_err(|e| e.to_string())
}
