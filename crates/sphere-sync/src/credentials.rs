//! Passwords in the OS credential store (Keychain, Windows Credential Manager, the Secret
//! Service on Linux) through `keyring`, when there is one. Where there is none (a headless
//! Linux without a Secret Service), nothing is stored: the password is asked for at each sync.
//! Passwords are never written anywhere else.

/// The service name the passwords are filed under.
const SERVICE: &str = "Sphere";

fn entry(account: &str) -> Option<keyring::Entry> {
    keyring::Entry::new(SERVICE, account).ok()
}

/// Whether this machine has a credential store Sphere can use.
pub fn available() -> bool {
    keyring::Entry::store_status().is_ok()
}

/// Keeps `password` for `account` (e.g. `imap://ann@mail.example.org:993`); `false` when
/// there is no credential store or it refused.
pub fn remember(account: &str, password: &str) -> bool {
    entry(account).is_some_and(|e| e.set_password(password).is_ok())
}

/// The password kept for `account`, if any.
pub fn recall(account: &str) -> Option<String> {
    entry(account).and_then(|e| e.get_password().ok())
}

/// Forgets the password kept for `account` (nothing when there is none).
pub fn forget(account: &str) {
    if let Some(e) = entry(account) {
        let _ = e.delete_credential();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_kept_where_there_is_a_store_and_nowhere_otherwise() {
        let account = format!("test://sphere-credentials-{}", std::process::id());
        let kept = remember(&account, "s3cret");
        if available() && kept {
            assert_eq!(recall(&account).as_deref(), Some("s3cret"));
            forget(&account);
            assert_eq!(recall(&account), None, "forgotten");
        } else {
            assert_eq!(recall(&account), None, "without a store nothing is kept");
        }
    }
}
