//! Where a server ledger is and how to reach it: a `postgres://` URL read by libpq's rules
//! (PostgreSQL documentation, "libpq — Connection Strings", 34.1.1), the password found where
//! libpq finds it (`.pgpass`, 34.16), TLS by `sslmode` (34.19.1), and the driver's failures
//! turned into one line a clerk can act on. No other module reads a URL or a driver error.
//!
//! Nothing here prints a password: [`Target`] keeps it out of `Debug`, and every message
//! names the ledger by [`Target::redacted`].

mod explain;
mod pgpass;
mod tls;
mod url;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};

pub use explain::{
    Doing, STATES, TlsTrouble, Trouble, explain, explain_doing, line, plain_name, trouble,
    trouble_of_code,
};
pub use pgpass::{Passfile, lookup as pgpass_lookup};
pub use tls::SslMode;

/// The socket folders libpq is built with: upstream's `/tmp`, Debian's `/var/run/postgresql`.
/// The first that exists is used when a URL names no host, and either one counts as
/// `localhost` when a `.pgpass` line is matched, as libpq counts its own default.
pub const DEFAULT_SOCKET_DIRS: [&str; 3] = ["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// PostgreSQL's port when a URL names none.
pub const DEFAULT_PORT: u16 = 5432;

/// How long a connection attempt may take before the server counts as unreachable, when the
/// URL's `connect_timeout` says nothing (libpq waits forever; a clerk should not).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// TCP keepalives on every connection: the first probe after this long without traffic,
/// then one every `KEEPALIVE_INTERVAL`, the connection given up after `KEEPALIVE_RETRIES`
/// unanswered (libpq's `keepalives_idle`, `keepalives_interval`, `keepalives_count`). The
/// server's side of the same is set for the session (`postgres::SESSION`).
pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(10);
pub const KEEPALIVE_RETRIES: u32 = 3;

/// The `application_name` a session shows in `pg_stat_activity` when the URL gives none:
/// `tracker LOGIN@HOST`, so that an administrator, and the busy line of a clerk kept waiting,
/// can tell whose tracker holds the ledger. Printable ASCII only (the server replaces
/// anything else), at most 63 bytes (NAMEDATALEN).
pub fn application_name() -> String {
    let who = whoami::username().unwrap_or_default();
    let host = whoami::hostname().unwrap_or_default();
    let mut name = String::from("tracker");
    if !who.is_empty() {
        name.push(' ');
        name.push_str(&who);
        if !host.is_empty() {
            name.push('@');
            name.push_str(&host);
        }
    }
    name.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(63)
        .collect()
}

/// One server a URL names: a TCP host name or address, or a folder holding the server's Unix
/// socket (a host that starts with `/`, percent-encoded in the URL's host part).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    Tcp(String),
    Socket(PathBuf),
}

impl Host {
    /// The host as `.pgpass` matches it: a default socket folder is `localhost` (libpq's
    /// `passwordFromFile`), any other socket folder its path, a TCP host its name.
    pub fn pgpass_name(&self) -> String {
        match self {
            Host::Tcp(h) => h.clone(),
            Host::Socket(dir)
                if DEFAULT_SOCKET_DIRS
                    .iter()
                    .any(|d| dir.as_path() == std::path::Path::new(d)) =>
            {
                "localhost".into()
            }
            Host::Socket(dir) => dir.display().to_string(),
        }
    }
}

/// A parsed `postgres://` or `postgresql://` URL: where the server is, who connects, to which
/// database, with which TLS mode. Parse with [`Target::parse`]; name it in messages with
/// [`Target::redacted`]. `Debug` leaves the password out.
#[derive(Clone, PartialEq, Eq)]
pub struct Target {
    /// The servers to try, in order, each with its port (libpq's `host=a,b`, `port=1,2`).
    pub hosts: Vec<(Host, u16)>,
    /// The role; the login name when the URL names none (as libpq).
    pub user: String,
    /// The database; the role's name when the URL names none (as libpq).
    pub dbname: String,
    pub sslmode: SslMode,
    /// `sslrootcert`: a PEM file of trusted roots, or `system` for the system's roots.
    pub sslrootcert: Option<String>,
    /// `options`: command-line options for the server (`-c search_path=…`).
    pub options: Option<String>,
    pub application_name: Option<String>,
    pub connect_timeout: Duration,
    /// `passfile`: the password file, instead of `PGPASSFILE` or `~/.pgpass`.
    pub passfile: Option<PathBuf>,
    /// The password the URL gives, if any.
    password: Option<String>,
    /// The password the config file gives (`password` key), used when the URL has none.
    config_password: Option<String>,
    /// The URL as typed, for [`Target::redacted`].
    raw: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("url", &self.redacted())
            .field("hosts", &self.hosts)
            .field("user", &self.user)
            .field("dbname", &self.dbname)
            .field("sslmode", &self.sslmode)
            .finish_non_exhaustive()
    }
}

