//! The per-shell side of completion: the script `tracker completions SHELL` prints, how the
//! words each shell hands over are read, and how candidates are written back.
//!
//! The protocol between script and program, on standard output: line 1 is `values`, `files`
//! or `dirs`; line 2 a prefix the script puts before each path it completes (bash: nothing
//! when its word splitting cut at the `=`, as readline then replaces the value alone, else the
//! `--out=`; zsh: the `--out=` it strips with `compset`; fish: the
//! `--out=` it keeps); line 3 the path typed so far; then one candidate per line, written
//! for the shell (bash: quoted for the line, or for the quote left open; zsh: `value:description`; fish and PowerShell:
//! `value<TAB>description`).

use std::io::Write;

use anyhow::Result;

use super::Reading;
use super::values::Found;
use crate::cli::Shell;

/// `tracker completions SHELL`: the script for `shell`, which asks `tracker __complete` on
/// every Tab. Errors: only a failed write.
pub fn script(shell: Shell, out: &mut dyn Write) -> Result<()> {
    out.write_all(
        match shell {
            Shell::Bash => BASH,
            Shell::Zsh => ZSH,
            Shell::Fish => FISH,
            Shell::Powershell => POWERSHELL,
        }
        .as_bytes(),
    )?;
    Ok(())
}

/// Where bash's readline will put a candidate: what it replaces is not always the word the
/// program reads. Bash splits `--out=x` into `--out`, `=`, `x` (`=` is in
/// `COMP_WORDBREAKS`), and readline then replaces only `x`; inside an open quote (`"组织`)
/// it replaces only what follows the quote, and inserts the candidate as given.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BashCursor {
    /// The word was split at its `=`: readline replaces the value alone, so the `--out=` the
    /// reading joined back is not written before candidates.
    pub split: bool,
    /// The quote left open in the word under the cursor.
    pub quote: Option<char>,
    /// What the word holds before that quote (unquoted): readline keeps it, so it is taken
    /// off each candidate.
    pub before_quote: String,
}

/// The words as the program should read them, the index of the one being completed, and for
/// bash where its readline puts a candidate. Bash's `--out`, `=`, `x` is joined again here.
pub fn words(
    shell: Shell,
    raw: &[String],
    index: Option<usize>,
) -> (Vec<String>, usize, BashCursor) {
    let index = index.unwrap_or(raw.len().saturating_sub(1));
    if shell != Shell::Bash {
        return (raw.to_vec(), index, BashCursor::default());
    }
    let mut cursor = BashCursor::default();
    if let Some(current) = raw.get(index)
        && let Some(at) = open_quote(current)
    {
        cursor.quote = current[at..].chars().next();
        cursor.before_quote = super::unquote(&current[..at]);
    }
    let mut out: Vec<String> = Vec::new();
    let mut at = None;
    let mut i = 0;
    while i < raw.len() {
        let joins = raw[i] == "="
            && out
                .last()
                .is_some_and(|p| p.starts_with("--") && !p.contains('='));
        if joins {
            let last = out.len() - 1;
            out[last].push('=');
            if i == index {
                at = Some(last);
                cursor.split = true;
            } else if i < index && i + 1 < raw.len() {
                out[last].push_str(&raw[i + 1]);
                if i + 1 == index {
                    at = Some(last);
                    cursor.split = true;
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if i == index {
            at = Some(out.len());
        }
        out.push(raw[i].clone());
        i += 1;
    }
    let at = at.unwrap_or(out.len());
    (out, at, cursor)
}

/// The byte offset of the quote `word` leaves open (`"组织`: 0; `ab'c`: 2), if any; a quote
/// escaped by a backslash outside quotes opens nothing.
fn open_quote(word: &str) -> Option<usize> {
    let mut open: Option<(usize, char)> = None;
    let mut chars = word.char_indices();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '\\') => {
                chars.next();
            }
            (Some((_, '"')), '\\') => {
                chars.next();
            }
            (None, '\'' | '"') => open = Some((i, c)),
            (Some((_, q)), c) if c == q => open = None,
            _ => {}
        }
    }
    open.map(|(i, _)| i)
}

/// Writes `found` for `shell` in the protocol above. Values that could not be typed back
/// (holding control or invisible characters) are left out; descriptions are escaped for the
/// terminal and kept on one line.
pub fn print(
    shell: Shell,
    reading: &Reading,
    cursor: &BashCursor,
    found: &Found,
    out: &mut dyn Write,
) -> Result<()> {
    let kind = if found.dirs {
        "dirs"
    } else if found.files {
        "files"
    } else {
        "values"
    };
    let prefix = match shell {
        Shell::Bash if cursor.split => "",
        _ => reading.inline.as_str(),
    };
    let word = one_line(&reading.word);
    writeln!(out, "{kind}\n{}\n{word}", one_line(prefix))?;
    for (value, about) in &found.items {
        if value.chars().any(crate::model::needs_escape) || value.is_empty() {
            continue;
        }
        let about = one_line(about);
        match shell {
            Shell::Bash => {
                // Readline keeps what precedes an open quote: a candidate not continuing it
                // cannot be written there.
                let Some(rest) = value.strip_prefix(cursor.before_quote.as_str()) else {
                    continue;
                };
                let typed = match cursor.quote {
                    None => bash_quoted(rest),
                    Some(q) => bash_in_quotes(rest, q),
                };
                writeln!(out, "{prefix}{typed}")?
            }
            Shell::Zsh => {
                let value = value.replace('\\', "\\\\").replace(':', "\\:");
                if about.is_empty() {
                    writeln!(out, "{value}")?
                } else {
                    writeln!(out, "{value}:{about}")?
                }
            }
            Shell::Fish | Shell::Powershell => writeln!(out, "{}{value}\t{about}", reading.inline)?,
        }
    }
    Ok(())
}

