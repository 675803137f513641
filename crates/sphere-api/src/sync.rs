//! Connected sources: an IMAP account, CalDAV calendars, CardDAV address books, read with the
//! protocol clients of `sphere-sync` and written by the writers the file imports share.
//!
//! - `sync_add` checks the connection before saving; the source's config keeps what reading
//!   it again needs, never the password: that goes to the OS credential store when the user
//!   asks and there is one, else it is asked for at each run.
//! - `sync_run` reads what is new since the source's cursor. Mail: each batch of headers is
//!   written (`sphere_import::mail::write_mail`) with the cursor after it in one transaction,
//!   the lock held only for that write, so a sync that dies resumes at the last batch
//!   written. Calendars: the changes and the cursor in one transaction. Address books: the
//!   changed cards go through the contacts planner and come back as a preview; nothing is
//!   written (not even the cursor) until `sync_commit` with the user's decisions.
//! - Every run is recorded on the source (`record_run`): its counts, or its error in words.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use super::{IdRequest, Sphere};
use crate::capture::{CaptureSource, MailSummary};
use crate::import::JobHandle;
use sphere_domain::Id;
use sphere_domain::error::{ApiError, CoreError, ErrorKind};
pub use sphere_import::calendar::CalendarSummary;
use sphere_import::contacts::{ImportPreview, ImportResult, Progress};
use sphere_store::capture::{self, SourceRow};
use sphere_sync::SyncError;
use sphere_sync::dav::{self, DavAccount, DavCursor, DavKind};
use sphere_sync::imap::{self, ImapAccount, ImapCursor, Security};

/// Messages read per batch (and per write transaction).
pub const MAIL_BATCH: usize = 250;

/// What kind of server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SyncKind {
    /// Mail (headers only).
    Imap,
    /// Calendars.
    Caldav,
    /// Address books.
    Carddav,
}

impl SyncKind {
    fn as_str(self) -> &'static str {
        match self {
            SyncKind::Imap => "imap",
            SyncKind::Caldav => "caldav",
            SyncKind::Carddav => "carddav",
        }
    }
}

/// How an IMAP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "lowercase")]
pub enum SyncSecurity {
    /// TLS from the start (port 993).
    #[default]
    Tls,
    /// STARTTLS on a plain connection (port 143).
    Starttls,
    /// In clear: only for a server on this machine or a trusted network.
    None,
}

impl From<SyncSecurity> for Security {
    fn from(s: SyncSecurity) -> Security {
        match s {
            SyncSecurity::Tls => Security::Tls,
            SyncSecurity::Starttls => Security::StartTls,
            SyncSecurity::None => Security::None,
        }
    }
}

/// A server to connect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SyncAddRequest {
    pub kind: SyncKind,
    /// A name for the source; `user@host` when absent.
    #[ts(optional)]
    #[serde(default)]
    pub label: Option<String>,
    /// IMAP: the server's host name.
    #[ts(optional)]
    #[serde(default)]
    pub host: Option<String>,
    /// IMAP: the port (993 with TLS, 143 otherwise, when absent).
    #[ts(optional)]
    #[serde(default)]
    pub port: Option<u16>,
    /// IMAP: how the connection is secured (TLS when absent).
    #[ts(optional)]
    #[serde(default)]
    pub security: Option<SyncSecurity>,
    /// IMAP: the folders to read; when absent, every folder but junk, trash and drafts (or
    /// Gmail's "All Mail" alone).
    #[ts(optional)]
    #[serde(default)]
    pub folders: Option<Vec<String>>,
    /// CalDAV/CardDAV: the server, the account's home or one calendar or address book.
    #[ts(optional)]
    #[serde(default)]
    pub url: Option<String>,
    pub user: String,
    /// The password (an app password for Gmail, iCloud, Fastmail…): used to check the
    /// connection, never stored in the database.
    pub password: String,
    /// Keep the password in the OS credential store (when this machine has one).
    #[serde(default)]
    pub remember_password: bool,
}

/// The source connected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncAdded {
    pub source: CaptureSource,
    /// What will be read: the folders, calendars or address books found.
    pub reads: Vec<String>,
    /// Whether the password is in the OS credential store (else it is asked for each run).
    pub password_stored: bool,
}

