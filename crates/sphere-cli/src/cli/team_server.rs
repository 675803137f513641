//! `sphere team serve` and `sphere team init`: the team server (crate sphere-team) from the
//! command line. They need no local database.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Subcommand;
use sphere_api::{ApiError, ErrorKind};

#[derive(Debug, Subcommand)]
pub enum TeamCmd {
    /// Run the team server on PostgreSQL (migrations run first). The database role must not
    /// be a superuser nor bypass row-level security. Ctrl-C stops it after the requests
    /// under way.
    Serve {
        /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (or SPHERE_TEAM_DATABASE_URL).
        #[arg(long, env = "SPHERE_TEAM_DATABASE_URL", hide_env_values = true)]
        database_url: String,
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8787")]
        listen: SocketAddr,
        /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// The certificate's private key (PEM); needs --tls-cert.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Create a team on the database and print its first admin's invitation code (shown
    /// once; it works for 7 days). Migrations run first.
    Init {
        /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (or SPHERE_TEAM_DATABASE_URL).
        #[arg(long, env = "SPHERE_TEAM_DATABASE_URL", hide_env_values = true)]
        database_url: String,
        /// The team's name.
        #[arg(long)]
        team: String,
        /// The first admin's name, as the team's member list shows it.
        #[arg(long)]
        admin: String,
    },
}

/// What `team init` prints.
#[derive(serde::Serialize)]
struct Created {
    team_id: String,
    team: String,
    admin: String,
    invite: String,
    expires_at: chrono::DateTime<chrono::Utc>,
}

fn runtime() -> Result<tokio::runtime::Runtime, ApiError> {
    tokio::runtime::Runtime::new()
        .map_err(|e| ApiError::internal(format!("cannot start the server runtime: {e}")))
}

fn start_error(e: sphere_team::StartError) -> ApiError {
    ApiError::new(ErrorKind::Unavailable, e.to_string())
}

pub fn run(json: bool, cmd: TeamCmd) -> Result<(), ApiError> {
    match cmd {
        TeamCmd::Serve {
            database_url,
            listen,
            tls_cert,
            tls_key,
        } => {
            let rt = runtime()?;
            let tls = tls_cert.zip(tls_key);
            let scheme = if tls.is_some() { "https" } else { "http" };
            rt.block_on(async {
                let app = sphere_team::App::open(&database_url)
                    .await
                    .map_err(start_error)?;
                let where_ = sphere_team::db::redacted(&database_url);
                sphere_team::serve(app, sphere_team::ServeOptions { listen, tls }, |addr| {
                    // The first line is the address, alone, so scripts can read it.
                    println!("{scheme}://{addr}");
                    eprintln!("Sphere's team server is serving {where_}. Ctrl-C stops.");
                    if !addr.ip().is_loopback() && scheme == "http" {
                        eprintln!("warning: plain HTTP on {addr}: tokens cross the network in clear; use --tls-cert and --tls-key.");
                    }
                    super::out::flush();
                })
                .await
                .map_err(start_error)
            })
        }
        TeamCmd::Init {
            database_url,
            team,
            admin,
        } => {
            let rt = runtime()?;
            let (team_id, invite) = rt.block_on(async {
                let app = sphere_team::App::open(&database_url)
                    .await
                    .map_err(start_error)?;
                app.init_team(&team, &admin).await.map_err(|f| f.error)
            })?;
            let created = Created {
                team_id,
                team: team.trim().to_string(),
                admin: invite.name.clone(),
                invite: invite.code,
                expires_at: invite.expires_at,
            };
            super::emit(json, &created, |c| {
                println!("Team {:?} created ({}).", c.team, c.team_id);
                println!(
                    "Invitation for {} (works once, until {}):",
                    c.admin,
                    c.expires_at.format("%Y-%m-%d %H:%M UTC")
                );
                println!("{}", c.invite);
                println!("Join with: sphere team join --server URL --invite CODE");
            })
        }
    }
}
