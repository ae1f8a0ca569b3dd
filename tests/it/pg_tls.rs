//! A server's certificate under `sslmode` (issue 18, finding F2): a server whose certificate is
//! signed by a CA tracker does not trust (a self-signed one, or a private CA not given) is one
//! line that says so, names the sslmode and how to give the CA (`sslrootcert=`); the CA given
//! as `sslrootcert` is then accepted. Against a stand-in server on 127.0.0.x that answers the
//! SSLRequest and makes a real TLS handshake (rustls) with a certificate from
//! `tests/fixtures/tls`, then refuses the role (SQLSTATE 28P01): reaching that refusal means
//! the certificate passed. Needs no PostgreSQL server.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::support::{Ledger, run};

/// A file of the test certificates (`tests/fixtures/tls/README.md` says how they were made).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// What the stand-in server does with a client's SSLRequest.
#[derive(Clone, Copy)]
enum Offer {
    /// Accepts it and shows the certificate `NAME.pem` (its key `NAME.key`).
    Tls(&'static str),
    /// Answers `N`: no TLS here.
    Plain,
}

/// A stand-in server on `ip` (a free port) that answers the SSLRequest as `offer` says, then
/// refuses every role as a wrong password (28P01) once the startup message arrives.
fn server(ip: &str, offer: Offer) -> u16 {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let listener = std::net::TcpListener::bind((ip, 0)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = match offer {
        Offer::Tls(name) => {
            let certs: Vec<CertificateDer<'static>> =
                CertificateDer::pem_file_iter(fixture(&format!("{name}.pem")))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
            let key = PrivateKeyDer::from_pem_file(fixture(&format!("{name}.key"))).unwrap();
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            Some(Arc::new(
                rustls::ServerConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .unwrap()
                    .with_no_client_auth()
                    .with_single_cert(certs, key)
                    .unwrap(),
            ))
        }
        Offer::Plain => None,
    };
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { return };
            let mut request = [0u8; 8];
            if s.read_exact(&mut request).is_err() {
                continue;
            }
            // 80877103: the SSLRequest code; anything else is a plain startup.
            let ssl = request[4..] == [0x04, 0xd2, 0x16, 0x2f];
            match (&config, ssl) {
                (Some(config), true) => {
                    let _ = s.write_all(b"S");
                    let conn = rustls::ServerConnection::new(config.clone()).unwrap();
                    let mut tls = rustls::StreamOwned::new(conn, s);
                    refuse(&mut tls, None);
                }
                (None, true) => {
                    let _ = s.write_all(b"N");
                    refuse(&mut s, None);
                }
                (_, false) => refuse(&mut s, Some(&request)),
            }
        }
    });
    port
}