impl Target {
    /// Whether `s` names a server ledger rather than a file: it starts `postgres:` or
    /// `postgresql:` (any case), or is a URL typed without its scheme
    /// ([`url::missing_scheme`]: `user:secret@host/db`, `user@host:5432/db`). A mistyped one
    /// (`postgres:/u@h/d`, no scheme) is a URL [`Target::parse`] refuses, never a file's
    /// name, so a typo cannot make a local ledger with a password in its path.
    pub fn is_url(s: &str) -> bool {
        url::loose_scheme_len(s).is_some() || url::missing_scheme(s)
    }

    /// `s` as a message shows a server URL that may not parse (`Target::redacted`'s rule on
    /// the text as typed): no password, no value of a key tracker does not read, no fragment.
    pub fn redact_text(s: &str) -> String {
        url::redact(s)
    }

    /// Refuses `s` when it is a server URL typed without its scheme ([`url::missing_scheme`]),
    /// wherever a path was expected (`backup FILE`, `--out`).
    ///
    /// Errors: one line saying it looks like a server URL missing `postgres://`, without the
    /// password.
    pub fn refuse_missing_scheme(s: &str) -> Result<()> {
        if url::missing_scheme(s) {
            return Err(url::missing_scheme_error(s));
        }
        Ok(())
    }

    /// Reads a `postgres://` or `postgresql://` URL by libpq's URI rules:
    /// `postgresql://[user[:password]@][host][:port][,host[:port]…][/dbname][?key=value&…]`,
    /// every part percent-decoded; a host that decodes to a path (`%2Fvar%2Frun%2Fpostgresql`)
    /// is a socket folder; `[::1]` an IPv6 address; the query's `host`, `port`, `user`,
    /// `password`, `dbname`, `sslmode`, `sslrootcert`, `options`, `application_name`,
    /// `connect_timeout` (seconds) and `passfile` override the parts before it.
    ///
    /// Errors: one line naming what is wrong (an unknown query key, a bad port or sslmode,
    /// a broken percent escape) and what is accepted; the password never appears in it.
    pub fn parse(url_text: &str) -> Result<Target> {
        url::parse(url_text)
    }

    /// The URL as typed with any password removed (from the user part and from a `password=`
    /// query key): what every message shows to name the ledger.
    pub fn redacted(&self) -> String {
        url::redact(&self.raw)
    }

    /// Takes `password` (the config file's `password` key) for use when the URL gives none.
    pub fn with_config_password(mut self, password: Option<String>) -> Target {
        self.config_password = password.filter(|p| !p.is_empty());
        self
    }

    /// Whether the URL itself holds a password (then it must not sit in a readable file).
    pub fn has_url_password(&self) -> bool {
        self.password.as_deref().is_some_and(|p| !p.is_empty())
    }

    /// The password for `host` and `port`: the URL's, else the config file's, else
    /// `PGPASSWORD` (as libpq reads it; not empty), else the password file's first matching
    /// line (see [`pgpass`]); `None` when none has one (the server may not ask). A password
    /// file others can read is skipped with a warning on stderr, as libpq skips it.
    pub fn password_for(&self, host: &Host, port: u16) -> Option<String> {
        if let Some(p) = self.password.as_ref().filter(|p| !p.is_empty()) {
            return Some(p.clone());
        }
        if let Some(p) = &self.config_password {
            return Some(p.clone());
        }
        if let Some(p) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
            return Some(p);
        }
        let file = Passfile::locate(self.passfile.clone())?;
        match file.read() {
            Ok(text) => pgpass_lookup(&text, &host.pgpass_name(), port, &self.dbname, &self.user),
            Err(warning) => {
                if let Some(w) = warning {
                    eprintln!("{}{w}", crate::i18n::warning_prefix());
                }
                None
            }
        }
    }

    /// The driver's settings for one of the hosts, password included.
    fn config_for(&self, host: &Host, port: u16) -> postgres::Config {
        let mut c = postgres::Config::new();
        match host {
            Host::Tcp(h) => c.host(h),
            Host::Socket(dir) => c.host_path(dir),
        };
        c.port(port)
            .user(&self.user)
            .dbname(&self.dbname)
            .connect_timeout(self.connect_timeout)
            .application_name(
                &self
                    .application_name
                    .clone()
                    .unwrap_or_else(application_name),
            )
            // A server that vanishes (no FIN: a cable pulled, a VPN dropped) is noticed in
            // about a minute, not the system's two hours.
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .keepalives_interval(KEEPALIVE_INTERVAL)
            .keepalives_retries(KEEPALIVE_RETRIES);
        if let Some(o) = &self.options {
            c.options(o);
        }
        if let Some(p) = self.password_for(host, port) {
            c.password(p);
        }
        c
    }
}

