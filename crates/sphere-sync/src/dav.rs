//! Read-only CalDAV (RFC 4791) and CardDAV (RFC 6352) sync.
//!
//! Discovery: the account's URL may be a calendar or address book itself, a home set, a
//! principal, or just the server (then `/.well-known/caldav|carddav` (RFC 6764) and
//! `current-user-principal` (RFC 5397) lead to the home set); every calendar that holds events
//! (or every address book) under the home set is read.
//!
//! Changes: with a sync token, the `sync-collection` report (RFC 6578) says what changed;
//! without one, or when the server rejects it or does not know the report, the members' ETags
//! (`PROPFIND`, depth 1) are compared with those seen last time. Bodies come in batches by
//! `calendar-multiget` / `addressbook-multiget` (plain `GET`s where that is missing).
//!
//! **Architecture Invariant:** only `PROPFIND`, `REPORT` and `GET` are sent: nothing is written.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use ureq::http::{Method, Request};

use crate::error::{SyncError, SyncResult};
use crate::xml::{self, CALDAV, CARDDAV, DAV, Element};

/// How many bodies one multiget asks for.
const MULTIGET_BATCH: usize = 200;
/// The most a single answer may weigh (a large address book's multiget).
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// Calendars or address books.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DavKind {
    CalDav,
    CardDav,
}

impl DavKind {
    fn ns(self) -> &'static str {
        match self {
            DavKind::CalDav => CALDAV,
            DavKind::CardDav => CARDDAV,
        }
    }
    fn collection(self) -> &'static str {
        match self {
            DavKind::CalDav => "calendar",
            DavKind::CardDav => "addressbook",
        }
    }
    fn home_set(self) -> &'static str {
        match self {
            DavKind::CalDav => "calendar-home-set",
            DavKind::CardDav => "addressbook-home-set",
        }
    }
    fn well_known(self) -> &'static str {
        match self {
            DavKind::CalDav => "/.well-known/caldav",
            DavKind::CardDav => "/.well-known/carddav",
        }
    }
    fn data(self) -> &'static str {
        match self {
            DavKind::CalDav => "calendar-data",
            DavKind::CardDav => "address-data",
        }
    }
    fn multiget(self) -> &'static str {
        match self {
            DavKind::CalDav => "calendar-multiget",
            DavKind::CardDav => "addressbook-multiget",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            DavKind::CalDav => "calendars",
            DavKind::CardDav => "address books",
        }
    }
}

/// A CalDAV or CardDAV account. The password is passed in, never stored here.
#[derive(Debug, Clone)]
pub struct DavAccount {
    /// A collection, a home set, a principal or the server's root (`https://host/`).
    pub url: String,
    pub user: String,
    pub password: String,
}

/// A calendar or an address book found by discovery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// Its path on the server (`/user/calendar/`).
    pub href: String,
    pub name: Option<String>,
}

/// Where one collection's sync stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CollectionCursor {
    /// The server's sync token (RFC 6578), when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sync_token: Option<String>,
    /// Every member seen, href → ETag.
    #[serde(default)]
    pub etags: BTreeMap<String, String>,
}

/// Where the account's sync stopped, per collection href (stored as the source's cursor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DavCursor {
    #[serde(default)]
    pub collections: BTreeMap<String, CollectionCursor>,
}

/// What changed since the cursor.
#[derive(Debug, Clone, Default)]
pub struct DavChanges {
    /// (href, ETag, body: iCalendar or vCard text), new or changed.
    pub changed: Vec<Item>,
    /// Hrefs gone from the server (deleted, or their collection is gone).
    pub removed: Vec<String>,
    /// The cursor to store with what was written from these changes.
    pub cursor: DavCursor,
}

/// Checks that the account can be reached and logged into; returns the collections it reads.
pub fn check(account: &DavAccount, kind: DavKind) -> SyncResult<Vec<Collection>> {
    let dav = Dav::new(account)?;
    dav.discover(kind)
}

