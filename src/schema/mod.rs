//! JSON Schemas generated from the model types, and validation against them.
//!
//! The committed files in `schemas/` are exactly [`SchemaFile::text`]; a test
//! and `subreg schema --check` fail when they are stale.

mod diags;
mod generate;
mod validate;

pub use diags::SchemaStale;
pub use generate::SchemaFile;
pub use validate::{
    SchemaError, Validators, expected_type, expected_words, integer_range, whole_number,
};