/// Connects to the first of the target's hosts that answers, with TLS as its `sslmode` says
/// (a Unix socket never uses TLS, as in libpq). Errors: [`explain`]ed, one line.
///
/// Each host gets `target.connect_timeout` for the whole start-up, as libpq's
/// `connect_timeout`: the TCP connection, TLS, authentication and the server's first answer.
/// The driver's own timeout covers only the TCP connection, so something that accepts it and
/// then says nothing (a hung server, a half-open proxy) would hold a clerk's `list` forever;
/// the attempt runs on a thread of its own, and one not done in time is abandoned (it ends
/// with the process).
pub fn connect(target: &Target) -> Result<postgres::Client> {
    let mut last = None;
    for (host, port) in &target.hosts {
        let config = target.config_for(host, *port);
        let socket = matches!(host, Host::Socket(_));
        let (sent, answer) = std::sync::mpsc::channel();
        let t = target.clone();
        std::thread::spawn(move || {
            let _ = sent.send(tls::connect(&config, &t, socket));
        });
        match answer.recv_timeout(target.connect_timeout) {
            Ok(Ok(client)) => return Ok(client),
            Ok(Err(tls::Failure::Driver(e))) => {
                let doing = Doing {
                    host: Some(match host {
                        Host::Tcp(h) => h.clone(),
                        Host::Socket(dir) => dir.display().to_string(),
                    }),
                    ..Doing::default()
                };
                last = Some(match start_up_trouble(&e, target, host, *port) {
                    Some(kind) => anyhow!(line(kind, target, &doing)),
                    None => explain_doing(&e, target, doing),
                });
            }
            Ok(Err(tls::Failure::Setup(e))) => return Err(e),
            Err(_) => last = Some(anyhow!(line(Trouble::NoAnswer, target, &Doing::default()))),
        }
    }
    Err(last.unwrap_or_else(|| {
        anyhow!(crate::msg!(
            "{} names no server to connect to",
            "{} 没有指明要连接的服务器",
            target.redacted()
        ))
    }))
}

/// What a failed start-up says about the URL itself, beyond what [`trouble`] reads from the
/// error: a TCP host whose name does not resolve (asked again here, since the driver's error
/// tells it only in its own words), or `options` the server refused (a 42601, 42704 or
/// 22023 before any command can have run is the options' doing).
fn start_up_trouble(
    e: &postgres::Error,
    target: &Target,
    host: &Host,
    port: u16,
) -> Option<Trouble> {
    use postgres::error::SqlState;
    use std::net::ToSocketAddrs;
    let options_refused = [
        SqlState::SYNTAX_ERROR,
        SqlState::UNDEFINED_OBJECT,
        SqlState::INVALID_PARAMETER_VALUE,
    ];
    match (trouble(e), host) {
        (Trouble::Unreachable, Host::Tcp(name))
            if (name.as_str(), port).to_socket_addrs().is_err() =>
        {
            Some(Trouble::UnknownHost)
        }
        _ if target.options.is_some() && e.code().is_some_and(|c| options_refused.contains(c)) => {
            Some(Trouble::BadOptions)
        }
        _ => None,
    }
}

/// Refuses a password kept in a file that others can read: `path` (the config file) must
/// have no group or other permission bits (0600 or tighter) to hold one.
pub fn check_private(path: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if mode & 0o077 != 0 {
        bail!(crate::msg!(
            "config file {} holds a database password but others may read it (mode {:04o}): run 'chmod 600 {}', or keep the password in ~/.pgpass",
            "配置文件 {} 含有数据库密码，但其他人可以读取（权限 {:04o}）：请运行 'chmod 600 {}'，或把密码放在 ~/.pgpass 中",
            path.display(),
            mode & 0o777,
            path.display()
        ));
    }
    Ok(())
}

/// Against a real server: `TRACKER_TEST_PG` (a superuser's base URL, as `.ci/run` sets it from
/// `scripts/pg-cluster.sh url`); without it these say so and stop.
#[cfg(test)]
mod live {
    use super::*;

    fn base() -> Option<Target> {
        let url = std::env::var("TRACKER_TEST_PG")
            .ok()
            .filter(|u| !u.is_empty());
        if url.is_none() {
            eprintln!("skipped: TRACKER_TEST_PG is not set");
        }
        url.map(|u| Target::parse(&u).expect("TRACKER_TEST_PG is a URL"))
    }

