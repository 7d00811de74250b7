//! Regression tests of the issue "Hardening", through the real binary.

use super::{bin, data, json_lines, repo};

fn minimal_activity() -> String {
    std::fs::read_to_string(data("valid/activity-minimal.json"))
        .unwrap()
        .trim()
        .to_owned()
}

/// `(line, code of the first violation or "valid")` of every `--format json` result.
fn verdicts(stdout: &[u8]) -> Vec<(u64, String)> {
    json_lines(stdout)
        .iter()
        .map(|l| {
            let verdict = l["errors"][0]["code"]
                .as_str()
                .unwrap_or("valid")
                .to_owned();
            (l["line"].as_u64().unwrap_or(0), verdict)
        })
        .collect()
}

#[test]
fn lines_an_over_limit_line_is_too_large_whatever_follows_the_limit() {
    let body = minimal_activity();
    let max = body.len().to_string();
    let input = format!("{body}\r{{\"version\":2}}\n{body}\r\n{body}\n{body} \n{body}\r");
    let out = bin()
        .args([
            "validate",
            "--lines",
            "--format",
            "json",
            "--max-bytes",
            &max,
        ])
        .write_stdin(input)
        .assert()
        .code(1);
    assert_eq!(
        verdicts(&out.get_output().stdout),
        [
            (1, "body_too_large".into()),
            (2, "valid".into()),
            (3, "valid".into()),
            (4, "body_too_large".into()),
            (5, "body_too_large".into()),
        ]
    );
    // The same at the default limit: a body of exactly 65 536 bytes, then "\r" and more.
    let padded = format!("{body}{}", " ".repeat(65_536 - body.len()));
    let out = bin()
        .args(["validate", "--lines", "--format", "json"])
        .write_stdin(format!("{padded}\r\n{padded}\r{{}}\n"))
        .assert()
        .code(1);
    assert_eq!(
        verdicts(&out.get_output().stdout),
        [(1, "valid".into()), (2, "body_too_large".into())]
    );
}

#[test]
fn lines_every_non_blank_line_gets_one_result() {
    let input = "           {\"version\":2}\n\u{c}\n \t\r\n                        \n   \t\n{}";
    let out = bin()
        .args([
            "validate",
            "--lines",
            "--format",
            "json",
            "--max-bytes",
            "10",
        ])
        .write_stdin(input)
        .assert()
        .code(1);
    assert_eq!(
        verdicts(&out.get_output().stdout),
        [
            (1, "body_too_large".into()),
            (2, "syntax_error".into()),
            (6, "missing_member".into()),
        ]
    );
}

#[test]
fn stdin_given_twice_is_a_usage_error() {
    for args in [
        &["validate", "-", "-"][..],
        &["validate", "--lines", "-", "x", "-"],
    ] {
        let out = bin().args(args).write_stdin("{}").assert().code(2);
        assert!(out.get_output().stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.get_output().stderr);
        assert!(stderr.contains("standard input (-)"), "{stderr}");
    }
}

