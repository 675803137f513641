//! Opening an encrypted database: the right passphrase, a wrong one (refused, file untouched),
//! none (locked), and the locked state's commands.

use super::*;

#[test]
fn an_encrypted_database_holds_no_readable_string_of_its_data_nor_does_its_log() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    let demo = sphere.demo_load(DemoRequest::default())?;
    write_secrets(&sphere)?;
    let me = demo.me.display_name.clone();
    let mut secrets: Vec<String> = SECRETS.iter().map(|s| s.to_string()).collect();
    secrets.push(me.clone());
    // While it is open, the write-ahead log holds the latest pages: encrypted too.
    let wal = sidecar(&db, "-wal");
    for (file, bytes) in [
        (&db, bytes_of(&db)?),
        (&wal, bytes_of(&wal).unwrap_or_default()),
    ] {
        for s in &secrets {
            assert!(
                !contains(&bytes, s),
                "`{s}` is readable in {} ({} bytes): an encrypted database must hide every string",
                file.display(),
                bytes.len()
            );
        }
    }
    drop(sphere);
    let bytes = bytes_of(&db)?;
    assert!(bytes.len() > 100_000, "the demo network was written");
    for s in &secrets {
        assert!(!contains(&bytes, s), "`{s}` is readable in the closed file");
    }
    // And it all comes back with the passphrase.
    let again = Sphere::open_with(&db, opts(Some(PASS)))?;
    let found = again.person_list(PersonQuery {
        search: Some("Quillfeather".into()),
        ..Default::default()
    })?;
    assert_eq!(
        found.total, 1,
        "the data reads back with the right passphrase"
    );
    assert_eq!(
        again.app_info(Empty {})?.me.map(|m| m.display_name),
        Some(me)
    );
    Ok(())
}

#[test]
fn a_wrong_passphrase_is_refused_and_leaves_the_file_byte_for_byte_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    write_secrets(&Sphere::open_with(&db, opts(Some(PASS)))?)?;
    let before = bytes_of(&db)?;
    let err = Sphere::open_with(&db, opts(Some("Correct horse battery staple")))
        .err()
        .ok_or("a wrong passphrase opened the database")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("passphrase"));
    assert_eq!(
        err.message,
        format!("wrong passphrase for {}", db.display())
    );
    assert!(
        bytes_of(&db)? == before,
        "a wrong passphrase changed the file"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        assert!(
            !sidecar(&db, suffix).exists(),
            "a wrong passphrase left {suffix} behind"
        );
    }

    // No passphrase at all: locked, untouched.
    let err = Sphere::open(&db)
        .err()
        .ok_or("opened without a passphrase")?;
    assert_eq!(err.kind, ErrorKind::Locked, "{}", err.message);
    assert!(err.message.contains("is encrypted"), "{}", err.message);
    assert!(
        bytes_of(&db)? == before,
        "opening without a key changed the file"
    );
    Ok(())
}

#[test]
fn a_plain_database_keeps_working_and_refuses_a_passphrase_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("plain.db");
    write_secrets(&Sphere::open(&db)?)?;
    assert!(
        !is_encrypted(&db)?,
        "a database opened without a passphrase is plain"
    );
    let before = bytes_of(&db)?;
    assert!(
        before.starts_with(b"SQLite format 3\0"),
        "plain SQLite, as always"
    );
    let err = Sphere::open_with(&db, opts(Some(PASS)))
        .err()
        .ok_or("a plain file opened with a passphrase")?;
    assert_eq!(err.field.as_deref(), Some("passphrase"));
    assert!(err.message.contains("is not encrypted"), "{}", err.message);
    assert!(bytes_of(&db)? == before, "the refusal changed the file");
    let sphere = Sphere::open(&db)?;
    assert_eq!(sphere.person_list(PersonQuery::default())?.total, 1);
    assert!(!sphere.vault_status(Empty {})?.encrypted);
    assert_eq!(
        sphere.vault_lock(Empty {}).err().map(|e| e.kind),
        Some(ErrorKind::Conflict),
        "a plain database cannot be locked"
    );
    Ok(())
}

#[test]
fn a_locked_sphere_answers_locked_until_unlocked_and_again_after_locking() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    let person = write_secrets(&Sphere::open_with(&db, opts(Some(PASS)))?)?;
    let sphere = Sphere::open_with(
        &db,
        OpenOptions {
            allow_locked: true,
            ..Default::default()
        },
    )?;
    let status = sphere.vault_status(Empty {})?;
    assert!(status.encrypted && status.locked, "{status:?}");
    assert_eq!(status.db_path, Some(db.display().to_string()));

    let refused = |s: &Sphere| -> Vec<(&str, Option<ErrorKind>)> {
        [
            "app_info",
            "person_list",
            "sphere_view",
            "backup_export",
            "today",
            "fact_list",
        ]
        .into_iter()
        .map(|name| {
            let args = if name == "fact_list" {
                serde_json::json!({ "person_id": person.id })
            } else {
                serde_json::json!({})
            };
            (name, s.dispatch(name, args).err().map(|e| e.kind))
        })
        .collect()
    };
    for (name, kind) in refused(&sphere) {
        assert_eq!(
            kind,
            Some(ErrorKind::Locked),
            "`{name}` answered while locked"
        );
    }
    assert_eq!(
        sphere
            .person_get(DetailRequest::id(person.id))
            .err()
            .map(|e| e.kind),
        Some(ErrorKind::Locked)
    );

    let wrong = sphere
        .vault_unlock(VaultUnlock {
            passphrase: "not it".into(),
            remember: None,
        })
        .err()
        .ok_or("a wrong passphrase unlocked")?;
    assert_eq!(wrong.field.as_deref(), Some("passphrase"));
    assert!(
        wrong.message.starts_with("wrong passphrase for"),
        "{}",
        wrong.message
    );
    assert!(sphere.vault_status(Empty {})?.locked, "still locked");

    let status = sphere.vault_unlock(VaultUnlock {
        passphrase: PASS.into(),
        remember: None,
    })?;
    assert!(status.encrypted && !status.locked, "{status:?}");
    assert_eq!(
        sphere.person_get(DetailRequest::id(person.id))?.person.id,
        person.id
    );
    assert_eq!(sphere.app_info(Empty {})?.counts.people, 1);

    let status = sphere.vault_lock(Empty {})?;
    assert!(status.locked, "locked again");
    for (name, kind) in refused(&sphere) {
        assert_eq!(
            kind,
            Some(ErrorKind::Locked),
            "`{name}` answered after locking"
        );
    }
    // Unlocking again works (the key was dropped, not the ability to derive it).
    sphere.vault_unlock(VaultUnlock {
        passphrase: PASS.into(),
        remember: None,
    })?;
    assert_eq!(sphere.person_list(PersonQuery::default())?.total, 1);
    Ok(())
}
