//! Sphere's team server (`sphere team serve`): the shared tier of the members' Spheres in
//! PostgreSQL, behind JSON over HTTP with bearer tokens. The protocol is
//! `sphere_domain::team`; this crate stores it.
//!
//! **Architecture Invariant:** every table has row-level security enabled and forced, the
//! server refuses a role that is superuser or bypasses it, and every request's transaction
//! names its team and member (`sphere.team`, `sphere.member`) before it reads a row: a bug in
//! a query cannot show one team's rows to another, nor a member's private rows to a teammate.
//!
//! **Architecture Invariant:** only the fields of `sphere_domain::team::fields_of` are ever
//! stored (every change passes `validate_change` again here); the tables have no column for
//! notes, facts or interactions.

pub mod db;
pub mod error;
pub mod graph;
mod http;
pub mod members;
mod merge;
pub mod sync;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use deadpool_postgres::Pool;

pub use db::StartError;
pub use error::Fail;
pub use http::router;
use sphere_domain::team::Invite;

/// What the server needs: the pool, the server's clock, and the time (fixed in tests).
pub struct App {
    pub(crate) pool: Pool,
    pub(crate) clock: sync::ServerClock,
    pub(crate) graphs: graph::Cache,
    now: Box<dyn Fn() -> DateTime<Utc> + Send + Sync>,
}

impl App {
    /// Connects to `database_url` (refusing a superuser or BYPASSRLS role) and applies the
    /// migrations.
    pub async fn open(database_url: &str) -> Result<Arc<Self>, StartError> {
        Self::open_with_clock(database_url, Box::new(Utc::now)).await
    }

    /// The same, with a clock of the caller's (tests fix the time).
    pub async fn open_with_clock(
        database_url: &str,
        now: Box<dyn Fn() -> DateTime<Utc> + Send + Sync>,
    ) -> Result<Arc<Self>, StartError> {
        db::migrate(database_url).await?;
        let pool = db::pool(database_url, 16)?;
        Ok(Arc::new(Self {
            pool,
            clock: sync::ServerClock::default(),
            graphs: graph::Cache::default(),
            now,
        }))
    }

    pub fn now(&self) -> DateTime<Utc> {
        (self.now)()
    }

    /// Creates a team; the answer holds its id and the first admin's invitation code.
    pub async fn init_team(&self, team: &str, admin: &str) -> Result<(String, Invite), Fail> {
        let mut client = self.pool.get().await?;
        let tx = client.transaction().await?;
        let out = members::init_team(&tx, team, admin, self.now()).await?;
        tx.commit().await?;
        Ok(out)
    }
}

/// How `sphere team serve` listens.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub listen: SocketAddr,
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// Serves until Ctrl-C (then lets requests under way finish). `ready` hears the address
/// actually bound (useful with port 0).
pub async fn serve(
    app: Arc<App>,
    opts: ServeOptions,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), StartError> {
    let router = router(app);
    match opts.tls {
        None => {
            let listener = tokio::net::TcpListener::bind(opts.listen)
                .await
                .map_err(|e| StartError::Other(format!("cannot listen on {}: {e}", opts.listen)))?;
            let addr = listener
                .local_addr()
                .map_err(|e| StartError::Other(e.to_string()))?;
            ready(addr);
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| StartError::Other(format!("the server stopped: {e}")))
        }
        Some((cert, key)) => {
            // ring, like the workspace's ureq: one crypto provider in the binary.
            #[allow(deprecated)]
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| {
                    StartError::Other(format!(
                        "cannot read the TLS certificate {} and key {}: {e}",
                        cert.display(),
                        key.display()
                    ))
                })?;
            let listener = std::net::TcpListener::bind(opts.listen)
                .map_err(|e| StartError::Other(format!("cannot listen on {}: {e}", opts.listen)))?;
            listener
                .set_nonblocking(true)
                .map_err(|e| StartError::Other(e.to_string()))?;
            let addr = listener
                .local_addr()
                .map_err(|e| StartError::Other(e.to_string()))?;
            let handle = axum_server::Handle::new();
            let h = handle.clone();
            tokio::spawn(async move {
                let _ = tokio::signal::ctrl_c().await;
                h.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
            });
            ready(addr);
            axum_server::from_tcp_rustls(listener, config)
                .handle(handle)
                .serve(router.into_make_service())
                .await
                .map_err(|e| StartError::Other(format!("the server stopped: {e}")))
        }
    }
}