    /// `base` with another user and database.
    fn as_(base: &Target, user: &str, db: &str) -> Target {
        let mut t = base.clone();
        t.user = user.into();
        t.dbname = db.into();
        t
    }

    fn kind(result: Result<postgres::Client>, t: &Target) -> String {
        match result {
            Ok(_) => "connected".into(),
            Err(e) => {
                let line = e.to_string();
                assert!(!line.contains('\n'), "{line}");
                assert!(line.contains(&t.redacted()), "{line}");
                line
            }
        }
    }

    #[test]
    fn each_kind_of_failure_gets_its_own_line() {
        let Some(base) = base() else { return };
        let mut admin = connect(&base).expect("the test server answers");
        admin
            .batch_execute(
                "DROP ROLE IF EXISTS tracker_conn_reader; CREATE ROLE tracker_conn_reader LOGIN",
            )
            .unwrap();
        // No such database.
        let t = as_(&base, &base.user, "tracker_no_such_db");
        assert!(kind(connect(&t), &t).contains("no database tracker_no_such_db"));
        // No such role: the server refuses it (28000), as a wrong password (28P01).
        let t = as_(&base, "tracker_no_such_role", &base.dbname);
        assert!(kind(connect(&t), &t).contains("refused tracker_no_such_role"));
        // A socket folder with no server in it.
        let mut t = base.clone();
        t.hosts = vec![(Host::Socket(std::env::temp_dir().join("no-pg-here")), 5432)];
        assert!(kind(connect(&t), &t).contains("cannot reach"));
        // A TCP port nothing listens on.
        t.hosts = vec![(Host::Tcp("127.0.0.1".into()), 1)];
        assert!(kind(connect(&t), &t).contains("cannot reach"));
        // No privilege: a plain role may not create a table in public (PostgreSQL 15+) or
        // read a table it was not granted.
        admin
            .batch_execute(
                "DROP TABLE IF EXISTS tracker_conn_secret; CREATE TABLE tracker_conn_secret (x int)",
            )
            .unwrap();
        let t = as_(&base, "tracker_conn_reader", &base.dbname);
        let mut reader = connect(&t).expect("the plain role connects");
        let e = reader
            .batch_execute("SELECT * FROM tracker_conn_secret")
            .unwrap_err();
        assert_eq!(trouble(&e), Trouble::NoPrivilege);
        // The server's English message names the table; the line names it in our words.
        let line = explain(&e, &t).to_string();
        assert!(
            line.contains("may not use table tracker_conn_secret") && !line.contains("denied"),
            "{line}"
        );
        // Lock timeout: a row another session holds FOR UPDATE.
        admin
            .batch_execute(
                "GRANT ALL ON tracker_conn_secret TO tracker_conn_reader; INSERT INTO tracker_conn_secret VALUES (1)",
            )
            .unwrap();
        let mut tx = admin.transaction().unwrap();
        tx.batch_execute("SELECT * FROM tracker_conn_secret FOR UPDATE")
            .unwrap();
        let e = reader
            .batch_execute(
                "BEGIN; SET LOCAL lock_timeout = '100ms'; SELECT * FROM tracker_conn_secret FOR UPDATE",
            )
            .unwrap_err();
        assert_eq!(trouble(&e), Trouble::Busy);
        assert!(
            explain(&e, &t)
                .to_string()
                .contains("stayed busy for 30 seconds")
        );
        tx.rollback().unwrap();
        // The server ends the session (as a shutdown does: 57P01), then the connection is gone.
        let mut victim = connect(&t).unwrap();
        let pid: i32 = victim
            .query_one("SELECT pg_backend_pid()", &[])
            .unwrap()
            .get(0);
        admin
            .execute("SELECT pg_terminate_backend($1)", &[&pid])
            .unwrap();
        let e = victim.batch_execute("SELECT 1").unwrap_err();
        assert_eq!(trouble(&e), Trouble::Lost);
        let e = victim.batch_execute("SELECT 1").unwrap_err();
        assert_eq!(trouble(&e), Trouble::Lost);
        assert!(explain(&e, &t).to_string().contains("connection was lost"));
        drop(reader);
        admin
            .batch_execute("DROP TABLE tracker_conn_secret; DROP ROLE tracker_conn_reader")
            .unwrap();
    }

    #[test]
    fn a_socket_never_uses_tls_whatever_sslmode_says() {
        let Some(base) = base() else { return };
        if !matches!(base.hosts[0].0, Host::Socket(_)) {
            return;
        }
        for mode in [SslMode::Disable, SslMode::Require, SslMode::VerifyFull] {
            let mut t = base.clone();
            t.sslmode = mode;
            connect(&t).unwrap_or_else(|e| panic!("{mode}: {e}"));
        }
    }
}
