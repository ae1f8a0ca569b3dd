//! libpq's connection URI (PostgreSQL documentation 34.1.1.2), read into a [`Target`], and the
//! same text with its password taken out.

use std::path::PathBuf;

use anyhow::{Result, bail};

use super::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_PORT, DEFAULT_SOCKET_DIRS, Host, SslMode, Target};

/// The query keys a URL may carry; libpq refuses any other, and so does tracker.
const KEYS: &str = "host, port, user, password, dbname, sslmode, sslrootcert, options, application_name, connect_timeout, passfile";

/// What a role's name typed in a URL (its user part, or `user=`) may not hold unencoded: the
/// marks a password's `:` is mistyped as (`;` the same key, `@` twice, a quote, `=`, `,`, the
/// full-width `：`), refused so that no message naming the role shows a password.
const NOT_IN_USER: [char; 9] = [';', '@', '\'', '"', '=', ',', '：', '＠', ':'];

/// The length of the URL's scheme with its `://`, when it is `postgres://` or
/// `postgresql://` (any case).
pub fn scheme_len(s: &str) -> Option<usize> {
    ["postgresql://", "postgres://"].into_iter().find_map(|p| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .map(|_| p.len())
    })
}

/// The length of a scheme that means a server even when mistyped: `postgres:` or
/// `postgresql:` (any case) and the slashes after it, however many (`postgres:/u@h/d`), or
/// the scheme's name with two slashes or more and no `:` (`postgres//u:secret@h/d`).
/// Such text is never a file's name: [`parse`] refuses it when [`scheme_len`] does not match,
/// so a typo cannot make a local ledger with a password in its path.
pub fn loose_scheme_len(s: &str) -> Option<usize> {
    let slashes = |from: usize| s[from..].len() - s[from..].trim_start_matches('/').len();
    ["postgresql", "postgres"].into_iter().find_map(|p| {
        s.get(..p.len())
            .filter(|head| head.eq_ignore_ascii_case(p))
            .and_then(|_| match s[p.len()..].strip_prefix(':') {
                Some(_) => Some(p.len() + 1 + slashes(p.len() + 1)),
                None => (slashes(p.len()) >= 2).then(|| p.len() + slashes(p.len())),
            })
    })
}

