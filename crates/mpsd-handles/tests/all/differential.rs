//! Differential test: generated bodies get the same verdict from the crate
//! and from jsonschema-rs on the exported 2020-12 schema (with the custom keyword).

use std::sync::OnceLock;

use proptest::prelude::*;

use crate::mutations::mutated;
use crate::strategies::valid;

fn schema_validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        mpsd_handles::schema::validator(mpsd_handles::schema::Draft::Draft2020_12).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn valid_bodies_agree(doc in valid()) {
        let value = doc.value();
        prop_assert!(mpsd_handles::from_value(&value).is_ok());
        prop_assert!(schema_validator().is_valid(&value), "{}", doc.text());
    }

    #[test]
    fn mutated_bodies_agree((mut doc, m) in mutated()) {
        m.apply(&mut doc);
        let value = doc.value();
        let ours = mpsd_handles::from_value(&value).is_ok();
        let theirs = schema_validator().is_valid(&value);
        prop_assert!(!ours, "{m:?} left {} valid", doc.text());
        prop_assert_eq!(ours, theirs, "{:?} on {}", m, doc.text());
    }
}
