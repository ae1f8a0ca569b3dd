//! The password file, read as libpq reads it (PostgreSQL documentation 34.16, "The Password
//! File", and libpq's `passwordFromFile`): lines `hostname:port:database:username:password`,
//! `*` matching anything in the first four fields, `\:` and `\\` standing for `:` and `\`,
//! `#` starting a comment line, the first matching line winning; a file group or others can
//! read is ignored with a warning.

use std::path::PathBuf;

/// Where the password file is: the URL's `passfile`, else `PGPASSFILE`, else `~/.pgpass`.
pub struct Passfile(PathBuf);

impl Passfile {
    /// The file to read, `None` when there is no home folder to look in.
    pub fn locate(from_url: Option<PathBuf>) -> Option<Passfile> {
        from_url
            .or_else(|| {
                std::env::var_os("PGPASSFILE")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| dirs::home_dir().map(|h| h.join(".pgpass")))
            .map(Passfile)
    }

    /// The file's text. `Err(None)`: no such regular file (nothing to say, as libpq);
    /// `Err(Some(warning))`: a file group or others may read, ignored (libpq's warning).
    pub fn read(&self) -> Result<String, Option<String>> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(&self.0).map_err(|_| None)?;
        if !meta.is_file() {
            return Err(None);
        }
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(Some(crate::msg!(
                "password file {} is ignored: group or others may read it (run 'chmod 600 {}')",
                "已忽略密码文件 {}：同组或其他用户可以读取它（请运行 'chmod 600 {}'）",
                self.0.display(),
                self.0.display()
            )));
        }
        std::fs::read(&self.0)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|_| None)
    }
}

/// The password of the first line of `text` matching the connection, `None` when none does.
/// `host` is the name as `.pgpass` sees it (see `Host::pgpass_name`); `port` compared as the
/// text of its number, as libpq compares it.
pub fn lookup(text: &str, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut rest = line;
        let mut matched = true;
        for want in [host, port.as_str(), dbname, user] {
            match field_matches(rest, want) {
                Some(after) => rest = after,
                None => {
                    matched = false;
                    break;
                }
            }
        }
        if matched {
            return Some(unescape_password(rest));
        }
    }
    None
}

/// libpq's `pwdfMatchesString`: whether the field at the start of `line` is `*` or equals
/// `want` once its escapes are read; returns the text after the field's `:`.
fn field_matches<'a>(line: &'a str, want: &str) -> Option<&'a str> {
    if let Some(after) = line.strip_prefix("*:") {
        return Some(after);
    }
    let mut want = want.chars();
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        let c = match c {
            '\\' => match chars.next() {
                Some((_, escaped)) => escaped,
                None => return None,
            },
            ':' => return want.next().is_none().then(|| &line[i + 1..]),
            c => c,
        };
        if want.next() != Some(c) {
            return None;
        }
    }
    None
}

/// The password field: up to the first unescaped `:`, with `\x` read as `x`.
fn unescape_password(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        match c {
            ':' => break,
            '\\' => match chars.next() {
                Some(e) => out.push(e),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::postgres::conn::Host;

    #[test]
    fn lines_match_as_libpq_matches_them() {
        // (file, host, port, db, user, expected password)
        type Case<'a> = (&'a str, &'a str, u16, &'a str, &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            ("h:5432:d:u:pw\n", "h", 5432, "d", "u", Some("pw")),
            ("h:5432:d:u:pw\n", "h", 5433, "d", "u", None),
            ("h:5432:d:u:pw\n", "h", 5432, "d", "v", None),
            ("*:*:*:*:any\n", "h", 1, "d", "u", Some("any")),
            (
                "*:*:*:u:mine\n*:*:*:*:any\n",
                "h",
                1,
                "d",
                "u",
                Some("mine"),
            ),
            // First match wins, even when a later line is more specific.
            (
                "*:*:*:*:first\nh:5432:d:u:second\n",
                "h",
                5432,
                "d",
                "u",
                Some("first"),
            ),
            // Escaped colon and backslash, in a field and in the password.
            (
                "h:5432:a\\:b:u:p\\:w\\\\x\n",
                "h",
                5432,
                "a:b",
                "u",
                Some("p:w\\x"),
            ),
            // The password ends at an unescaped colon.
            ("h:5432:d:u:pw:extra\n", "h", 5432, "d", "u", Some("pw")),
            // Comments, blank lines, CRLF, a short line.
            (
                "# h:5432:d:u:no\n\nh:5432\r\nh:5432:d:u:yes\r\n",
                "h",
                5432,
                "d",
                "u",
                Some("yes"),
            ),
            // `*` is only a wildcard as the whole field.
            ("h*:5432:d:u:pw\n", "hx", 5432, "d", "u", None),
            ("h*:5432:d:u:pw\n", "h*", 5432, "d", "u", Some("pw")),
            // A prefix of the wanted value is no match, nor is a longer field.
            ("ho:5432:d:u:pw\n", "host", 5432, "d", "u", None),
            ("hostx:5432:d:u:pw\n", "host", 5432, "d", "u", None),
            // An empty password field is an empty password.
            ("h:5432:d:u:\n", "h", 5432, "d", "u", Some("")),
            // Non-ASCII names.
            (
                "h:5432:督办:张三:密码\n",
                "h",
                5432,
                "督办",
                "张三",
                Some("密码"),
            ),
            // A socket folder that is not libpq's default is matched by its path.
            (
                "/srv/pg:5432:d:u:pw\n",
                "/srv/pg",
                5432,
                "d",
                "u",
                Some("pw"),
            ),
        ];
        for (file, host, port, db, user, want) in cases {
            assert_eq!(
                lookup(file, host, *port, db, user).as_deref(),
                *want,
                "{file:?} for {host}:{port}:{db}:{user}"
            );
        }
    }

    #[test]
    fn the_default_socket_folder_is_localhost() {
        let file = "localhost:5432:d:u:local\n";
        for dir in ["/var/run/postgresql", "/tmp"] {
            let host = Host::Socket(PathBuf::from(dir)).pgpass_name();
            assert_eq!(
                lookup(file, &host, 5432, "d", "u").as_deref(),
                Some("local"),
                "{dir}"
            );
        }
        let other = Host::Socket(PathBuf::from("/srv/pg")).pgpass_name();
        assert_eq!(lookup(file, &other, 5432, "d", "u"), None);
    }

    #[test]
    fn a_file_others_can_read_is_ignored_with_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:pw\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let file = Passfile(path.clone());
        assert!(matches!(file.read(), Err(Some(w)) if w.contains("chmod 600")));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(file.read().unwrap(), "*:*:*:*:pw\n");
        assert!(matches!(
            Passfile(dir.path().join("none")).read(),
            Err(None)
        ));
        assert!(matches!(
            Passfile(dir.path().to_path_buf()).read(),
            Err(None)
        ));
    }
}
