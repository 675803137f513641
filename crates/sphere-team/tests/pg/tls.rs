//! `--tls-cert/--tls-key`: the server speaks HTTPS (rustls, ring). `tls/` holds a throwaway
//! test CA (`ca.pem`, its key discarded) and a certificate for 127.0.0.1 it signed
//! (`cert.pem`, `key.pem`), made for this test only.

use std::time::Duration;

use super::*;

const CERT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/tls/cert.pem");
const CA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/tls/ca.pem");
const KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pg/tls/key.pem");

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn the_server_speaks_https_with_the_certificate_given() -> TestResult {
    let rt = tokio::runtime::Runtime::new()?;
    let app = rt.block_on(App::open(&pg_url()))?;
    let (tx, rx) = std::sync::mpsc::channel();
    rt.spawn(async move {
        let opts = ServeOptions {
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            tls: Some((CERT.into(), KEY.into())),
        };
        let r = sphere_team::serve(app, opts, move |a| {
            let _ = tx.send(a);
        })
        .await;
        if let Err(e) = r {
            eprintln!("server: {e}");
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(30))?;
    let pem = std::fs::read(CA)?;
    let cert = ureq::tls::Certificate::from_pem(&pem)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::new_with_certs(&[cert]))
                .build(),
        )
        .build()
        .into();
    let mut r = agent.get(&format!("https://{addr}/v1/health")).call()?;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.body_mut().read_to_string()?, r#"{"ok":true}"#);
    let plain = agent.get(&format!("http://{addr}/v1/health")).call();
    assert!(
        plain.map(|r| r.status().as_u16() != 200).unwrap_or(true),
        "plain HTTP is not answered on an HTTPS port"
    );
    Ok(())
}

#[test]
#[ignore = "needs PostgreSQL (scripts/servers.sh)"]
fn a_missing_certificate_is_named() -> TestResult {
    let rt = tokio::runtime::Runtime::new()?;
    let app = rt.block_on(App::open(&pg_url()))?;
    let opts = ServeOptions {
        listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        tls: Some(("/nonexistent/cert.pem".into(), KEY.into())),
    };
    let r = rt.block_on(sphere_team::serve(app, opts, |_| {}));
    let msg = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        msg.contains("/nonexistent/cert.pem"),
        "the message names the file: {msg}"
    );
    Ok(())
}