/// What changed in the account's calendars (or address books) since `cursor`.
pub fn changes(account: &DavAccount, kind: DavKind, cursor: DavCursor) -> SyncResult<DavChanges> {
    let dav = Dav::new(account)?;
    let collections = dav.discover(kind)?;
    let mut previous = cursor.collections;
    let mut out = DavChanges::default();
    for coll in &collections {
        let before = previous.remove(&coll.href).unwrap_or_default();
        let (to_fetch, mut removed, token) = match &before.sync_token {
            Some(token) => match dav.sync_collection(&coll.href, token, &before.etags)? {
                Some(diff) => diff,
                None => dav.etag_diff(&coll.href, &before.etags)?,
            },
            None => dav.etag_diff(&coll.href, &before.etags)?,
        };
        let mut etags = before.etags;
        for href in &removed {
            etags.remove(href);
        }
        let wanted: Vec<String> = to_fetch.keys().cloned().collect();
        let (bodies, gone) = dav.multiget(kind, &coll.href, &wanted)?;
        for href in gone {
            if etags.remove(&href).is_some() {
                removed.push(href);
            }
        }
        for (href, etag, body) in bodies {
            etags.insert(href.clone(), etag.clone());
            out.changed.push((href, etag, body));
        }
        out.removed.extend(removed);
        out.cursor.collections.insert(
            coll.href.clone(),
            CollectionCursor {
                sync_token: token,
                etags,
            },
        );
    }
    // A collection that is gone takes its members with it.
    for (_, gone) in previous {
        out.removed.extend(gone.etags.into_keys());
    }
    Ok(out)
}

/// A response to one request: status, `Location`, `ETag` and body.
struct Answer {
    status: u16,
    location: Option<String>,
    etag: Option<String>,
    body: String,
}

struct Dav {
    agent: ureq::Agent,
    /// `scheme://host:port`; it moves when the server sends the account to another host
    /// (iCloud's home sets live on `pNN-caldav.icloud.com`).
    origin: RefCell<String>,
    /// The path of the account's URL.
    path: String,
    /// `host:port`, for errors.
    place: String,
    auth: String,
    user: String,
}

/// A member read: (href, ETag, body).
pub type Item = (String, String, String);

/// (members to fetch href → ETag, removed hrefs, the new sync token).
type Diff = (BTreeMap<String, String>, Vec<String>, Option<String>);