/// Reads a startup message (its first 8 bytes already read, if `head`) and refuses it.
fn refuse(s: &mut impl ReadWrite, head: Option<&[u8; 8]>) {
    let len = match head {
        Some(h) => u32::from_be_bytes(h[..4].try_into().unwrap()) as usize,
        None => {
            let mut len = [0u8; 4];
            if s.read_exact(&mut len).is_err() {
                return;
            }
            u32::from_be_bytes(len) as usize
        }
    };
    let done = if head.is_some() { 8 } else { 4 };
    let mut rest = vec![0u8; len.saturating_sub(done)];
    if s.read_exact(&mut rest).is_err() {
        return;
    }
    let body = b"SFATAL\0C28P01\0Mpassword authentication failed\0\0";
    let mut msg = vec![b'E'];
    msg.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
    msg.extend_from_slice(body);
    let _ = s.write_all(&msg);
    let _ = s.flush();
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

#[test]
fn a_certificate_from_a_ca_not_trusted_is_one_line_naming_sslmode_and_sslrootcert() {
    let l = Ledger::new("2026-11-30");
    let ca = fixture("ca.pem").display().to_string();
    let leaf = fixture("self-signed-leaf.pem").display().to_string();
    let own = fixture("self-signed.pem").display().to_string();
    let self_signed = server("127.0.0.1", Offer::Tls("self-signed-leaf"));
    let self_signed_ca = server("127.0.0.1", Offer::Tls("self-signed"));
    let signed = server("127.0.0.1", Offer::Tls("server"));
    let signed_elsewhere = server("127.0.0.2", Offer::Tls("server"));
    let plain = server("127.0.0.1", Offer::Plain);
    let url =
        |port: u16, query: &str| format!("postgres://clerk:Zq7sEcr@127.0.0.1:{port}/d?{query}");
    let checked_against_ca = format!("sslrootcert={ca}");
    let untrusted = ["not signed by a CA tracker trusts", "sslrootcert=PATH"];
    let ca_as_server = ["is itself a CA certificate", "CA:FALSE", "sslrootcert=PATH"];
    // (URL, what its one line must say)
    let cases: Vec<(String, Vec<&str>)> = vec![
        // A self-signed certificate, checked against the system's CAs.
        (
            url(self_signed, "sslmode=verify-ca"),
            [
                &untrusted[..],
                &[
                    "sslmode=verify-ca",
                    "the system's CA certificates",
                    "sslmode=require",
                ],
            ]
            .concat(),
        ),
        (
            url(self_signed, "sslmode=verify-full"),
            [&untrusted[..], &["sslmode=verify-full"]].concat(),
        ),
        // A private CA's certificate, the CA not given.
        (
            url(signed, "sslmode=verify-ca"),
            [&untrusted[..], &["sslmode=verify-ca"]].concat(),
        ),
        // Checked against a CA that did not sign it: the file is named.
        (
            url(self_signed, &format!("sslmode=verify-ca&sslrootcert={ca}")),
            [&untrusted[..], &[checked_against_ca.as_str()]].concat(),
        ),
        // `require` with a CA file checks as verify-ca does (libpq's rule).
        (
            url(self_signed, &format!("sslmode=require&sslrootcert={ca}")),
            [
                &untrusted[..],
                &["sslmode=require checks it", "leave sslrootcert out"],
            ]
            .concat(),
        ),
        // Self-signed as openssl req -x509 makes one by default (CA:TRUE): refused as a
        // server's certificate whatever is given, its own file included.
        (
            url(self_signed_ca, "sslmode=verify-ca"),
            [&ca_as_server[..], &["sslmode=verify-ca"]].concat(),
        ),
        (
            url(
                self_signed_ca,
                &format!("sslmode=verify-full&sslrootcert={own}"),
            ),
            [&ca_as_server[..], &["sslmode=verify-full"]].concat(),
        ),
        // The CA given, but the certificate names other hosts (verify-full only).
        (
            format!(
                "postgres://clerk:Zq7sEcr@127.0.0.2:{signed_elsewhere}/d?sslmode=verify-full&sslrootcert={ca}"
            ),
            vec!["does not name 127.0.0.2", "sslmode=verify-ca"],
        ),
        // No TLS at all where it is required.
        (
            url(plain, "sslmode=require"),
            vec!["offers no TLS", "sslmode=require requires it"],
        ),
    ];
    for (db, needles) in &cases {
        let out = run(l.cmd().args(["--db", db, "list"]));
        let all = format!("{}{}", out.stdout, out.stderr);
        assert!(!all.contains("Zq7sEcr"), "{db}: password shown: {all}");
        let msg = out.fails(1, needles);
        assert!(
            !msg.contains("Issuer") && !msg.contains("EndEntity") && !msg.contains("peer"),
            "driver text: {msg}"
        );
    }
    // In Chinese too.
    let out = run(l.cmd().args(["--lang", "zh", "--db", &cases[0].0, "list"]));
    out.fails(
        1,
        &[
            "不是由 tracker 信任的 CA 签发",
            "sslmode=verify-ca",
            "sslrootcert=",
        ],
    );
    // Given the CA that signed it (or the self-signed certificate itself), each checking mode
    // goes on to the server's own answer, here refusing the role: the advice works.
    for (port, query) in [
        (signed, format!("sslmode=verify-ca&sslrootcert={ca}")),
        (signed, format!("sslmode=verify-full&sslrootcert={ca}")),
        (signed, format!("sslmode=require&sslrootcert={ca}")),
        (
            self_signed,
            format!("sslmode=verify-full&sslrootcert={leaf}"),
        ),
        // Unchecked, any certificate is taken as it comes.
        (self_signed_ca, "sslmode=require".to_string()),
    ] {
        let out = run(l.cmd().args(["--db", &url(port, &query), "list"]));
        out.fails(1, &["refused clerk"]);
    }
}
