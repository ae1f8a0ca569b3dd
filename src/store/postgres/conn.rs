//! Where a server ledger is and how to reach it: a `postgres://` URL read by libpq's rules
//! (PostgreSQL documentation, "libpq — Connection Strings", 34.1.1), the password found where
//! libpq finds it (`.pgpass`, 34.16), TLS by `sslmode` (34.19.1), and the driver's failures
//! turned into one line a clerk can act on. No other module reads a URL or a driver error.
//!
//! Nothing here prints a password: [`Target`] keeps it out of `Debug`, and every message
//! names the ledger by [`Target::redacted`].

mod pgpass;
mod tls;
mod url;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};

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
    /// `postgresql:` (any case). A mistyped one (`postgres:/u@h/d`) is a URL [`Target::parse`]
    /// refuses, never a file's name, so a typo cannot make a local ledger with a password in
    /// its path.
    pub fn is_url(s: &str) -> bool {
        url::loose_scheme_len(s).is_some()
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
            .application_name(self.application_name.as_deref().unwrap_or("tracker"));
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
pub fn connect(target: &Target) -> Result<postgres::Client> {
    let mut last = None;
    for (host, port) in &target.hosts {
        let config = target.config_for(host, *port);
        let socket = matches!(host, Host::Socket(_));
        match tls::connect(&config, target, socket) {
            Ok(client) => return Ok(client),
            Err(tls::Failure::Driver(e)) => last = Some(explain(&e, target)),
            Err(tls::Failure::Setup(e)) => return Err(e),
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

/// What went wrong talking to the server, in a word: which of [`explain`]'s lines it gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// 28P01, 28000: wrong password, or no `pg_hba.conf` line lets this role in.
    Authentication,
    /// 3D000: the URL's database does not exist.
    NoDatabase,
    /// 42501: the role lacks a grant the command needs.
    NoPrivilege,
    /// The server asked for a password and [`Target::password_for`] found none.
    NoPassword,
    /// Connection refused, no such socket, no route, a name that does not resolve, timeout.
    Unreachable,
    /// 57P01–57P03, or the connection closed under the command.
    Lost,
    /// 55P03: the ledger-wide lock was not granted within the lock timeout.
    Busy,
    /// The TLS handshake failed (a certificate not trusted, a server without TLS).
    Tls,
    Other,
}

/// Sorts a driver error into a [`Trouble`] by its SQLSTATE, else by the I/O error under it.
pub fn trouble(err: &postgres::Error) -> Trouble {
    use postgres::error::SqlState;
    if let Some(code) = err.code() {
        return match code {
            c if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
            {
                Trouble::Authentication
            }
            c if *c == SqlState::INVALID_CATALOG_NAME => Trouble::NoDatabase,
            c if *c == SqlState::INSUFFICIENT_PRIVILEGE => Trouble::NoPrivilege,
            c if *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW =>
            {
                Trouble::Lost
            }
            c if *c == SqlState::LOCK_NOT_AVAILABLE => Trouble::Busy,
            _ => Trouble::Other,
        };
    }
    if err.is_closed() {
        return Trouble::Lost;
    }
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            return match io.kind() {
                K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                    Trouble::Lost
                }
                K::InvalidData if format!("{err}").contains("TLS") => Trouble::Tls,
                _ if format!("{err}").starts_with("error performing TLS handshake") => Trouble::Tls,
                _ => Trouble::Unreachable,
            };
        }
        source = e.source();
    }
    // The driver's own words are the only sign left of these kinds: it refuses to answer a
    // password request it has no password for as a "configuration" error.
    if std::error::Error::source(err).is_some_and(|e| e.to_string() == "password missing") {
        return Trouble::NoPassword;
    }
    let text = err.to_string();
    if text.contains("TLS") {
        Trouble::Tls
    } else if text.starts_with("error connecting to server") {
        Trouble::Unreachable
    } else {
        Trouble::Other
    }
}