impl Dav {
    fn new(account: &DavAccount) -> SyncResult<Dav> {
        let url = account.url.trim();
        let (scheme, rest) = url.split_once("://").ok_or_else(|| {
            SyncError::Config(format!(
                "the server address {url:?} must start with https:// (or http://)"
            ))
        })?;
        if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
            return Err(SyncError::Config(format!(
                "the server address {url:?} must start with https:// (or http://)"
            )));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.is_empty() {
            return Err(SyncError::Config(format!(
                "the server address {url:?} names no host"
            )));
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .allow_non_standard_methods(true)
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(crate::net::CONNECT_TIMEOUT))
            .timeout_global(Some(Duration::from_secs(300)))
            .timeout_recv_response(Some(crate::net::IO_TIMEOUT))
            .user_agent("Sphere")
            .build()
            .into();
        let creds = format!("{}:{}", account.user, account.password);
        Ok(Dav {
            agent,
            origin: RefCell::new(format!("{}://{authority}", scheme.to_ascii_lowercase())),
            path: path.to_string(),
            place: authority.to_string(),
            auth: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(creds)
            ),
            user: account.user.clone(),
        })
    }

    /// Follows an href that names another host (a home set or a redirect elsewhere): the
    /// requests after it go there. Returns the href as a path.
    fn follow(&self, href: &str) -> String {
        let href = href.trim();
        if let Some((scheme, rest)) = href.split_once("://") {
            let authority = rest.split('/').next().unwrap_or_default();
            if !authority.is_empty()
                && (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
            {
                *self.origin.borrow_mut() =
                    format!("{}://{authority}", scheme.to_ascii_lowercase());
            }
        }
        self.path_of(href)
    }

    /// An href as a path on this server (hrefs may come as full URLs).
    fn path_of(&self, href: &str) -> String {
        let href = href.trim();
        match href.split_once("://") {
            Some((_, rest)) => match rest.find('/') {
                Some(i) => rest[i..].to_string(),
                None => "/".into(),
            },
            None if href.starts_with('/') => href.to_string(),
            None => {
                let base = self.path.rsplit_once('/').map_or("", |(b, _)| b);
                format!("{base}/{href}")
            }
        }
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        depth: Option<&str>,
        body: &str,
    ) -> SyncResult<Answer> {
        let what = format!("{method} {path}");
        let method = Method::from_bytes(method.as_bytes())
            .map_err(|e| SyncError::protocol(&self.place, &what, e))?;
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{}", self.origin.borrow(), path))
            .header("Authorization", &self.auth);
        if let Some(d) = depth {
            req = req.header("Depth", d);
        }
        if !body.is_empty() {
            req = req.header("Content-Type", "application/xml; charset=utf-8");
        }
        let req = req
            .body(body.to_string())
            .map_err(|e| SyncError::protocol(&self.place, &what, e))?;
        let mut resp = self.agent.run(req).map_err(|e| self.http_error(&what, e))?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (location, etag) = (header("location"), header("etag"));
        let status = resp.status().as_u16();
        if status == 401 {
            return Err(SyncError::Auth {
                host: self.place.clone(),
                user: self.user.clone(),
            });
        }
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|e| self.http_error(&what, e))?;
        Ok(Answer {
            status,
            location,
            etag,
            body,
        })
    }

    fn http_error(&self, what: &str, e: ureq::Error) -> SyncError {
        let place = self.place.clone();
        match e {
            ureq::Error::Timeout(_) => SyncError::Timeout {
                host: place,
                what: what.to_string(),
            },
            ureq::Error::Io(io) => SyncError::io(&place, what, &io),
            ureq::Error::HostNotFound => SyncError::Connect {
                host: place,
                detail: "the host name does not resolve".into(),
            },
            ureq::Error::ConnectionFailed => SyncError::Connect {
                host: place,
                detail: "connection refused or unreachable".into(),
            },
            ureq::Error::Rustls(t) => SyncError::Tls {
                host: place,
                detail: t.to_string(),
            },
            ureq::Error::Tls(t) => SyncError::Tls {
                host: place,
                detail: t.to_string(),
            },
            other => SyncError::protocol(&place, what, other),
        }
    }

    /// A multistatus answer, or an error naming the request and the status.
    fn multistatus(&self, what: &str, answer: &Answer) -> SyncResult<Element> {
        if answer.status != 207 {
            return Err(SyncError::protocol(
                &self.place,
                what,
                format!("the server answered {}", answer.status),
            ));
        }
        let doc =
            xml::parse(&answer.body).map_err(|e| SyncError::protocol(&self.place, what, e))?;
        if !doc.is(DAV, "multistatus") {
            return Err(SyncError::protocol(
                &self.place,
                what,
                "the answer is not a WebDAV multistatus",
            ));
        }
        Ok(doc)
    }

    fn propfind(&self, path: &str, depth: &str, props: &str) -> SyncResult<Answer> {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cr="urn:ietf:params:xml:ns:carddav" xmlns:cs="http://calendarserver.org/ns/"><d:prop>{props}</d:prop></d:propfind>"#
        );
        self.send("PROPFIND", path, Some(depth), &body)
    }

    /// The calendars (or address books) the account's URL leads to.
    fn discover(&self, kind: DavKind) -> SyncResult<Vec<Collection>> {
        let props = "<d:resourcetype/><d:displayname/><d:current-user-principal/><c:calendar-home-set/><cr:addressbook-home-set/><c:supported-calendar-component-set/>";
        let what = format!("finding the {} at {}", kind.noun(), self.path);
        let mut answer = self.propfind(&self.path, "0", props)?;
        if answer.status != 207 && self.path.trim_end_matches('/').is_empty() {
            // The server's root: follow the well-known address.
            answer = self.well_known(kind, props)?.1;
        }
        let doc = self.multistatus(&what, &answer)?;
        let first = doc.child(DAV, "response");
        if let Some(resp) = first
            && let Some(c) = self.collection_of(kind, resp)
        {
            return Ok(vec![c]);
        }
        let home = match first.and_then(|r| r.find_href(kind.ns(), kind.home_set())) {
            Some(home) => home,
            None => {
                let principal = match first.and_then(|r| r.find_href(DAV, "current-user-principal"))
                {
                    Some(p) => p,
                    None if !self.path.contains(".well-known") => {
                        let (p, a) = self.well_known(kind, props)?;
                        let doc = self.multistatus(&what, &a)?;
                        doc.child(DAV, "response")
                            .and_then(|r| r.find_href(DAV, "current-user-principal"))
                            .ok_or_else(|| {
                                SyncError::protocol(
                                    &self.place,
                                    &what,
                                    format!("{p} names no principal for {}", self.user),
                                )
                            })?
                    }
                    None => {
                        return Err(SyncError::protocol(
                            &self.place,
                            &what,
                            "the server names no principal",
                        ));
                    }
                };
                let principal = self.follow(&principal);
                let a = self.propfind(&principal, "0", props)?;
                let doc = self.multistatus(&what, &a)?;
                doc.child(DAV, "response")
                    .and_then(|r| r.find_href(kind.ns(), kind.home_set()))
                    .ok_or_else(|| {
                        SyncError::protocol(
                            &self.place,
                            &what,
                            format!("the principal {principal} has no {}", kind.home_set()),
                        )
                    })?
            }
        };
        let home = self.follow(&home);
        let a = self.propfind(&home, "1", props)?;
        let doc = self.multistatus(&what, &a)?;
        let found: Vec<Collection> = doc
            .children_named(DAV, "response")
            .filter_map(|r| self.collection_of(kind, r))
            .collect();
        if found.is_empty() {
            return Err(SyncError::protocol(
                &self.place,
                &what,
                format!("there are no {} in {home}", kind.noun()),
            ));
        }
        Ok(found)
    }

    /// `/.well-known/…`, following its redirects (a few).
    fn well_known(&self, kind: DavKind, props: &str) -> SyncResult<(String, Answer)> {
        let mut path = kind.well_known().to_string();
        for _ in 0..5 {
            let a = self.propfind(&path, "0", props)?;
            match (a.status, &a.location) {
                (301 | 302 | 303 | 307 | 308, Some(loc)) => path = self.follow(loc),
                _ => return Ok((path, a)),
            }
        }
        Err(SyncError::protocol(
            &self.place,
            kind.well_known(),
            "too many redirects",
        ))
    }

    /// The collection a PROPFIND response describes, when it is one of `kind` (a calendar
    /// must hold events when it says what it holds).
    fn collection_of(&self, kind: DavKind, resp: &Element) -> Option<Collection> {
        let href = resp.child(DAV, "href")?.text.trim().to_string();
        let prop = ok_prop(resp)?;
        let rt = prop.child(DAV, "resourcetype")?;
        rt.child(kind.ns(), kind.collection())?;
        if kind == DavKind::CalDav
            && let Some(set) = prop.child(CALDAV, "supported-calendar-component-set")
        {
            let mut comps = set.children_named(CALDAV, "comp").peekable();
            let holds_events = comps.peek().is_none()
                || comps.any(|c| {
                    c.attr("name")
                        .is_some_and(|n| n.eq_ignore_ascii_case("VEVENT"))
                });
            if !holds_events {
                return None; // a task list or a journal
            }
        }
        Some(Collection {
            href: self.path_of(&href),
            name: prop
                .child(DAV, "displayname")
                .map(|d| d.text.trim().to_string())
                .filter(|n| !n.is_empty()),
        })
    }

    /// The sync-collection report from `token`: Ok(None) when the server rejects the token or
    /// does not know the report (the caller falls back to ETags).
    fn sync_collection(
        &self,
        coll: &str,
        token: &str,
        known: &BTreeMap<String, String>,
    ) -> SyncResult<Option<Diff>> {
        let what = format!("reading the changes of {coll}");
        let mut token = token.to_string();
        let mut fetch = BTreeMap::new();
        let mut removed = BTreeSet::new();
        for _ in 0..1000 {
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"#,
                xml::escape(&token)
            );
            let a = self.send("REPORT", coll, None, &body)?;
            if (400..500).contains(&a.status) || a.status == 501 {
                return Ok(None);
            }
            let doc = self.multistatus(&what, &a)?;
            let mut truncated = false;
            for resp in doc.children_named(DAV, "response") {
                let Some(href) = resp.child(DAV, "href").map(|h| self.path_of(&h.text)) else {
                    continue;
                };
                let status = resp.child(DAV, "status").map(|s| status_code(&s.text));
                if same_path(&href, coll) {
                    truncated |= status == Some(507);
                    continue;
                }
                if status == Some(404) {
                    fetch.remove(&href);
                    if known.contains_key(&href) {
                        removed.insert(href);
                    }
                    continue;
                }
                let Some(etag) = ok_prop(resp).and_then(|p| p.child(DAV, "getetag")) else {
                    continue;
                };
                let etag = etag.text.trim().to_string();
                removed.remove(&href);
                if known.get(&href) != Some(&etag) {
                    fetch.insert(href, etag);
                }
            }
            let Some(next) = doc
                .child(DAV, "sync-token")
                .map(|t| t.text.trim().to_string())
            else {
                return Ok(None);
            };
            token = next;
            if !truncated {
                return Ok(Some((fetch, removed.into_iter().collect(), Some(token))));
            }
        }
        Err(SyncError::protocol(
            &self.place,
            &what,
            "the server keeps truncating the changes",
        ))
    }

    /// Every member's ETag compared with those seen; also reads the collection's sync token
    /// first (so a change made while reading is reported again next time, not lost).
    fn etag_diff(&self, coll: &str, known: &BTreeMap<String, String>) -> SyncResult<Diff> {
        let what = format!("listing {coll}");
        let a = self.propfind(coll, "0", "<d:sync-token/>")?;
        let token = self
            .multistatus(&what, &a)
            .ok()
            .and_then(|doc| doc.find_text(DAV, "sync-token"))
            .filter(|t| !t.is_empty());
        let a = self.propfind(coll, "1", "<d:getetag/><d:resourcetype/>")?;
        let doc = self.multistatus(&what, &a)?;
        let mut members = BTreeMap::new();
        for resp in doc.children_named(DAV, "response") {
            let Some(href) = resp.child(DAV, "href").map(|h| self.path_of(&h.text)) else {
                continue;
            };
            let Some(prop) = ok_prop(resp) else { continue };
            let is_collection = prop
                .child(DAV, "resourcetype")
                .is_some_and(|rt| rt.child(DAV, "collection").is_some());
            if same_path(&href, coll) || is_collection {
                continue;
            }
            let etag = prop
                .child(DAV, "getetag")
                .map(|e| e.text.trim().to_string())
                .unwrap_or_default();
            members.insert(href, etag);
        }
        let removed = known
            .keys()
            .filter(|h| !members.contains_key(*h))
            .cloned()
            .collect();
        let fetch = members
            .into_iter()
            .filter(|(h, e)| e.is_empty() || known.get(h) != Some(e))
            .collect();
        Ok((fetch, removed, token))
    }

    /// The bodies of `hrefs` (href, ETag, text), and the hrefs the server no longer has.
    fn multiget(
        &self,
        kind: DavKind,
        coll: &str,
        hrefs: &[String],
    ) -> SyncResult<(Vec<Item>, Vec<String>)> {
        let what = format!("reading {coll}");
        let mut bodies = Vec::new();
        let mut gone = Vec::new();
        let prefix = match kind {
            DavKind::CalDav => "c",
            DavKind::CardDav => "cr",
        };
        for chunk in hrefs.chunks(MULTIGET_BATCH) {
            let list: String = chunk
                .iter()
                .map(|h| format!("<d:href>{}</d:href>", xml::escape(h)))
                .collect();
            let body = format!(
                r#"<?xml version="1.0" encoding="utf-8"?><{prefix}:{report} xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:cr="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><{prefix}:{data}/></d:prop>{list}</{prefix}:{report}>"#,
                report = kind.multiget(),
                data = kind.data(),
            );
            let a = self.send("REPORT", coll, Some("1"), &body)?;
            if a.status != 207 {
                // No multiget here: one GET each.
                for href in chunk {
                    let a = self.send("GET", href, None, "")?;
                    match a.status {
                        200 => bodies.push((href.clone(), a.etag.unwrap_or_default(), a.body)),
                        404 | 410 => gone.push(href.clone()),
                        s => {
                            return Err(SyncError::protocol(
                                &self.place,
                                &format!("GET {href}"),
                                format!("the server answered {s}"),
                            ));
                        }
                    }
                }
                continue;
            }
            let doc = self.multistatus(&what, &a)?;
            let mut seen = BTreeSet::new();
            for resp in doc.children_named(DAV, "response") {
                let Some(href) = resp.child(DAV, "href").map(|h| self.path_of(&h.text)) else {
                    continue;
                };
                let data = ok_prop(resp).and_then(|p| {
                    let text = p.child(kind.ns(), kind.data())?.text.clone();
                    let etag = p
                        .child(DAV, "getetag")
                        .map(|e| e.text.trim().to_string())
                        .unwrap_or_default();
                    Some((etag, text))
                });
                seen.insert(href.clone());
                match data {
                    Some((etag, text)) if !text.trim().is_empty() => {
                        bodies.push((href, etag, text));
                    }
                    _ => gone.push(href),
                }
            }
            gone.extend(chunk.iter().filter(|h| !seen.contains(*h)).cloned());
        }
        Ok((bodies, gone))
    }
}