/// Whether `s`, with no scheme, is a server URL typed without its `postgres://`: a user name
/// (a letter, digit or `_`, then letters, digits, `_`, `.`, `-`), then either `:` and later
/// an `@` (`duban:secret@host/db`, the password possibly holding `/` or `@`), or `@`, a host
/// and a numeric port (`duban@host:5432/db`). Only these shapes: a file's path seldom holds
/// a `:` (and can be written `./NAME`), while `duban@host/db` may well be a folder's name and
/// holds no password, so it stays a path. `C:\…` and `C:/…` are paths.
pub fn missing_scheme(s: &str) -> bool {
    if loose_scheme_len(s).is_some() {
        return false;
    }
    if let Some(body) = after_mistyped_scheme(s) {
        return missing_scheme(body);
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let Some(sep) = s.find([':', '@']) else {
        return false;
    };
    let user = &s[..sep];
    if !user.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        || !user.chars().all(plain)
    {
        return false;
    }
    let after = &s[sep + 1..];
    if s[sep..].starts_with(':') {
        return !after.starts_with(['/', '\\']) && after.contains('@');
    }
    // `user@host:port`, the host a name, an address or a `%2F` socket folder.
    let authority = after.split('/').next().unwrap_or("");
    authority.rsplit_once(':').is_some_and(|(host, port)| {
        !host.is_empty()
            && host.chars().all(|c| plain(c) || c == '%')
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
    })
}

/// What follows a scheme mistyped (`postgres;//`, `postgres.//`, `Postgres,//`) or left out
/// but for its `//` (`//user:secret@host/db`): the text after the slashes, when what comes
/// before them is one word and its punctuation. `None` for anything else.
fn after_mistyped_scheme(s: &str) -> Option<&str> {
    let i = s.find("//")?;
    let head = &s[..i];
    // A head ending in `:` is a scheme as typed (`pg://`, `http://`), refused as such.
    (!head.ends_with(':')).then_some(())?;
    head.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-' | ';' | ','))
        .then(|| s[i..].trim_start_matches('/'))
        .filter(|body| !body.is_empty())
}

/// The one line for text [`missing_scheme`] finds: it looks like a server URL without
/// `postgres://`, shown without its password, and what to type for a server or a file.
pub fn missing_scheme_error(raw: &str) -> anyhow::Error {
    // Shown from after a mistyped scheme's slashes, as it would follow `postgres://`.
    let raw = after_mistyped_scheme(raw).unwrap_or(raw);
    // The user part as widely as a password could reach (one holding `@`, `/` or `?`).
    let shown = match wide_userinfo_end(raw) {
        Some(end) => {
            let user = raw[..end].split(':').next().unwrap_or("");
            redact(&format!("{user}@{}", &raw[end + 1..]))
        }
        None => redact(raw),
    };
    anyhow::anyhow!(crate::msg!(
        "{shown} looks like a PostgreSQL URL missing postgres:// in front: write postgres://{shown} (with the password), or ./{shown} for a file of that name",
        "{shown} 看起来是缺少开头 postgres:// 的 PostgreSQL URL：请写作 postgres://{shown}（带上密码）；若是同名文件，请写作 ./{shown}"
    ))
}

/// Where the user part `user[:password]@` ends in `rest` (the URL after its scheme), taken
/// as widely as a password could reach: up to the last `@` when a `:` comes before it and
/// the text before that `:` could be a user name. A password holding an unencoded `/`, `?`
/// or `#` is still found, so no message shows it; a `@` in a query value may take more
/// than the user part out of what is shown, never less.
fn wide_userinfo_end(rest: &str) -> Option<usize> {
    let at = rest.rfind('@')?;
    let colon = rest[..at].find(':')?;
    (!rest[..colon].contains(['/', '?', '#', '@'])).then_some(at)
}

/// `%XX` escapes decoded; the result must be UTF-8. `None` for a broken escape or a NUL
/// (`%00`).
fn decode(s: &str) -> Option<String> {
    decode_raw(s).filter(|d| !d.contains('\0'))
}

/// [`decode`], a NUL allowed (to tell it apart in a message).
fn decode_raw(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Splits `text` at the first of `stops`: (before, the stop and after).
fn split_at_any<'a>(text: &'a str, stops: &[char]) -> (&'a str, &'a str) {
    match text.find(stops) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    }
}

/// Reads `raw` by libpq's rules ([`parse_as_libpq`]); when that fails and a password holding
/// an unencoded `/` or `?` explains why (libpq ends the user part at either), says so instead
/// of complaining about the host, port or query the password was taken for, which would show
/// part of it.
pub fn parse(raw: &str) -> Result<Target> {
    let parsed = parse_as_libpq(raw);
    let Some(scheme) = scheme_len(raw) else {
        return parsed;
    };
    let rest = &raw[scheme..];
    let standard_at = split_at_any(rest, &['/', '?']).0.find('@');
    let spills = match wide_userinfo_end(rest) {
        None => false,
        // `user:Dub@n/pw?1@host`: libpq ends the password at the first `@`, and what it
        // then refuses (a host, a port, a query) would be the password's rest.
        Some(end) => match standard_at {
            Some(at) => end > at && parsed.is_err(),
            // `user:1234/5678@host/db`: libpq reads host `user`, port `1234` and a database
            // holding `@`; an `@` in the path (not in a query value) is the password's.
            None => {
                rest[..end].contains(['/', '?']) && (parsed.is_err() || !rest[..end].contains('?'))
            }
        },
    };
    if spills {
        let end = wide_userinfo_end(rest).unwrap_or(0);
        let user = rest[..end].split(':').next().unwrap_or("");
        let shown = crate::render::safe(
            &format!("{}{user}@{}", &raw[..scheme], &rest[end + 1..]),
            false,
        );
        let shown = redact(&shown);
        bail!(crate::msg!(
            "invalid PostgreSQL URL {shown}: the password holds '@', '/' or '?': percent-encode them in a URL (%40, %2F, %3F), or put the password in ~/.pgpass or the config file",
            "PostgreSQL URL {shown} 无效：密码中含有“@”“/”或“?”：在 URL 中须用百分号编码（%40、%2F、%3F），或把密码写在 ~/.pgpass 或配置文件中"
        ));
    }
    parsed
}

