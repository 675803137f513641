//! Backups and photos of an encrypted database are sealed with its key: no readable string
//! in them, restorable with the key (or the passphrase it was made with), and a photo reads
//! back whole; decrypting the database opens its photos again.

use base64::Engine as _;

use super::*;

/// The first bytes of a JPEG, with a JFIF marker that must not be readable once sealed.
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9,
];

fn card_with_photo() -> ImportFileRequest {
    let b64 = base64::engine::general_purpose::STANDARD;
    let card = format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Quillfeather;Zebulon;;;\r\nFN:Zebulon Quillfeather\r\n\
         PHOTO;ENCODING=b;TYPE=JPEG:{}\r\nEND:VCARD\r\n",
        b64.encode(JPEG)
    );
    ImportFileRequest {
        file_name: "zebulon.vcf".into(),
        data: b64.encode(card),
        ..Default::default()
    }
}

fn photo_files(db: &Path) -> Result<Vec<Vec<u8>>, std::io::Error> {
    let dir = db.with_file_name(format!(
        "{}-photos",
        db.file_stem().unwrap_or_default().to_string_lossy()
    ));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        out.push(std::fs::read(entry?.path())?);
    }
    Ok(out)
}

#[test]
fn the_backup_of_an_encrypted_database_is_sealed_and_restores_with_its_passphrase() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    write_secrets(&sphere)?;
    let oracle = everything(&sphere)?;
    let (_, bytes) = sphere.backup_bytes()?;
    assert!(
        bytes.starts_with(b"SPHRVLT1"),
        "a sealed backup, with its versioned header"
    );
    for s in SECRETS.iter().chain(&["\"people\"", "sphere-backup"]) {
        assert!(
            !contains(&bytes, s),
            "`{s}` is readable in the encrypted backup"
        );
    }
    let file = sphere.backup_file(Empty {})?;
    assert!(
        file.encrypted && file.file_name.ends_with(".sphere-backup"),
        "{}",
        file.file_name
    );

    // Into a plain database: only with the passphrase it was made with.
    let plain = Sphere::open(&dir.path().join("plain.db"))?;
    let err = plain
        .backup_text(bytes.clone(), None)
        .err()
        .ok_or("opened without a passphrase")?;
    assert_eq!(err.field.as_deref(), Some("passphrase"));
    assert!(
        err.message.contains("this backup is encrypted"),
        "{}",
        err.message
    );
    let err = plain
        .backup_text(bytes.clone(), Some("not it"))
        .err()
        .ok_or("opened with a wrong passphrase")?;
    assert!(err.message.contains("wrong passphrase"), "{}", err.message);
    let text = plain.backup_text(bytes.clone(), Some(PASS))?;
    plain.backup_restore(serde_json::from_str(&text)?)?;
    assert_eq!(
        everything(&plain)?,
        oracle,
        "the restored copy holds everything"
    );

    // A sealed backup changed by one byte is refused.
    let mut tampered = bytes.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert!(
        plain.backup_text(tampered, Some(PASS)).is_err(),
        "tampering is detected"
    );

    // The plain database's own backup stays plain JSON.
    let (_, plain_bytes) = plain.backup_bytes()?;
    assert!(
        plain_bytes.starts_with(b"{"),
        "a plain database's backup is JSON as before"
    );
    Ok(())
}

#[test]
fn photos_of_an_encrypted_database_are_sealed_read_back_whole_and_opened_by_decrypt() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("vault.db");
    let sphere = Sphere::open_with(&db, opts(Some(PASS)))?;
    sphere.person_create(PersonInput {
        first_name: "Dana".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let result = sphere.import_commit(card_with_photo())?;
    assert_eq!(result.photo_error, None);
    let files = photo_files(&db)?;
    assert_eq!(files.len(), 1, "one picture kept");
    assert!(
        !files[0].starts_with(&JPEG[..3]) && !contains(&files[0], "JFIF"),
        "the picture is sealed on disk"
    );

    let backup = sphere.backup_export(Empty {})?;
    let data = backup
        .photos
        .first()
        .and_then(|p| p.data.clone())
        .ok_or("no photo in the backup")?;
    assert_eq!(
        base64::engine::general_purpose::STANDARD.decode(data)?,
        JPEG,
        "the backup carries the picture itself"
    );
    // Restored into another encrypted database: sealed there with that database's key.
    let other_db = dir.path().join("other.db");
    let other = Sphere::open_with(&other_db, opts(Some("another passphrase")))?;
    other.backup_restore(backup)?;
    let restored = photo_files(&other_db)?;
    assert!(
        !contains(&restored[0], "JFIF"),
        "sealed in the restored database too"
    );
    let again = other.backup_export(Empty {})?;
    assert_eq!(
        again.photos[0]
            .data
            .as_deref()
            .map(|d| base64::engine::general_purpose::STANDARD.decode(d)),
        Some(Ok(JPEG.to_vec()))
    );
    drop((sphere, other));

    convert_database(&db, Direction::Decrypt, PASS, &mut |_| {})?;
    assert_eq!(
        photo_files(&db)?,
        vec![JPEG.to_vec()],
        "decrypting opens the pictures too"
    );
    convert_database(&db, Direction::Encrypt, PASS, &mut |_| {})?;
    assert!(
        !contains(&photo_files(&db)?[0], "JFIF"),
        "encrypting seals them again"
    );
    let back = Sphere::open_with(&db, opts(Some(PASS)))?.backup_export(Empty {})?;
    assert_eq!(
        back.photos[0]
            .data
            .as_deref()
            .map(|d| base64::engine::general_purpose::STANDARD.decode(d)),
        Some(Ok(JPEG.to_vec())),
        "with the new key"
    );
    Ok(())
}