trait FindHref {
    fn find_href(&self, ns: &str, name: &str) -> Option<String>;
}

impl FindHref for Element {
    /// The href inside the first property named so in a 200 propstat.
    fn find_href(&self, ns: &str, name: &str) -> Option<String> {
        let prop = ok_prop(self)?.child(ns, name)?;
        let href = prop.child(DAV, "href")?.text.trim().to_string();
        (!href.is_empty()).then_some(href)
    }
}

/// The `prop` of a response's propstat whose status is 2xx.
fn ok_prop(resp: &Element) -> Option<&Element> {
    resp.children_named(DAV, "propstat")
        .find(|ps| {
            ps.child(DAV, "status")
                .is_none_or(|s| (200..300).contains(&status_code(&s.text)))
        })
        .and_then(|ps| ps.child(DAV, "prop"))
}

/// `HTTP/1.1 404 Not Found` → 404.
fn status_code(line: &str) -> u16 {
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

fn same_path(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_read_as_codes() {
        assert_eq!(status_code("HTTP/1.1 404 Not Found"), 404);
        assert_eq!(status_code("garbage"), 0);
    }

    #[test]
    fn a_url_without_a_scheme_is_refused_in_words() {
        let err = Dav::new(&DavAccount {
            url: "dav.example.org/cal".into(),
            user: "u".into(),
            password: "p".into(),
        })
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
        assert!(err.contains("https://"), "{err}");
    }

    #[test]
    fn hrefs_become_paths_on_the_server() -> Result<(), SyncError> {
        let dav = Dav::new(&DavAccount {
            url: "https://dav.example.org/u/cal/".into(),
            user: "u".into(),
            password: "p".into(),
        })?;
        assert_eq!(
            dav.path_of("https://dav.example.org/u/cal/1.ics"),
            "/u/cal/1.ics"
        );
        assert_eq!(dav.path_of("/u/cal/2.ics"), "/u/cal/2.ics");
        assert_eq!(dav.path_of("3.ics"), "/u/cal/3.ics");
        Ok(())
    }

    #[test]
    fn a_home_set_on_another_host_moves_the_requests_there() -> Result<(), SyncError> {
        let dav = Dav::new(&DavAccount {
            url: "https://caldav.icloud.com/".into(),
            user: "u".into(),
            password: "p".into(),
        })?;
        let home = dav.follow("https://p42-caldav.icloud.com:443/1234/calendars/");
        assert_eq!(home, "/1234/calendars/");
        assert_eq!(*dav.origin.borrow(), "https://p42-caldav.icloud.com:443");
        assert_eq!(dav.follow("/1234/calendars/work/"), "/1234/calendars/work/");
        assert_eq!(
            *dav.origin.borrow(),
            "https://p42-caldav.icloud.com:443",
            "a path stays on the host it came from"
        );
        Ok(())
    }

    #[test]
    fn the_cursor_is_stable_json() -> Result<(), serde_json::Error> {
        let mut c = DavCursor::default();
        c.collections.insert(
            "/u/cal/".into(),
            CollectionCursor {
                sync_token: Some("t1".into()),
                etags: [("/u/cal/1.ics".to_string(), "\"e1\"".to_string())].into(),
            },
        );
        let back: DavCursor = serde_json::from_value(serde_json::to_value(&c)?)?;
        assert_eq!(back, c);
        let empty: DavCursor = serde_json::from_value(serde_json::json!({}))?;
        assert!(empty.collections.is_empty());
        Ok(())
    }
}
