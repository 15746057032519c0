//! Injecting into an arbitrary document: the input up to the first 0xFF
//! byte is the document, the rest the rendered text every region gets.
//! Besides panics, a crash is any broken promise of `subreg inject`: bytes
//! outside the regions changed, regions lost, or a second run changing
//! the result.
#![no_main]

use std::convert::Infallible;

use libfuzzer_sys::fuzz_target;
use subreg::inject::{self, Region};

/// The document without its region contents: what must never change.
fn outside(text: &str, regions: &[Region]) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut from = 0;
    for r in regions {
        kept.extend_from_slice(&text.as_bytes()[from..r.content.start]);
        kept.push(0xFF); // a region boundary, so content cannot move across it
        from = r.content.end;
    }
    kept.extend_from_slice(&text.as_bytes()[from..]);
    kept
}

fuzz_target!(|data: &[u8]| {
    let (doc, rendered) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let doc = String::from_utf8_lossy(doc);
    let rendered = String::from_utf8_lossy(rendered);
    let render = |_: &Region| Ok::<_, Infallible>(rendered.to_string());
    let Ok(out) = inject::inject(&doc, render) else {
        return;
    };
    let before = inject::find_regions(&doc).unwrap_or_else(|e| panic!("inject accepted {e:?}"));
    let after =
        inject::find_regions(&out).unwrap_or_else(|e| panic!("the output no longer parses: {e:?}"));
    assert_eq!(before.len(), after.len(), "regions lost or gained");
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.template, a.template);
    }
    assert_eq!(
        outside(&doc, &before),
        outside(&out, &after),
        "bytes outside regions changed"
    );
    let again = inject::inject(&out, render).unwrap_or_else(|e| panic!("second run failed: {e}"));
    assert_eq!(again, out, "inject is not idempotent");
    let _ = inject::unified_diff("policy.md", &doc, &out);
});
