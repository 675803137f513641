//! The servers' addresses (from `scripts/servers.sh`'s env file) and helpers that act as a
//! second, ordinary client: append, expunge and move mail; create, change and delete events.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use base64::Engine as _;
use sphere_sync::dav::DavAccount;
use sphere_sync::imap::{ImapAccount, Security};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

pub struct Servers {
    pub imap_host: String,
    pub imap_port: u16,
    pub dav: String,
    pub user: String,
    pub password: String,
}

/// The servers started by `scripts/servers.sh`, or an error saying how to start them.
pub fn servers() -> Result<Servers, Box<dyn std::error::Error>> {
    let var = |name: &str| {
        std::env::var(name).map_err(|_| {
            format!(
                "{name} is not set: these tests need the real IMAP and CalDAV servers; \
                 run them through scripts/test.sh (or: scripts/servers.sh start DIR && \
                 . DIR/env && cargo test -p sphere-sync --test servers -- --ignored)"
            )
        })
    };
    let imap = var("SPHERE_TEST_IMAP")?;
    let (host, port) = imap
        .rsplit_once(':')
        .ok_or("SPHERE_TEST_IMAP is host:port")?;
    Ok(Servers {
        imap_host: host.to_string(),
        imap_port: port.parse()?,
        dav: var("SPHERE_TEST_DAV")?.trim_end_matches('/').to_string(),
        user: var("SPHERE_TEST_USER")?,
        password: var("SPHERE_TEST_PASSWORD")?,
    })
}

/// A name no other test (or run) uses.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}-{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl Servers {
    pub fn imap_account(&self, folders: &[&str]) -> ImapAccount {
        ImapAccount {
            host: self.imap_host.clone(),
            port: self.imap_port,
            security: Security::None,
            user: self.user.clone(),
            password: self.password.clone(),
            folders: Some(folders.iter().map(|f| f.to_string()).collect()),
        }
    }

    /// A second IMAP client, as the user's mail program would be.
    pub fn admin(&self) -> Result<imap::Session<TcpStream>, Box<dyn std::error::Error>> {
        let tcp = TcpStream::connect((self.imap_host.as_str(), self.imap_port))?;
        let mut client = imap::Client::new(tcp);
        client.read_greeting()?;
        client
            .login(&self.user, &self.password)
            .map_err(|(e, _)| Box::new(e) as Box<dyn std::error::Error>)
    }

    pub fn dav_account(&self, url: &str) -> DavAccount {
        DavAccount {
            url: url.to_string(),
            user: self.user.clone(),
            password: self.password.clone(),
        }
    }

    /// Sends one WebDAV request as the test user; returns the status.
    pub fn dav_send(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> Result<u16, Box<dyn std::error::Error>> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .allow_non_standard_methods(true)
            .http_status_as_error(false)
            .build()
            .into();
        let auth = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", self.user, self.password));
        let req = ureq::http::Request::builder()
            .method(ureq::http::Method::from_bytes(method.as_bytes())?)
            .uri(format!("{}{}", self.dav, path))
            .header("Authorization", format!("Basic {auth}"))
            .header("Content-Type", content_type)
            .body(body.to_string())?;
        let resp = agent.run(req)?;
        Ok(resp.status().as_u16())
    }

    /// Creates a calendar (or an address book) at `/user/name/`; returns its path.
    pub fn make_collection(
        &self,
        name: &str,
        calendar: bool,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let path = format!("/{}/{name}/", self.user);
        let status = if calendar {
            self.dav_send(
                "MKCALENDAR",
                &path,
                "application/xml",
                r#"<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>Test</D:displayname><C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"#,
            )?
        } else {
            self.dav_send(
                "MKCOL",
                &path,
                "application/xml",
                r#"<?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop><D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>Contacts</D:displayname></D:prop></D:set></D:mkcol>"#,
            )?
        };
        if status != 201 {
            return Err(format!("creating {path} answered {status}").into());
        }
        Ok(path)
    }
}

/// A mail message: headers that real programs write, and a body the sync must not read.
pub fn message(message_id: &str, from: &str, to: &str, n: usize) -> Vec<u8> {
    format!(
        "Return-Path: <{from}>\r\nMessage-ID: <{message_id}>\r\nDate: Mon, 2 Nov 2026 10:{:02}:00 +0100\r\n\
         From: Sender {n} <{from}>\r\nTo: <{to}>\r\nSubject: note {n}\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nBODY-SECRET {n}: never read by the sync\r\n",
        n % 60
    )
    .into_bytes()
}

/// The Message-ID in a header block.
pub fn message_id(header: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    text.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("message-id")
            .then(|| v.trim().trim_matches(|c| c == '<' || c == '>').to_string())
    })
}

/// A TCP relay to the IMAP server that the test can cut, as when the server goes away or the
/// network drops in the middle of a sync.
pub struct Relay {
    pub port: u16,
    cut: Arc<AtomicBool>,
    live: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    pub fn start(target: (String, u16)) -> Result<Relay, Box<dyn std::error::Error>> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let cut = Arc::new(AtomicBool::new(false));
        let live: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (c, l) = (cut.clone(), live.clone());
        thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                if c.load(Ordering::SeqCst) {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect((target.0.as_str(), target.1)) else {
                    continue;
                };
                if let (Ok(c2), Ok(s2), Ok(mut guard)) =
                    (client.try_clone(), server.try_clone(), l.lock())
                {
                    guard.push(c2);
                    guard.push(s2);
                }
                pipe(&client, &server);
                pipe(&server, &client);
            }
        });
        Ok(Relay { port, cut, live })
    }

    /// Lets connections through again (the server is back).
    pub fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }

    /// Drops every connection through the relay and refuses new ones.
    pub fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        if let Ok(mut live) = self.live.lock() {
            for s in live.drain(..) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

fn pipe(from: &TcpStream, to: &TcpStream) {
    let (Ok(mut from), Ok(mut to)) = (from.try_clone(), to.try_clone()) else {
        return;
    };
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Both);
    });
}