/// A sync to run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SyncRunRequest {
    #[ts(type = "number")]
    pub id: Id,
    /// Needed when the password is not in the OS credential store.
    #[ts(optional)]
    pub password: Option<String>,
    /// A job id, to follow progress (`import_progress`) and to cancel (`import_cancel`).
    #[ts(optional)]
    pub job: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncResult {
    pub source: CaptureSource,
    /// Messages, events or cards read from the server.
    pub read: u32,
    /// Calendar events or cards gone from the server since the last run.
    pub removed: u32,
    /// Messages whose header could not be read at all (skipped).
    pub unreadable: u32,
    /// Mail: what the messages became.
    pub mail: Option<MailSummary>,
    /// Calendars: what the events became.
    pub calendar: Option<CalendarSummary>,
    /// Address books: what importing the changed cards would do; nothing is written until
    /// `sync_commit`.
    pub contacts: Option<ImportPreview>,
}

/// The user's decisions on an address book's preview.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct SyncCommitRequest {
    #[ts(type = "number")]
    pub id: Id,
    /// Full names for abbreviated organization names, by the name as written in the cards.
    #[ts(optional)]
    pub org_names: Option<HashMap<String, String>>,
    /// Lines of the preview whose proposed duplicate is accepted.
    #[ts(optional, type = "number[]")]
    pub merges: Option<Vec<u64>>,
    #[ts(optional)]
    pub job: Option<String>,
}

/// What committing an address book's changes did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncCommitResult {
    pub source: CaptureSource,
    pub result: ImportResult,
}

/// An address book's changed cards waiting for the user's decisions (by source id).
#[derive(Default)]
pub(crate) struct PendingCards(Mutex<HashMap<Id, Pending>>);

struct Pending {
    cards: Vec<u8>,
    cursor: Value,
}

impl PendingCards {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Id, Pending>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What an IMAP source keeps in its config.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ImapConfig {
    host: String,
    port: u16,
    security: SyncSecurity,
    user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    folders: Option<Vec<String>>,
}

/// What a CalDAV or CardDAV source keeps in its config.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DavConfig {
    url: String,
    user: String,
}

/// The name a password is filed under in the credential store.
fn credential_key(kind: &str, config: &Value) -> String {
    let get = |k: &str| {
        config
            .get(k)
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default()
    };
    match kind {
        "imap" => format!("imap://{}@{}:{}", get("user"), get("host"), get("port")),
        other => format!("{other}:{}@{}", get("user"), get("url")),
    }
}

/// A sync error in the boundary's words. `adding`: the user is typing the account, so a
/// server that cannot be reached is about the field they typed.
fn sync_error(e: SyncError, kind: SyncKind, adding: bool) -> ApiError {
    let place = if kind == SyncKind::Imap {
        "host"
    } else {
        "url"
    };
    let message = e.to_string();
    match e {
        SyncError::Auth { .. } => ApiError::invalid("password", message),
        SyncError::Cancelled => ApiError::new(
            ErrorKind::Cancelled,
            "the sync was cancelled; what was read before is kept and the next sync goes on from there",
        ),
        SyncError::Config(_) => ApiError::invalid(place, message),
        SyncError::Tls { .. } if adding && kind == SyncKind::Imap => {
            ApiError::invalid("security", message)
        }
        _ if adding => ApiError::invalid(place, message),
        _ => ApiError::new(ErrorKind::Unavailable, message),
    }
}

/// An error from either side of a batch: the server's or the store's.
enum RunError {
    Sync(SyncError),
    Api(ApiError),
}

impl From<SyncError> for RunError {
    fn from(e: SyncError) -> Self {
        RunError::Sync(e)
    }
}

impl From<ApiError> for RunError {
    fn from(e: ApiError) -> Self {
        RunError::Api(e)
    }
}

fn required(value: Option<&str>, field: &str, what: &str) -> Result<String, ApiError> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(ApiError::invalid(field, format!("give {what}"))),
    }
}