#[test]
fn lines_an_endless_line_is_reported_as_soon_as_the_limit_is_crossed() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
        .args([
            "validate",
            "--lines",
            "--format",
            "json",
            "--max-bytes",
            "1000",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    // 64 KiB of a line that never ends, and the pipe stays open.
    stdin.write_all(&vec![b'x'; 1 << 16]).unwrap();
    stdin.flush().unwrap();
    let first = rx.recv_timeout(std::time::Duration::from_secs(20));
    let _ = child.kill();
    let _ = child.wait();
    let first = first.expect("no result while the line goes on");
    assert!(
        first.contains("\"line\":1") && first.contains("body_too_large"),
        "{first}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_is_exit_2_never_a_panic() {
    use std::process::{Command as Std, Stdio};
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    // stderr full: the message for the missing file cannot be written.
    let status = Std::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
        .args(["validate", "missing.json"])
        .stdout(Stdio::null())
        .stderr(full())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    // stdout full: said on stderr, exit 2.
    for format in ["human", "json"] {
        let out = Std::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
            .args(["validate", "--format", format])
            .arg(data("valid/invite.json"))
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write results"));
    }
}

#[test]
fn a_closed_stdout_ends_the_program_quietly() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command as Std, Stdio};
    let body = minimal_activity();
    let file = data("valid/invite.json");
    for format in ["human", "json"] {
        for lines in [false, true] {
            let mut cmd = Std::new(assert_cmd::cargo::cargo_bin("mpsd-handles"));
            cmd.args(["validate", "--format", format]);
            if lines {
                cmd.args(["--lines", "-"]);
            } else {
                cmd.args(std::iter::repeat_n(&file, 3000));
            }
            let mut child = cmd
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let input = if lines {
                format!("{body}\n").repeat(50_000)
            } else {
                String::new()
            };
            let writer = std::thread::spawn(move || {
                let _ = stdin.write_all(input.as_bytes());
            });
            let mut stdout = BufReader::new(child.stdout.take().unwrap());
            let mut first = String::new();
            stdout.read_line(&mut first).unwrap();
            drop(stdout); // like `| head -1`
            let out = child.wait_with_output().unwrap();
            writer.join().unwrap();
            // The first result, valid ("invalid" contains "valid" too).
            assert!(
                first.contains(": valid ") || first.contains("\"valid\":true"),
                "{first}"
            );
            assert_eq!(out.status.code(), Some(2), "{format} {lines}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{format} {lines}");
        }
    }
}