/// Text for one line of the protocol: escaped for the terminal, tabs and breaks as spaces.
fn one_line(s: &str) -> String {
    crate::model::escape_for_terminal(s, false).replace('\t', " ")
}

/// `value` as bash must see it on the command line: each character the shell would read
/// specially preceded by a backslash (Chinese needs none).
fn bash_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, c) in value.chars().enumerate() {
        let special = matches!(
            c,
            ' ' | '\''
                | '"'
                | '\\'
                | '$'
                | '`'
                | '!'
                | '&'
                | ';'
                | '|'
                | '<'
                | '>'
                | '('
                | ')'
                | '*'
                | '?'
                | '['
                | ']'
                | '#'
                | '{'
                | '}'
        ) || (c == '~' && i == 0);
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `value` as it is typed inside an open `quote`: in single quotes a `'` closes, is typed
/// escaped and reopens (`'\''`); in double quotes `"`, `\`, `$` and `` ` `` take a backslash.
fn bash_in_quotes(value: &str, quote: char) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match (quote, c) {
            ('\'', '\'') => out.push_str("'\\''"),
            ('"', '"' | '\\' | '$' | '`') => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

const BASH: &str = r#"# tracker completion for bash. The candidates come from 'tracker __complete', which reads
# the command line and the ledger (task ids, statuses, units, weeks) each time Tab is pressed.
_tracker() {
    local bin=${COMP_WORDS[0]}
    [[ $bin == */* && -x $bin ]] || bin=tracker
    local -a out
    mapfile -t out < <("$bin" __complete bash --index "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null)
    COMPREPLY=()
    (( ${#out[@]} >= 3 )) || return 0
    local kind=${out[0]} prefix=${out[1]} word=${out[2]} f flag=-f
    case $kind in
        files|dirs)
            [[ $kind == dirs ]] && flag=-d
            compopt -o filenames 2>/dev/null
            while IFS= read -r f; do
                COMPREPLY+=("$prefix$f")
            done < <(compgen $flag -- "$word")
            ;;
        *)
            COMPREPLY=("${out[@]:3}")
            ;;
    esac
    return 0
}
complete -F _tracker tracker
"#;

const ZSH: &str = r#"#compdef tracker
# tracker completion for zsh. The candidates come from 'tracker __complete', which reads the
# command line and the ledger (task ids with titles, statuses, units, weeks) on each Tab.
_tracker() {
    local bin=${words[1]}
    [[ $bin == */* && -x $bin ]] || bin=tracker
    local -a out cands starts others
    local c
    out=("${(@f)$("$bin" __complete zsh --index $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null)}")
    (( ${#out} >= 1 )) || return 1
    [[ -n ${out[2]} ]] && compset -P '*='
    case ${out[1]} in
        files) _files ;;
        dirs) _files -/ ;;
        values)
            cands=("${(@)out[4,-1]}")
            # tracker matched some candidates another way than by their start (a task by
            # its title: 基地 finds 2.6): _describe would drop those, so they go with -U,
            # and the id takes the place of the word typed. Several such: a menu of them,
            # rather than their common start (2.), which would lose what was typed.
            for c in "${cands[@]}"; do
                if [[ $c == ${(b)PREFIX}* ]]; then starts+=("$c"); else others+=("$c"); fi
            done
            (( ${#starts} )) && _describe -t values 'tracker' starts
            if (( ${#others} )); then
                _describe -t values 'tracker' others -U
                (( ${#others} + ${#starts} > 1 )) && compstate[insert]=menu
            fi
            ;;
    esac
}
if [[ $funcstack[1] == _tracker ]]; then
    _tracker "$@"
else
    compdef _tracker tracker
fi
"#;

const FISH: &str = r#"# tracker completion for fish. The candidates come from 'tracker __complete', which reads
# the command line and the ledger (task ids with titles, statuses, units, weeks) on each Tab.
function __tracker_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l bin $tokens[1]
    string match -q -- '*/*' $bin; or set bin tracker
    set -l out ($bin __complete fish --index (count $tokens) -- $tokens $current 2>/dev/null)
    test (count $out) -ge 3; or return
    switch $out[1]
        case files
            for p in (__fish_complete_path $out[3])
                echo $out[2]$p
            end
        case dirs
            for p in (__fish_complete_directories $out[3])
                echo $out[2]$p
            end
        case '*'
            if test (count $out) -ge 4
                printf '%s\n' $out[4..-1]
            end
    end
end
complete -c tracker -f -a '(__tracker_complete)'
"#;

const POWERSHELL: &str = r#"# tracker completion for PowerShell. The candidates come from 'tracker __complete', which
# reads the command line and the ledger (task ids with titles, statuses, units, weeks).
# Where a file is wanted it returns nothing, and PowerShell completes paths itself.
Register-ArgumentCompleter -Native -CommandName tracker -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @($commandAst.CommandElements |
        Where-Object { $_.Extent.StartOffset -lt $cursorPosition } |
        ForEach-Object { $_.Extent.Text })
    $index = $words.Count
    if ($wordToComplete -ne '') { $index = $words.Count - 1 }
    $out = @(& tracker __complete powershell --index $index -- @words 2>$null)
    if ($out.Count -lt 4 -or $out[0] -ne 'values') { return }
    $out | Select-Object -Skip 3 | ForEach-Object {
        $value, $about = $_ -split "`t", 2
        if (-not $about) { $about = $value }
        $text = $value
        if ($value -match '[\s''"`$;,(){}|&<>@#]') { $text = "'" + ($value -replace "'", "''") + "'" }
        [System.Management.Automation.CompletionResult]::new($text, $value, 'ParameterValue', $about)
    }
}
"#;
