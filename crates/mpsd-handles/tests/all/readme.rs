//! The README documents every error code.

#[test]
fn every_code_is_documented() {
    let readme = include_str!("../../../../README.md");
    for code in mpsd_handles::Code::ALL {
        assert!(
            readme.contains(&format!("| `{code}` |")),
            "README's error code table lacks {code}"
        );
    }
}