#[test]
fn human_output_escapes_what_it_echoes() {
    let dir = std::env::temp_dir().join(format!("mpsd-handles-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("x.json\nfake.json: valid activity handle");
    std::fs::write(&file, r#"{"a\nfake.json: valid activity handle": 1}"#).unwrap();
    let out = bin().arg("validate").arg(&file).assert().code(1);
    std::fs::remove_dir_all(&dir).unwrap();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for line in text.lines() {
        assert!(!line.starts_with("fake.json"), "{text}");
    }
    // The pointer in the title, the file name in the arrow line and the
    // body's own line under it: each escaped.
    assert!(
        text.contains(r"error[unknown_member]: /a\nfake.json: valid activity handle"),
        "{text}"
    );
    assert!(
        text.contains(r#"x.json\nfake.json: valid activity handle":1:2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"1 | {"a\nfake.json: valid activity handle": 1}"#),
        "{text}"
    );
    // Four violations of six lines each, and the summary.
    assert_eq!(text.lines().count(), 4 * 6 + 1, "{text}");
}

#[test]
fn a_huge_value_is_not_copied_into_the_output() {
    let body = format!(r#"{{"version":1,"type":"{}"}}"#, "t".repeat(60_000));
    for format in ["human", "json"] {
        let out = bin()
            .args(["validate", "--format", format])
            .write_stdin(body.clone())
            .assert()
            .code(1);
        assert!(out.get_output().stdout.len() < 2_000, "{format}");
    }
}

#[test]
fn help_says_the_depth_ceiling() {
    let out = bin().args(["validate", "--help"]).assert().code(0);
    let help = String::from_utf8_lossy(&out.get_output().stdout);
    let ceiling = mpsd_handles::Validator::DEPTH_CEILING;
    assert!(
        help.contains(&format!(
            "at most {ceiling}: larger values act as {ceiling}"
        )),
        "{help}"
    );
}

#[test]
fn the_quick_start_shows_what_the_first_command_prints() {
    let out = bin()
        .args(["validate", "tests/data/valid/invite.json"])
        .current_dir(repo())
        .assert()
        .code(0);
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let readme = include_str!("../../../../README.md");
    let quick_start = readme.split("## Library").next().unwrap();
    assert!(
        quick_start.contains(&printed),
        "README quick start lacks:\n{printed}"
    );
}

#[test]
fn json_results_are_one_line_whatever_a_member_name_holds() {
    let body = "{\"a\u{2028}b\u{2029}c\":1}\n{\"version\":2}\n";
    let out = bin()
        .args(["validate", "--lines", "--format", "json"])
        .write_stdin(body)
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = text
        .split(['\n', '\u{2028}', '\u{2029}'])
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(text.contains(r"/a\u2028b\u2029c"), "{text}");
    json_lines(&out.get_output().stdout);
}

#[test]
fn file_names_never_print_like_another_file_or_line() {
    let dir = std::env::temp_dir().join(format!("mpsd-handles-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = format!("{}\n", minimal_activity());
    let plain = dir.join("f.jsonl");
    let colon = dir.join("f.jsonl:3");
    std::fs::write(&plain, body.repeat(3)).unwrap();
    std::fs::write(&colon, body.repeat(3)).unwrap();
    let run = |file: &std::path::Path| {
        let out = bin()
            .current_dir(&dir)
            .args(["validate", "--lines"])
            .arg(file.file_name().unwrap())
            .assert()
            .code(0);
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let (a, b) = (run(&plain), run(&colon));
    let third = a.lines().nth(2).unwrap();
    assert_eq!(third, "f.jsonl:3: valid activity handle");
    assert!(!b.contains(third), "{b}");
    assert!(b.starts_with("\"f.jsonl:3\":1: valid"), "{b}");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let names = [&b"x\xff.json"[..], &b"x\xfe.json"[..]];
        let mut shown = Vec::new();
        for name in names {
            let path = dir.join(std::ffi::OsStr::from_bytes(name));
            std::fs::write(&path, minimal_activity()).unwrap();
            for format in ["human", "json"] {
                let out = bin()
                    .args(["validate", "--format", format])
                    .arg(&path)
                    .assert()
                    .code(0);
                shown.push(String::from_utf8(out.get_output().stdout.clone()).unwrap());
            }
        }
        assert_ne!(shown[0], shown[2]);
        assert_ne!(shown[1], shown[3]);
        assert!(shown[0].contains(r"x\xff.json: valid"), "{}", shown[0]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_unreadable_file_gets_a_json_result_line() {
    let out = bin()
        .args(["validate", "--format", "json", "missing.json"])
        .arg(data("valid/invite.json"))
        .assert()
        .code(2);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "missing.json");
    assert_eq!(lines[0]["valid"], false);
    assert!(lines[0]["error"].as_str().unwrap().contains("No such file"));
    assert_eq!(lines[1]["valid"], true);
}

/// Issue 28: the README's flag table of `serve` says each flag's default
/// as clap has it, and lists every flag.
#[test]
fn the_readme_flag_table_says_claps_defaults() {
    let out = bin().args(["serve", "--help"]).assert().code(0);
    let help = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    // clap's help: each option's block starts with "      --name" and may
    // end with "[default: X]".
    let mut clap: Vec<(String, Option<String>)> = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed
            .strip_prefix("--")
            .filter(|_| line.starts_with("      --"))
        {
            let name = rest.split([' ', '<']).next().unwrap().to_owned();
            clap.push((name, None));
        } else if let Some(default) = trimmed.strip_prefix("[default: ") {
            clap.last_mut().unwrap().1 = Some(default.trim_end_matches(']').to_owned());
        }
    }
    clap.retain(|(name, _)| name != "help");
    let readme = include_str!("../../../../README.md");
    let mut table: Vec<(String, Option<String>)> = Vec::new();
    for row in readme.lines().filter(|l| l.starts_with("| `--")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let default = cells[1].replace(['`', ' '], "");
        let default = (default != "—").then_some(default);
        for flag in cells[0].trim_start_matches("| ").split(", ") {
            let name = flag.trim_matches('`').trim_start_matches("--");
            let name = name.split(' ').next().unwrap().to_owned();
            table.push((name, default.clone()));
        }
    }
    table.sort();
    clap.sort();
    assert!(clap.len() > 10, "{help}");
    assert_eq!(table, clap, "README flag table (left) against clap (right)");
}
