//! subreg: a GDPR sub-processor registry kept as reviewed data.
//!
//! Dependencies run one way: [`model`] <- [`load`] / [`schema`] <-
//! `knowledge` <- `rules` <- the binary's `cli`. Nothing in the library prints,
//! exits or reads the clock.

pub mod diag;
pub mod knowledge;
pub mod load;
pub mod model;
pub mod pointer;
pub mod rules;
pub mod schema;
pub mod suggest;