fn parse_as_libpq(raw: &str) -> Result<Target> {
    let Some(scheme) = scheme_len(raw) else {
        if missing_scheme(raw) {
            return Err(missing_scheme_error(raw));
        }
        if loose_scheme_len(raw).is_some() {
            let shown = redact(raw);
            bail!(crate::msg!(
                "invalid PostgreSQL URL {shown}: expected postgres://[user@]host[:port]/database (a ':' and two slashes after postgres)",
                "PostgreSQL URL {shown} 无效：应为 postgres://[用户@]主机[:端口]/数据库（postgres 之后是“:”和两个斜杠）"
            ));
        }
        bail!(crate::msg!(
            "not a PostgreSQL URL: expected postgres://[user@]host[:port]/database",
            "不是 PostgreSQL 的 URL：应为 postgres://[用户@]主机[:端口]/数据库"
        ));
    };
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        bail!(crate::msg!(
            "a PostgreSQL URL may not hold spaces or control characters: percent-encode them (%20)",
            "PostgreSQL 的 URL 不能含空格或控制字符：请用百分号编码（%20）"
        ));
    }
    let shown = redact(raw);
    let bad = |what: String| -> anyhow::Error {
        anyhow::anyhow!(crate::msg!(
            "invalid PostgreSQL URL {shown}: {what}",
            "PostgreSQL URL {shown} 无效：{what}"
        ))
    };
    // A part that does not decode: a broken escape, or a NUL (`%00`), which no PostgreSQL
    // setting may hold (libpq refuses it too; the driver's refusal read as "nothing answers").
    let undecodable = |part: &str, text: &str| {
        if decode_raw(text).is_some_and(|d| d.contains('\0')) {
            bad(crate::msg!(
                "the {part} holds %00 (a NUL character), which PostgreSQL does not accept in any part of a URL",
                "{part}中含有 %00（NUL 字符），PostgreSQL 不接受 URL 的任何部分含有它"
            ))
        } else {
            bad(crate::msg!(
                "the {part} has a broken percent escape (expected %XX with two hex digits, giving UTF-8)",
                "{part}中的百分号编码有误（应为 %XX，两位十六进制数，解码后为 UTF-8）"
            ))
        }
    };
    let rest = &raw[scheme..];
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = split_at_any(before_query, &['/']);
    // A full-width `：` or `＠` (a Chinese input method's) is no URL's: the user, the password
    // and the host would run together, and a message naming any of them would show the rest.
    if authority.contains(['：', '＠']) || path.contains(['：', '＠']) {
        bail!(bad(crate::msg!(
            "the URL holds a full-width '：' or '＠' (typed with a Chinese input method): write ':' and '@'",
            "连接地址中含有全角“：”或“＠”（中文输入法所打）：请改用半角冒号和 @"
        )));
    }
    // A `/` typed for the `:` (`user/secret@host`) makes the password part of the database's
    // name: no database name holds an unencoded `@`.
    if path.contains('@') {
        bail!(bad(crate::msg!(
            "the database name holds '@': a password goes after ':' (user:password@host/db), not after '/'; a database whose name holds '@' is written %40",
            "数据库名中含有 @：密码应写在用户名后的冒号之后，而不是斜杠之后；数据库名中的 @ 须写作 %40"
        )));
    }
    let (userinfo, hostlist) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    let mut user = None;
    let mut password = None;
    if let Some(info) = userinfo {
        let (u, p) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        // A `;`, a second `@` or another mark typed for the `:` would make the password part
        // of the role's name, and every message naming the role would show it.
        if u.contains(NOT_IN_USER) {
            bail!(bad(crate::msg!(
                "the user part holds ';', a quote, '=', ',' or a second '@': a password goes after ':' (user:password@host); a role whose name holds one is written percent-encoded (';' as %3B, '@' as %40)",
                "用户部分含有分号、引号、等号、逗号或第二个 @：密码应写在用户名后的冒号之后；角色名含有这些字符时须按百分号编码书写（分号写作 %3B，@ 写作 %40）"
            )));
        }
        let name = crate::msg!("user name", "用户名");
        user = Some(decode(u).ok_or_else(|| undecodable(&name, u))?).filter(|u| !u.is_empty());
        password = p
            .map(|p| decode(p).ok_or_else(|| undecodable("password", p)))
            .transpose()?;
    }
    let mut hosts: Vec<String> = Vec::new();
    let mut ports: Vec<String> = Vec::new();
    if !hostlist.is_empty() {
        for spec in hostlist.split(',') {
            let (host, port) = if let Some(v6) = spec.strip_prefix('[') {
                let Some((addr, after)) = v6.split_once(']') else {
                    bail!(bad(crate::msg!(
                        "an IPv6 address opened with [ is not closed with ]",
                        "以 [ 开头的 IPv6 地址缺少 ]"
                    )));
                };
                let port = match after {
                    "" => "",
                    p => p.strip_prefix(':').ok_or_else(|| {
                        bad(crate::msg!("expected :port after ]", "] 之后应为 :端口"))
                    })?,
                };
                (addr.to_string(), port)
            } else {
                let (h, p) = split_at_any(spec, &[':']);
                let name = crate::msg!("host", "主机");
                (
                    decode(h).ok_or_else(|| undecodable(&name, h))?,
                    p.strip_prefix(':').unwrap_or(""),
                )
            };
            hosts.push(host);
            ports.push(port.to_string());
        }
    }
    let name = crate::msg!("database name", "数据库名");
    let mut dbname = Some(
        decode(path.strip_prefix('/').unwrap_or(path)).ok_or_else(|| undecodable(&name, path))?,
    )
    .filter(|d| !d.is_empty());
    let mut sslmode = SslMode::Prefer;
    let (mut sslrootcert, mut options, mut application_name, mut passfile) =
        (None, None, None, None);
    let mut connect_timeout = DEFAULT_CONNECT_TIMEOUT;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            bail!(bad(crate::msg!(
                "the query part '{}' has no '=': expected key=value",
                "查询部分 '{}' 缺少 '='：应为 键=值",
                as_typed_pair(pair)
            )));
        };
        let key = decode(k).ok_or_else(|| undecodable("query", k))?;
        let value = decode(v).ok_or_else(|| undecodable(&key, v))?;
        match key.as_str() {
            "host" => hosts = value.split(',').map(str::to_string).collect(),
            "port" => ports = value.split(',').map(str::to_string).collect(),
            "user" if v.contains(NOT_IN_USER) => bail!(bad(crate::msg!(
                "the query's user= holds ':', ';', a quote, '=', ',' or '@': give the password in the password key, or after the ':' of the user part; a role whose name holds one is written percent-encoded",
                "查询部分的 user= 含有冒号、分号、引号、等号、逗号或 @：密码请用 password 键给出，或写在用户名后的冒号之后；角色名含有这些字符时须按百分号编码书写"
            ))),
            "user" => user = Some(value).filter(|v| !v.is_empty()),
            "password" => password = Some(value),
            "dbname" => dbname = Some(value).filter(|v| !v.is_empty()),
            "sslmode" => {
                sslmode = value.parse::<SslMode>().map_err(bad)?;
            }
            "sslrootcert" => sslrootcert = Some(value),
            "options" => options = Some(value),
            "application_name" => application_name = Some(value),
            "connect_timeout" => {
                // libpq: a whole number of seconds; 0 or less waits forever, 1 means 2.
                let secs: i64 = value.parse().map_err(|_| {
                    bad(crate::msg!(
                        "connect_timeout '{value}' is not a whole number of seconds",
                        "connect_timeout '{value}' 不是整数秒"
                    ))
                })?;
                connect_timeout = match secs {
                    ..=0 => std::time::Duration::from_secs(u32::MAX as u64),
                    1 => std::time::Duration::from_secs(2),
                    s => std::time::Duration::from_secs(s as u64),
                };
            }
            "passfile" => passfile = Some(PathBuf::from(value)),
            other => bail!(bad(crate::msg!(
                "unknown query key '{}' (accepted: {KEYS})",
                "未知的查询键 '{}'（可用：{KEYS}）",
                crate::render::safe(other, false)
            ))),
        }
    }
    let user = match user {
        Some(u) => u,
        None => whoami::username()
            .ok()
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "postgres".into()),
    };
    let dbname = dbname.unwrap_or_else(|| user.clone());
    if ports.len() > 1 && ports.len() != hosts.len().max(1) {
        bail!(bad(crate::msg!(
            "{} hosts but {} ports: give one port for all, or one per host",
            "{} 个主机却有 {} 个端口：请为全部主机给一个端口，或每个主机各给一个",
            hosts.len().max(1),
            ports.len()
        )));
    }
    let port_of = |p: &str| -> Result<u16> {
        if p.is_empty() {
            return Ok(DEFAULT_PORT);
        }
        // The "port" is not shown: with no `user:…@`, it is often a password typed without
        // its `@host` (`postgres://user:secret/db`).
        p.parse::<u16>().ok().filter(|n| *n > 0).ok_or_else(|| {
            bad(crate::msg!(
                "the port is not a number from 1 to 65535 (a password goes in the user part, between ':' and the '@' before the host)",
                "端口不是 1 到 65535 之间的数（密码应写在用户部分，在“:”之后、主机前的“@”之前）"
            ))
        })
    };
    if hosts.is_empty() {
        hosts.push(String::new());
    }
    let mut targets = Vec::with_capacity(hosts.len());
    for (i, h) in hosts.iter().enumerate() {
        let port = port_of(ports.get(i).or(ports.first()).map_or("", String::as_str))?;
        let host = if h.is_empty() {
            Host::Socket(default_socket_dir())
        } else if h.starts_with('/') {
            Host::Socket(PathBuf::from(h))
        } else {
            Host::Tcp(h.clone())
        };
        targets.push((host, port));
    }
    Ok(Target {
        hosts: targets,
        user,
        dbname,
        sslmode,
        sslrootcert,
        options,
        application_name,
        connect_timeout,
        passfile,
        password,
        config_password: None,
        raw: raw.to_string(),
    })
}

