//! TLS by libpq's `sslmode` (PostgreSQL documentation 34.19.1, "SSL Mode Descriptions"),
//! through rustls: `disable` never encrypts; `allow` tries plain first and encrypts only if
//! the server insists; `prefer` (the default) encrypts when the server offers it, else goes
//! plain; `require` encrypts without checking the certificate (unless `sslrootcert` names a
//! file: then, as libpq, it checks like `verify-ca`); `verify-ca` checks the certificate
//! chains to a trusted root; `verify-full` also that it names the host. Roots: the
//! `sslrootcert` PEM file, else (or with `sslrootcert=system`) the system's.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use anyhow::anyhow;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::{Target, Trouble, trouble};

/// libpq's `sslmode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

const MODES: [(&str, SslMode); 6] = [
    ("disable", SslMode::Disable),
    ("allow", SslMode::Allow),
    ("prefer", SslMode::Prefer),
    ("require", SslMode::Require),
    ("verify-ca", SslMode::VerifyCa),
    ("verify-full", SslMode::VerifyFull),
];

impl FromStr for SslMode {
    type Err = String;

    /// One of libpq's six words, exactly (libpq takes no other spelling). Errors: a message
    /// listing them.
    fn from_str(s: &str) -> Result<SslMode, String> {
        MODES.iter().find(|(w, _)| *w == s).map(|(_, m)| *m).ok_or_else(|| {
            crate::msg!(
                "sslmode '{}' is not one of disable, allow, prefer, require, verify-ca, verify-full",
                "sslmode '{}' 不是 disable、allow、prefer、require、verify-ca、verify-full 之一",
                crate::render::safe(s, false)
            )
        })
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = MODES
            .iter()
            .find(|(_, m)| m == self)
            .map_or("prefer", |(w, _)| w);
        f.write_str(word)
    }
}

/// Why a connection was not made: the driver's error (for [`super::explain`]), or a TLS
/// setting that could not be put together (already one line).
pub enum Failure {
    Driver(postgres::Error),
    Setup(anyhow::Error),
}

/// Connects with `config` as `target.sslmode` says; `socket`: a Unix socket, never encrypted.
pub fn connect(
    config: &postgres::Config,
    target: &Target,
    socket: bool,
) -> Result<postgres::Client, Failure> {
    use postgres::config::SslMode as Driver;
    let plain = |config: &postgres::Config| {
        let mut c = config.clone();
        c.ssl_mode(Driver::Disable);
        c.connect(postgres::NoTls).map_err(Failure::Driver)
    };
    let secure = |config: &postgres::Config, mode: Driver| {
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(
            client_config(target).map_err(Failure::Setup)?,
        );
        let mut c = config.clone();
        c.ssl_mode(mode);
        c.connect(tls).map_err(Failure::Driver)
    };
    if socket {
        return plain(config);
    }
    match target.sslmode {
        SslMode::Disable => plain(config),
        // Plain first; encrypted only when the server turned the plain one away.
        SslMode::Allow => match plain(config) {
            Err(Failure::Driver(e)) if trouble(&e) == Trouble::Authentication => {
                secure(config, Driver::Require)
            }
            other => other,
        },
        SslMode::Prefer => secure(config, Driver::Prefer),
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            secure(config, Driver::Require)
        }
    }
}

/// The rustls settings for `target`: which certificates it trusts and how far it checks.
fn client_config(target: &Target) -> anyhow::Result<ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|_| anyhow!("TLS: no protocol version available"))?;
    let root_file = target.sslrootcert.as_deref().filter(|r| *r != "system");
    let check = match target.sslmode {
        SslMode::VerifyFull => Check::Full,
        SslMode::VerifyCa => Check::Chain,
        SslMode::Require if root_file.is_some() => Check::Chain,
        _ => Check::Nothing,
    };
    let verifier: Arc<dyn ServerCertVerifier> = match check {
        Check::Nothing => Arc::new(Unchecked(provider)),
        Check::Chain | Check::Full => {
            let roots = roots(root_file, target)?;
            let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|_| {
                    anyhow!(crate::msg!(
                        "no trusted root certificate to check {} against (sslmode={}): name a PEM file with sslrootcert",
                        "没有可用来校验 {} 的受信任根证书（sslmode={}）：请用 sslrootcert 指定 PEM 文件",
                        target.redacted(),
                        target.sslmode
                    ))
                })?;
            Arc::new(Checked {
                inner,
                names: check == Check::Full,
            })
        }
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    Full,
}

/// The trusted roots: the PEM file `file`, else the system's.
fn roots(file: Option<&str>, target: &Target) -> anyhow::Result<RootCertStore> {
    use rustls::pki_types::pem::PemObject;
    let mut store = RootCertStore::empty();
    match file {
        Some(path) => {
            let unreadable = || {
                anyhow!(crate::msg!(
                    "cannot read the root certificates sslrootcert={} names for {}: expected a readable PEM file",
                    "无法读取 {} 的 sslrootcert={} 所指的根证书：应为可读的 PEM 文件",
                    crate::render::safe(path, false),
                    target.redacted()
                ))
            };
            let certs = CertificateDer::pem_file_iter(path).map_err(|_| unreadable())?;
            for cert in certs {
                store
                    .add(cert.map_err(|_| unreadable())?)
                    .map_err(|_| unreadable())?;
            }
        }
        None => {
            store.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        }
    }
    Ok(store)
}

/// `require` and `prefer`: the channel is encrypted, the certificate taken as it comes (the
/// handshake's signatures are still checked, so the channel is the one the key holder made).
#[derive(Debug)]
struct Unchecked(Arc<CryptoProvider>);

impl ServerCertVerifier for Unchecked {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca` (`names: false`): the chain must reach a trusted root, whatever host it names;
/// `verify-full`: it must name the host too (webpki checks the chain before the name, so a
/// name error means the chain passed).
#[derive(Debug)]
struct Checked {
    inner: Arc<WebPkiServerVerifier>,
    names: bool,
}

impl ServerCertVerifier for Checked {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        ) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.names => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_modes_round_trip_and_others_are_refused() {
        for (word, mode) in MODES {
            assert_eq!(word.parse::<SslMode>(), Ok(mode));
            assert_eq!(mode.to_string(), word);
        }
        for bad in ["", "Require", "verify_full", "verify", "on", "true", "ssl"] {
            let e = bad.parse::<SslMode>().unwrap_err();
            assert!(e.contains("verify-full") && !e.contains('\n'), "{bad}: {e}");
        }
    }
}
