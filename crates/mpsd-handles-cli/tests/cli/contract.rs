//! Exit codes and the JSON-lines contract.

use serde_json::Value;

use super::{assert_contract, bin, data, data_files, json_lines, repo};

#[test]
fn schema_prints_the_committed_schemas() {
    for (flag, path) in [
        ("2020-12", "schemas/handle-request.schema.json"),
        ("07", "schemas/draft-07/handle-request.schema.json"),
    ] {
        let out = bin().args(["schema", "--draft", flag]).assert().code(0);
        let committed = std::fs::read(repo().join(path)).unwrap();
        assert_eq!(out.get_output().stdout, committed, "{flag}");
    }
    for (flag, path) in [
        ("--openapi", "schemas/openapi.json"),
        ("--problem", "schemas/problem.schema.json"),
    ] {
        let out = bin().args(["schema", flag]).assert().code(0);
        let committed = std::fs::read(repo().join(path)).unwrap();
        assert_eq!(out.get_output().stdout, committed, "{flag}");
    }
}

#[test]
fn valid_files_exit_0() {
    for path in data_files("valid") {
        let out = bin()
            .arg("validate")
            .arg("--format=json")
            .arg(&path)
            .assert()
            .code(0);
        let lines = json_lines(&out.get_output().stdout);
        assert_eq!(lines.len(), 1);
        assert_contract(&lines[0]);
        assert_eq!(lines[0]["file"], path.display().to_string());
        assert_eq!(lines[0]["valid"], true);
        // Each shipped body is named after its type: activity*, invite*, transfer, search.
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let kind = lines[0]["kind"].as_str().unwrap();
        assert!(stem.starts_with(kind), "{stem}: {kind}");
    }
}

#[test]
fn one_line_per_input_and_exit_1_when_any_is_invalid() {
    let files = [
        data("valid/activity.json"),
        data("invalid/many-violations.json"),
        data("seed/invite-verbatim.json"),
    ];
    let out = bin()
        .arg("validate")
        .args(["--format", "json"])
        .args(&files)
        .assert()
        .code(1);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines.len(), 3);
    lines.iter().for_each(assert_contract);
    assert_eq!(lines[0]["kind"], "activity");
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["kind"], Value::Null);
    assert_eq!(lines[2]["errors"][0]["code"], "syntax_error");
}

#[test]
fn human_format() {
    let out = bin()
        .args(["validate"])
        .arg(data("invalid/activity-with-invite-fields.json"))
        .assert()
        .code(1);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let file = data("invalid/activity-with-invite-fields.json")
        .display()
        .to_string();
    // Drawn rustc-style: pointer and code, where, the line, a caret and
    // the message under it.
    let expected = format!(
        "error[member_not_allowed]: /invitedXuid\n --> {file}:5:18\n  |\n5 |   \"invitedXuid\": \"3210\",\n  |                  ^^^^^^ Member \"invitedXuid\" is only allowed when type is \"invite\", not \"activity\".\n"
    );
    assert!(text.contains(&expected), "{text}");
    assert!(
        text.ends_with("1 body: 0 valid, 1 invalid (2 violations)\n"),
        "{text}"
    );
}

#[test]
fn stdin_is_the_default_input() {
    let body = std::fs::read(data("valid/invite.json")).unwrap();
    let out = bin()
        .args(["validate", "--format", "json"])
        .write_stdin(body)
        .assert()
        .code(0);
    let lines = json_lines(&out.get_output().stdout);
    assert_eq!(lines[0]["file"], "-");
    assert_eq!(lines[0]["kind"], "invite");
}

#[test]
fn missing_file_and_bad_usage_exit_2() {
    bin()
        .args(["validate", "/no/such/file.json"])
        .assert()
        .code(2);
    bin().args(["validate", "--format", "xml"]).assert().code(2);
    bin().arg("frobnicate").assert().code(2);
    bin().assert().code(2);
    // A missing file wins over an invalid one.
    bin()
        .arg("validate")
        .arg(data("invalid/many-violations.json"))
        .arg("/no/such")
        .assert()
        .code(2);
}

#[test]
fn hostile_inputs() {
    let cases: [(&str, Vec<u8>, &str); 6] = [
        ("empty", Vec::new(), "syntax_error"),
        (
            "binary",
            (0..=255u8).cycle().take(4096).collect(),
            "syntax_error",
        ),
        ("huge", vec![b' '; 10 * 1024 * 1024 + 1], "body_too_large"),
        ("deep arrays", b"[".repeat(100_000), "body_too_large"),
        (
            "deep arrays, no size limit",
            b"[".repeat(100_000),
            "too_deep",
        ),
        (
            "deep objects, no size limit",
            b"{\"a\":".repeat(100_000),
            "too_deep",
        ),
    ];
    for (name, input, code) in cases {
        let max_bytes = if name.ends_with("no size limit") {
            "100000000"
        } else {
            "65536"
        };
        let out = bin()
            .args(["validate", "--format", "json", "--max-bytes", max_bytes])
            .write_stdin(input)
            .assert()
            .code(1);
        let lines = json_lines(&out.get_output().stdout);
        assert_eq!(lines.len(), 1, "{name}");
        assert_contract(&lines[0]);
        assert_eq!(lines[0]["errors"][0]["code"], code, "{name}");
    }
}

#[test]
fn lines_mode() {
    let valid = std::fs::read_to_string(data("valid/activity-minimal.json")).unwrap();
    let input = format!("{}\n\n{{}}\n{}", valid.trim(), valid.trim());
    let out = bin()
        .args(["validate", "--lines", "--format", "json"])
        .write_stdin(input)
        .assert()
        .code(1);
    let lines = json_lines(&out.get_output().stdout);
    let summary: Vec<(u64, bool)> = lines
        .iter()
        .map(|l| (l["line"].as_u64().unwrap(), l["valid"].as_bool().unwrap()))
        .collect();
    assert_eq!(summary, [(1, true), (3, false), (4, true)]);
}