/// The first default socket folder that exists (Debian's, then upstream's).
fn default_socket_dir() -> PathBuf {
    DEFAULT_SOCKET_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("/tmp"))
}

/// A query part with no `=` for a message: as typed, since it holds no value to hide, unless
/// it runs on after `password` (`password:secret`, a value typed after the wrong sign), when
/// only `password` is shown.
fn as_typed_pair(pair: &str) -> String {
    let head_len = pair
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(pair.len());
    let head = &pair[..head_len];
    if crate::output::is_secret_key(head) && pair.len() > head_len {
        return format!("{head}…");
    }
    crate::render::safe(pair, false)
}

/// `raw` without its password, the rest kept as typed: the `:secret` of `user:secret@` as
/// libpq reads the user part (so a `@` in a query value, `application_name=me@pc`, is kept,
/// and the name parses back to the same servers), or wider where a password holds a `/` or
/// `?`; every `password` pair of the query (its key read percent-decoded, as libpq reads it,
/// in any case, and anything typed on after it); then whatever else
/// [`crate::output::mask_secrets`], the one rule every message passes through, finds
/// password-shaped (a typo's `postgres//u:secret@`, a "port" that is not a number). Works on
/// text that does not parse too, so an error about a URL never shows its password.
pub fn redact(raw: &str) -> String {
    let scheme = loose_scheme_len(raw).unwrap_or(0);
    let (head, rest) = raw.split_at(scheme);
    // The user part as libpq reads it, or wider where a password holds a `/` or `?`.
    let standard = split_at_any(rest, &['/', '?']).0.contains('@');
    let (user_part, rest) = match wide_userinfo_end(rest).filter(|_| !standard) {
        Some(end) => {
            let user = rest[..end].split(':').next().unwrap_or("");
            (format!("{user}@"), &rest[end + 1..])
        }
        None => (String::new(), rest),
    };
    // A fragment is no part of a server's URL: never shown (it may hold anything).
    let rest = rest.split('#').next().unwrap_or("");
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = split_at_any(before_query, &['/']);
    // `user/secret@host/db`: what lies between the first `/` and an `@` after it.
    let (authority, path): (String, &str) = match path.find('@') {
        Some(at) if !authority.contains(['@', '＠']) => {
            let (hosts, path) = split_at_any(&path[at..], &['/']);
            (format!("{authority}{hosts}"), path)
        }
        _ => (authority.to_string(), path),
    };
    // The user name up to the first mark a password's `:` may be mistyped as, the last `@`
    // (or a full-width `＠`) ending it.
    let authority = match authority.rsplit_once(['@', '＠']) {
        Some((info, hosts)) => {
            let user = info.split(NOT_IN_USER).next().unwrap_or("");
            format!("{user}@{hosts}")
        }
        None => authority.split(['：']).next().unwrap_or("").to_string(),
    };
    let mut out = format!("{head}{user_part}{authority}{path}");
    if let Some(q) = query {
        // Only the keys tracker reads, and of them not `password`: a key a password was typed
        // into (`Password:secret`, `mima=…`) is unknown, and its value never shown; `user=`
        // up to a mark a password's `:` may be mistyped as.
        let known: Vec<&str> = KEYS.split(", ").collect();
        let kept: Vec<String> = q
            .split('&')
            .filter_map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                let key = decode_raw(k).unwrap_or_default();
                if crate::output::is_secret_key(&key) || !known.contains(&key.as_str()) {
                    return None;
                }
                Some(match key.as_str() {
                    "user" => format!("{k}={}", v.split(NOT_IN_USER).next().unwrap_or("")),
                    _ => p.to_string(),
                })
            })
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    crate::render::safe(&crate::output::mask_secrets(&out), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(url: &str) -> Target {
        parse(url).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    #[test]
    fn the_parts_of_a_url_are_read_as_libpq_reads_them() {
        // (url, hosts, user, dbname)
        type Case<'a> = (&'a str, &'a [(Host, u16)], &'a str, &'a str);
        let cases: &[Case] = &[
            (
                "postgres://clerk@db.example.org/ledger",
                &[(Host::Tcp("db.example.org".into()), 5432)],
                "clerk",
                "ledger",
            ),
            (
                "postgresql://clerk:pw@db:6543/ledger",
                &[(Host::Tcp("db".into()), 6543)],
                "clerk",
                "ledger",
            ),
            (
                "POSTGRES://clerk@%2Fvar%2Frun%2Fpostgresql/督办",
                &[(Host::Socket(PathBuf::from("/var/run/postgresql")), 5432)],
                "clerk",
                "督办",
            ),
            (
                "postgres://clerk@/ledger?host=/tmp/pg&port=5433",
                &[(Host::Socket(PathBuf::from("/tmp/pg")), 5433)],
                "clerk",
                "ledger",
            ),
            (
                "postgres://%E5%BC%A0@[::1]:5433/d",
                &[(Host::Tcp("::1".into()), 5433)],
                "张",
                "d",
            ),
            (
                "postgres://u@a:1,b:2/d",
                &[(Host::Tcp("a".into()), 1), (Host::Tcp("b".into()), 2)],
                "u",
                "d",
            ),
            (
                "postgres://u@h?dbname=other&user=v",
                &[(Host::Tcp("h".into()), 5432)],
                "v",
                "other",
            ),
            // No database: the role's name, as libpq.
            ("postgres://u@h", &[(Host::Tcp("h".into()), 5432)], "u", "u"),
        ];
        for (url, hosts, user, db) in cases {
            let target = t(url);
            assert_eq!(&target.hosts, hosts, "{url}");
            assert_eq!(&target.user, user, "{url}");
            assert_eq!(&target.dbname, db, "{url}");
        }
    }

    #[test]
    fn query_keys_set_tls_and_options() {
        let target = t(
            "postgres://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem&options=-c%20search_path%3Dx&application_name=a&connect_timeout=5",
        );
        assert_eq!(target.sslmode, SslMode::VerifyFull);
        assert_eq!(target.sslrootcert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(target.options.as_deref(), Some("-c search_path=x"));
        assert_eq!(target.application_name.as_deref(), Some("a"));
        assert_eq!(target.connect_timeout, std::time::Duration::from_secs(5));
        assert_eq!(t("postgres://u@h/d").sslmode, SslMode::Prefer);
    }

    #[test]
    fn bad_urls_are_refused_in_one_line_without_the_password() {
        let cases = [
            ("postgres://u:s3cret@h:99999/d", "65535"),
            ("postgres://u:s3cret@h:port/d", "65535"),
            ("postgres://u:s3cret@h/d?sslmode=verify", "verify-full"),
            ("postgres://u:s3cret@h/d?colour=red", "accepted"),
            ("postgres://u:s3cret@h/d?password=s3cret&x", "key=value"),
            ("postgres://u:s3cret@h/%ZZ", "%XX"),
            ("postgres://u:s3cret@[::1/d", "]"),
            ("postgres://u:s3cret@a,b,c/d?port=1,2", "ports"),
            ("postgres://u:s3 cret@h/d", "percent-encode"),
            (
                "postgres://u@h/d?password=s3cret&connect_timeout=soon",
                "seconds",
            ),
            // A password with an unencoded `/` or `?`, which libpq reads as the host's end.
            ("postgres://u:pa/s3cret@h:5432/d", "%2F"),
            ("postgres://u:s3cret/x@h/d", "%2F"),
            ("postgres://u:pa?s3cret@h:5432/d", "%3F"),
            ("postgres://u:s3cret?a=b@h/d?sslmode=require", "%3F"),
            ("postgresql://u:a/b?s3cret@h/d", "%2F"),
            // One slash or none: a mistyped scheme is a URL refused, not a file's name.
            ("postgres:/u:s3cret@h:5432/d", "two slashes"),
            ("Postgres:u:s3cret@h/d", "two slashes"),
            ("postgres//u:s3cret@h/d", "two slashes"),
            ("PostgreSQL///u:s3cret@h/d", "two slashes"),
        ];
        for (url, needle) in cases {
            let e = parse(url)
                .map(|t| format!("{t:?}"))
                .expect_err(url)
                .to_string();
            assert!(e.contains(needle), "{url}: {e}");
            assert!(!e.contains("s3cret") && !e.contains('\n'), "{url}: {e}");
        }
    }

    #[test]
    fn redacted_keeps_everything_but_the_password() {
        let cases = [
            ("postgres://u:pw@h/d", "postgres://u@h/d"),
            (
                "postgres://u:p%40w@h:5/d?sslmode=require",
                "postgres://u@h:5/d?sslmode=require",
            ),
            (
                "postgres://u@h/d?password=pw&sslmode=disable",
                "postgres://u@h/d?sslmode=disable",
            ),
            ("postgres://u@h/d?pass%77ord=pw", "postgres://u@h/d"),
            ("postgresql://h/d", "postgresql://h/d"),
            ("postgres://u:a:b@h/d", "postgres://u@h/d"),
            ("postgres://u:p/w@h:5/d", "postgres://u@h:5/d"),
            (
                "postgres://u:p?w@h/d?sslmode=require",
                "postgres://u@h/d?sslmode=require",
            ),
            ("postgres:/u:pw@h/d", "postgres:/u@h/d"),
            // `scheme:user@` reads as `user:password@` too: taken out, on the safe side.
            ("postgresql:u:p/w@h/d", "postgresql@h/d"),
            (
                "postgres://h/d?application_name=a@b",
                "postgres://h/d?application_name=a@b",
            ),
            (
                "postgres://u@h/d?application_name=a:b@c",
                "postgres://u@h/d?application_name=a:b@c",
            ),
            // A `@` in a query value: the user part is libpq's, the name parses back.
            (
                "postgres://u:pw@h/d?application_name=me@pc",
                "postgres://u@h/d?application_name=me@pc",
            ),
            // Typos the one rule (`output::mask_secrets`) catches.
            ("postgres//u:pw@h/d", "postgres//u@h/d"),
            ("postgres://u:pw/d", "postgres://u/d"),
            ("postgres://u@h/d?Password:pw", "postgres://u@h/d"),
        ];
        for (url, shown) in cases {
            assert_eq!(redact(url), shown, "{url}");
            if scheme_len(url).is_none()
                || url.contains("p/w")
                || url.contains("p?w")
                || parse(url).is_err()
            {
                continue;
            }
            assert_eq!(t(url).redacted(), shown, "{url}");
            // A ledger's name parses back to the same servers, user and database.
            let back = t(shown);
            assert_eq!(
                (&back.hosts, &back.user, &back.dbname),
                (&t(url).hosts, &t(url).user, &t(url).dbname),
                "{url}"
            );
            assert!(!format!("{:?}", t(url)).contains("pw"), "{url}");
        }
    }

    #[test]
    fn only_postgres_schemes_are_urls() {
        for (s, yes) in [
            ("postgres://h/d", true),
            ("PostgreSQL://h/d", true),
            ("postgres:/h/d", true),
            ("Postgres:h/d", true),
            ("postgres.db", false),
            ("postgresfile", false),
            ("/home/x/tracker.db", false),
            ("mysql://h/d", false),
            ("postgres", false),
            ("postgres//h/d", true),
            ("postgres/ledger.db", false),
            // A URL typed without its scheme (18l #2); a path stays a path.
            ("duban:secret@db.example.org/dubanl", true),
            ("duban:S3cr@t/pw?x@host/db", true),
            ("duban@host:5432/db", true),
            ("duban@%2Ftmp%2Fsock:5492", true),
            ("duban@dbhost", false),
            ("me@laptop/tracker.db", false),
            ("./duban:secret@host/db", false),
            ("C:/ledgers/a@b.db", false),
            ("notes:v2.db", false),
            ("a@b:c/x.db", false),
        ] {
            assert_eq!(Target::is_url(s), yes, "{s}");
        }
    }
}