fn adds(total: &mut MailSummary, s: &MailSummary) {
    total.read += s.read;
    total.kept += s.kept;
    total.interactions_created += s.interactions_created;
    total.planned += s.planned;
    total.people_created += s.people_created;
    total.relationships_created += s.relationships_created;
    total.duplicates += s.duplicates;
    total.earlier_counted += s.earlier_counted;
    for (why, n) in &s.ignored {
        *total.ignored.entry(why.clone()).or_default() += n;
    }
    total.first_at = match (total.first_at, s.first_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    total.last_at = match (total.last_at, s.last_at) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
}

impl Sphere {
    /// Connects a mail, calendar or address-book server: checks that it answers and takes the
    /// user and password, then records it (without the password).
    pub fn sync_add(&self, req: SyncAddRequest) -> Result<SyncAdded, ApiError> {
        if req.user.trim().is_empty() {
            return Err(ApiError::invalid("user", "give the account's user name"));
        }
        if req.password.is_empty() {
            return Err(ApiError::invalid("password", "give the account's password"));
        }
        let user = req.user.trim().to_string();
        // Check the connection before taking the lock: a slow server costs nobody else time.
        let (config, reads, default_label) = match req.kind {
            SyncKind::Imap => {
                let host = required(req.host.as_deref(), "host", "the mail server's host name")?;
                let security = req.security.unwrap_or_default();
                let port = req.port.unwrap_or(match security {
                    SyncSecurity::Tls => 993,
                    _ => 143,
                });
                let folders = req.folders.clone().filter(|f| !f.is_empty());
                let account = ImapAccount {
                    host: host.clone(),
                    port,
                    security: security.into(),
                    user: user.clone(),
                    password: req.password.clone(),
                    folders: folders.clone(),
                };
                let reads = imap::check(&account).map_err(|e| sync_error(e, req.kind, true))?;
                let config = ImapConfig {
                    host: host.clone(),
                    port,
                    security,
                    user: user.clone(),
                    folders,
                };
                (
                    serde_json::to_value(config).unwrap_or_default(),
                    reads,
                    format!("{user}@{host}"),
                )
            }
            SyncKind::Caldav | SyncKind::Carddav => {
                let url = required(req.url.as_deref(), "url", "the server's address")?;
                // `https://me:secret@host/`: a password in the address would be stored with
                // it (and shown in the label and errors); it belongs in the password field.
                if url
                    .split_once("://")
                    .map_or(url.as_str(), |(_, rest)| rest)
                    .split(['/', '?', '#'])
                    .next()
                    .is_some_and(|authority| authority.contains('@'))
                {
                    return Err(ApiError::invalid(
                        "url",
                        "the address holds a user name or password (`user:password@`); give the \
                         address without it, and the user and password in their own fields",
                    ));
                }
                let account = DavAccount {
                    url: url.clone(),
                    user: user.clone(),
                    password: req.password.clone(),
                };
                let dav_kind = if req.kind == SyncKind::Caldav {
                    DavKind::CalDav
                } else {
                    DavKind::CardDav
                };
                let found =
                    dav::check(&account, dav_kind).map_err(|e| sync_error(e, req.kind, true))?;
                let reads = found
                    .into_iter()
                    .map(|c| c.name.unwrap_or(c.href))
                    .collect();
                let host = url
                    .split_once("://")
                    .map_or(url.as_str(), |(_, r)| r)
                    .split('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                (
                    serde_json::to_value(DavConfig {
                        url: url.clone(),
                        user: user.clone(),
                    })
                    .unwrap_or_default(),
                    reads,
                    format!("{user}@{host}"),
                )
            }
        };
        let label = req
            .label
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map_or(default_label, str::to_string);
        let kind = req.kind.as_str();
        let mut core = self.store()?;
        let now = core.now();
        let row = core.store.write(|tx| {
            if capture::find_source(tx, kind, &label)?.is_some() {
                return Err(CoreError::Conflict(format!(
                    "a {kind} source named `{label}` is already connected; give another name"
                )));
            }
            let id = capture::create_source(tx, kind, &label, &config, now)?;
            capture::get_source(tx, id)?
                .ok_or_else(|| CoreError::Internal(format!("source {id} vanished")))
        })?;
        let password_stored = req.remember_password
            && sphere_sync::credentials::remember(&credential_key(kind, &config), &req.password);
        Ok(SyncAdded {
            source: CaptureSource::from(row),
            reads,
            password_stored,
        })
    }

    /// Reads what is new on a connected server since its last sync (see the module doc).
    pub fn sync_run(&self, req: SyncRunRequest) -> Result<SyncResult, ApiError> {
        let handle = self.begin_job(req.job.as_deref())?;
        let source = {
            let core = self.store()?;
            capture::get_source(core.db(), req.id)?
                .ok_or_else(|| ApiError::not_found(format!("no source with id {}", req.id)))?
        };
        let kind = match source.kind.as_str() {
            "imap" => SyncKind::Imap,
            "caldav" => SyncKind::Caldav,
            "carddav" => SyncKind::Carddav,
            other => {
                return Err(ApiError::invalid(
                    "id",
                    format!(
                        "source {} is a {other} file import, not a server: import the file again",
                        req.id
                    ),
                ));
            }
        };
        let key = credential_key(&source.kind, &source.config);
        let password = match req.password.filter(|p| !p.is_empty()) {
            Some(p) => p,
            None => sphere_sync::credentials::recall(&key).ok_or_else(|| {
                ApiError::invalid(
                    "password",
                    format!(
                        "the password for `{}` is not kept on this machine; give it to sync",
                        source.label
                    ),
                )
            })?,
        };
        let outcome = match kind {
            SyncKind::Imap => self.run_imap(&source, password, &handle),
            SyncKind::Caldav => self.run_caldav(&source, password, &handle),
            SyncKind::Carddav => self.run_carddav(&source, password, &handle),
        };
        // Record the run, whatever happened: batches written before an error stay written.
        let mut core = self.store()?;
        let now = core.now();
        let recorded = match &outcome {
            Ok(r) => {
                // The writer's summary, as file imports record theirs, with what was read.
                let mut counts = match (&r.mail, &r.calendar) {
                    (Some(m), _) => serde_json::to_value(m).unwrap_or_default(),
                    (_, Some(c)) => serde_json::to_value(c).unwrap_or_default(),
                    _ => serde_json::json!({}),
                };
                if let Some(map) = counts.as_object_mut() {
                    map.insert("read".into(), r.read.into());
                    map.insert("removed".into(), r.removed.into());
                    map.insert("unreadable".into(), r.unreadable.into());
                    if let Some(p) = &r.contacts {
                        map.insert("cards_waiting".into(), p.records.into());
                    }
                }
                core.store
                    .write(|tx| Ok(capture::record_run(tx, source.id, now, &counts, None)?))
            }
            Err(e) => {
                let message = e.message.clone();
                core.store.write(|tx| {
                    Ok(capture::record_run(
                        tx,
                        source.id,
                        now,
                        &source.counts,
                        Some(&message),
                    )?)
                })
            }
        };
        if kind != SyncKind::Carddav {
            core.reload()?;
        }
        recorded?;
        let fresh = capture::get_source(core.db(), source.id)?
            .map(CaptureSource::from)
            .ok_or_else(|| ApiError::not_found(format!("no source with id {}", source.id)))?;
        outcome.map(|mut r| {
            r.source = fresh;
            r
        })
    }

    fn run_imap(
        &self,
        source: &SourceRow,
        password: String,
        handle: &JobHandle<'_>,
    ) -> Result<SyncResult, ApiError> {
        let cfg: ImapConfig = serde_json::from_value(source.config.clone()).map_err(|e| {
            ApiError::internal(format!("source {}'s config is unreadable: {e}", source.id))
        })?;
        let account = ImapAccount {
            host: cfg.host,
            port: cfg.port,
            security: cfg.security.into(),
            user: cfg.user,
            password,
            folders: cfg.folders,
        };
        // An unreadable cursor (written by another version) starts over: the writer counts
        // nothing twice.
        let cursor: ImapCursor = serde_json::from_value(source.cursor.clone()).unwrap_or_default();
        let mut total = MailSummary::default();
        let (mut read, mut unreadable) = (0u32, 0u32);
        handle.report(Progress {
            phase: "connecting".into(),
            done: 0,
            total: 0,
        });
        let fetched = imap::fetch(&account, cursor, MAIL_BATCH, &handle.cancel, |batch| {
            let headers: Vec<_> = batch
                .messages
                .iter()
                .filter_map(|(_, raw)| sphere_import::mail::parse_header(raw))
                .collect();
            let n = u32::try_from(batch.messages.len()).unwrap_or(u32::MAX);
            let unread_here =
                n.saturating_sub(u32::try_from(headers.len()).unwrap_or(n)) + batch.missing;
            let cursor = serde_json::to_value(&batch.cursor_after)
                .map_err(|e| ApiError::internal(format!("cannot encode the cursor: {e}")))?;
            let mut core = self.store()?;
            let now = core.now();
            let summary = core.store.write(|tx| {
                let settings = capture::settings(tx)?;
                let s =
                    sphere_import::mail::write_mail(tx, Some(source.id), &headers, &settings, now)?;
                capture::set_cursor(tx, source.id, &cursor)?;
                Ok(s)
            });
            drop(core);
            let summary = summary.map_err(ApiError::from)?;
            adds(&mut total, &summary);
            read += n + batch.missing;
            unreadable += unread_here;
            handle.report(Progress {
                phase: format!("mail: {}", batch.folder),
                done: read,
                total: 0,
            });
            Ok::<(), RunError>(())
        });
        match fetched {
            Ok(_) => Ok(SyncResult {
                source: CaptureSource::from(source.clone()),
                read,
                removed: 0,
                unreadable,
                mail: Some(total),
                calendar: None,
                contacts: None,
            }),
            Err(RunError::Sync(e)) => Err(sync_error(e, SyncKind::Imap, false)),
            Err(RunError::Api(e)) => Err(e),
        }
    }

    fn dav_account(source: &SourceRow, password: String) -> Result<DavAccount, ApiError> {
        let cfg: DavConfig = serde_json::from_value(source.config.clone()).map_err(|e| {
            ApiError::internal(format!("source {}'s config is unreadable: {e}", source.id))
        })?;
        Ok(DavAccount {
            url: cfg.url,
            user: cfg.user,
            password,
        })
    }

    /// What changed on a CalDAV or CardDAV server since the source's cursor, and the cursor
    /// after it (as stored JSON).
    fn dav_changes(
        source: &SourceRow,
        password: String,
        kind: SyncKind,
        handle: &JobHandle<'_>,
    ) -> Result<(dav::DavChanges, Value), ApiError> {
        let account = Self::dav_account(source, password)?;
        let cursor: DavCursor = serde_json::from_value(source.cursor.clone()).unwrap_or_default();
        let (dav_kind, phase) = match kind {
            SyncKind::Carddav => (DavKind::CardDav, "reading address books"),
            _ => (DavKind::CalDav, "reading calendars"),
        };
        handle.report(Progress {
            phase: phase.into(),
            done: 0,
            total: 0,
        });
        let changes =
            dav::changes(&account, dav_kind, cursor).map_err(|e| sync_error(e, kind, false))?;
        let cursor = serde_json::to_value(&changes.cursor)
            .map_err(|e| ApiError::internal(format!("cannot encode the cursor: {e}")))?;
        Ok((changes, cursor))
    }

    fn run_caldav(
        &self,
        source: &SourceRow,
        password: String,
        handle: &JobHandle<'_>,
    ) -> Result<SyncResult, ApiError> {
        let (changes, cursor) = Self::dav_changes(source, password, SyncKind::Caldav, handle)?;
        if handle.cancel.load(Ordering::Relaxed) {
            return Err(sync_error(SyncError::Cancelled, SyncKind::Caldav, false));
        }
        let changed: Vec<sphere_import::calendar::Changed> = changes
            .changed
            .iter()
            .map(|(href, etag, body)| (Some(href.clone()), Some(etag.clone()), body.clone()))
            .collect();
        let mut core = self.store()?;
        let now = core.now();
        let summary = core.store.write_bulk(|tx| {
            let settings = capture::settings(tx)?;
            let s = sphere_import::calendar::write_calendar_with(
                tx,
                Some(source.id),
                &changed,
                &changes.removed,
                &settings,
                now,
                &mut |p| handle.report(p),
                &handle.cancel,
            )?;
            capture::set_cursor(tx, source.id, &cursor)?;
            Ok(s)
        })?;
        Ok(SyncResult {
            source: CaptureSource::from(source.clone()),
            read: u32::try_from(changes.changed.len()).unwrap_or(u32::MAX),
            removed: u32::try_from(changes.removed.len()).unwrap_or(u32::MAX),
            unreadable: 0,
            mail: None,
            calendar: Some(summary),
            contacts: None,
        })
    }

    fn run_carddav(
        &self,
        source: &SourceRow,
        password: String,
        handle: &JobHandle<'_>,
    ) -> Result<SyncResult, ApiError> {
        let (changes, cursor) = Self::dav_changes(source, password, SyncKind::Carddav, handle)?;
        let mut cards = String::new();
        for (_, _, body) in &changes.changed {
            cards.push_str(body.trim_end());
            cards.push_str("\r\n");
        }
        let read = u32::try_from(changes.changed.len()).unwrap_or(u32::MAX);
        let removed = u32::try_from(changes.removed.len()).unwrap_or(u32::MAX);
        if cards.is_empty() {
            // Nothing to decide: the cursor moves on (a card deleted on the server leaves its
            // person in Sphere).
            self.pending_cards.lock().remove(&source.id);
            let mut core = self.store()?;
            core.store
                .write(|tx| Ok(capture::set_cursor(tx, source.id, &cursor)?))?;
            return Ok(SyncResult {
                source: CaptureSource::from(source.clone()),
                read,
                removed,
                unreadable: 0,
                mail: None,
                calendar: None,
                contacts: None,
            });
        }
        let preview = {
            let parsed = sphere_import::read_contacts(
                cards.as_bytes(),
                Some(sphere_import::contact::Format::Vcard),
            )?;
            let core = self.store()?;
            sphere_import::contacts::plan(core.db(), parsed, &card_options(&source.label, None))?
                .into_preview()
        };
        self.pending_cards.lock().insert(
            source.id,
            Pending {
                cards: cards.into_bytes(),
                cursor,
            },
        );
        Ok(SyncResult {
            source: CaptureSource::from(source.clone()),
            read,
            removed,
            unreadable: 0,
            mail: None,
            calendar: None,
            contacts: Some(preview),
        })
    }

    /// Writes an address book's changes as previewed by the last `sync_run`, with the user's
    /// decisions, and moves its cursor on, in one transaction.
    pub fn sync_commit(&self, req: SyncCommitRequest) -> Result<SyncCommitResult, ApiError> {
        let handle = self.begin_job(req.job.as_deref())?;
        let pending = self.pending_cards.lock().remove(&req.id).ok_or_else(|| {
            ApiError::invalid(
                "id",
                format!(
                    "source {} has no address-book changes waiting: run the sync first",
                    req.id
                ),
            )
        })?;
        let mut core = self.store()?;
        let source = capture::get_source(core.db(), req.id)?
            .ok_or_else(|| ApiError::not_found(format!("no source with id {}", req.id)))?;
        let parsed = sphere_import::read_contacts(
            &pending.cards,
            Some(sphere_import::contact::Format::Vcard),
        )?;
        let opts = card_options(&source.label, Some(&req));
        let plan = sphere_import::contacts::plan(core.db(), parsed, &opts)?;
        let photos = core.store.photos();
        let now = core.now();
        let written = core.store.write_bulk(|tx| {
            let result = sphere_import::contacts::commit(
                tx,
                &plan,
                photos.as_ref(),
                &mut |p| handle.report(p),
                &handle.cancel,
            )?;
            capture::set_cursor(tx, req.id, &pending.cursor)?;
            let counts = serde_json::to_value(&result).unwrap_or_default();
            capture::record_run(tx, req.id, now, &counts, None)?;
            Ok(result)
        });
        let result = match written {
            Ok(r) => r,
            Err(e) => {
                // Keep the changes for another try (after a cancel, say).
                self.pending_cards.lock().insert(req.id, pending);
                return Err(e.into());
            }
        };
        core.reload()?;
        let source = capture::get_source(core.db(), req.id)?
            .map(CaptureSource::from)
            .ok_or_else(|| ApiError::not_found(format!("no source with id {}", req.id)))?;
        Ok(SyncCommitResult { source, result })
    }

    /// Disconnects a server: the source and its cursor are forgotten, and its password is
    /// removed from the OS credential store. What it brought in stays.
    pub fn sync_remove(&self, req: IdRequest) -> Result<CaptureSource, ApiError> {
        let removed = self.capture_source_remove(req)?;
        if matches!(removed.kind.as_str(), "imap" | "caldav" | "carddav") {
            // The stored config has no secret; the key is derived from what it has.
            let key = credential_key(&removed.kind, &removed.config);
            sphere_sync::credentials::forget(&key);
        }
        self.pending_cards.lock().remove(&req.id);
        Ok(removed)
    }
}

fn card_options(
    label: &str,
    decisions: Option<&SyncCommitRequest>,
) -> sphere_import::contacts::Options {
    sphere_import::contacts::Options {
        owner: None,
        org_names: decisions
            .and_then(|d| d.org_names.clone())
            .unwrap_or_default(),
        merges: decisions
            .and_then(|d| d.merges.clone())
            .unwrap_or_default()
            .into_iter()
            .collect(),
        file_name: label.to_string(),
    }
}
