//! The vault's commands (`sphere init`, `encrypt`, `decrypt`) and how every command gets the
//! passphrase of an encrypted database: `--passphrase-file`, else `SPHERE_PASSPHRASE`, else a
//! prompt without echo when a terminal is attached.

use std::io::IsTerminal;
use std::path::Path;

use sphere_api::{ApiError, Direction, Passphrase, Step};

/// The environment variable holding the passphrase (for scripts and tests).
pub const PASSPHRASE_ENV: &str = "SPHERE_PASSPHRASE";

/// The passphrase given without a prompt: the file's first line, or the environment's.
pub fn given(file: Option<&Path>) -> Result<Option<Passphrase>, ApiError> {
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            ApiError::invalid(
                "passphrase_file",
                format!("cannot read the passphrase file {}: {e}", file.display()),
            )
        })?;
        let first = text.lines().next().unwrap_or_default().to_string();
        let pass = sphere_api::passphrase_from(first);
        if pass.is_empty() {
            return Err(ApiError::invalid(
                "passphrase_file",
                format!("the passphrase file {} is empty", file.display()),
            ));
        }
        return Ok(Some(pass));
    }
    Ok(std::env::var(PASSPHRASE_ENV)
        .ok()
        .filter(|p| !p.is_empty())
        .map(sphere_api::passphrase_from))
}

/// Asks for a passphrase on the terminal without echo; `None` when there is no terminal.
fn prompt(question: &str) -> Result<Option<Passphrase>, ApiError> {
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = rpassword::prompt_password(question)
        .map_err(|e| ApiError::invalid("passphrase", format!("cannot read the passphrase: {e}")))?;
    Ok(Some(sphere_api::passphrase_from(typed)))
}

/// The passphrase to open the database at `path` with: given, or asked for when the file is
/// encrypted and a terminal is attached; `None` for a plain file (or no way to ask).
pub fn for_opening(path: &Path, file: Option<&Path>) -> Result<Option<Passphrase>, ApiError> {
    if let Some(p) = given(file)? {
        return Ok(Some(p));
    }
    if sphere_api::is_encrypted(path)? {
        return prompt(&format!("Passphrase for {}: ", path.display()));
    }
    Ok(None)
}

/// A new passphrase: given, or typed twice on the terminal.
fn new_passphrase(path: &Path, file: Option<&Path>) -> Result<Passphrase, ApiError> {
    if let Some(p) = given(file)? {
        return Ok(p);
    }
    let missing = || {
        ApiError::invalid(
            "passphrase",
            format!(
                "a passphrase for {} is needed: set {PASSPHRASE_ENV} or pass --passphrase-file (no terminal to ask on)",
                path.display()
            ),
        )
    };
    let first = prompt(&format!("New passphrase for {}: ", path.display()))?.ok_or_else(missing)?;
    if first.is_empty() {
        return Err(ApiError::invalid("passphrase", "the passphrase is empty"));
    }
    let again = prompt("The same passphrase again: ")?.ok_or_else(missing)?;
    if *first != *again {
        return Err(ApiError::invalid(
            "passphrase",
            "the two passphrases differ; nothing was changed",
        ));
    }
    Ok(first)
}

/// `sphere init [--encrypt]`.
pub fn init(path: &Path, encrypt: bool, file: Option<&Path>) -> Result<(), ApiError> {
    let pass = if encrypt {
        Some(new_passphrase(path, file)?)
    } else {
        None
    };
    sphere_api::create_database(path, pass.as_deref().map(String::as_str))?;
    eprintln!(
        "Created {}{}.",
        path.display(),
        if encrypt {
            " (encrypted; keep the passphrase safe: without it the data cannot be read)"
        } else {
            ""
        }
    );
    Ok(())
}

/// `sphere encrypt` / `sphere decrypt`, with a progress bar while the copy is written.
pub fn convert(path: &Path, direction: Direction, file: Option<&Path>) -> Result<(), ApiError> {
    if !path.exists() {
        return Err(ApiError::not_found(format!(
            "there is no database at {}",
            path.display()
        )));
    }
    let pass = match direction {
        Direction::Encrypt => new_passphrase(path, file)?,
        Direction::Decrypt => for_opening(path, file)?.ok_or_else(|| {
            ApiError::invalid(
                "passphrase",
                format!(
                    "the passphrase of {} is needed: set {PASSPHRASE_ENV} or pass --passphrase-file (no terminal to ask on)",
                    path.display()
                ),
            )
        })?,
    };
    let temp = sphere_api::convert_temp_path(path);
    let mut bar: Option<(indicatif::ProgressBar, std::thread::JoinHandle<()>)> = None;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let result = sphere_api::convert_database(path, direction, &pass, &mut |step| match step {
        Step::Copying { total_bytes } => {
            let pb = indicatif::ProgressBar::new(total_bytes);
            pb.set_style(
                indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb.set_message("Copying");
            let (pb2, temp, done) = (pb.clone(), temp.clone(), done.clone());
            let poll = std::thread::spawn(move || {
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    if let Ok(m) = std::fs::metadata(&temp) {
                        pb2.set_position(m.len());
                    }
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
            });
            bar = Some((pb, poll));
        }
        Step::Verifying => {
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            if let Some((pb, _)) = &bar {
                pb.set_message("Verifying the copy");
            }
        }
        Step::Replacing => {
            if let Some((pb, _)) = &bar {
                pb.set_message("Replacing the original");
            }
        }
    });
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some((pb, poll)) = bar {
        let _ = poll.join();
        pb.finish_and_clear();
    }
    result?;
    eprintln!(
        "{} {}.",
        match direction {
            Direction::Encrypt => "Encrypted",
            Direction::Decrypt => "Decrypted",
        },
        path.display()
    );
    Ok(())
}
