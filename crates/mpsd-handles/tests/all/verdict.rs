//! `is_valid` and `valid_kind`: the verdict of `from_slice`, without the
//! report.

use proptest::prelude::*;

use crate::common::{data_files, invite};
use crate::mutations::mutated;
use crate::strategies::valid;

fn agrees(bytes: &[u8]) -> Result<(), TestCaseError> {
    let full = mpsd_handles::from_slice(bytes);
    prop_assert_eq!(
        mpsd_handles::is_valid(bytes),
        full.is_ok(),
        "{}",
        String::from_utf8_lossy(bytes)
    );
    prop_assert_eq!(
        mpsd_handles::Validator::new().valid_kind(bytes),
        full.ok().map(|request| request.kind()),
        "{}",
        String::from_utf8_lossy(bytes)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn agrees_on_generated_bodies((mut doc, m) in mutated(), mutate in any::<bool>()) {
        if mutate {
            m.apply(&mut doc);
        }
        agrees(doc.text().as_bytes())?;
    }

    #[test]
    fn agrees_on_valid_bodies(doc in valid()) {
        let bytes = doc.text();
        let kind = mpsd_handles::from_slice(bytes.as_bytes()).map(|r| r.kind()).ok();
        prop_assert!(kind.is_some());
        prop_assert!(mpsd_handles::is_valid(bytes.as_bytes()));
        prop_assert_eq!(mpsd_handles::Validator::new().valid_kind(bytes.as_bytes()), kind);
    }

    #[test]
    fn agrees_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        agrees(&bytes)?;
    }
}

#[test]
fn agrees_on_the_shipped_bodies_and_hostile_numbers() {
    for dir in ["valid", "invalid", "seed"] {
        for path in data_files(dir) {
            agrees(&std::fs::read(&path).unwrap()).unwrap();
        }
    }
    let base = serde_json::to_string(&invite()).unwrap();
    for title in [
        "-0",
        "-5.0",
        "1e400",
        "4294967296",
        "99999999999999999999999",
    ] {
        let text = base.replace("\"1018096776\"", title);
        agrees(text.as_bytes()).unwrap();
    }
    agrees(format!("\u{feff}{base}").as_bytes()).unwrap();
    let deep = format!(r#"{{"x":{}1{}}}"#, "[".repeat(40), "]".repeat(40));
    agrees(deep.as_bytes()).unwrap();
}

#[test]
fn a_valid_body_costs_no_allocation() {
    let mut measured = 0;
    for path in data_files("valid") {
        let body = std::fs::read(&path).unwrap();
        // A string with escapes is unescaped into a buffer, and search
        // attributes keep a list of names to find duplicates (documented).
        if body.contains(&b'\\') || path.ends_with("search.json") {
            continue;
        }
        measured += 1;
        let mut verdict = false;
        let info = allocation_counter::measure(|| verdict = mpsd_handles::is_valid(&body));
        assert!(verdict, "{}", path.display());
        assert_eq!(info.count_total, 0, "{}", path.display());
    }
    assert!(measured >= 3);
    // An invalid body: the error that stops the parser (its message, boxed).
    let info = allocation_counter::measure(|| {
        assert!(!mpsd_handles::is_valid(br#"{"version": 2}"#));
    });
    assert!(info.count_total <= 3, "{info:?}");
}
