//! The connection to PostgreSQL: a pool, the role check, the migrations, and transactions
//! that carry the team and member they act for (row-level security reads them).

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{NoTls, Transaction};

use crate::error::Fail;

mod embedded {
    refinery::embed_migrations!("migrations");
}

/// Why the server could not start on a database.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("{0:?} is not a PostgreSQL URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE): {1}")]
    Url(String, String),
    #[error("cannot connect to PostgreSQL at {0}: {1}")]
    Connect(String, String),
    #[error(
        "the database role {role:?} is {what}: row-level security would not hold for it. \
         Connect as a role created with NOSUPERUSER NOBYPASSRLS that owns the database \
         (CREATE ROLE sphere_app LOGIN PASSWORD '…' NOSUPERUSER NOBYPASSRLS; \
         CREATE DATABASE sphere OWNER sphere_app)"
    )]
    Privileged { role: String, what: String },
    #[error("migrating the team database failed: {0}")]
    Migrate(String),
    #[error("{0}")]
    Other(String),
}

/// The address of a URL without its password, for messages.
pub fn redacted(url: &str) -> String {
    match url.parse::<tokio_postgres::Config>() {
        Ok(c) => {
            let host = c
                .get_hosts()
                .first()
                .map(|h| match h {
                    tokio_postgres::config::Host::Tcp(s) => s.clone(),
                    tokio_postgres::config::Host::Unix(p) => p.display().to_string(),
                })
                .unwrap_or_default();
            let port = c.get_ports().first().copied().unwrap_or(5432);
            format!(
                "{}@{host}:{port}/{}",
                c.get_user().unwrap_or("?"),
                c.get_dbname().unwrap_or("?")
            )
        }
        Err(_) => "(an unreadable URL)".to_string(),
    }
}

/// An error with its cause ("error connecting to server: Connection refused").
fn with_cause(e: &dyn std::error::Error) -> String {
    match e.source() {
        Some(s) => format!("{e}: {}", with_cause(s)),
        None => e.to_string(),
    }
}

fn config(url: &str) -> Result<tokio_postgres::Config, StartError> {
    url.parse::<tokio_postgres::Config>()
        .map_err(|e| StartError::Url(redacted(url), e.to_string()))
}

/// One connection outside the pool (migrations, checks).
pub async fn connect_one(url: &str) -> Result<tokio_postgres::Client, StartError> {
    let (client, conn) = config(url)?
        .connect(NoTls)
        .await
        .map_err(|e| StartError::Connect(redacted(url), with_cause(&e)))?;
    tokio::spawn(async move {
        if let Err(e) = conn.await {
            eprintln!("sphere-team: a database connection ended: {e}");
        }
    });
    Ok(client)
}

/// Refuses a role that row-level security would not hold: a superuser or one with BYPASSRLS.
pub async fn check_role(client: &tokio_postgres::Client) -> Result<(), StartError> {
    let row = client
        .query_one(
            "SELECT current_user::text, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
            &[],
        )
        .await
        .map_err(|e| StartError::Other(format!("cannot read the database role: {e}")))?;
    let role: String = row.get(0);
    let what = match (row.get::<_, bool>(1), row.get::<_, bool>(2)) {
        (true, _) => "a superuser",
        (false, true) => "allowed to bypass row-level security (BYPASSRLS)",
        (false, false) => return Ok(()),
    };
    Err(StartError::Privileged {
        role,
        what: what.to_string(),
    })
}

/// Applies the migrations not applied yet (one server at a time: an advisory lock).
pub async fn migrate(url: &str) -> Result<(), StartError> {
    let mut client = connect_one(url).await?;
    check_role(&client).await?;
    let m = |e: tokio_postgres::Error| StartError::Migrate(e.to_string());
    client
        .batch_execute("SELECT pg_advisory_lock(7201617); SET sphere.migrating = 'on'")
        .await
        .map_err(m)?;
    let result = embedded::migrations::runner()
        .run_async(&mut client)
        .await
        .map_err(|e| StartError::Migrate(e.to_string()));
    client
        .batch_execute("RESET sphere.migrating; SELECT pg_advisory_unlock(7201617)")
        .await
        .map_err(m)?;
    result.map(|_| ())
}

/// The pool the server's requests draw from.
pub fn pool(url: &str, size: usize) -> Result<Pool, StartError> {
    let mgr = Manager::from_config(
        config(url)?,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(mgr)
        .max_size(size)
        .build()
        .map_err(|e| StartError::Other(format!("cannot build the connection pool: {e}")))
}

/// Who a transaction acts for: row-level security reads these settings.
pub async fn set_context(
    tx: &Transaction<'_>,
    team: &str,
    member: &str,
    person: Option<&str>,
) -> Result<(), Fail> {
    tx.execute(
        "SELECT set_config('sphere.team', $1, true), set_config('sphere.member', $2, true), \
         set_config('sphere.person', $3, true)",
        &[&team, &member, &person.unwrap_or("")],
    )
    .await?;
    Ok(())
}

/// Sets one setting for the rest of the transaction.
pub async fn set(tx: &Transaction<'_>, name: &str, value: &str) -> Result<(), Fail> {
    tx.execute("SELECT set_config($1, $2, true)", &[&name, &value])
        .await?;
    Ok(())
}