/// A driver error as one line naming the ledger by its redacted URL, in the language set, with
/// no driver text (which may quote the server's words in its own language) and no password.
pub fn explain(err: &postgres::Error, target: &Target) -> anyhow::Error {
    let url = target.redacted();
    let (user, db) = (&target.user, &target.dbname);
    anyhow!(match trouble(err) {
        Trouble::Authentication => crate::msg!(
            "the server refused {user} for {url}: check the password (in the URL, the config file's password, or ~/.pgpass) and that pg_hba.conf lets this role in",
            "服务器拒绝了 {user} 连接 {url}：请检查密码（URL、配置文件的 password 或 ~/.pgpass）以及 pg_hba.conf 是否允许该角色登录"
        ),
        Trouble::NoPassword => crate::msg!(
            "the server of {url} asks {user} for a password and none was found: tracker looks in the URL (user:password@ or ?password=), the config file's password (mode 0600), PGPASSWORD, and ~/.pgpass or PGPASSFILE (mode 0600, a line host:port:database:user:password that matches)",
            "{url} 的服务器要求 {user} 提供密码，但没有找到：tracker 依次查找 URL（用户:密码@ 或 ?password=）、配置文件的 password（权限 0600）、PGPASSWORD，以及 ~/.pgpass 或 PGPASSFILE（权限 0600，且有一行 主机:端口:数据库:用户:密码 与之相符）"
        ),
        Trouble::NoDatabase => crate::msg!(
            "there is no database {db} on the server of {url}: create it (createdb {db}) or correct the URL",
            "{url} 所在的服务器上没有数据库 {db}：请先创建（createdb {db}）或更正 URL"
        ),
        Trouble::NoPrivilege => match refused_object(err) {
            Some(what) => crate::msg!(
                "{user} may not use {what} on {url}: the server refused the command for lack of a grant; ask the ledger's owner to grant it (see the README, \"Who may write\")",
                "{user} 在 {url} 上无权使用{what}：服务器因缺少授权拒绝了该命令；请台账的所有者授权（见 README“Who may write”）"
            ),
            None => crate::msg!(
                "{user} has no privilege for this on {url}: ask the ledger's owner for the grants (see the README, \"Who may write\")",
                "{user} 在 {url} 上没有执行此操作的权限：请台账的所有者授权（见 README“Who may write”）"
            ),
        },
        Trouble::Unreachable => crate::msg!(
            "cannot reach the PostgreSQL server of {url}: nothing answers there (is the server running, and the host, port or socket folder right?)",
            "无法连接 {url} 的 PostgreSQL 服务器：该处没有应答（服务器是否在运行，主机、端口或套接字文件夹是否正确？）"
        ),
        Trouble::Lost => crate::msg!(
            "the PostgreSQL server of {url} shut down or the connection was lost: a change not reported as done was not recorded; run the command again",
            "{url} 的 PostgreSQL 服务器已关闭或连接中断：未报告完成的修改没有记录；请重新运行该命令"
        ),
        Trouble::Busy => crate::msg!(
            "{url} stayed busy for 30 seconds (another tracker is writing): nothing was recorded, try again",
            "{url} 被占用达 30 秒（另一个 tracker 正在写入）：未记录任何内容，请重试"
        ),
        Trouble::Tls => crate::msg!(
            "no secure connection to {url} (sslmode={}): the server's certificate is not trusted or the server offers no TLS; check sslmode and sslrootcert",
            "无法与 {url} 建立加密连接（sslmode={}）：服务器证书不受信任或服务器不提供 TLS；请检查 sslmode 与 sslrootcert",
            target.sslmode
        ),
        Trouble::Other => {
            let code = err.code().map(|c| c.code().to_string());
            match code {
                Some(code) => crate::msg!(
                    "the PostgreSQL server of {url} refused the command (SQLSTATE {code}): nothing was recorded",
                    "{url} 的 PostgreSQL 服务器拒绝了该命令（SQLSTATE {code}）：未记录任何内容"
                ),
                None => crate::msg!(
                    "talking to the PostgreSQL server of {url} failed: nothing was recorded; run the command again",
                    "与 {url} 的 PostgreSQL 服务器通信失败：未记录任何内容；请重新运行该命令"
                ),
            }
        }
    })
}

/// The object a 42501 refusal names, in our words (`table task_units`, `表 task_units`): read
/// from the server's English message `permission denied for KIND NAME`; `None` for a server
/// speaking another language or a name that is not a plain identifier, never raw text.
fn refused_object(err: &postgres::Error) -> Option<String> {
    let text = err.as_db_error()?.message();
    let rest = text.strip_prefix("permission denied for ")?;
    let (kind, name) = rest.split_once(' ')?;
    let name = name.trim_matches('"');
    let plain = !name.is_empty()
        && name.len() <= 63
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !plain {
        return None;
    }
    Some(match kind {
        "table" | "relation" => crate::msg!("table {name}", "表 {name}"),
        "schema" => crate::msg!("schema {name}", "模式 {name}"),
        "sequence" => crate::msg!("sequence {name}", "序列 {name}"),
        "database" => crate::msg!("database {name}", "数据库 {name}"),
        "function" => crate::msg!("function {name}", "函数 {name}"),
        _ => return None,
    })
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
